// livedesk: parse the command line, build the objects, connect them, run.
#include "demoticker.h"
#include "eventhub.h"
#include "options.h"
#include "serverhost.h"
#include "settings.h"
#include "signalwatcher.h"

#include <QCoreApplication>
#include <QDir>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace {

int fail(const QString &message)
{
    std::fprintf(stderr, "livedesk: %s\n", qUtf8Printable(message));
    return 1;
}

} // namespace

int main(int argc, char *argv[])
{
    qSetMessagePattern(
        u"%{time hh:mm:ss.zzz} %{if-category}%{category} %{endif}%{type}: %{message}"_s);
    // The window arrives with the operator-console issue; until then every run is headless.
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"livedesk"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(LIVEDESK_VERSION));

    int exitCode = -1;
    Options options = Options::parse(QCoreApplication::arguments(), &exitCode);
    if (exitCode >= 0)
        return exitCode;

    if (!QDir().mkpath(options.dataDir))
        return fail(u"cannot create the data directory %1"_s.arg(options.dataDir));
    options.server.dataDir = options.dataDir;
    Settings settings(options.dataDir);
    if (!options.tokenGiven) {
        options.server.token = settings.publishToken();
        if (options.server.token.isEmpty()) {
            options.server.token = Settings::generateToken();
            settings.setPublishToken(options.server.token);
            // Shown this once; afterwards it is only in the settings file (never in logs).
            std::fprintf(stderr, "livedesk: generated publish token %s (saved in %s)\n",
                options.server.token.constData(), qUtf8Printable(settings.fileName()));
        }
    }

    ServerHost host(options.server);
    QString error;
    if (!host.start(&error))
        return fail(error);
    std::printf("listening on %s\n", qUtf8Printable(host.baseUrl().toString()));
    std::fflush(stdout);
    if (!options.server.address.isLoopback()) {
        std::fprintf(stderr,
            "livedesk: warning: listening on %s, reachable from other computers; anyone who "
            "can reach it can read the feed\n",
            qUtf8Printable(options.server.address.toString()));
    }

    DemoTicker demo;
    if (options.demo) {
        QObject::connect(&demo, &DemoTicker::publishRequested, host.hub(), &EventHub::publish);
        demo.start();
    }

    SignalWatcher signalWatcher;
    QObject::connect(
        &signalWatcher, &SignalWatcher::terminationRequested, &app, &QCoreApplication::quit);

    const int result = QCoreApplication::exec();
    demo.stop();
    host.stop();
    return result;
}
