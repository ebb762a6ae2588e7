#include "hub/eventhub.h"
#include "http/httpserver.h"
#include "httptestclient.h"
#include "http/ssebroadcaster.h"
#include "ssetestclient.h"
#include "testeventloop.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace {

// A server with test-sized limits: a 300 ms request deadline and room for 4 connections.
struct Guarded
{
    explicit Guarded(int maxConnections = 1000)
        : hub(100)
        , broadcaster(&hub, {})
        , http(&hub, &broadcaster, "token", options(maxConnections))
    {
        QString error;
        if (!http.listen(QHostAddress::LocalHost, 0, &error))
            qFatal("%s", qPrintable(error));
    }
    static HttpServer::Options options(int maxConnections)
    {
        HttpServer::Options o;
        o.limits.requestTimeout = 300ms;
        o.limits.maxConnections = maxConnections;
        return o;
    }
    quint16 port() const { return http.port(); }

    EventHub hub;
    SseBroadcaster broadcaster;
    HttpServer http;
};

struct Answer
{
    int status = 0;
    QByteArray head;
    QJsonObject json;
    bool closed = false;
};

// Sends raw bytes and reads the answer until the server closes the connection.
Answer exchange(quint16 port, const QByteArray &bytes, int timeoutMs = 5000)
{
    // The server lives on this thread: wait by spinning the event loop, never by blocking.
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    socket.write(bytes);
    QByteArray received;
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired() && socket.state() != QAbstractSocket::UnconnectedState) {
        QTest::qWait(5);
        received += socket.readAll();
    }
    received += socket.readAll();
    Answer answer;
    answer.closed = socket.state() != QAbstractSocket::ConnectedState;
    const qsizetype end = received.indexOf("\r\n\r\n");
    answer.head = received.left(end);
    answer.status = received.mid(9, 3).toInt();
    answer.json = QJsonDocument::fromJson(received.mid(end + 4)).object();
    return answer;
}

bool stillServing(quint16 port)
{
    return exchange(port, "GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n").status == 200;
}

} // namespace

class tst_GuardedTcpServer final : public QObject
{
    Q_OBJECT

public:
    static void initMain() { useTestEventLoop(); }

private Q_SLOTS:
    void headOver16KiB();
    void hugeContentLengthIsAnsweredWithoutReading();
    void bodyOver64KiB();
    void slowRequestTimesOut();
    void quietStreamIsNeverTimedOut();
    void connectionCap();
    void malformed_data();
    void malformed();
    void wrongTokensAreThrottled();
    void connectionsAreReleased();
};

void tst_GuardedTcpServer::headOver16KiB()
{
    Guarded g;
    const Answer a = exchange(
        g.port(), "GET /api/health HTTP/1.1\r\nX-Padding: " + QByteArray(17000, 'a') + "\r\n\r\n");
    QCOMPARE(a.status, 431);
    QVERIFY(a.json.value(u"error"_s).toString().contains(u"16384"_s));
    QVERIFY(a.closed);
    QVERIFY(stillServing(g.port()));
}

void tst_GuardedTcpServer::hugeContentLengthIsAnsweredWithoutReading()
{
    Guarded g;
    QElapsedTimer timer;
    timer.start();
    // Ten gigabytes announced, none sent: the answer cannot depend on reading them.
    const Answer a = exchange(g.port(),
        "POST /api/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer token\r\n"
        "Content-Type: application/json\r\nContent-Length: 10000000000\r\n\r\n{\"a\":");
    QCOMPARE(a.status, 413);
    QVERIFY(a.json.value(u"error"_s).toString().contains(u"10000000000"_s));
    QVERIFY(timer.elapsed() < 2000);
    QCOMPARE(g.hub.lastId(), 0u);
}

void tst_GuardedTcpServer::bodyOver64KiB()
{
    Guarded g;
    const QByteArray body
        = R"({"channel":"news","type":"t","data":")" + QByteArray(70000, 'x') + "\"}";
    const Answer a = exchange(g.port(),
        "POST /api/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer token\r\n"
        "Content-Type: application/json\r\nContent-Length: "
            + QByteArray::number(body.size()) + "\r\n\r\n" + body);
    QCOMPARE(a.status, 413);
    QCOMPARE(g.hub.lastId(), 0u);
    QVERIFY(stillServing(g.port()));
}

void tst_GuardedTcpServer::slowRequestTimesOut()
{
    Guarded g;
    QElapsedTimer timer;
    timer.start();
    const Answer a = exchange(g.port(), "GET /api/health HTTP/1.1\r\nHost: x\r\n"); // never ends
    QCOMPARE(a.status, 408);
    QVERIFY(a.closed);
    QVERIFY(timer.elapsed() >= 250);
    // A body that trickles in too slowly is cut the same way.
    const Answer body = exchange(
        g.port(), "POST /api/events HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"half\":");
    QCOMPARE(body.status, 408);
}

void tst_GuardedTcpServer::quietStreamIsNeverTimedOut()
{
    Guarded g;
    SseTestClient stream;
    stream.open(g.port(), "/events");
    QTRY_VERIFY(stream.headComplete());
    QTest::qWait(800); // well past the request deadline
    QVERIFY(stream.isConnected());
    g.hub.publish(u"news"_s, u"t"_s, 1);
    QTRY_COMPARE(stream.events().size(), 1);
}

void tst_GuardedTcpServer::connectionCap()
{
    Guarded g(3);
    SseTestClient a, b, c;
    for (SseTestClient *s : { &a, &b, &c })
        s->open(g.port(), "/events");
    QTRY_COMPARE(g.broadcaster.clientCount(), 3);
    const Answer over = exchange(g.port(), "GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n");
    QCOMPARE(over.status, 503);
    QVERIFY(over.head.contains("Retry-After: 5"));
    // The streams already open are untouched.
    g.hub.publish(u"news"_s, u"t"_s, 1);
    for (SseTestClient *s : { &a, &b, &c })
        QTRY_COMPARE(s->events().size(), 1);
    a.close();
    QTRY_COMPARE(g.broadcaster.clientCount(), 2);
    QTRY_VERIFY(stillServing(g.port()));
}

void tst_GuardedTcpServer::malformed_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("message");
    QTest::addRow("TLS hello on the HTTP port")
        << QByteArray("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11) << 400
        << u"not an HTTP request"_s;
    QTest::addRow("binary garbage") << QByteArray(64, '\xff') << 400 << u"not an HTTP request"_s;
    QTest::addRow("no target") << QByteArray("GET\r\n\r\n") << 400 << u"not an HTTP request"_s;
    QTest::addRow("two words") << QByteArray("GET /\r\n\r\n") << 400 << u"request line"_s;
    QTest::addRow("HTTP/9.9") << QByteArray("GET / HTTP/9.9\r\n\r\n") << 400 << u"request line"_s;
    QTest::addRow("unknown method")
        << QByteArray("BREW /pot HTTP/1.1\r\nHost: x\r\n\r\n") << 405 << u"method BREW"_s;
    QTest::addRow("bad percent-encoding")
        << QByteArray("GET /events?channel=%zz HTTP/1.1\r\nHost: x\r\n\r\n") << 400
        << u"percent-encoded"_s;
    QTest::addRow("control byte in path")
        << QByteArray("GET /a\x01z HTTP/1.1\r\n\r\n") << 400 << u"percent-encoded"_s;
    QTest::addRow("relative target")
        << QByteArray("GET events HTTP/1.1\r\n\r\n") << 400 << u"percent-encoded"_s;
    QTest::addRow("header without colon")
        << QByteArray("GET / HTTP/1.1\r\nHost x\r\n\r\n") << 400 << u"header line"_s;
    QTest::addRow("chunked body") << QByteArray(
        "POST /api/events HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n")
                                  << 411 << u"Content-Length"_s;
    QTest::addRow("non-numeric length")
        << QByteArray("POST /api/events HTTP/1.1\r\nContent-Length: ten\r\n\r\n") << 400
        << u"Content-Length"_s;
    QTest::addRow("conflicting lengths") << QByteArray(
        "POST /api/events HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab")
                                         << 400 << u"Content-Length"_s;
    QTest::addRow("bad channel value")
        << QByteArray("GET /events?channel=a%0Ab HTTP/1.1\r\nHost: x\r\n\r\n") << 400
        << u"invalid channel"_s;
}

void tst_GuardedTcpServer::malformed()
{
    QFETCH(QByteArray, bytes);
    QFETCH(int, status);
    QFETCH(QString, message);
    Guarded g;
    const Answer a = exchange(g.port(), bytes);
    QCOMPARE(a.status, status);
    QVERIFY2(a.json.value(u"error"_s).toString().contains(message),
        qPrintable(a.json.value(u"error"_s).toString()));
    QVERIFY(a.closed);
    QVERIFY(stillServing(g.port()));
}

void tst_GuardedTcpServer::wrongTokensAreThrottled()
{
    Guarded g;
    qint64 now = 1000000;
    g.http.setClock([&now] { return now; });
    HttpTestClient http(g.http.baseUrl());
    const QByteArray body = R"({"channel":"news","type":"t","data":1})";
    for (int i = 0; i < 10; ++i)
        QCOMPARE(http.publish("wrong", body).status, 401);
    const auto throttled = http.publish("wrong", body);
    QCOMPARE(throttled.status, 429);
    QCOMPARE(throttled.header("Retry-After"), QByteArray("60"));
    // The address is throttled as a whole: guessing faster does not help, even when right.
    QCOMPARE(http.publish("token", body).status, 429);
    now += 30000;
    QCOMPARE(http.publish("token", body).header("Retry-After"), QByteArray("30"));
    now += 30000;
    QCOMPARE(http.publish("token", body).status, 201);
}

void tst_GuardedTcpServer::connectionsAreReleased()
{
    Guarded g;
    {
        std::vector<std::unique_ptr<SseTestClient>> streams;
        for (int i = 0; i < 20; ++i) {
            streams.push_back(std::make_unique<SseTestClient>());
            streams.back()->open(g.port(), "/events");
        }
        QTRY_COMPARE(g.broadcaster.clientCount(), 20);
        exchange(g.port(), QByteArray(30, '\x00'));
        exchange(g.port(), "GET /api/health HTTP/1.1\r\n\r\n");
        exchange(g.port(), "GET /api/health HTTP/1.1\r\n"); // times out
    }
    QTRY_COMPARE(g.broadcaster.clientCount(), 0);
    QTRY_COMPARE_WITH_TIMEOUT(g.http.openConnections(), 0, 5000);
}

QTEST_MAIN(tst_GuardedTcpServer)
#include "tst_guardedtcpserver.moc"
