#include "options.h"

#include "host/settings.h"
#include "http/publishtoken.h"
#include "http/trustedproxies.h"
#include "hub/eventhub.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QHostInfo>
#include <QStandardPaths>
#include <QUrl>

#include <algorithm>
#include <cstdio>
#include <optional>

using namespace Qt::StringLiterals;

namespace {

// What a check found wrong, worded for the one line printed before exiting with 2.
using Problem = std::optional<QString>;

void printError(const QString &message)
{
    std::fprintf(stderr, "livedesk: %s\n", qUtf8Printable(message));
    std::fflush(stderr);
}

// A decimal within [min, max] (Qt's own number syntax), or nullopt.
std::optional<qint64> inRange(const QString &text, qint64 min, qint64 max)
{
    bool ok = false;
    const qint64 value = text.toLongLong(&ok);
    if (!ok || value < min || value > max)
        return std::nullopt;
    return value;
}

// A numeric option, when given: handed to `store` when it is a decimal in [min, max], else
// the problem, naming the option and what it takes ("a number of seconds").
template<typename Store>
Problem readNumber(const QCommandLineParser &parser, const QCommandLineOption &option, qint64 min,
    qint64 max, Store store, const QString &what = u"a number"_s)
{
    if (!parser.isSet(option))
        return std::nullopt;
    const QString text = parser.value(option);
    const auto n = inRange(text, min, max);
    if (!n)
        return u"--%1 must be %2 from %3 to %4, not \"%5\""_s.arg(option.names().constFirst(), what)
            .arg(min)
            .arg(max)
            .arg(text);
    store(*n);
    return std::nullopt;
}

// Every option with its --help line, in the order --help lists them.
struct Declared
{
    QCommandLineOption headless { u"headless"_s, u"Run the server only, with no window."_s };
    QCommandLineOption port { u"port"_s, u"Listen port (0 picks a free port; default 8080)."_s,
        u"N"_s };
    QCommandLineOption bind { u"bind"_s,
        u"Listen address (default 127.0.0.1, this computer only); 0.0.0.0 exposes the feed "
        "to the network."_s,
        u"ADDR"_s };
    QCommandLineOption token { u"token"_s,
        u"Publish token for POST /api/events (also $LIVEDESK_TOKEN): at least 22 characters, "
        "10 of them different. Without one, a random token is generated, saved in the data "
        "directory and printed once."_s,
        u"T"_s };
    QCommandLineOption heartbeat { u"heartbeat"_s,
        u"Seconds of silence after which a stream gets a keep-alive comment (default 15)."_s,
        u"SECONDS"_s };
    QCommandLineOption replay { u"replay"_s,
        u"How many recent events are kept for clients that resume with Last-Event-ID "
        "(default 1000)."_s,
        u"N"_s };
    QCommandLineOption dataDir { u"data-dir"_s,
        u"Where settings and data live (default: %1)."_s.arg(
            QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)),
        u"DIR"_s };
    QCommandLineOption demo { u"demo"_s,
        u"Start the demo ticker: a news flash and a match-clock tick every second."_s };
    QCommandLineOption language { u"lang"_s,
        u"Interface language: en or zh_CN (default: the saved setting, else the system's)."_s,
        u"LANG"_s };
    QCommandLineOption retainEvents { u"retain-events"_s,
        u"How many events the journal keeps (default 100000)."_s, u"N"_s };
    QCommandLineOption retainDays { u"retain-days"_s,
        u"How many days the journal keeps events (default 30)."_s, u"DAYS"_s };
    QCommandLineOption maxConnections { u"max-connections"_s,
        u"Readers (streams, pages) beyond which new ones get 503 (default: as many as the "
        "descriptor limit leaves room for). Publishing and /api/health keep 32 more."_s,
        u"N"_s };
    QCommandLineOption trustedProxy { u"trusted-proxy"_s,
        u"A reverse proxy (address or subnet, repeatable) whose X-Forwarded-For names the "
        "client, so that wrong tokens are counted per client behind it."_s,
        u"ADDR"_s };
    QCommandLineOption allowOrigin { u"allow-origin"_s,
        u"A web origin (e.g. https://desk.example.org, repeatable) whose pages may publish. "
        "Publishing from any other page is refused."_s,
        u"ORIGIN"_s };
    QCommandLineOption redis { u"redis"_s,
        u"Join a cluster whose events live in this Redis (redis://HOST:PORT/DB): every node "
        "serves every event under the same ids. Without it, events stay in the data "
        "directory's journal."_s,
        u"URL"_s };
    QCommandLineOption cluster { u"cluster"_s,
        u"The cluster's name in that Redis (its key prefix; default livedesk)."_s, u"NAME"_s };
    QCommandLineOption node { u"node"_s,
        u"This node's name in the cluster (default: the host name and port)."_s, u"NAME"_s };
    QCommandLineOption tlsCert { u"tls-cert"_s,
        u"Serve https: the certificate in PEM (its chain may follow, leaf first). Needs "
        "--tls-key."_s,
        u"FILE"_s };
    QCommandLineOption tlsKey { u"tls-key"_s,
        u"Serve https: the certificate's private key in PEM. Needs --tls-cert."_s, u"FILE"_s };
    QCommandLineOption upstream { u"upstream"_s,
        u"Publish to a LiveDesk server elsewhere (http:// or https://) instead of this "
        "computer's: the window posts through its POST /api/events with --token (that "
        "server's publish token), keeps what it cannot send yet in an outbox on disk, and "
        "follows that server's feed. Nothing is served here."_s,
        u"URL"_s };
    QCommandLineOption exportHistory { u"export"_s,
        u"Write CHANNEL's history from the journal to FILE as JSON Lines (- for stdout) and "
        "exit. Usage: --export CHANNEL FILE"_s,
        u"CHANNEL"_s };

    void addTo(QCommandLineParser &parser) const
    {
        parser.setApplicationDescription(
            u"LiveDesk: a live-commentary console with an embedded Server-Sent Events server."_s);
        parser.addHelpOption();
        parser.addVersionOption();
        parser.addOptions({ headless, port, bind, token, heartbeat, replay, dataDir, demo, language,
            retainEvents, retainDays, maxConnections, trustedProxy, allowOrigin, redis, cluster,
            node, tlsCert, tlsKey, upstream, exportHistory });
    }
};

// Each check reads one group of options into `options`, or returns what is wrong. They run
// in a fixed order, and the first problem is the one reported.
using Check = Problem (*)(const QCommandLineParser &, const Declared &, Options &);

// --export CHANNEL FILE takes the one positional argument; otherwise there must be none.
Problem checkPositionals(const QCommandLineParser &parser, const Declared &d, Options &options)
{
    const QStringList positionals = parser.positionalArguments();
    if (parser.isSet(d.exportHistory)) {
        options.exportChannel = parser.value(d.exportHistory);
        if (positionals.size() != 1)
            return u"--export needs a channel and a file: --export CHANNEL FILE"_s;
        options.exportFile = positionals.constFirst();
    } else if (!positionals.isEmpty()) {
        return u"unexpected argument \"%1\" (see --help)"_s.arg(positionals.constFirst());
    }
    return std::nullopt;
}

// What the journal keeps, and how many connections are served.
Problem checkLimits(const QCommandLineParser &parser, const Declared &d, Options &options)
{
    if (Problem p = readNumber(
            parser, d.retainEvents, 1, 100000000, [&](qint64 n) { options.retainEvents = n; }))
        return p;
    if (Problem p = readNumber(parser, d.maxConnections, 1, 1000000,
            [&](qint64 n) { options.maxConnections = int(n); }))
        return p;
    if (Problem p
        = readNumber(parser, d.retainDays, 1, 3650, [&](qint64 n) { options.retainDays = int(n); }))
        return p;
    return std::nullopt;
}

// The switches cannot be wrong.
Problem readSwitches(const QCommandLineParser &parser, const Declared &d, Options &options)
{
    options.headless = parser.isSet(d.headless);
    options.demo = parser.isSet(d.demo);
    return std::nullopt;
}

// Where the server listens.
Problem checkListen(const QCommandLineParser &parser, const Declared &d, Options &options)
{
    if (Problem p
        = readNumber(parser, d.port, 0, 65535, [&](qint64 n) { options.port = quint16(n); }))
        return p;
    if (parser.isSet(d.bind)) {
        QHostAddress address;
        if (!address.setAddress(parser.value(d.bind)))
            return u"--bind needs an IP address such as 127.0.0.1, 0.0.0.0 or ::1, not \"%1\""_s
                .arg(parser.value(d.bind));
        options.address = address;
    }
    return std::nullopt;
}

// How streams are kept alive and resumed.
Problem checkStreams(const QCommandLineParser &parser, const Declared &d, Options &options)
{
    if (Problem p = readNumber(
            parser, d.heartbeat, 1, 3600,
            [&](qint64 n) { options.heartbeat = std::chrono::seconds(n); },
            u"a number of seconds"_s))
        return p;
    if (Problem p
        = readNumber(parser, d.replay, 0, 1000000, [&](qint64 n) { options.replay = int(n); }))
        return p;
    return std::nullopt;
}

Problem checkLanguage(const QCommandLineParser &parser, const Declared &d, Options &options)
{
    if (!parser.isSet(d.language))
        return std::nullopt;
    const QString lang = parser.value(d.language);
    if (lang != u"en" && lang != u"zh_CN")
        return u"--lang must be en or zh_CN, not \"%1\""_s.arg(lang);
    options.language = lang;
    return std::nullopt;
}

// --token, else $LIVEDESK_TOKEN: printable ASCII without spaces, so it fits in a header,
// and strong enough that guessing it is pointless (PublishToken).
Problem checkToken(const QCommandLineParser &parser, const Declared &d, Options &options)
{
    // A test suite's switch, not an option: nobody should find it in --help.
    options.allowWeakToken = qEnvironmentVariable("LIVEDESK_ALLOW_WEAK_TOKEN") == u"1";
    if (!parser.isSet(d.token) && !qEnvironmentVariableIsSet("LIVEDESK_TOKEN"))
        return std::nullopt;
    const QString text
        = parser.isSet(d.token) ? parser.value(d.token) : qEnvironmentVariable("LIVEDESK_TOKEN");
    const bool printable = !text.isEmpty() && std::all_of(text.begin(), text.end(), [](QChar c) {
        return c.unicode() > 0x20 && c.unicode() < 0x7f;
    });
    if (!printable)
        return u"the publish token must be non-empty printable ASCII without spaces"_s;
    QString weakness;
    if (!options.allowWeakToken && !PublishToken::isStrong(text.toLatin1(), &weakness))
        return u"%1: %2"_s.arg(
            parser.isSet(d.token) ? u"--token"_s : u"LIVEDESK_TOKEN"_s, weakness);
    options.token = text.toLatin1();
    return std::nullopt;
}

// An origin as a browser sends it: scheme://host[:port], lower case, without the default
// port, and nothing after it.
std::optional<QByteArray> browserOrigin(const QString &text)
{
    const QUrl url(text, QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    const bool bare
        = url.path().isEmpty() && !url.hasQuery() && !url.hasFragment() && url.userInfo().isEmpty();
    if (!url.isValid() || (scheme != u"http" && scheme != u"https") || url.host().isEmpty()
        || !bare)
        return std::nullopt;
    QString host = url.host(QUrl::FullyEncoded).toLower();
    if (host.contains(u':'))
        host = u'[' + host + u']'; // an IPv6 literal
    QString origin = scheme + u"://"_s + host;
    if (url.port() >= 0 && url.port() != (scheme == u"https" ? 443 : 80))
        origin += u':' + QString::number(url.port());
    return origin.toLatin1();
}

// Who is believed about the client, and which pages may publish.
Problem checkPeers(const QCommandLineParser &parser, const Declared &d, Options &options)
{
    for (const QString &value : parser.values(d.trustedProxy)) {
        QString error;
        const auto subnet = TrustedProxies::parse(value, &error);
        if (!subnet)
            return u"--trusted-proxy: %1"_s.arg(error);
        options.trustedProxies.append(*subnet);
    }
    for (const QString &value : parser.values(d.allowOrigin)) {
        const auto allowed = browserOrigin(value);
        if (!allowed)
            return u"--allow-origin needs an origin such as https://desk.example.org (scheme, "
                   "host and port only), not \"%1\""_s.arg(value);
        options.allowedOrigins.append(*allowed);
    }
    return std::nullopt;
}

// --tls-cert and --tls-key: https, with both files (read and checked when the server starts,
// which says what is wrong with them).
Problem checkTls(const QCommandLineParser &parser, const Declared &d, Options &options)
{
    if (parser.isSet(d.tlsCert) != parser.isSet(d.tlsKey))
        return u"--tls-cert and --tls-key go together: give the certificate (PEM) and its "
               "private key"_s;
    if (!parser.isSet(d.tlsCert))
        return std::nullopt;
    const QString certificate = parser.value(d.tlsCert);
    const QString key = parser.value(d.tlsKey);
    if (certificate.isEmpty() || key.isEmpty())
        return u"--tls-cert and --tls-key need file names"_s;
    options.tlsCertificate = QFileInfo(certificate).absoluteFilePath();
    options.tlsKey = QFileInfo(key).absoluteFilePath();
    return std::nullopt;
}

// --redis, --cluster, --node: which cluster to join, and as whom.
Problem checkCluster(const QCommandLineParser &parser, const Declared &d, Options &options)
{
    if (!parser.isSet(d.redis)) {
        if (parser.isSet(d.cluster) || parser.isSet(d.node))
            return u"--cluster and --node name a cluster to join: give --redis as well"_s;
        return std::nullopt;
    }
    QString error;
    options.redis = RedisAddress::parse(parser.value(d.redis), &error);
    if (!options.redis)
        return u"--redis: %1"_s.arg(error);
    for (const auto &[option, target] :
        { std::pair { &d.cluster, &options.cluster }, std::pair { &d.node, &options.node } }) {
        if (!parser.isSet(*option))
            continue;
        *target = parser.value(*option);
        if (!EventHub::isValidName(*target))
            return u"--%1 is 1 to 64 of A-Z a-z 0-9 . _ -, not \"%2\""_s.arg(
                option->names().constFirst(), *target);
    }
    return std::nullopt;
}

// --upstream URL: the console of a LiveDesk elsewhere. It serves nothing, so the options of
// a server make no sense with it.
Problem checkUpstream(const QCommandLineParser &parser, const Declared &d, Options &options)
{
    if (!parser.isSet(d.upstream))
        return std::nullopt;
    QString error;
    options.upstream = Settings::parseUpstream(parser.value(d.upstream), &error);
    if (!options.upstream)
        return u"--upstream: %1"_s.arg(error);
    for (const QCommandLineOption *serving : { &d.headless, &d.redis, &d.port, &d.bind, &d.tlsCert,
             &d.exportHistory, &d.maxConnections }) {
        if (parser.isSet(*serving))
            return u"--upstream runs the console of a server elsewhere, which serves nothing "
                   "here: leave out --%1 (or run the server with it, without --upstream)"_s.arg(
                       serving->names().constFirst());
    }
    return std::nullopt;
}

// Not a command-line option: a diagnostic switch for comparing event loops, documented in
// docs/performance.md.
Problem checkEventLoop(const QCommandLineParser &, const Declared &, Options &options)
{
    if (!qEnvironmentVariableIsSet("LIVEDESK_EVENT_LOOP"))
        return std::nullopt;
    const QString loop = qEnvironmentVariable("LIVEDESK_EVENT_LOOP");
    if (loop != u"epoll" && loop != u"qt")
        return u"LIVEDESK_EVENT_LOOP must be epoll or qt, not \"%1\""_s.arg(loop);
    options.qtEventLoop = loop == u"qt";
    return std::nullopt;
}

// --help or --version: printed here; true when one was asked for.
bool answeredHelpOrVersion(const QCommandLineParser &parser)
{
    // Qt lists --help-all under --help; both print the help (there are no Qt-only options).
    if (parser.isSet(u"help"_s) || parser.isSet(u"help-all"_s)) {
        std::fputs(qUtf8Printable(parser.helpText()), stdout);
        return true;
    }
    if (parser.isSet(u"version"_s)) {
        std::printf("livedesk %s\n", LIVEDESK_VERSION);
        return true;
    }
    return false;
}

} // namespace

Options Options::parse(const QStringList &arguments, int *exitCode)
{
    QCommandLineParser parser;
    const Declared declared;
    declared.addTo(parser);

    Options options;
    const auto reject = [&](const QString &message) {
        printError(message);
        *exitCode = 2;
        return options;
    };
    if (!parser.parse(arguments))
        return reject(parser.errorText() + u" (see --help)"_s);
    if (answeredHelpOrVersion(parser)) {
        *exitCode = 0;
        return options;
    }
    for (const Check check :
        { checkPositionals, checkLimits, readSwitches, checkListen, checkStreams, checkLanguage,
            checkToken, checkPeers, checkTls, checkCluster, checkUpstream, checkEventLoop }) {
        if (const Problem problem = check(parser, declared, options))
            return reject(*problem);
    }
    options.dataDir = parser.isSet(declared.dataDir)
        ? QDir(parser.value(declared.dataDir)).absolutePath()
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
    if (!trustedProxies.isEmpty())
        config.trustedProxies = trustedProxies;
    if (!allowedOrigins.isEmpty())
        config.allowedOrigins = allowedOrigins;
    if (!tlsCertificate.isEmpty()) {
        config.tlsCertificate = tlsCertificate;
        config.tlsKey = tlsKey;
    }
    config.requireStrongToken = !allowWeakToken;
    config.dataDir = dataDir;
    if (redis) {
        config.redis = redis;
        if (!cluster.isEmpty())
            config.cluster = cluster;
        config.node
            = !node.isEmpty() ? node : u"%1-%2"_s.arg(QHostInfo::localHostName()).arg(config.port);
    }
    return config;
}

bool Options::wantsHeadless(int argc, char **argv)
{
    for (int i = 1; i < argc; ++i) {
        const QByteArrayView arg(argv[i]);
        if (arg == "--headless" || arg == "--help" || arg == "--help-all" || arg == "-h"
            || arg == "--version" || arg == "-v" || arg == "--export")
            return true;
    }
    return false;
}
