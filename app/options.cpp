#include "options.h"

#include <QCommandLineParser>
#include <QDir>
#include <QStandardPaths>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace {

void printError(const QString &message)
{
    std::fprintf(stderr, "livedesk: %s\n", qUtf8Printable(message));
    std::fflush(stderr);
}

bool parseInt(const QString &text, int min, int max, int *value)
{
    bool ok = false;
    const int v = text.toInt(&ok);
    if (!ok || v < min || v > max)
        return false;
    *value = v;
    return true;
}

} // namespace

Options Options::parse(const QStringList &arguments, int *exitCode)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"LiveDesk: a live-commentary console with an embedded Server-Sent Events server."_s);
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption headless(u"headless"_s, u"Run the server only, with no window."_s);
    const QCommandLineOption port(
        u"port"_s, u"Listen port (0 picks a free port)."_s, u"N"_s, u"8080"_s);
    const QCommandLineOption bind(u"bind"_s,
        u"Listen address. 127.0.0.1 keeps the feed on this computer; 0.0.0.0 exposes it to "
        "the network."_s,
        u"ADDR"_s, u"127.0.0.1"_s);
    const QCommandLineOption token(u"token"_s,
        u"Publish token for POST /api/events (also $LIVEDESK_TOKEN). Without one, a random "
        "token is generated, saved in the data directory and printed once."_s,
        u"T"_s);
    const QCommandLineOption heartbeat(u"heartbeat"_s,
        u"Seconds of silence after which a stream gets a keep-alive comment."_s, u"SECONDS"_s,
        u"15"_s);
    const QCommandLineOption replay(u"replay"_s,
        u"How many recent events are kept for clients that resume with Last-Event-ID."_s, u"N"_s,
        u"1000"_s);
    const QCommandLineOption dataDir(u"data-dir"_s,
        u"Where settings and data live (default: %1)."_s.arg(
            QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)),
        u"DIR"_s);
    const QCommandLineOption demo(
        u"demo"_s, u"Start the demo ticker: a news flash and a match-clock tick every second."_s);
    parser.addOptions({ headless, port, bind, token, heartbeat, replay, dataDir, demo });

    Options options;
    if (!parser.parse(arguments)) {
        printError(parser.errorText() + u" (see --help)"_s);
        *exitCode = 2;
        return options;
    }
    if (parser.isSet(u"help"_s)) {
        std::fputs(qUtf8Printable(parser.helpText()), stdout);
        *exitCode = 0;
        return options;
    }
    if (parser.isSet(u"version"_s)) {
        std::printf("livedesk %s\n", LIVEDESK_VERSION);
        *exitCode = 0;
        return options;
    }
    if (!parser.positionalArguments().isEmpty()) {
        printError(u"unexpected argument \"%1\" (see --help)"_s.arg(
            parser.positionalArguments().constFirst()));
        *exitCode = 2;
        return options;
    }

    options.headless = parser.isSet(headless);
    options.demo = parser.isSet(demo);

    int value = 0;
    if (!parseInt(parser.value(port), 0, 65535, &value)) {
        printError(
            u"--port must be a number from 0 to 65535, not \"%1\""_s.arg(parser.value(port)));
        *exitCode = 2;
        return options;
    }
    options.server.port = quint16(value);

    if (!options.server.address.setAddress(parser.value(bind))) {
        printError(
            u"--bind needs an IP address such as 127.0.0.1, 0.0.0.0 or ::1, not \"%1\""_s.arg(
                parser.value(bind)));
        *exitCode = 2;
        return options;
    }

    if (!parseInt(parser.value(heartbeat), 1, 3600, &value)) {
        printError(u"--heartbeat must be a number of seconds from 1 to 3600, not \"%1\""_s.arg(
            parser.value(heartbeat)));
        *exitCode = 2;
        return options;
    }
    options.server.heartbeat = std::chrono::seconds(value);

    if (!parseInt(parser.value(replay), 0, 1000000, &value)) {
        printError(
            u"--replay must be a number from 0 to 1000000, not \"%1\""_s.arg(parser.value(replay)));
        *exitCode = 2;
        return options;
    }
    options.server.replayCapacity = value;

    QString tokenText = parser.value(token);
    if (!parser.isSet(token))
        tokenText = qEnvironmentVariable("LIVEDESK_TOKEN");
    options.tokenGiven = parser.isSet(token) || qEnvironmentVariableIsSet("LIVEDESK_TOKEN");
    if (options.tokenGiven) {
        const bool printable = !tokenText.isEmpty()
            && std::all_of(tokenText.begin(), tokenText.end(),
                [](QChar c) { return c.unicode() > 0x20 && c.unicode() < 0x7f; });
        if (!printable) {
            printError(u"the publish token must be non-empty printable ASCII without spaces"_s);
            *exitCode = 2;
            return options;
        }
        options.server.token = tokenText.toLatin1();
    }

    options.dataDir = parser.isSet(dataDir)
        ? QDir(parser.value(dataDir)).absolutePath()
        : QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    *exitCode = -1;
    return options;
}
