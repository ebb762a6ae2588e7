#include "connectionserver.h"
#include "host/serverhost.h"
#include "http/httpserver.h"
#include "http/ssebroadcaster.h"
#include "hub/eventhub.h"
#include "protocol/wsframe.h"
#include "testeventloop.h"
#include "testhost.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QWebSocket>

#include <memory>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace {

struct Server
{
    explicit Server(const SseBroadcaster::Options &options = defaults())
        : hub(100)
        , broadcaster(&hub, options)
        , http(&hub, &broadcaster, "token")
    {
        QString error;
        if (!http.listen(QHostAddress::LocalHost, 0, &error))
            qFatal("%s", qPrintable(error));
    }
    static SseBroadcaster::Options defaults()
    {
        SseBroadcaster::Options o;
        o.heartbeat = 60s; // no pings unless a test asks for them
        return o;
    }
    QUrl ws(const QString &query = {}) const
    {
        return QUrl(u"ws://127.0.0.1:%1/ws%2"_s.arg(http.port()).arg(query));
    }
    void publish(const QString &channel, int n)
    {
        hub.publish(channel, u"t"_s, QJsonObject { { u"n"_s, n } });
    }

    EventHub hub;
    SseBroadcaster broadcaster;
    HttpServer http;
};

// Qt's own WebSocket client, and every text frame it got, parsed.
struct Client
{
    QWebSocket socket;
    QList<QJsonObject> frames;
    bool closed = false;

    explicit Client(const QUrl &url)
    {
        QObject::connect(
            &socket, &QWebSocket::textMessageReceived, &socket, [this](const QString &text) {
                frames.append(QJsonDocument::fromJson(text.toUtf8()).object());
            });
        QObject::connect(&socket, &QWebSocket::disconnected, &socket, [this] { closed = true; });
        socket.open(url);
    }
    bool open()
    {
        return QTest::qWaitFor([this] { return socket.isValid(); }, 5000);
    }
    QList<int> numbers() const
    {
        QList<int> out;
        for (const QJsonObject &frame : frames) {
            if (frame.contains(u"id"_s) && frame.value(u"type"_s) == u"t"_s)
                out.append(frame.value(u"data"_s).toObject().value(u"n"_s).toInt());
        }
        return out;
    }
    bool acknowledged(int count) const
    {
        return std::count_if(frames.cbegin(), frames.cend(), [](const QJsonObject &f) {
            return f.contains(u"channels"_s);
        }) >= count;
    }
};

// An answer to a handshake sent by hand: the status line and the body.
QByteArray handshake(quint16 port, const QByteArray &head)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(5000))
        return {};
    socket.write("GET " + head + "\r\n\r\n");
    QByteArray answer;
    const bool whole = QTest::qWaitFor(
        [&] {
            answer += socket.readAll();
            return answer.contains("\r\n\r\n") && answer.endsWith('}');
        },
        5000);
    return whole ? answer : answer + "\n(incomplete)";
}

} // namespace

// GET /ws against Qt's WebSocket client (and raw sockets for what a polite client never
// does): the same hub, ids, channels, window and limits as /events.
class tst_WebSocket final : public QObject
{
    Q_OBJECT

public:
    static void initMain() { useTestEventLoop(); }

private Q_SLOTS:
    void eachEventIsOneTextFrame();
    void channelsAndTheWindowAsOnEvents();
    void resumesAfterAServerRestartWithNoGapOrDuplicate();
    void subscribeAndUnsubscribeMidStream();
    void unsubscribingFromEveryChannel();
    void badCommandsGetAnErrorAndACloseCode_data();
    void badCommandsGetAnErrorAndACloseCode();
    void badUpgradesAreRefused_data();
    void badUpgradesAreRefused();
    void aClientThatAnswersNoPingIsClosed();
    void aClientThatStopsReadingIsDroppedAtTheCap();
    void resyncWhenTheWindowNoLongerHoldsIt();
    void metricsCountEachTransport();
};

void tst_WebSocket::eachEventIsOneTextFrame()
{
    Server server;
    Client client(server.ws());
    QVERIFY(client.open());
    QTRY_COMPARE(server.broadcaster.clientCount(), 1);
    server.hub.publish(u"news"_s, u"news-flash"_s, QJsonObject { { u"headline"_s, u"GOAL"_s } });
    server.hub.publish(u"news"_s, u"commentary"_s, u"What a strike!"_s);
    QTRY_COMPARE(client.frames.size(), 2);
    QJsonObject first = client.frames.at(0);
    // When it was stored, in UTC with milliseconds, as /api/state gives it.
    const QDateTime stored
        = QDateTime::fromString(first.take(u"time"_s).toString(), Qt::ISODateWithMs);
    QVERIFY(stored.isValid());
    QCOMPARE(stored.timeSpec(), Qt::UTC);
    QVERIFY(qAbs(stored.msecsTo(QDateTime::currentDateTimeUtc())) < 60000);
    QCOMPARE(first,
        (QJsonObject { { u"id"_s, u"1"_s }, { u"channel"_s, u"news"_s },
            { u"type"_s, u"news-flash"_s },
            { u"data"_s, QJsonObject { { u"headline"_s, u"GOAL"_s } } } }));
    QCOMPARE(client.frames.at(1).value(u"data"_s).toString(), u"What a strike!"_s);
}

void tst_WebSocket::channelsAndTheWindowAsOnEvents()
{
    Server server;
    for (int n = 1; n <= 5; ++n)
        server.publish(n % 2 ? u"a"_s : u"b"_s, n);
    Client client(server.ws(u"?channel=a&lastEventId=1"_s));
    QVERIFY(client.open());
    QTRY_COMPARE(client.numbers(), (QList<int> { 3, 5 })); // from the window, channel a only
    server.publish(u"b"_s, 6);
    server.publish(u"a"_s, 7);
    QTRY_COMPARE(client.numbers(), (QList<int> { 3, 5, 7 }));
}

void tst_WebSocket::resumesAfterAServerRestartWithNoGapOrDuplicate()
{
    QTemporaryDir dir;
    auto host = startHost(dir.path());
    const auto publish = [&host](int n) {
        QSignalSpy done(host.get(), &ServerHost::published);
        host->publish(u"news"_s, u"t"_s, QJsonObject { { u"n"_s, n } }, nullptr, {});
        return done.wait(5000);
    };
    QVERIFY(publish(1) && publish(2));
    auto client
        = std::make_unique<Client>(QUrl(u"ws://127.0.0.1:%1/ws"_s.arg(host->baseUrl().port())));
    QVERIFY(client->open());
    QVERIFY(publish(3));
    QTRY_COMPARE(client->numbers(), QList<int> { 3 });
    const QString last = client->frames.last().value(u"id"_s).toString();

    ServerConfig config = host->config();
    config.port = quint16(host->baseUrl().port());
    host->stop();
    QTRY_VERIFY(client->closed);
    QCOMPARE(client->socket.closeCode(), QWebSocketProtocol::CloseCodeGoingAway);
    QString error;
    QVERIFY2(host->restart(config, &error), qPrintable(error));
    QVERIFY(publish(4) && publish(5));
    // The client comes back (as a page would) with the last id it had.
    Client resumed(QUrl(u"ws://127.0.0.1:%1/ws?lastEventId=%2"_s.arg(config.port).arg(last)));
    QVERIFY(resumed.open());
    QTRY_COMPARE(resumed.numbers(), (QList<int> { 4, 5 }));
    QVERIFY(publish(6));
    QTRY_COMPARE(resumed.numbers(), (QList<int> { 4, 5, 6 }));
    client.reset();
    host->stop();
}

void tst_WebSocket::subscribeAndUnsubscribeMidStream()
{
    Server server;
    Client client(server.ws(u"?channel=a"_s));
    QVERIFY(client.open());
    QTRY_COMPARE(server.broadcaster.clientCount(), 1);
    server.publish(u"a"_s, 1);
    server.publish(u"b"_s, 2);
    client.socket.sendTextMessage(uR"({"subscribe":["b"]})"_s);
    QTRY_VERIFY(client.acknowledged(1));
    QCOMPARE(client.frames.last().value(u"channels"_s).toArray(), (QJsonArray { u"a"_s, u"b"_s }));
    server.publish(u"a"_s, 3);
    server.publish(u"b"_s, 4);
    client.socket.sendTextMessage(uR"({"unsubscribe":["a"]})"_s);
    QTRY_VERIFY(client.acknowledged(2));
    server.publish(u"a"_s, 5);
    server.publish(u"b"_s, 6);
    // a until it was left, b from when it was joined: nothing lost or repeated on either.
    QTRY_COMPARE(client.numbers(), (QList<int> { 1, 3, 4, 6 }));
}

void tst_WebSocket::unsubscribingFromEveryChannel()
{
    Server server;
    server.publish(u"a"_s, 1);
    server.publish(u"b"_s, 2);
    Client client(server.ws());
    QVERIFY(client.open());
    // A stream of every channel keeps the ones there are now, less those it leaves.
    client.socket.sendTextMessage(uR"({"unsubscribe":["a"]})"_s);
    QTRY_VERIFY(client.acknowledged(1));
    QCOMPARE(client.frames.last().value(u"channels"_s).toArray(), QJsonArray { u"b"_s });
    client.socket.sendTextMessage(uR"({"unsubscribe":["b"]})"_s);
    QTRY_VERIFY(client.acknowledged(2));
    QCOMPARE(client.frames.last().value(u"channels"_s).toArray(), QJsonArray {});
    server.publish(u"a"_s, 3);
    server.publish(u"b"_s, 4);
    client.socket.sendTextMessage(uR"({"subscribe":["b"]})"_s);
    QTRY_VERIFY(client.acknowledged(3));
    server.publish(u"b"_s, 5);
    QTRY_COMPARE(client.numbers(), QList<int> { 5 });
}

void tst_WebSocket::badCommandsGetAnErrorAndACloseCode_data()
{
    QTest::addColumn<QByteArray>("message");
    QTest::addColumn<bool>("binary");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("error");
    QTest::newRow("unknown command")
        << QByteArray(R"({"publish":["x"]})") << false << 1008 << u"unknown command"_s;
    QTest::newRow("two commands at once")
        << QByteArray(R"({"subscribe":["a"],"unsubscribe":["b"]})") << false << 1008
        << u"unknown command"_s;
    QTest::newRow("not a list") << QByteArray(R"({"subscribe":"news"})") << false << 1008
                                << u"unknown command"_s;
    QTest::newRow("not JSON") << QByteArray("subscribe news") << false << 1008 << u"JSON object"_s;
    QTest::newRow("invalid channel") << QByteArray(R"({"subscribe":["News Desk!"]})") << false
                                     << 1008 << u"invalid channel name \"News Desk!\""_s;
    QTest::newRow("a number for a channel")
        << QByteArray(R"({"subscribe":[7]})") << false << 1008 << u"invalid channel name 7"_s;
    QTest::newRow("binary") << QByteArray(R"({"subscribe":["a"]})") << true << 1003 << u"binary"_s;
    QTest::newRow("over 4 KiB") << QByteArray(R"({"subscribe":[")") + QByteArray(5000, 'a')
            + QByteArray(R"("]})")
                                << false << 1008 << u"4096 bytes"_s;
}

void tst_WebSocket::badCommandsGetAnErrorAndACloseCode()
{
    QFETCH(QByteArray, message);
    QFETCH(bool, binary);
    QFETCH(int, code);
    QFETCH(QString, error);
    Server server;
    Client client(server.ws());
    QVERIFY(client.open());
    if (binary)
        client.socket.sendBinaryMessage(message);
    else
        client.socket.sendTextMessage(QString::fromUtf8(message));
    QTRY_VERIFY(client.closed);
    QCOMPARE(int(client.socket.closeCode()), code);
    QCOMPARE(client.frames.size(), 1); // one error frame, then the close
    const QString said = client.frames.first().value(u"error"_s).toString();
    QVERIFY2(said.contains(error), qPrintable(said));
    // The server goes on serving everyone else.
    Client next(server.ws());
    QVERIFY(next.open());
    server.publish(u"a"_s, 1);
    QTRY_COMPARE(next.numbers(), QList<int> { 1 });
}

void tst_WebSocket::badUpgradesAreRefused_data()
{
    QTest::addColumn<QByteArray>("head");
    QTest::addColumn<QByteArray>("status");
    QTest::addColumn<QByteArray>("reason");
    const QByteArray good = "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                            "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
                            "dGhlIHNhbXBsZSBub25jZQ==";
    QTest::newRow("plain GET") << QByteArray("/ws HTTP/1.1\r\nHost: x") << QByteArray("426")
                               << QByteArray("Upgrade: websocket");
    QTest::newRow("version 8")
        << QByteArray("/ws HTTP/1.1\r\nHost: x\r\n" + good).replace("Version: 13", "Version: 8")
        << QByteArray("426") << QByteArray("version 13");
    QTest::newRow("bad key") << QByteArray("/ws HTTP/1.1\r\nHost: x\r\n" + good)
                                    .replace("dGhlIHNhbXBsZSBub25jZQ==", "short")
                             << QByteArray("400") << QByteArray("Sec-WebSocket-Key");
    QTest::newRow("bad channel") << QByteArray("/ws?channel=A%20B HTTP/1.1\r\nHost: x\r\n" + good)
                                 << QByteArray("400") << QByteArray("channel");
}

void tst_WebSocket::badUpgradesAreRefused()
{
    QFETCH(QByteArray, head);
    QFETCH(QByteArray, status);
    QFETCH(QByteArray, reason);
    Server server;
    const QByteArray answer = handshake(server.http.port(), head);
    QVERIFY2(answer.startsWith(QByteArray("HTTP/1.1 " + status)), answer.constData());
    QVERIFY2(answer.contains(reason), answer.constData());
    QCOMPARE(server.broadcaster.clientCount(), 0);
}

void tst_WebSocket::aClientThatAnswersNoPingIsClosed()
{
    SseBroadcaster::Options options = Server::defaults();
    options.heartbeat = 100ms;
    Server server(options);
    // A raw client: it upgrades, then never answers anything.
    QTcpSocket raw;
    raw.connectToHost(QHostAddress::LocalHost, server.http.port());
    QVERIFY(raw.waitForConnected(5000));
    raw.write("GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
              "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n");
    QByteArray got;
    QTRY_VERIFY(
        (got += raw.readAll()).contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo="));
    // Qt's client answers pings by itself, and stays.
    Client polite(server.ws());
    QVERIFY(polite.open());
    QTRY_COMPARE(server.broadcaster.clientCount(), 2);
    QTRY_VERIFY_WITH_TIMEOUT(raw.state() == QAbstractSocket::UnconnectedState
            || (raw.waitForReadyRead(50), raw.state() == QAbstractSocket::UnconnectedState),
        5000);
    QVERIFY((got += raw.readAll()).contains(WsFrame::ping()));
    QTest::qWait(400);
    QVERIFY(polite.socket.isValid());
    QCOMPARE(server.broadcaster.clientCount(), 1);
}

void tst_WebSocket::aClientThatStopsReadingIsDroppedAtTheCap()
{
    SseBroadcaster::Options options = Server::defaults();
    options.slowClientCap = 64 * 1024;
    Server server(options);
    ConnectionServer unused; // for its raw peer helpers only
    Q_UNUSED(unused)
    const int peer = ::socket(AF_INET, SOCK_STREAM, 0);
    const int small = 4096;
    ::setsockopt(peer, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_port = htons(server.http.port());
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    QCOMPARE(::connect(peer, reinterpret_cast<const sockaddr *>(&address), sizeof address), 0);
    const QByteArray upgrade
        = "GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n";
    QCOMPARE(::send(peer, upgrade.constData(), size_t(upgrade.size()), 0), upgrade.size());
    QTRY_COMPARE(server.broadcaster.clientCount(), 1);
    // It never reads: the kernel's buffers fill, then its queue, then it is dropped.
    const QString big(8000, u'x');
    for (int n = 0; n < 400 && server.broadcaster.clientCount() == 1; ++n) {
        server.hub.publish(u"news"_s, u"t"_s, big);
        QTest::qWait(1);
    }
    QTRY_COMPARE(server.broadcaster.clientCount(), 0);
    QCOMPARE(server.broadcaster.slowClientsDropped(), 1u);
    ::close(peer);
}

void tst_WebSocket::resyncWhenTheWindowNoLongerHoldsIt()
{
    Server server; // a window of 100
    for (int n = 1; n <= 150; ++n)
        server.publish(u"a"_s, n);
    Client client(server.ws(u"?lastEventId=3"_s));
    QVERIFY(client.open());
    QTRY_VERIFY(!client.frames.isEmpty());
    const QJsonObject resync = client.frames.first();
    QCOMPARE(resync.value(u"type"_s).toString(), u"resync"_s);
    QCOMPARE(resync.value(u"id"_s).toString(), u"150"_s);
    QCOMPARE(resync.value(u"data"_s).toObject().value(u"lastId"_s).toString(), u"150"_s);
    server.publish(u"a"_s, 151);
    QTRY_COMPARE(client.numbers(), QList<int> { 151 });
}

void tst_WebSocket::metricsCountEachTransport()
{
    Server server;
    Client client(server.ws());
    QVERIFY(client.open());
    QTRY_COMPARE(server.broadcaster.webSocketCount(), 1);
    const QByteArray answer
        = handshake(server.http.port(), "/metrics HTTP/1.1\r\nHost: x\r\nConnection: close");
    QVERIFY2(
        answer.contains("livedesk_subscribers{transport=\"websocket\"} 1"), answer.constData());
    QVERIFY(answer.contains("livedesk_subscribers{transport=\"sse\"} 0"));
    const QList<SseBroadcaster::ClientInfo> clients = server.broadcaster.clients();
    QCOMPARE(clients.size(), 1);
    QVERIFY(clients.first().webSocket);
}

QTEST_GUILESS_MAIN(tst_WebSocket)
#include "tst_websocket.moc"
