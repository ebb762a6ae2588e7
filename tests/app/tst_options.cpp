#include "options.h"

#include <QCoreApplication>
#include <QDir>
#include <QStandardPaths>
#include <QTest>

#include <cstdio>
#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace {

// Redirects stdout or stderr (the file descriptor, so fprintf is caught too) into a
// temporary file for as long as it lives; text() ends the capture and returns what came.
class CapturedOutput final
{
public:
    explicit CapturedOutput(FILE *stream)
        : m_stream(stream)
        , m_fd(fileno(stream))
        , m_file(std::tmpfile())
    {
        std::fflush(m_stream);
        m_saved = ::dup(m_fd);
        ::dup2(fileno(m_file), m_fd);
    }
    ~CapturedOutput() { text(); }
    CapturedOutput(const CapturedOutput &) = delete;
    CapturedOutput &operator=(const CapturedOutput &) = delete;

    QByteArray text()
    {
        if (m_saved >= 0) {
            std::fflush(m_stream);
            ::dup2(m_saved, m_fd);
            ::close(m_saved);
            m_saved = -1;
            std::rewind(m_file);
            char buffer[4096];
            size_t n = 0;
            while ((n = std::fread(buffer, 1, sizeof buffer, m_file)) > 0)
                m_text.append(buffer, qsizetype(n));
            std::fclose(m_file);
        }
        return m_text;
    }

private:
    FILE *const m_stream;
    const int m_fd;
    FILE *const m_file;
    int m_saved = -1;
    QByteArray m_text;
};

struct Parsed
{
    Options options;
    int exitCode = -100;
    QByteArray out;
    QByteArray err;
};

// Options::parse on `arguments` (the program name is added), with `environment` (NAME=VALUE)
// set for the call and the variables parse() reads cleared otherwise (the suite's own
// LIVEDESK_ALLOW_WEAK_TOKEN included).
Parsed parse(const QStringList &arguments, const QStringList &environment = {})
{
    qunsetenv("LIVEDESK_TOKEN");
    qunsetenv("LIVEDESK_EVENT_LOOP");
    qunsetenv("LIVEDESK_ALLOW_WEAK_TOKEN");
    for (const QString &assignment : environment) {
        const qsizetype eq = assignment.indexOf(u'=');
        qputenv(assignment.first(eq).toLatin1().constData(), assignment.sliced(eq + 1).toUtf8());
    }
    Parsed parsed;
    CapturedOutput out(stdout);
    CapturedOutput err(stderr);
    parsed.options = Options::parse(QStringList { u"livedesk"_s } + arguments, &parsed.exitCode);
    parsed.err = err.text();
    parsed.out = out.text();
    qunsetenv("LIVEDESK_TOKEN");
    qunsetenv("LIVEDESK_EVENT_LOOP");
    qunsetenv("LIVEDESK_ALLOW_WEAK_TOKEN");
    return parsed;
}

// The options that were set, in a fixed order, as "name=value" words: a whole Options in
// one comparable line. dataDir is checked on its own.
QString describe(const Options &o)
{
    QStringList words;
    if (o.headless)
        words << u"headless"_s;
    if (o.demo)
        words << u"demo"_s;
    if (o.port)
        words << u"port=%1"_s.arg(*o.port);
    if (o.address)
        words << u"bind=%1"_s.arg(o.address->toString());
    if (o.token)
        words << u"token=%1"_s.arg(QString::fromLatin1(*o.token));
    if (o.heartbeat)
        words << u"heartbeat=%1"_s.arg(o.heartbeat->count());
    if (o.replay)
        words << u"replay=%1"_s.arg(*o.replay);
    if (o.language)
        words << u"lang=%1"_s.arg(*o.language);
    if (o.retainEvents)
        words << u"retain-events=%1"_s.arg(*o.retainEvents);
    if (o.retainDays)
        words << u"retain-days=%1"_s.arg(*o.retainDays);
    if (o.maxConnections)
        words << u"max-connections=%1"_s.arg(*o.maxConnections);
    if (o.qtEventLoop)
        words << u"qt-event-loop"_s;
    for (const auto &[address, prefix] : o.trustedProxies)
        words << u"trusted-proxy=%1/%2"_s.arg(address.toString()).arg(prefix);
    for (const QByteArray &origin : o.allowedOrigins)
        words << u"allow-origin=%1"_s.arg(QString::fromLatin1(origin));
    if (o.allowWeakToken)
        words << u"allow-weak-token"_s;
    if (!o.exportChannel.isEmpty() || !o.exportFile.isEmpty())
        words << u"export=%1>%2"_s.arg(o.exportChannel, o.exportFile);
    if (o.upstream)
        words << u"upstream=%1"_s.arg(o.upstream->toString());
    return words.join(u' ');
}

// Tokens that pass PublishToken::isStrong.
const QString Strong = u"correct-horse-battery-staple"_s;
const QString Other = u"Vq3_Ln8-Tz1xWk5pYc9rHb2M"_s;

QByteArray rejection(const QByteArray &message)
{
    return "livedesk: " + QByteArray(message) + '\n';
}

} // namespace

class tst_Options final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void valid_data();
    void valid();
    void invalid_data();
    void invalid();
    void help_data();
    void help();
    void version_data();
    void version();
    void dataDir_data();
    void dataDir();
    void applyTo_data();
    void applyTo();
    void applyToWithNothingSet();
    void wantsHeadless_data();
    void wantsHeadless();
};

void tst_Options::initTestCase()
{
    // As main() names the application before it parses.
    QCoreApplication::setApplicationName(u"livedesk"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(LIVEDESK_VERSION));
}

void tst_Options::valid_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QStringList>("environment");
    QTest::addColumn<QString>("expected");

    const QStringList none;
    QTest::addRow("nothing") << none << none << QString();
    QTest::addRow("headless and demo")
        << QStringList { u"--headless"_s, u"--demo"_s } << none << u"headless demo"_s;
    QTest::addRow("port 0") << QStringList { u"--port"_s, u"0"_s } << none << u"port=0"_s;
    QTest::addRow("port 65535") << QStringList { u"--port"_s, u"65535"_s } << none
                                << u"port=65535"_s;
    QTest::addRow("port with =") << QStringList { u"--port=8081"_s } << none << u"port=8081"_s;
    QTest::addRow("the last port given wins")
        << QStringList { u"--port"_s, u"1"_s, u"--port"_s, u"2"_s } << none << u"port=2"_s;
    QTest::addRow("port with a leading zero")
        << QStringList { u"--port"_s, u"080"_s } << none << u"port=80"_s;
    QTest::addRow("bind any") << QStringList { u"--bind"_s, u"0.0.0.0"_s } << none
                              << u"bind=0.0.0.0"_s;
    QTest::addRow("bind IPv6") << QStringList { u"--bind"_s, u"::1"_s } << none << u"bind=::1"_s;
    QTest::addRow("token") << QStringList { u"--token"_s, u"s3cret!#s3cret!#-0123456789"_s } << none
                           << u"token=s3cret!#s3cret!#-0123456789"_s;
    QTest::addRow("token from the environment")
        << none << QStringList { u"LIVEDESK_TOKEN=%1"_s.arg(Strong) } << u"token=%1"_s.arg(Strong);
    QTest::addRow("--token wins over the environment")
        << QStringList { u"--token"_s, Strong } << QStringList { u"LIVEDESK_TOKEN=%1"_s.arg(Other) }
        << u"token=%1"_s.arg(Strong);
    QTest::addRow("--token wins over a bad environment value") << QStringList { u"--token"_s,
        Strong } << QStringList { u"LIVEDESK_TOKEN=a b"_s } << u"token=%1"_s.arg(Strong);
    QTest::addRow("the shortest strong token") << QStringList { u"--token"_s,
        u"abcdefghij012345678901"_s } << none << u"token=abcdefghij012345678901"_s;
    QTest::addRow("a weak token, for a test suite")
        << QStringList { u"--token"_s, u"t"_s } << QStringList { u"LIVEDESK_ALLOW_WEAK_TOKEN=1"_s }
        << u"token=t allow-weak-token"_s;
    QTest::addRow("only 1 allows weak tokens")
        << QStringList() << QStringList { u"LIVEDESK_ALLOW_WEAK_TOKEN=yes"_s } << QString();
    QTest::addRow("trusted proxies") << QStringList { u"--trusted-proxy"_s, u"127.0.0.1"_s,
        u"--trusted-proxy"_s, u"10.0.0.0/8"_s, u"--trusted-proxy=::1"_s }
                                     << none
                                     << u"trusted-proxy=127.0.0.1/32 trusted-proxy=10.0.0.0/8 "
                                        "trusted-proxy=::1/128"_s;
    QTest::addRow("allowed origins, as browsers write them")
        << QStringList { u"--allow-origin"_s, u"https://Desk.Example.org"_s, u"--allow-origin"_s,
               u"http://127.0.0.1:8081"_s, u"--allow-origin"_s, u"https://a.test:443"_s,
               u"--allow-origin"_s, u"http://[::1]:9000"_s }
        << none
        << u"allow-origin=https://desk.example.org allow-origin=http://127.0.0.1:8081 "
           "allow-origin=https://a.test allow-origin=http://[::1]:9000"_s;
    QTest::addRow("heartbeat 1") << QStringList { u"--heartbeat"_s, u"1"_s } << none
                                 << u"heartbeat=1"_s;
    QTest::addRow("heartbeat 3600")
        << QStringList { u"--heartbeat"_s, u"3600"_s } << none << u"heartbeat=3600"_s;
    QTest::addRow("replay 0") << QStringList { u"--replay"_s, u"0"_s } << none << u"replay=0"_s;
    QTest::addRow("replay 1000000")
        << QStringList { u"--replay"_s, u"1000000"_s } << none << u"replay=1000000"_s;
    QTest::addRow("lang en") << QStringList { u"--lang"_s, u"en"_s } << none << u"lang=en"_s;
    QTest::addRow("lang zh_CN") << QStringList { u"--lang"_s, u"zh_CN"_s } << none
                                << u"lang=zh_CN"_s;
    QTest::addRow("retention bounds low") << QStringList {
        u"--retain-events"_s, u"1"_s, u"--retain-days"_s, u"1"_s, u"--max-connections"_s, u"1"_s
    } << none << u"retain-events=1 retain-days=1 max-connections=1"_s;
    QTest::addRow("retention bounds high")
        << QStringList { u"--retain-events"_s, u"100000000"_s, u"--retain-days"_s, u"3650"_s,
               u"--max-connections"_s, u"1000000"_s }
        << none << u"retain-events=100000000 retain-days=3650 max-connections=1000000"_s;
    QTest::addRow("export to a file") << QStringList { u"--export"_s, u"match-1"_s, u"out.jsonl"_s }
                                      << none << u"export=match-1>out.jsonl"_s;
    QTest::addRow("export to stdout")
        << QStringList { u"--export"_s, u"news"_s, u"-"_s } << none << u"export=news>-"_s;
    QTest::addRow("export with the file first") << QStringList { u"out.jsonl"_s, u"--export"_s,
        u"news"_s } << none << u"export=news>out.jsonl"_s;
    QTest::addRow("upstream https")
        << QStringList { u"--upstream"_s, u"https://feed.example.org/"_s, u"--token"_s, Strong }
        << none << u"token=%1 upstream=https://feed.example.org/"_s.arg(Strong);
    QTest::addRow("upstream with a port and a path, and a demo")
        << QStringList { u"--upstream=http://10.0.0.5:8080/live/"_s, u"--demo"_s } << none
        << u"demo upstream=http://10.0.0.5:8080/live/"_s;
    QTest::addRow("upstream without a scheme is http") << QStringList { u"--upstream"_s,
        u"feed.example.org:8080"_s } << none << u"upstream=http://feed.example.org:8080"_s;
    QTest::addRow("event loop qt")
        << none << QStringList { u"LIVEDESK_EVENT_LOOP=qt"_s } << u"qt-event-loop"_s;
    QTest::addRow("event loop epoll")
        << none << QStringList { u"LIVEDESK_EVENT_LOOP=epoll"_s } << QString();
    QTest::addRow("everything")
        << QStringList { u"--headless"_s, u"--demo"_s, u"--port"_s, u"9000"_s, u"--bind"_s,
               u"192.168.0.2"_s, u"--token"_s, Strong, u"--heartbeat"_s, u"20"_s, u"--replay"_s,
               u"50"_s, u"--lang"_s, u"en"_s, u"--retain-events"_s, u"500"_s, u"--retain-days"_s,
               u"7"_s, u"--max-connections"_s, u"64"_s }
        << QStringList { u"LIVEDESK_EVENT_LOOP=qt"_s }
        << u"headless demo port=9000 bind=192.168.0.2 token=%1 heartbeat=20 replay=50 lang=en "
           "retain-events=500 retain-days=7 max-connections=64 qt-event-loop"_s.arg(Strong);
}

void tst_Options::valid()
{
    QFETCH(QStringList, arguments);
    QFETCH(QStringList, environment);
    QFETCH(QString, expected);

    const Parsed parsed = parse(arguments, environment);
    QVERIFY2(parsed.err.isEmpty(), parsed.err.constData());
    QCOMPARE(parsed.exitCode, -1); // run
    QCOMPARE(describe(parsed.options), expected);
    QVERIFY(parsed.out.isEmpty());
}

void tst_Options::invalid_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QStringList>("environment");
    QTest::addColumn<QByteArray>("message"); // all that is printed to stderr

    const QStringList none;
    const auto port = [](const char *value) -> QByteArray {
        return "livedesk: --port must be a number from 0 to 65535, not \"" + QByteArray(value)
            + "\"\n";
    };
    QTest::addRow("unknown option")
        << QStringList { u"--nope"_s } << none << rejection("Unknown option 'nope'. (see --help)");
    QTest::addRow("unknown short option")
        << QStringList { u"-x"_s } << none << rejection("Unknown option 'x'. (see --help)");
    QTest::addRow("missing value") << QStringList { u"--port"_s } << none
                                   << rejection("Missing value after '--port'. (see --help)");
    QTest::addRow("value given to a switch")
        << QStringList { u"--headless=yes"_s } << none
        << rejection("Unexpected value after '--headless'. (see --help)");
    QTest::addRow("port not a number")
        << QStringList { u"--port"_s, u"http"_s } << none << port("http");
    QTest::addRow("port negative") << QStringList { u"--port=-1"_s } << none << port("-1");
    QTest::addRow("port too high")
        << QStringList { u"--port"_s, u"65536"_s } << none << port("65536");
    QTest::addRow("port with junk") << QStringList { u"--port"_s, u"80x"_s } << none << port("80x");
    QTest::addRow("port empty") << QStringList { u"--port="_s } << none << port("");
    QTest::addRow("bind a host name")
        << QStringList { u"--bind"_s, u"localhost"_s } << none
        << rejection("--bind needs an IP address such as 127.0.0.1, 0.0.0.0 or ::1, not "
                     "\"localhost\"");
    QTest::addRow("bind a bad address")
        << QStringList { u"--bind"_s, u"999.1.1.1"_s } << none
        << rejection("--bind needs an IP address such as 127.0.0.1, 0.0.0.0 or ::1, not "
                     "\"999.1.1.1\"");
    QTest::addRow("heartbeat 0") << QStringList {
        u"--heartbeat"_s, u"0"_s
    } << none << rejection("--heartbeat must be a number of seconds from 1 to 3600, not \"0\"");
    QTest::addRow("heartbeat 3601")
        << QStringList { u"--heartbeat"_s, u"3601"_s } << none
        << rejection("--heartbeat must be a number of seconds from 1 to 3600, not \"3601\"");
    QTest::addRow("heartbeat in minutes")
        << QStringList { u"--heartbeat"_s, u"1m"_s } << none
        << rejection("--heartbeat must be a number of seconds from 1 to 3600, not \"1m\"");
    QTest::addRow("replay negative") << QStringList { u"--replay"_s,
        u"-1"_s } << none << rejection("--replay must be a number from 0 to 1000000, not \"-1\"");
    QTest::addRow("replay too high")
        << QStringList { u"--replay"_s, u"1000001"_s } << none
        << rejection("--replay must be a number from 0 to 1000000, not \"1000001\"");
    QTest::addRow("lang fr") << QStringList { u"--lang"_s, u"fr"_s } << none
                             << rejection("--lang must be en or zh_CN, not \"fr\"");
    QTest::addRow("lang in the wrong case") << QStringList { u"--lang"_s, u"EN"_s } << none
                                            << rejection("--lang must be en or zh_CN, not \"EN\"");
    QTest::addRow("lang zh") << QStringList { u"--lang"_s, u"zh"_s } << none
                             << rejection("--lang must be en or zh_CN, not \"zh\"");
    QTest::addRow("retain-events 0")
        << QStringList { u"--retain-events"_s, u"0"_s } << none
        << rejection("--retain-events must be a number from 1 to 100000000, not \"0\"");
    QTest::addRow("retain-events too high")
        << QStringList { u"--retain-events"_s, u"100000001"_s } << none
        << rejection("--retain-events must be a number from 1 to 100000000, not \"100000001\"");
    QTest::addRow("retain-events as an exponent")
        << QStringList { u"--retain-events"_s, u"1e5"_s } << none
        << rejection("--retain-events must be a number from 1 to 100000000, not \"1e5\"");
    QTest::addRow("retain-days 0") << QStringList { u"--retain-days"_s,
        u"0"_s } << none << rejection("--retain-days must be a number from 1 to 3650, not \"0\"");
    QTest::addRow("retain-days too high")
        << QStringList { u"--retain-days"_s, u"3651"_s } << none
        << rejection("--retain-days must be a number from 1 to 3650, not \"3651\"");
    QTest::addRow("max-connections 0")
        << QStringList { u"--max-connections"_s, u"0"_s } << none
        << rejection("--max-connections must be a number from 1 to 1000000, not \"0\"");
    QTest::addRow("max-connections too high")
        << QStringList { u"--max-connections"_s, u"1000001"_s } << none
        << rejection("--max-connections must be a number from 1 to 1000000, not \"1000001\"");
    const QByteArray badToken
        = rejection("the publish token must be non-empty printable ASCII without spaces");
    QTest::addRow("empty token") << QStringList { u"--token="_s } << none << badToken;
    QTest::addRow("token with a space")
        << QStringList { u"--token"_s, u"a b"_s } << none << badToken;
    QTest::addRow("token with a tab")
        << QStringList { u"--token"_s, u"a\tb"_s } << none << badToken;
    QTest::addRow("token not ASCII")
        << QStringList { u"--token"_s, u"t\u00f6ken"_s } << none << badToken;
    QTest::addRow("bad token from the environment")
        << none << QStringList { u"LIVEDESK_TOKEN=a b"_s } << badToken;
    QTest::addRow("empty token from the environment")
        << none << QStringList { u"LIVEDESK_TOKEN="_s } << badToken;
    // Issue 13: guessing must be pointless, since the right token is never locked out.
    const auto weak = [](const char *source, int length, int distinct) {
        return rejection(QByteArray(source)
            + ": the publish token is too weak: a token given by hand needs at least 22 "
              "characters, at least 10 of them different, and this one has "
            + QByteArray::number(length) + " (" + QByteArray::number(distinct)
            + " different). Leave it out to have a strong one generated, or make one with "
              "\"openssl rand -base64 32\"");
    };
    QTest::addRow("a one-letter token")
        << QStringList { u"--token"_s, u"t"_s } << none << weak("--token", 1, 1);
    QTest::addRow("21 characters") << QStringList { u"--token"_s, u"abcdefghij01234567890"_s }
                                   << none << weak("--token", 21, 20);
    QTest::addRow("long, but one letter")
        << QStringList { u"--token"_s, QString(40, u'a') } << none << weak("--token", 40, 1);
    QTest::addRow("long, but two letters")
        << QStringList { u"--token"_s, u"ab"_s.repeated(20) } << none << weak("--token", 40, 2);
    QTest::addRow("a weak token from the environment")
        << none << QStringList { u"LIVEDESK_TOKEN=bench-token"_s } << weak("LIVEDESK_TOKEN", 11, 9);
    QTest::addRow("LIVEDESK_ALLOW_WEAK_TOKEN must be 1")
        << QStringList { u"--token"_s, u"t"_s }
        << QStringList { u"LIVEDESK_ALLOW_WEAK_TOKEN=true"_s } << weak("--token", 1, 1);
    QTest::addRow("a trusted proxy that is a name")
        << QStringList { u"--trusted-proxy"_s, u"proxy.lan"_s } << none
        << rejection("--trusted-proxy: \"proxy.lan\" is not an IP address or a subnet such as "
                     "10.0.0.0/8");
    QTest::addRow("a trusted subnet with a bad prefix")
        << QStringList { u"--trusted-proxy"_s, u"10.0.0.0/33"_s } << none
        << rejection("--trusted-proxy: \"10.0.0.0/33\" is not an IP address or a subnet such as "
                     "10.0.0.0/8");
    const auto badOrigin = [](const char *value) {
        return rejection("--allow-origin needs an origin such as https://desk.example.org "
                         "(scheme, host and port only), not \""
            + QByteArray(value) + '"');
    };
    QTest::addRow("an origin with a path")
        << QStringList { u"--allow-origin"_s, u"https://desk.example.org/"_s } << none
        << badOrigin("https://desk.example.org/");
    QTest::addRow("an origin with a query") << QStringList { u"--allow-origin"_s,
        u"https://a.test?x=1"_s } << none << badOrigin("https://a.test?x=1");
    QTest::addRow("a host without a scheme") << QStringList { u"--allow-origin"_s,
        u"desk.example.org"_s } << none << badOrigin("desk.example.org");
    QTest::addRow("another scheme") << QStringList { u"--allow-origin"_s, u"ftp://a.test"_s }
                                    << none << badOrigin("ftp://a.test");
    QTest::addRow("any origin") << QStringList { u"--allow-origin"_s, u"*"_s } << none
                                << badOrigin("*");
    QTest::addRow("the token before the peers") << QStringList { u"--allow-origin"_s, u"*"_s,
        u"--token"_s, u"t"_s } << none << weak("--token", 1, 1);
    QTest::addRow("bad event loop")
        << none << QStringList { u"LIVEDESK_EVENT_LOOP=select"_s }
        << rejection("LIVEDESK_EVENT_LOOP must be epoll or qt, not \"select\"");
    QTest::addRow("empty event loop")
        << none << QStringList { u"LIVEDESK_EVENT_LOOP="_s }
        << rejection("LIVEDESK_EVENT_LOOP must be epoll or qt, not \"\"");
    QTest::addRow("a stray argument") << QStringList { u"--headless"_s, u"extra"_s } << none
                                      << rejection("unexpected argument \"extra\" (see --help)");
    QTest::addRow("export without a file")
        << QStringList { u"--export"_s, u"news"_s } << none
        << rejection("--export needs a channel and a file: --export CHANNEL FILE");
    QTest::addRow("export with two files") << QStringList { u"--export"_s, u"news"_s, u"a"_s,
        u"b"_s } << none << rejection("--export needs a channel and a file: --export CHANNEL FILE");
    QTest::addRow("export without a channel")
        << QStringList { u"--export"_s } << none
        << rejection("Missing value after '--export'. (see --help)");

    // With several problems, the first in the order of the checks is the one reported.
    QTest::addRow("a parse error before help") << QStringList { u"--help"_s, u"--nope"_s } << none
                                               << rejection("Unknown option 'nope'. (see --help)");
    QTest::addRow("export before retention")
        << QStringList { u"--retain-days"_s, u"0"_s, u"--export"_s, u"news"_s } << none
        << rejection("--export needs a channel and a file: --export CHANNEL FILE");
    QTest::addRow("a stray argument before retention") << QStringList { u"--retain-days"_s, u"0"_s,
        u"stray"_s } << none << rejection("unexpected argument \"stray\" (see --help)");
    QTest::addRow("retain-events before max-connections before retain-days") << QStringList {
        u"--retain-days"_s, u"0"_s, u"--max-connections"_s, u"0"_s, u"--retain-events"_s, u"0"_s
    } << none << rejection("--retain-events must be a number from 1 to 100000000, not \"0\"");
    QTest::addRow("max-connections before retain-days")
        << QStringList { u"--retain-days"_s, u"0"_s, u"--max-connections"_s, u"0"_s } << none
        << rejection("--max-connections must be a number from 1 to 1000000, not \"0\"");
    QTest::addRow("retention before the port")
        << QStringList { u"--port"_s, u"x"_s, u"--retain-days"_s, u"0"_s } << none
        << rejection("--retain-days must be a number from 1 to 3650, not \"0\"");
    QTest::addRow("upstream ftp")
        << QStringList { u"--upstream"_s, u"ftp://feed.example.org/"_s } << none
        << rejection("--upstream: \"ftp://feed.example.org/\" is not the address of a server: "
                     "give http:// or https://, then the host, e.g. https://feed.example.org/");
    QTest::addRow("upstream empty")
        << QStringList { u"--upstream="_s } << none
        << rejection("--upstream: give the server's address, e.g. https://feed.example.org/");
    QTest::addRow("upstream with a query")
        << QStringList { u"--upstream"_s, u"https://feed.example.org/?token=x"_s } << none
        << rejection("--upstream: give the server's address without a query, a #fragment or a "
                     "user name (the token goes apart): \"https://feed.example.org/?token=x\"");
    QTest::addRow("upstream and headless")
        << QStringList { u"--upstream"_s, u"https://feed.example.org/"_s, u"--headless"_s } << none
        << rejection("--upstream runs the console of a server elsewhere, which serves nothing "
                     "here: leave out --headless (or run the server with it, without "
                     "--upstream)");
    QTest::addRow("upstream and a port")
        << QStringList { u"--upstream"_s, u"https://feed.example.org/"_s, u"--port"_s, u"80"_s }
        << none
        << rejection("--upstream runs the console of a server elsewhere, which serves nothing "
                     "here: leave out --port (or run the server with it, without --upstream)");
    QTest::addRow("upstream and redis")
        << QStringList { u"--upstream"_s, u"https://feed.example.org/"_s, u"--redis"_s,
               u"redis://127.0.0.1:6379/0"_s }
        << none
        << rejection("--upstream runs the console of a server elsewhere, which serves nothing "
                     "here: leave out --redis (or run the server with it, without --upstream)");
    QTest::addRow("port before bind before heartbeat")
        << QStringList { u"--heartbeat"_s, u"0"_s, u"--bind"_s, u"x"_s, u"--port"_s, u"x"_s }
        << none << port("x");
    QTest::addRow("bind before heartbeat")
        << QStringList { u"--heartbeat"_s, u"0"_s, u"--bind"_s, u"x"_s } << none
        << rejection("--bind needs an IP address such as 127.0.0.1, 0.0.0.0 or ::1, not \"x\"");
    QTest::addRow("heartbeat before replay")
        << QStringList { u"--replay"_s, u"-1"_s, u"--heartbeat"_s, u"0"_s } << none
        << rejection("--heartbeat must be a number of seconds from 1 to 3600, not \"0\"");
    QTest::addRow("replay before lang") << QStringList { u"--lang"_s, u"fr"_s, u"--replay"_s,
        u"-1"_s } << none << rejection("--replay must be a number from 0 to 1000000, not \"-1\"");
    QTest::addRow("lang before the token") << QStringList { u"--token="_s, u"--lang"_s,
        u"fr"_s } << none << rejection("--lang must be en or zh_CN, not \"fr\"");
    QTest::addRow("the token before the event loop")
        << QStringList { u"--token="_s } << QStringList { u"LIVEDESK_EVENT_LOOP=x"_s } << badToken;
}

void tst_Options::invalid()
{
    QFETCH(QStringList, arguments);
    QFETCH(QStringList, environment);
    QFETCH(QByteArray, message);

    const Parsed parsed = parse(arguments, environment);
    QCOMPARE(parsed.exitCode, 2);
    QCOMPARE(parsed.err, message);
    QVERIFY(parsed.out.isEmpty());
}

void tst_Options::help_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addRow("--help") << QStringList { u"--help"_s };
    QTest::addRow("-h") << QStringList { u"-h"_s };
    QTest::addRow("help wins over bad values")
        << QStringList { u"--port"_s, u"x"_s, u"--help"_s, u"--lang"_s, u"fr"_s };
    QTest::addRow("help wins over version") << QStringList { u"--version"_s, u"--help"_s };
    // Advertised in the help text itself ("Displays help including Qt specific options").
    QTest::addRow("--help-all") << QStringList { u"--help-all"_s };
}

void tst_Options::help()
{
    QFETCH(QStringList, arguments);

    const Parsed parsed = parse(arguments);
    QCOMPARE(parsed.exitCode, 0);
    QVERIFY2(parsed.err.isEmpty(), parsed.err.constData());
    const QByteArray &text = parsed.out;
    // The usage line names the running executable, as Qt's helpText() does.
    QVERIFY2(text.startsWith("Usage: "), text.constData());
    QVERIFY(text.first(text.indexOf('\n')).endsWith(" [options]"));
    QVERIFY(text.contains(
        "LiveDesk: a live-commentary console with an embedded Server-Sent Events server."));
    for (const char *option :
        { "--headless", "--port <N>", "--bind <ADDR>", "--token <T>", "--heartbeat <SECONDS>",
            "--replay <N>", "--data-dir <DIR>", "--demo", "--lang <LANG>", "--retain-events <N>",
            "--retain-days <DAYS>", "--max-connections <N>", "--trusted-proxy <ADDR>",
            "--allow-origin <ORIGIN>", "--export <CHANNEL>", "--version", "--help" }) {
        QVERIFY2(text.contains(option), option);
    }
    QVERIFY(text.contains("$LIVEDESK_TOKEN"));
    QVERIFY(!text.contains("WEAK")); // a test suite's switch, not an option
}

void tst_Options::version_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addRow("--version") << QStringList { u"--version"_s };
    QTest::addRow("-v") << QStringList { u"-v"_s };
    QTest::addRow("version wins over bad values")
        << QStringList { u"--replay"_s, u"-5"_s, u"--version"_s };
}

void tst_Options::version()
{
    QFETCH(QStringList, arguments);

    const Parsed parsed = parse(arguments);
    QCOMPARE(parsed.exitCode, 0);
    QCOMPARE(parsed.out, QByteArray("livedesk " LIVEDESK_VERSION "\n"));
    QVERIFY(parsed.err.isEmpty());
}

void tst_Options::dataDir_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("expected");

    QTest::addRow("default") << QStringList()
                             << QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    QTest::addRow("absolute") << QStringList { u"--data-dir"_s, u"/srv/livedesk"_s }
                              << u"/srv/livedesk"_s;
    QTest::addRow("relative is made absolute") << QStringList { u"--data-dir"_s, u"data/here"_s }
                                               << QDir::current().absoluteFilePath(u"data/here"_s);
    QTest::addRow("dots are resolved")
        << QStringList { u"--data-dir=/srv/a/../b/"_s } << u"/srv/b"_s;
    QTest::addRow("with export") << QStringList { u"--export"_s, u"news"_s, u"-"_s, u"--data-dir"_s,
        u"/tmp/x"_s } << u"/tmp/x"_s;
}

void tst_Options::dataDir()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, expected);

    const Parsed parsed = parse(arguments);
    QCOMPARE(parsed.exitCode, -1);
    QCOMPARE(parsed.options.dataDir, expected);
}

void tst_Options::applyTo_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QStringList>("environment");

    QTest::addRow("nothing") << QStringList() << QStringList();
    QTest::addRow("everything") << QStringList { u"--port"_s, u"9000"_s, u"--bind"_s, u"::1"_s,
        u"--token"_s, Strong, u"--heartbeat"_s, u"20"_s, u"--replay"_s, u"0"_s,
        u"--retain-events"_s, u"500"_s, u"--retain-days"_s, u"7"_s, u"--max-connections"_s, u"64"_s,
        u"--trusted-proxy"_s, u"192.0.2.1"_s, u"--allow-origin"_s, u"https://a.test"_s,
        u"--data-dir"_s, u"/srv/d"_s }
                                << QStringList { u"LIVEDESK_EVENT_LOOP=qt"_s };
    QTest::addRow("weak tokens allowed")
        << QStringList { u"--token"_s, u"t"_s } << QStringList { u"LIVEDESK_ALLOW_WEAK_TOKEN=1"_s };
    QTest::addRow("some") << QStringList { u"--port"_s, u"0"_s, u"--retain-days"_s, u"1"_s }
                          << QStringList { u"LIVEDESK_EVENT_LOOP=epoll"_s };
}

void tst_Options::applyTo()
{
    QFETCH(QStringList, arguments);
    QFETCH(QStringList, environment);

    const Parsed parsed = parse(arguments, environment);
    QCOMPARE(parsed.exitCode, -1);
    const Options &o = parsed.options;

    // Settings first, these options on top.
    ServerConfig saved;
    saved.port = 1111;
    saved.address = QHostAddress(u"10.0.0.1"_s);
    saved.token = "saved-token";
    saved.heartbeat = 42s;
    saved.replayCapacity = 77;
    saved.retainEvents = 88;
    saved.retainAge = std::chrono::hours(5);
    saved.maxConnections = 99;
    saved.dataDir = u"/saved"_s;
    saved.retryMs = 1234;
    saved.slowClientCap = 5678;
    saved.trustedProxies = { { QHostAddress(u"10.1.1.1"_s), 32 } };
    saved.allowedOrigins = { "https://saved.test" };
    const ServerConfig config = o.applyTo(saved);

    QCOMPARE(config.port, o.port.value_or(saved.port));
    QCOMPARE(config.address, o.address.value_or(saved.address));
    QCOMPARE(config.token, o.token.value_or(saved.token));
    QCOMPARE(
        config.heartbeat, o.heartbeat ? std::chrono::milliseconds(*o.heartbeat) : saved.heartbeat);
    QCOMPARE(config.replayCapacity, o.replay.value_or(saved.replayCapacity));
    QCOMPARE(config.retainEvents, o.retainEvents.value_or(saved.retainEvents));
    QCOMPARE(
        config.retainAge, o.retainDays ? std::chrono::hours(24 * *o.retainDays) : saved.retainAge);
    QCOMPARE(config.maxConnections, o.maxConnections.value_or(saved.maxConnections));
    QCOMPARE(config.epollEventLoop, !o.qtEventLoop);
    QCOMPARE(config.trustedProxies,
        o.trustedProxies.isEmpty() ? saved.trustedProxies : o.trustedProxies);
    QCOMPARE(config.allowedOrigins,
        o.allowedOrigins.isEmpty() ? saved.allowedOrigins : o.allowedOrigins);
    // The app refuses a weak token, unless a test suite said otherwise.
    QCOMPARE(config.requireStrongToken, !o.allowWeakToken);
    // The data directory is always the one parsed (it is where the settings came from).
    QCOMPARE(config.dataDir, o.dataDir);
    // What the command line never sets is left alone.
    QCOMPARE(config.retryMs, 1234);
    QCOMPARE(config.slowClientCap, qint64(5678));
    QCOMPARE(config.relayPublished, saved.relayPublished);
}

void tst_Options::applyToWithNothingSet()
{
    ServerConfig saved;
    saved.port = 1;
    saved.dataDir = u"/saved"_s;
    saved.epollEventLoop = true;
    const ServerConfig config = Options {}.applyTo(saved);
    QCOMPARE(config.port, quint16(1));
    QVERIFY(config.epollEventLoop);
    QVERIFY(config.dataDir.isEmpty()); // an unparsed Options has no data directory
    // "--retain-days 2" is two whole days.
    Options days;
    days.retainDays = 2;
    QCOMPARE(days.applyTo(saved).retainAge, std::chrono::hours(48));
}

void tst_Options::wantsHeadless_data()
{
    QTest::addColumn<QByteArrayList>("argv");
    QTest::addColumn<bool>("headless");

    QTest::addRow("nothing") << QByteArrayList { "livedesk" } << false;
    QTest::addRow("--headless") << QByteArrayList { "livedesk", "--headless" } << true;
    QTest::addRow("--headless among others")
        << QByteArrayList { "livedesk", "--port", "0", "--headless", "--demo" } << true;
    QTest::addRow("--help") << QByteArrayList { "livedesk", "--help" } << true;
    QTest::addRow("-h") << QByteArrayList { "livedesk", "-h" } << true;
    QTest::addRow("--version") << QByteArrayList { "livedesk", "--version" } << true;
    QTest::addRow("-v") << QByteArrayList { "livedesk", "-v" } << true;
    QTest::addRow("--export") << QByteArrayList { "livedesk", "--export", "news", "-" } << true;
    QTest::addRow("--demo only") << QByteArrayList { "livedesk", "--demo" } << false;
    QTest::addRow("a value that looks like it")
        << QByteArrayList { "livedesk", "--token=--headless" } << false;
    QTest::addRow("the program name is not an argument")
        << QByteArrayList { "--headless" } << false;
    QTest::addRow("--headless=1 is not the switch")
        << QByteArrayList { "livedesk", "--headless=1" } << false;
}

void tst_Options::wantsHeadless()
{
    QFETCH(QByteArrayList, argv);
    QFETCH(bool, headless);

    QList<char *> pointers;
    for (QByteArray &arg : argv)
        pointers.append(arg.data());
    pointers.append(nullptr);
    QCOMPARE(Options::wantsHeadless(int(argv.size()), pointers.data()), headless);
}

QTEST_GUILESS_MAIN(tst_Options)
#include "tst_options.moc"
