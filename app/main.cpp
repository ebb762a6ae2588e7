// livedesk: parse the command line, build the objects, connect them, run.
#include "domain/demoticker.h"
#include "domain/desk.h"
#include "host/datadirlock.h"
#include "host/exportservice.h"
#include "host/logging.h"
#include "host/serverhost.h"
#include "host/settings.h"
#include "http/publishtoken.h"
#include "language.h"
#include "mainwindow.h"
#include "newspanel.h"
#include "options.h"
#include "outbox/outbox.h"
#include "outbox/photoupload.h"
#include "outbox/remotefeed.h"
#include "outbox/remotepublisher.h"
#include "outbox/scheduleclient.h"
#include "signalwatcher.h"
#include "store/eventjournal.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocalSocket>
#include <QMessageBox>
#include <QPushButton>
#include <QSaveFile>
#include <QSslCertificate>
#include <QTcpServer>
#include <QTemporaryFile>

#include <cstdio>
#include <memory>
#include <optional>
#include <sys/resource.h>

using namespace Qt::StringLiterals;

namespace {

int fail(const QString &message)
{
    std::fprintf(stderr, "livedesk: %s\n", qUtf8Printable(message));
    return 1;
}

// In the window, a busy port is a question, not an exit: offer a free one.
bool offerAnotherPort(ServerHost &host, QString *error)
{
    QTcpServer probe;
    if (!probe.listen(host.config().address, 0))
        return false;
    const quint16 freePort = probe.serverPort();
    probe.close();
    QMessageBox box(QMessageBox::Warning, QObject::tr("LiveDesk"),
        QObject::tr("The feed cannot start on port %1, which another program is using.\n\n%2")
            .arg(host.config().port)
            .arg(*error));
    QPushButton *use
        = box.addButton(QObject::tr("Use port %1").arg(freePort), QMessageBox::AcceptRole);
    box.addButton(QMessageBox::Cancel);
    box.exec();
    if (box.clickedButton() != use)
        return false;
    ServerConfig config = host.config();
    config.port = freePort;
    return host.restart(config, error);
}

// A running instance holds its journal exclusively; it writes the export itself, from its
// storage thread (ExportService). Nullopt when no instance answers on the data directory.
std::optional<int> exportThroughRunningInstance(const Options &options)
{
    QLocalSocket socket;
    socket.connectToServer(ExportService::socketPath(options.dataDir));
    if (!socket.waitForConnected(2000))
        return std::nullopt;
    // Standard output is ours, not the server's: it writes a file we then copy out.
    QTemporaryFile spool;
    const bool toStdout = options.exportFile == u"-";
    if (toStdout && !spool.open())
        return fail(u"cannot make a temporary file: %1"_s.arg(spool.errorString()));
    const QString target
        = toStdout ? spool.fileName() : QFileInfo(options.exportFile).absoluteFilePath();
    const QJsonObject request { { u"channel"_s, options.exportChannel }, { u"file"_s, target } };
    socket.write(QJsonDocument(request).toJson(QJsonDocument::Compact) + '\n');
    // A season's archive may take a while; the server answers once the file is complete.
    while (!socket.canReadLine() && socket.state() == QLocalSocket::ConnectedState)
        socket.waitForReadyRead(60000);
    const QJsonObject answer = QJsonDocument::fromJson(socket.readLine()).object();
    if (!answer.value(u"ok"_s).toBool()) {
        const QString why = answer.value(u"error"_s).toString();
        return fail(u"export failed: %1"_s.arg(
            why.isEmpty() ? u"the running LiveDesk gave no answer"_s : why));
    }
    if (toStdout) {
        QFile written(target);
        QFile out;
        if (!written.open(QIODevice::ReadOnly) || !out.open(stdout, QIODevice::WriteOnly))
            return fail(u"export failed: %1"_s.arg(written.errorString()));
        while (!written.atEnd())
            out.write(written.read(1 << 16));
    }
    std::fprintf(stderr, "livedesk: exported %lld events of %s to %s (from the running LiveDesk)\n",
        qlonglong(answer.value(u"count"_s).toInteger()), qUtf8Printable(options.exportChannel),
        qUtf8Printable(options.exportFile));
    return 0;
}

// livedesk --export CHANNEL FILE: the post-match archive, beside a running instance or not.
int exportHistory(const Options &options)
{
    if (!EventHub::isValidName(options.exportChannel)) {
        std::fprintf(stderr, "livedesk: \"%s\" is not a channel name\n",
            qUtf8Printable(options.exportChannel));
        return 2;
    }
    if (const std::optional<int> exported = exportThroughRunningInstance(options))
        return *exported;
    EventJournal journal(options.dataDir + u"/journal.sqlite"_s);
    QString error;
    if (!journal.openForReading(&error)) {
        // A running instance holds its journal exclusively; its export socket did not answer.
        if (const std::optional<qint64> pid = DataDirLock::holder(options.dataDir)) {
            return fail(
                u"the LiveDesk running on this data directory (process %1) holds its "
                "journal, and its export socket %2 did not answer; export from its "
                "window (File > Export history, Ctrl+E), or stop it and run this again"_s.arg(*pid)
                    .arg(ExportService::socketPath(options.dataDir)));
        }
        return fail(error);
    }
    qint64 count = 0;
    if (options.exportFile == u"-") {
        QFile out;
        if (!out.open(stdout, QIODevice::WriteOnly)
            || !journal.exportChannel(options.exportChannel, &out, &count, &error))
            return fail(u"export failed: %1"_s.arg(error));
    } else {
        // Written whole or not at all: a half-written archive is worse than none.
        QSaveFile out(options.exportFile);
        if (!out.open(QIODevice::WriteOnly)
            || !journal.exportChannel(options.exportChannel, &out, &count, &error) || !out.commit())
            return fail(u"cannot write %1: %2"_s.arg(
                options.exportFile, error.isEmpty() ? out.errorString() : error));
    }
    std::fprintf(stderr, "livedesk: exported %lld events of %s to %s\n", count,
        qUtf8Printable(options.exportChannel), qUtf8Printable(options.exportFile));
    return 0;
}

// A token saved in the settings that is too weak (one from the command line was refused
// already). In the window the operator may replace it at once; headless, it is an exit.
bool keepOnlyAStrongToken(Settings &settings, ServerConfig &config, bool headless)
{
    QString weakness;
    if (!config.requireStrongToken || PublishToken::isStrong(config.token, &weakness))
        return true;
    const QString where = u"server/token in %1"_s.arg(settings.fileName());
    if (!headless) {
        QMessageBox box(QMessageBox::Critical, QObject::tr("LiveDesk"),
            QObject::tr("The publish token saved in the settings is too weak to protect "
                        "publishing: anyone who can reach the server could guess it.\n\n%1")
                .arg(weakness));
        QPushButton *replace
            = box.addButton(QObject::tr("Generate a new token"), QMessageBox::AcceptRole);
        box.addButton(QMessageBox::Close);
        box.exec();
        if (box.clickedButton() == replace) {
            config.token = Settings::generateToken();
            settings.setPublishToken(config.token);
            std::fprintf(stderr, "livedesk: generated publish token %s (saved in %s)\n",
                config.token.constData(), qUtf8Printable(settings.fileName()));
            return true;
        }
    }
    fail(u"%1 (%2; delete it to have a strong one generated)"_s.arg(weakness, where));
    return false;
}

// Every stream is a file descriptor: use all the process may have. Returns the limit.
quint64 raiseDescriptorLimit()
{
    rlimit limit {};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0)
        return 0;
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
    getrlimit(RLIMIT_NOFILE, &limit);
    return limit.rlim_cur;
}

// Where the console publishes when it is not this computer's server: --upstream, else what
// Settings saved. A headless run is a server, never the console of another.
struct Upstream
{
    QUrl url;
    QByteArray token;
};

std::optional<Upstream> upstreamOf(const Options &options, const Settings &settings, bool headless)
{
    if (options.upstream)
        return Upstream { *options.upstream, options.token.value_or(settings.upstreamToken()) };
    if (headless || settings.upstream().isEmpty())
        return std::nullopt;
    return Upstream { settings.upstream(), settings.upstreamToken() };
}

bool refuse(const QString &message, bool headless)
{
    if (!headless)
        QMessageBox::critical(nullptr, QObject::tr("LiveDesk"), message);
    fail(message);
    return false;
}

// Every source publishes through the outbox. On disk where the server may be out of reach
// for a while (one elsewhere, or a cluster's Redis): what the operator sent survives a quit
// or a crash. In memory in front of this computer's own journal, which is on disk already.
bool openOutbox(Outbox &outbox, const QString &dataDir, bool onDisk, bool headless)
{
    QString error;
    if (!onDisk || outbox.open(dataDir + u"/outbox.sqlite"_s, &error))
        return true;
    return refuse(QObject::tr("The outbox in %1 cannot be opened: %2")
                      .arg(QDir::toNativeSeparators(dataDir), error),
        headless);
}

// The console of a LiveDesk elsewhere: its desk posts through the outbox to that server's
// POST /api/events; its window, history and boards follow that server's feed, so posts of
// other operators and the server's own corrections show up as well. Nothing listens here.
// The console's photos and scheduled flashes go to its own server, wherever Settings moves it
// (another port).
void trackLocalServer(PhotoUpload &photos, ScheduleClient &schedules, ServerHost &host)
{
    const auto follow = [&photos, &schedules, &host] {
        photos.setBaseUrl(host.baseUrl());
        photos.setToken(host.config().token);
        schedules.setBaseUrl(host.baseUrl());
        schedules.setToken(host.config().token);
        if (host.config().usesTls()) {
            const auto pinned = QSslCertificate::fromPath(host.config().tlsCertificate);
            photos.setPinnedCertificates(pinned);
            schedules.setPinnedCertificates(pinned);
        }
    };
    follow();
    QObject::connect(&host, &FeedSource::started, &photos, follow);
}

int runRemoteConsole(const Upstream &upstream, const Options &options, Settings &settings)
{
    if (upstream.token.isEmpty()) {
        refuse(QObject::tr("Publishing to %1 needs that server's publish token: give --token, "
                           "or save it in Settings.")
                   .arg(upstream.url.toDisplayString()),
            false);
        return 2;
    }
    RemotePublisher publisher;
    publisher.setBaseUrl(upstream.url);
    publisher.setToken(upstream.token);
    Outbox outbox(&publisher);
    if (!openOutbox(outbox, options.dataDir, true, false))
        return 1;
    RemoteFeed feed;
    feed.setBaseUrl(upstream.url);
    Desk desk(&outbox);
    desk.setByline(settings.byline());
    QObject::connect(&feed, &FeedSource::published, &desk, &Desk::follow);
    QObject::connect(
        &feed, &FeedSource::snapshotReady, &desk, &Desk::restore, Qt::SingleShotConnection);
    // The link is back: what waits goes now, not after the rest of a back-off.
    QObject::connect(&feed, &RemoteFeed::linkChanged, &outbox, [&outbox](bool up) {
        if (up)
            outbox.retryNow();
    });
    DemoTicker demo(&outbox);
    PhotoUpload photos; // the flashes' photos go to the same server, with the same token
    photos.setBaseUrl(upstream.url);
    photos.setToken(upstream.token);
    ScheduleClient schedules; // and scheduled flashes too
    schedules.setBaseUrl(upstream.url);
    schedules.setToken(upstream.token);
    MainWindow window(&desk, &feed, &settings);
    window.watchOutbox(&outbox);
    window.news()->setPhotoUpload(&photos);
    window.useScheduleClient(&schedules);
    window.show();
    std::printf("publishing to %s\n", qUtf8Printable(upstream.url.toDisplayString()));
    std::fflush(stdout);
    if (outbox.restoredCount() > 0) {
        std::fprintf(stderr,
            "livedesk: %d posts from the last run were still queued; sending them to %s\n",
            outbox.restoredCount(), qUtf8Printable(upstream.url.toDisplayString()));
    }
    feed.start();
    outbox.start();
    if (options.demo)
        demo.start();
    const int result = QCoreApplication::exec();
    demo.stop();
    feed.stop();
    return result;
}

// One console per data directory: a second is refused before it touches anything there.
bool lockDataDir(DataDirLock &lock, const QString &dataDir, bool headless)
{
    QString error;
    if (lock.acquire(dataDir, &error))
        return true;
    if (!headless)
        QMessageBox::critical(nullptr, QObject::tr("LiveDesk"),
            QObject::tr("Another LiveDesk is already using this data directory:\n%1\n\nClose "
                        "it first, or start this one with --data-dir.")
                .arg(QDir::toNativeSeparators(dataDir)));
    fail(error);
    return false;
}

// "listening on URL" on stdout (scripts wait for it), then what the operator should know:
// a --max-connections past what the descriptor limit leaves room for, the host's notice,
// an address other computers reach.
void reportListening(const ServerHost &host, bool capGiven, quint64 descriptors, bool headless)
{
    std::printf("listening on %s\n", qUtf8Printable(host.baseUrl().toString()));
    std::fflush(stdout);
    const ServerConfig &config = host.config();
    const quint64 room = descriptors > 64 ? descriptors - 64 : 0;
    qCInfo(lcHost,
        "descriptor limit %llu: room for about %llu connections: %d readers, %d more "
        "for publishing and /api/health",
        static_cast<unsigned long long>(descriptors), static_cast<unsigned long long>(room),
        config.maxConnections, config.reservedConnections);
    if (capGiven && descriptors > 0
        && quint64(config.maxConnections) + quint64(config.reservedConnections) > room) {
        std::fprintf(stderr,
            "livedesk: warning: --max-connections %d is more than the descriptor limit leaves "
            "room for (about %llu with the %d kept for publishing); the system refuses "
            "connections past that\n",
            config.maxConnections, static_cast<unsigned long long>(room),
            config.reservedConnections);
    }
    if (!host.startNotice().isEmpty()) {
        std::fprintf(stderr, "livedesk: %s\n", qUtf8Printable(host.startNotice()));
        if (!headless)
            QMessageBox::warning(nullptr, QObject::tr("LiveDesk"), host.startNotice());
    }
    if (!config.address.isLoopback()) {
        std::fprintf(stderr,
            "livedesk: warning: listening on %s, reachable from other computers; anyone who "
            "can reach it can read the feed\n",
            qUtf8Printable(config.address.toString()));
    }
}

} // namespace

int main(int argc, char *argv[])
{
    qSetMessagePattern(
        u"%{time hh:mm:ss.zzz} %{if-category}%{category} %{endif}%{type}: %{message}"_s);
    const bool headless = Options::wantsHeadless(argc, argv);
    std::unique_ptr<QCoreApplication> app = headless
        ? std::make_unique<QCoreApplication>(argc, argv)
        : std::make_unique<QApplication>(argc, argv);
    QCoreApplication::setApplicationName(u"livedesk"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(LIVEDESK_VERSION));
    // The desktop entry's id (resources/desktop/): Wayland's app id, so that the shell
    // finds the window's icon and name. On X11 the window class is the application name,
    // the entry's StartupWMClass.
    if (!headless)
        QGuiApplication::setDesktopFileName(u"org.livedesk.LiveDesk"_s);

    int exitCode = -1;
    const Options options = Options::parse(QCoreApplication::arguments(), &exitCode);
    if (exitCode >= 0)
        return exitCode;

    if (!options.exportChannel.isEmpty())
        return exportHistory(options);
    if (!QDir().mkpath(options.dataDir))
        return fail(u"cannot create the data directory %1"_s.arg(options.dataDir));
    Settings settings(options.dataDir); // reads only; nothing is written before the lock
    if (!headless)
        Language::install(app.get(), options.language.value_or(settings.language()));
    // Before anything is written there: a second console on the directory is refused without
    // touching it.
    DataDirLock lock;
    if (!lockDataDir(lock, options.dataDir, headless))
        return 1;
    // Before anything starts listening: a SIGTERM that arrives once "listening on" is printed
    // must end the app cleanly, never by the default action.
    SignalWatcher signalWatcher;
    QObject::connect(
        &signalWatcher, &SignalWatcher::terminationRequested, app.get(), &QCoreApplication::quit);

    if (const std::optional<Upstream> upstream = upstreamOf(options, settings, headless))
        return runRemoteConsole(*upstream, options, settings);
    if (settings.publishToken().isEmpty() && !options.token) {
        settings.setPublishToken(Settings::generateToken());
        // Shown this once; afterwards it is only in the settings file (never in logs).
        std::fprintf(stderr, "livedesk: generated publish token %s (saved in %s)\n",
            settings.publishToken().constData(), qUtf8Printable(settings.fileName()));
    }

    const quint64 descriptors = raiseDescriptorLimit();
    ServerConfig config = options.applyTo(settings.serverConfig());
    config.relayPublished = !headless; // only the window's panes listen
    // The readers' cap follows what the process may open, not a fixed number.
    if (!options.maxConnections && descriptors > 0)
        config.maxConnections = ServerConfig::readersFor(descriptors, config.reservedConnections);
    if (!keepOnlyAStrongToken(settings, config, headless))
        return 1;
    ServerHost host(config);
    QString error;
    if (!host.start(&error) && (headless || !offerAnotherPort(host, &error)))
        return fail(error);
    reportListening(host, options.maxConnections.has_value(), descriptors, headless);

    // Domain sources reach the server only through the outbox, and it through the host's
    // Publisher: a queued hop to the server thread, and the outcome back on this one.
    Outbox outbox(&host);
    if (!openOutbox(outbox, options.dataDir, config.redis.has_value(), headless))
        return 1;
    Desk desk(&outbox);
    desk.setByline(settings.byline());
    // The boards follow the log, whoever wrote to it: another console of the cluster, a
    // script, this one (the host relays the hub's events only when a window listens).
    QObject::connect(&host, &ServerHost::published, &desk, &Desk::follow);
    DemoTicker demo(&outbox);
    if (options.demo)
        demo.start();

    PhotoUpload photos;
    ScheduleClient schedules;
    trackLocalServer(photos, schedules, host);
    std::unique_ptr<MainWindow> window;
    if (!headless) {
        window = std::make_unique<MainWindow>(&desk, &host, &settings);
        window->watchOutbox(&outbox);
        window->news()->setPhotoUpload(&photos);
        window->useScheduleClient(&schedules);
        window->show();
        // The matches being covered come back from the journal, as tabs.
        QObject::connect(
            &host, &ServerHost::snapshotReady, &desk, &Desk::restore, Qt::SingleShotConnection);
        host.requestSnapshot();
    }
    outbox.start();
    const int result = QCoreApplication::exec();
    window.reset();
    demo.stop();
    host.stop();
    return result;
}
