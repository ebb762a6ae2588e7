#include "client/feedclient.h"
#include "connectionserver.h"
#include "http/httpserver.h"
#include "http/ssebroadcaster.h"
#include "http/tlscontext.h"
#include "hub/eventhub.h"
#include "testcertificates.h"
#include "testeventloop.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QSslCertificate>
#include <QStandardPaths>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace {

// What curl did: its exit code (0: the request went through), and what it printed.
struct Curl
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

// Runs Debian's curl while this thread's event loop keeps serving (never blocking on it).
Curl curl(const QStringList &arguments, int ms = 10000)
{
    QProcess process;
    process.start(QStandardPaths::findExecutable(u"curl"_s), arguments);
    Curl result;
    if (!process.waitForStarted(5000))
        return result;
    if (!QTest::qWaitFor([&] { return process.state() == QProcess::NotRunning; }, ms)) {
        process.kill();
        process.waitForFinished(1000);
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

int connectRaw(quint16 port)
{
    const int peer = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(peer, reinterpret_cast<const sockaddr *>(&address), sizeof address) != 0) {
        ::close(peer);
        return -1;
    }
    return peer;
}

} // namespace

// https on the server's own port: the real TLS stack (Debian's OpenSSL) against real
// clients (Debian's curl), with certificates made for the run.
class tst_TlsServer final : public QObject
{
    Q_OBJECT

public:
    static void initMain() { useTestEventLoop(); }

private Q_SLOTS:
    void initTestCase();
    void badFilesAreRefusedWithAReason_data();
    void badFilesAreRefusedWithAReason();
    void healthOverHttps_data();
    void healthOverHttps();
    void publishAndStreamOverHttps();
    void plainHttpToTheHttpsPortIsClosedCleanly();
    void anUnfinishedHandshakeIsCutOff();
    void httpAnswersHaveNoStrictTransportSecurity();
    void theConsolePaneTrustsItsOwnServerOnly();

private:
    struct Server
    {
        Server(const TlsContext *tls, std::chrono::milliseconds requestTimeout = 10s)
            : hub(100)
            , broadcaster(&hub, {})
            , http(&hub, &broadcaster, "token", options(tls, requestTimeout))
        {
            QString error;
            if (!http.listen(QHostAddress::LocalHost, 0, &error))
                qFatal("%s", qPrintable(error));
        }
        static HttpServer::Options options(
            const TlsContext *tls, std::chrono::milliseconds requestTimeout)
        {
            HttpServer::Options o;
            o.tls = tls;
            o.limits.requestTimeout = requestTimeout;
            return o;
        }
        QString url(const QString &path) const
        {
            return http.baseUrl().resolved(QUrl(path)).toString();
        }

        EventHub hub;
        SseBroadcaster broadcaster;
        HttpServer http;
    };
    std::unique_ptr<TlsContext> load(const QString &certificate, const QString &key);

    TestCertificates m_certificates;
};

void tst_TlsServer::initTestCase()
{
    if (TestCertificates::binary().isEmpty() || QStandardPaths::findExecutable(u"curl"_s).isEmpty())
        QSKIP("openssl and curl are needed (Debian: apt-get install openssl curl; "
              "./livedesk.sh test installs them)");
    QVERIFY2(m_certificates.make(), qPrintable(m_certificates.error()));
}

std::unique_ptr<TlsContext> tst_TlsServer::load(const QString &certificate, const QString &key)
{
    QString error;
    auto tls = TlsContext::load(certificate, key, &error);
    if (!tls)
        qWarning("%s", qPrintable(error));
    return tls;
}

void tst_TlsServer::badFilesAreRefusedWithAReason_data()
{
    QTest::addColumn<QString>("certificate");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("reason");
    const TestCertificates &c = m_certificates;
    QTest::newRow("no certificate file")
        << c.dir() + u"/missing.pem"_s << c.key() << u"cannot read the TLS certificate"_s;
    QTest::newRow("no key file") << c.certificate() << c.dir() + u"/missing.key"_s
                                 << u"cannot read the TLS key"_s;
    QTest::newRow("key is not a certificate")
        << c.key() << c.key() << u"holds no usable PEM certificate"_s;
    QTest::newRow("certificate is not a key")
        << c.certificate() << c.certificate() << u"holds no usable PEM private key"_s;
    QTest::newRow("another certificate's key")
        << c.certificate() << c.otherKey() << u"is not the key of the certificate"_s;
}

void tst_TlsServer::badFilesAreRefusedWithAReason()
{
    QFETCH(QString, certificate);
    QFETCH(QString, key);
    QFETCH(QString, reason);
    QString error;
    QVERIFY(!TlsContext::load(certificate, key, &error));
    QVERIFY2(error.contains(reason), qPrintable(error));
    QVERIFY2(!error.contains(u'\n'), qPrintable(error)); // one line
}

void tst_TlsServer::healthOverHttps_data()
{
    QTest::addColumn<bool>("chain");
    QTest::addColumn<QString>("version");
    QTest::newRow("leaf, TLS 1.3") << false << u"--tlsv1.3"_s;
    QTest::newRow("chain, TLS 1.3") << true << u"--tlsv1.3"_s;
    QTest::newRow("chain, TLS 1.2 only") << true << u"--tls-max"_s;
}

void tst_TlsServer::healthOverHttps()
{
    QFETCH(bool, chain);
    QFETCH(QString, version);
    const auto tls
        = load(chain ? m_certificates.chain() : m_certificates.certificate(), m_certificates.key());
    QVERIFY(tls);
    Server server(tls.get());
    QCOMPARE(server.http.baseUrl().scheme(), u"https"_s);
    QStringList arguments { u"-sS"_s, u"-i"_s, u"--cacert"_s, m_certificates.ca(), version };
    if (version == u"--tls-max")
        arguments << u"1.2"_s;
    const Curl answer = curl(arguments << server.url(u"/api/health"_s));
    QVERIFY2(answer.exitCode == 0, answer.err.constData());
    QVERIFY2(answer.out.startsWith("HTTP/1.1 200"), answer.out.constData());
    QVERIFY2(
        answer.out.contains("Strict-Transport-Security: max-age=31536000"), answer.out.constData());
    QVERIFY(answer.out.endsWith(R"({"status":"ok"})"));
}

void tst_TlsServer::publishAndStreamOverHttps()
{
    const auto tls = load(m_certificates.chain(), m_certificates.key());
    QVERIFY(tls);
    Server server(tls.get());
    // A stream that ends after 3 s: long enough to see the post arrive over TLS.
    QProcess stream;
    stream.start(QStandardPaths::findExecutable(u"curl"_s),
        { u"-sS"_s, u"-N"_s, u"-i"_s, u"--max-time"_s, u"3"_s, u"--cacert"_s, m_certificates.ca(),
            server.url(u"/events"_s) });
    QVERIFY(stream.waitForStarted(5000));
    QTRY_COMPARE(server.broadcaster.clientCount(), 1);

    const Curl post = curl({ u"-sS"_s, u"-i"_s, u"--cacert"_s, m_certificates.ca(), u"-H"_s,
        u"Authorization: Bearer token"_s, u"-H"_s, u"Content-Type: application/json"_s, u"--data"_s,
        uR"({"channel":"news","type":"news-flash","data":{"headline":"Over TLS"}})"_s,
        server.url(u"/api/events"_s) });
    QVERIFY2(post.exitCode == 0, post.err.constData());
    QVERIFY2(post.out.startsWith("HTTP/1.1 201"), post.out.constData());

    QTRY_VERIFY_WITH_TIMEOUT(stream.state() == QProcess::NotRunning, 10000);
    const QByteArray seen = stream.readAllStandardOutput();
    QVERIFY2(seen.contains("Strict-Transport-Security: max-age=31536000"), seen.constData());
    QVERIFY2(seen.contains("id: 1\nevent: news-flash\ndata: {\"headline\":\"Over TLS\"}\n\n"),
        seen.constData());
}

void tst_TlsServer::plainHttpToTheHttpsPortIsClosedCleanly()
{
    const auto tls = load(m_certificates.chain(), m_certificates.key());
    QVERIFY(tls);
    Server server(tls.get());
    const int peer = connectRaw(server.http.port());
    QVERIFY(peer >= 0);
    const QByteArray request = "GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n";
    QCOMPARE(::send(peer, request.constData(), size_t(request.size()), 0), request.size());
    qint64 received = 0;
    const std::optional<int> ended = ConnectionServer::readToEnd(peer, &received);
    ::close(peer);
    QCOMPARE(ended, std::optional<int>(0)); // a FIN, not a reset
    QCOMPARE(received, 0); // nothing answered, not even in plain text
    // And https still works.
    QCOMPARE(curl({ u"-sS"_s, u"--cacert"_s, m_certificates.ca(), server.url(u"/api/health"_s) })
                 .exitCode,
        0);
}

void tst_TlsServer::anUnfinishedHandshakeIsCutOff()
{
    const auto tls = load(m_certificates.chain(), m_certificates.key());
    QVERIFY(tls);
    Server server(tls.get(), 300ms);
    // The first bytes of a ClientHello, then nothing: the slowloris of https.
    const int peer = connectRaw(server.http.port());
    QVERIFY(peer >= 0);
    QCOMPARE(::send(peer, "\x16\x03\x01", 3, 0), 3);
    const int silent = connectRaw(server.http.port()); // not even that
    QVERIFY(silent >= 0);
    QElapsedTimer timer;
    timer.start();
    qint64 received = 0;
    QVERIFY(ConnectionServer::readToEnd(peer, &received).has_value());
    QVERIFY(ConnectionServer::readToEnd(silent, &received).has_value());
    ::close(peer);
    ::close(silent);
    QCOMPARE(received, 0);
    QVERIFY2(timer.elapsed() >= 200 && timer.elapsed() < 5000,
        qPrintable(QString::number(timer.elapsed())));
    QTRY_COMPARE(server.http.openConnections(), 0);
}

void tst_TlsServer::httpAnswersHaveNoStrictTransportSecurity()
{
    Server server(nullptr);
    QCOMPARE(server.http.baseUrl().scheme(), u"http"_s);
    const Curl answer = curl({ u"-sS"_s, u"-i"_s, server.url(u"/api/health"_s) });
    QCOMPARE(answer.exitCode, 0);
    QVERIFY(!answer.out.contains("Strict-Transport-Security"));
}

void tst_TlsServer::theConsolePaneTrustsItsOwnServerOnly()
{
    const auto tls = load(m_certificates.chain(), m_certificates.key());
    QVERIFY(tls);
    Server server(tls.get());
    // The test CA is nobody's: a client that is not told about the certificate refuses it.
    FeedClient stranger;
    stranger.setBaseUrl(server.http.baseUrl());
    stranger.setDefaultRetryMs(50);
    QSignalSpy refused(&stranger, &FeedClient::errorOccurred);
    stranger.start();
    QTRY_VERIFY(!refused.isEmpty());
    QCOMPARE(server.broadcaster.clientCount(), 0);
    stranger.stop();

    FeedClient pane;
    pane.setBaseUrl(server.http.baseUrl());
    pane.setPinnedCertificates(QSslCertificate::fromPath(m_certificates.chain()));
    QSignalSpy events(&pane, &FeedClient::eventReceived);
    pane.start();
    QTRY_COMPARE(server.broadcaster.clientCount(), 1);
    server.hub.publish(u"news"_s, u"news-flash"_s, QJsonObject { { u"headline"_s, u"x"_s } });
    QTRY_COMPARE(events.count(), 1);
    QCOMPARE(events.first().first().value<SseEvent>().type, QByteArray("news-flash"));
}

QTEST_GUILESS_MAIN(tst_TlsServer)
#include "tst_tlsserver.moc"
