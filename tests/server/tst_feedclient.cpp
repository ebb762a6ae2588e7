#include "hub/eventhub.h"
#include "client/feedclient.h"
#include "http/httpserver.h"
#include "http/ssebroadcaster.h"
#include "testeventloop.h"

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
    QTest::qWait(100);
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

QTEST_MAIN(tst_FeedClient)
#include "tst_feedclient.moc"
