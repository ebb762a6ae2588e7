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
        u"port"_s, u"Listen port (0 picks a free port; default 8080)."_s, u"N"_s);
    const QCommandLineOption bind(u"bind"_s,
        u"Listen address (default 127.0.0.1, this computer only); 0.0.0.0 exposes the feed "
        "to the network."_s,
        u"ADDR"_s);
    const QCommandLineOption token(u"token"_s,
        u"Publish token for POST /api/events (also $LIVEDESK_TOKEN). Without one, a random "
        "token is generated, saved in the data directory and printed once."_s,
        u"T"_s);
    const QCommandLineOption heartbeat(u"heartbeat"_s,
        u"Seconds of silence after which a stream gets a keep-alive comment (default 15)."_s,
        u"SECONDS"_s);
    const QCommandLineOption replay(u"replay"_s,
        u"How many recent events are kept for clients that resume with Last-Event-ID "
        "(default 1000)."_s,
        u"N"_s);
    const QCommandLineOption dataDir(u"data-dir"_s,
        u"Where settings and data live (default: %1)."_s.arg(
            QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)),
        u"DIR"_s);
    const QCommandLineOption demo(
        u"demo"_s, u"Start the demo ticker: a news flash and a match-clock tick every second."_s);
    const QCommandLineOption language(u"lang"_s,
        u"Interface language: en or zh_CN (default: the saved setting, else the system's)."_s,
        u"LANG"_s);
    const QCommandLineOption retainEvents(
        u"retain-events"_s, u"How many events the journal keeps (default 100000)."_s, u"N"_s);
    const QCommandLineOption retainDays(
        u"retain-days"_s, u"How many days the journal keeps events (default 30)."_s, u"DAYS"_s);
    const QCommandLineOption maxConnections(u"max-connections"_s,
        u"Open connections beyond which new requests get 503 (default 10000)."_s, u"N"_s);
    const QCommandLineOption exportHistory(u"export"_s,
        u"Write CHANNEL's history from the journal to FILE as JSON Lines (- for stdout) and "
        "exit. Usage: --export CHANNEL FILE"_s,
        u"CHANNEL"_s);
    parser.addOptions({ headless, port, bind, token, heartbeat, replay, dataDir, demo, language,
        retainEvents, retainDays, maxConnections, exportHistory });

    Options options;
    auto reject = [&](const QString &message) {
        printError(message);
        *exitCode = 2;
        return options;
    };
    if (!parser.parse(arguments))
        return reject(parser.errorText() + u" (see --help)"_s);
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
    if (parser.isSet(exportHistory)) {
        options.exportChannel = parser.value(exportHistory);
        if (parser.positionalArguments().size() != 1)
            return reject(u"--export needs a channel and a file: --export CHANNEL FILE"_s);
        options.exportFile = parser.positionalArguments().constFirst();
    } else if (!parser.positionalArguments().isEmpty()) {
        return reject(u"unexpected argument \"%1\" (see --help)"_s.arg(
            parser.positionalArguments().constFirst()));
    }
    if (parser.isSet(retainEvents)) {
        bool ok = false;
        const qint64 n = parser.value(retainEvents).toLongLong(&ok);
        if (!ok || n < 1 || n > 100000000)
            return reject(u"--retain-events must be a number from 1 to 100000000, not \"%1\""_s.arg(
                parser.value(retainEvents)));
        options.retainEvents = n;
    }
    if (parser.isSet(maxConnections)) {
        int value = 0;
        if (!parseInt(parser.value(maxConnections), 1, 1000000, &value))
            return reject(u"--max-connections must be a number from 1 to 1000000, not \"%1\""_s.arg(
                parser.value(maxConnections)));
        options.maxConnections = value;
    }
    if (parser.isSet(retainDays)) {
        int value = 0;
        if (!parseInt(parser.value(retainDays), 1, 3650, &value))
            return reject(u"--retain-days must be a number from 1 to 3650, not \"%1\""_s.arg(
                parser.value(retainDays)));
        options.retainDays = value;
    }

    options.headless = parser.isSet(headless);
    options.demo = parser.isSet(demo);

    int value = 0;
    if (parser.isSet(port)) {
        if (!parseInt(parser.value(port), 0, 65535, &value))
            return reject(
                u"--port must be a number from 0 to 65535, not \"%1\""_s.arg(parser.value(port)));
        options.port = quint16(value);
    }
    if (parser.isSet(bind)) {
        QHostAddress address;
        if (!address.setAddress(parser.value(bind))) {
            return reject(
                u"--bind needs an IP address such as 127.0.0.1, 0.0.0.0 or ::1, not \"%1\""_s.arg(
                    parser.value(bind)));
        }
        options.address = address;
    }
    if (parser.isSet(heartbeat)) {
        if (!parseInt(parser.value(heartbeat), 1, 3600, &value)) {
            return reject(
                u"--heartbeat must be a number of seconds from 1 to 3600, not \"%1\""_s.arg(
                    parser.value(heartbeat)));
        }
        options.heartbeat = std::chrono::seconds(value);
    }
    if (parser.isSet(replay)) {
        if (!parseInt(parser.value(replay), 0, 1000000, &value)) {
            return reject(u"--replay must be a number from 0 to 1000000, not \"%1\""_s.arg(
                parser.value(replay)));
        }
        options.replay = value;
    }
    if (parser.isSet(language)) {
        const QString lang = parser.value(language);
        if (lang != u"en" && lang != u"zh_CN")
            return reject(u"--lang must be en or zh_CN, not \"%1\""_s.arg(lang));
        options.language = lang;
    }

    const bool tokenGiven = parser.isSet(token) || qEnvironmentVariableIsSet("LIVEDESK_TOKEN");
    if (tokenGiven) {
        const QString text
            = parser.isSet(token) ? parser.value(token) : qEnvironmentVariable("LIVEDESK_TOKEN");
        const bool printable = !text.isEmpty()
            && std::all_of(text.begin(), text.end(),
                [](QChar c) { return c.unicode() > 0x20 && c.unicode() < 0x7f; });
        if (!printable)
            return reject(u"the publish token must be non-empty printable ASCII without spaces"_s);
        options.token = text.toLatin1();
    }

    // Not a command-line option: a diagnostic switch for comparing event loops, documented
    // in docs/performance.md.
    if (qEnvironmentVariableIsSet("LIVEDESK_EVENT_LOOP")) {
        const QString loop = qEnvironmentVariable("LIVEDESK_EVENT_LOOP");
        if (loop != u"epoll" && loop != u"qt")
            return reject(u"LIVEDESK_EVENT_LOOP must be epoll or qt, not \"%1\""_s.arg(loop));
        options.qtEventLoop = loop == u"qt";
    }

    options.dataDir = parser.isSet(dataDir)
        ? QDir(parser.value(dataDir)).absolutePath()
        : QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    *exitCode = -1;
    return options;
}

ServerConfig Options::applyTo(ServerConfig config) const
{
    if (port)
        config.port = *port;
    if (address)
        config.address = *address;
    if (token)
        config.token = *token;
    if (heartbeat)
        config.heartbeat = *heartbeat;
    if (replay)
        config.replayCapacity = *replay;
    if (retainEvents)
        config.retainEvents = *retainEvents;
    if (maxConnections)
        config.maxConnections = *maxConnections;
    if (retainDays)
        config.retainAge = std::chrono::hours(24 * *retainDays);
    if (qtEventLoop)
        config.epollEventLoop = false;
    config.dataDir = dataDir;
    return config;
}

bool Options::wantsHeadless(int argc, char **argv)
{
    for (int i = 1; i < argc; ++i) {
        const QByteArrayView arg(argv[i]);
        if (arg == "--headless" || arg == "--help" || arg == "-h" || arg == "--version"
            || arg == "-v" || arg == "--export")
            return true;
    }
    return false;
}
