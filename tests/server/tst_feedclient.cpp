#include "client/feedclient.h"
#include "http/httpserver.h"
#include "http/ssebroadcaster.h"
#include "hub/eventhub.h"
#include "testeventloop.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

// A real server on 127.0.0.1 that can be torn down and brought back on the same port.
struct Server
{
    explicit Server(quint16 port = 0, int retryMs = 50)
        : hub(1000)
        , broadcaster(&hub, options(retryMs))
        , http(&hub, &broadcaster, "token")
    {
        QString error;
        if (!http.listen(QHostAddress::LocalHost, port, &error))
            qFatal("listen failed: %s", qPrintable(error));
    }
    static SseBroadcaster::Options options(int retryMs)
    {
        SseBroadcaster::Options o;
        o.retryMs = retryMs;
        return o;
    }
    void publish(const QString &channel, int n)
    {
        hub.publish(channel, u"t"_s, QJsonObject { { u"n"_s, n } });
    }

    EventHub hub;
    SseBroadcaster broadcaster;
    HttpServer http;
};

QByteArrayList idsOf(const QSignalSpy &spy)
{
    QByteArrayList ids;
    for (const QList<QVariant> &args : spy)
        ids << args.at(0).value<SseEvent>().id.value_or(QByteArray());
    return ids;
}

} // namespace

class tst_FeedClient final : public QObject
{
    Q_OBJECT

public:
    static void initMain() { useTestEventLoop(); }

private Q_SLOTS:
    void receivesEventsOnItsChannels();
    void reconnectsAfterServerClosesAndResumesWithoutLossOrDuplicates();
    void survivesServerRestart();
    void httpErrorIsReportedAndRetried();
    void noContentStopsReconnecting();
    void heartbeatsAreReported();
    void snapshotFirstThenTheStreamFromItsLastId();
    void snapshotIsFetchedOncePerStart();
    void snapshotWaitsForAServerThatIsDown();
    void badSnapshotIsReportedAndRetried_data();
    void badSnapshotIsReportedAndRetried();
};

void tst_FeedClient::receivesEventsOnItsChannels()
{
    Server server;
    FeedClient client;
    client.setBaseUrl(server.http.baseUrl());
    client.setChannels({ u"news"_s, u"match-1"_s });
    QCOMPARE(client.streamUrl().toString(),
        server.http.baseUrl().toString() + u"events?channel=news&channel=match-1"_s);
    QSignalSpy events(&client, &FeedClient::eventReceived);
    QSignalSpy states(&client, &FeedClient::stateChanged);
    client.start();
    QTRY_COMPARE(client.state(), FeedClient::State::Open);
    QCOMPARE(states.first().at(0).value<FeedClient::State>(), FeedClient::State::Connecting);

    server.publish(u"news"_s, 1);
    server.publish(u"other"_s, 2);
    server.publish(u"match-1"_s, 3);
    QTRY_COMPARE(idsOf(events), (QByteArrayList { "1", "3" }));
    const SseEvent first = events.first().at(0).value<SseEvent>();
    QCOMPARE(first.type, QByteArray("t"));
    QCOMPARE(first.data, QByteArray(R"({"n":1})"));
    QCOMPARE(client.lastEventId(), QByteArray("3"));
    QCOMPARE(client.retryMs(), 50);
}

void tst_FeedClient::reconnectsAfterServerClosesAndResumesWithoutLossOrDuplicates()
{
    Server server;
    FeedClient client;
    client.setBaseUrl(server.http.baseUrl());
    QSignalSpy events(&client, &FeedClient::eventReceived);
    client.start();
    QTRY_COMPARE(server.broadcaster.clientCount(), 1);
    server.publish(u"news"_s, 1);
    server.publish(u"news"_s, 2);
    QTRY_COMPARE(events.count(), 2);

    for (int round = 0; round < 3; ++round) {
        server.broadcaster.closeAll();
        QTRY_COMPARE(server.broadcaster.clientCount(), 0);
        // Published while the client is away: it must get these on resume.
        server.publish(u"news"_s, 0);
        server.publish(u"news"_s, 0);
        QTRY_COMPARE(server.broadcaster.clientCount(), 1);
        server.publish(u"news"_s, 0);
    }
    QTRY_COMPARE(events.count(), 11);
    QByteArrayList expected;
    for (int i = 1; i <= 11; ++i)
        expected << QByteArray::number(i);
    QCOMPARE(idsOf(events), expected);
    QCOMPARE(client.connectCount(), 4);
}

void tst_FeedClient::survivesServerRestart()
{
    auto server = std::make_unique<Server>();
    const quint16 port = server->http.port();
    FeedClient client;
    client.setDefaultRetryMs(50);
    client.setBaseUrl(server->http.baseUrl());
    QSignalSpy events(&client, &FeedClient::eventReceived);
    QSignalSpy errors(&client, &FeedClient::errorOccurred);
    client.start();
    QTRY_COMPARE(client.state(), FeedClient::State::Open);
    server->publish(u"news"_s, 1);
    QTRY_COMPARE(events.count(), 1);

    server.reset();
    QTRY_COMPARE(client.state(), FeedClient::State::Reconnecting);
    QTRY_VERIFY(errors.count() >= 1); // connection refused while it is down

    server = std::make_unique<Server>(port);
    // A fresh server has never heard of id 1 beyond its own history: the client is told to
    // resync, and then it is live again.
    QTRY_COMPARE_WITH_TIMEOUT(client.state(), FeedClient::State::Open, 10000);
    QTRY_COMPARE(events.count(), 2);
    QCOMPARE(events.last().at(0).value<SseEvent>().type, QByteArray("resync"));
    server->publish(u"news"_s, 2);
    QTRY_COMPARE(events.count(), 3);
}

void tst_FeedClient::httpErrorIsReportedAndRetried()
{
    Server server;
    FeedClient client;
    client.setDefaultRetryMs(20);
    client.setBaseUrl(server.http.baseUrl().resolved(QUrl(u"/nope/"_s)));
    QSignalSpy errors(&client, &FeedClient::errorOccurred);
    client.start();
    QTRY_VERIFY(errors.count() >= 2); // it kept trying, backing off
    QVERIFY(errors.first().at(0).toString().contains(u"HTTP 404"_s));
    QCOMPARE(client.state(), FeedClient::State::Reconnecting);
    client.stop();
    QCOMPARE(client.state(), FeedClient::State::Stopped);
}

void tst_FeedClient::noContentStopsReconnecting()
{
    // 204 is how a server says "do not reconnect"; a bare socket answers with it.
    QTcpServer raw;
    QVERIFY(raw.listen(QHostAddress::LocalHost));
    int requests = 0;
    connect(&raw, &QTcpServer::newConnection, this, [&] {
        QTcpSocket *socket = raw.nextPendingConnection();
        ++requests;
        connect(socket, &QIODevice::readyRead, socket, [socket] {
            socket->readAll();
            socket->write("HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n");
            socket->disconnectFromHost();
        });
    });
    FeedClient client;
    client.setDefaultRetryMs(10);
    QUrl url(u"http://127.0.0.1/"_s);
    url.setPort(raw.serverPort());
    client.setBaseUrl(url);
    client.start();
    QTRY_COMPARE(client.state(), FeedClient::State::Stopped);
    // Stopped for good: no reconnect is scheduled and no request is open, so none can follow.
    QVERIFY(!client.reconnectPending());
    QCOMPARE(client.connectCount(), 1);
    QCOMPARE(requests, 1);
}

void tst_FeedClient::heartbeatsAreReported()
{
    SseBroadcaster::Options options;
    options.heartbeat = std::chrono::milliseconds(50);
    EventHub hub(10);
    SseBroadcaster broadcaster(&hub, options);
    HttpServer http(&hub, &broadcaster, "token");
    QString error;
    QVERIFY(http.listen(QHostAddress::LocalHost, 0, &error));
    FeedClient client;
    client.setBaseUrl(http.baseUrl());
    QSignalSpy beats(&client, &FeedClient::heartbeat);
    client.start();
    QTRY_VERIFY(beats.count() >= 2);
}

void tst_FeedClient::snapshotFirstThenTheStreamFromItsLastId()
{
    Server server;
    server.publish(u"news"_s, 1);
    server.publish(u"match-1"_s, 2);
    FeedClient client;
    client.setBaseUrl(server.http.baseUrl());
    client.setChannels({ u"news"_s });
    client.setSnapshotFirst(true);
    QCOMPARE(client.stateUrl().toString(),
        server.http.baseUrl().toString() + u"api/state?channel=news"_s);
    // What arrives, in order: the snapshot's lastId, then the ids of the stream.
    QByteArrayList seen;
    connect(&client, &FeedClient::snapshotReceived, this, [&seen](const QJsonObject &state) {
        seen << "snapshot@" + state.value(u"lastId"_s).toString().toUtf8();
    });
    connect(&client, &FeedClient::eventReceived, this,
        [&seen](const SseEvent &event) { seen << event.id.value_or(QByteArray()); });
    client.start();
    QTRY_COMPARE(client.state(), FeedClient::State::Open);
    QCOMPARE(client.lastEventId(), QByteArray("2"));

    server.publish(u"news"_s, 3);
    // The events before the snapshot are in it, not replayed; the one after it comes live.
    QTRY_COMPARE(seen, (QByteArrayList { "snapshot@2", "3" }));
    QCOMPARE(client.connectCount(), 1);
}

void tst_FeedClient::snapshotIsFetchedOncePerStart()
{
    Server server;
    FeedClient client;
    client.setBaseUrl(server.http.baseUrl());
    client.setSnapshotFirst(true);
    QSignalSpy snapshots(&client, &FeedClient::snapshotReceived);
    QSignalSpy events(&client, &FeedClient::eventReceived);
    client.start();
    QTRY_COMPARE(server.broadcaster.clientCount(), 1);
    QCOMPARE(snapshots.count(), 1);
    QCOMPARE(snapshots.first().at(0).toJsonObject().value(u"lastId"_s).toString(), u"0"_s);

    // A stream that ends resumes from its last id, as an EventSource does: no new snapshot.
    server.broadcaster.closeAll();
    QTRY_COMPARE(server.broadcaster.clientCount(), 0);
    server.publish(u"news"_s, 1);
    QTRY_COMPARE(server.broadcaster.clientCount(), 1);
    QTRY_COMPARE(idsOf(events), (QByteArrayList { "1" }));
    QCOMPARE(snapshots.count(), 1);

    // A new start() is a page loaded again: the present first.
    client.start();
    QTRY_COMPARE(snapshots.count(), 2);
    QCOMPARE(snapshots.last().at(0).toJsonObject().value(u"lastId"_s).toString(), u"1"_s);
    QTRY_COMPARE(client.state(), FeedClient::State::Open);
    QCOMPARE(idsOf(events), (QByteArrayList { "1" }));
}

void tst_FeedClient::snapshotWaitsForAServerThatIsDown()
{
    quint16 port = 0;
    {
        Server probe;
        port = probe.http.port();
    }
    FeedClient client;
    client.setDefaultRetryMs(20);
    QUrl url(u"http://127.0.0.1/"_s);
    url.setPort(port);
    client.setBaseUrl(url);
    client.setSnapshotFirst(true);
    QSignalSpy snapshots(&client, &FeedClient::snapshotReceived);
    QSignalSpy errors(&client, &FeedClient::errorOccurred);
    client.start();
    QTRY_VERIFY(errors.count() >= 2);
    QVERIFY(errors.first().at(0).toString().contains(u"state snapshot could not be fetched"_s));
    QCOMPARE(client.state(), FeedClient::State::Reconnecting);
    QCOMPARE(client.connectCount(), 0); // no stream without its snapshot

    Server server(port);
    server.publish(u"news"_s, 1);
    QTRY_COMPARE_WITH_TIMEOUT(client.state(), FeedClient::State::Open, 10000);
    QCOMPARE(snapshots.count(), 1);
    QCOMPARE(client.lastEventId(), QByteArray("1"));
}

void tst_FeedClient::badSnapshotIsReportedAndRetried_data()
{
    QTest::addColumn<QByteArray>("response");
    QTest::addColumn<QString>("error");
    const auto ok = [](const QByteArray &body) -> QByteArray {
        return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
            + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
    };
    QTest::addRow("server error") << QByteArray(
        "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 2\r\n"
        "Connection: close\r\n\r\n{}")
                                  << u"answered HTTP 500"_s;
    QTest::addRow("not JSON") << ok("<html>proxy login</html>") << u"not a state document"_s;
    QTest::addRow("JSON without lastId") << ok(R"({"recent":[]})") << u"no decimal"_s;
    QTest::addRow("lastId not decimal") << ok(R"({"lastId":"x1"})") << u"no decimal"_s;
}

void tst_FeedClient::badSnapshotIsReportedAndRetried()
{
    QFETCH(QByteArray, response);
    QFETCH(QString, error);
    QTcpServer raw;
    QVERIFY(raw.listen(QHostAddress::LocalHost));
    QByteArrayList requestLines;
    connect(&raw, &QTcpServer::newConnection, this, [&] {
        QTcpSocket *socket = raw.nextPendingConnection();
        connect(socket, &QIODevice::readyRead, socket, [socket, &requestLines, response] {
            requestLines << socket->readAll().split('\r').constFirst();
            socket->write(response);
            socket->disconnectFromHost();
        });
    });
    FeedClient client;
    client.setDefaultRetryMs(10);
    QUrl url(u"http://127.0.0.1/"_s);
    url.setPort(raw.serverPort());
    client.setBaseUrl(url);
    client.setSnapshotFirst(true);
    QSignalSpy snapshots(&client, &FeedClient::snapshotReceived);
    QSignalSpy errors(&client, &FeedClient::errorOccurred);
    client.start();
    QTRY_VERIFY(errors.count() >= 2); // it kept asking, backing off
    QVERIFY2(errors.first().at(0).toString().contains(error),
        qPrintable(errors.first().at(0).toString()));
    QCOMPARE(snapshots.count(), 0);
    // Never a stream from an unknown point: every request was for the snapshot.
    for (const QByteArray &line : std::as_const(requestLines))
        QCOMPARE(line, QByteArray("GET /api/state HTTP/1.1"));
    QCOMPARE(client.connectCount(), 0);
    client.stop();
    QCOMPARE(client.state(), FeedClient::State::Stopped);
}

QTEST_MAIN(tst_FeedClient)
#include "tst_feedclient.moc"
