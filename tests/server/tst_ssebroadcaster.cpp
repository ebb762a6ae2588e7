#include "connectionserver.h"
#include "http/ssebroadcaster.h"
#include "hub/eventhub.h"
#include "publishwaiter.h"
#include "ssetestclient.h"
#include "testeventloop.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>

#include <memory>
#include <optional>
#include <stdexcept>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace {

// A hub and a broadcaster with a plain QTcpServer in front: each subscriber is a raw
// SseTestClient whose accepted socket the test hands to adopt(), as HttpServer does after a
// valid GET /events. The broadcaster's clock is the test's (`now`).
struct Fixture
{
    explicit Fixture(int replay = 100, const SseBroadcaster::Options &options = defaults())
        : hub(replay)
        , broadcaster(std::make_unique<SseBroadcaster>(&hub, options))
    {
        broadcaster->setClock([this] { return clock(); });
        if (!server.listen(QHostAddress::LocalHost, 0))
            qFatal("listen failed: %s", qPrintable(server.errorString()));
    }
    static SseBroadcaster::Options defaults()
    {
        SseBroadcaster::Options o;
        o.heartbeat = 60s; // the real timer (every 15 s) never fires during a test
        o.retryMs = 1500;
        return o;
    }

    qint64 clock()
    {
        if (clockBudget >= 0 && --clockBudget < 0)
            throw std::runtime_error("the broadcaster read the clock too often: it is spinning");
        return now;
    }

    // Opens `client` (stalled: it never reads) and adopts the accepted socket.
    bool subscribe(SseTestClient &client, const EventHub::ChannelSet &channels = {},
        std::optional<quint64> lastEventId = std::nullopt, bool heartbeatEvents = false,
        bool stalled = false)
    {
        if (stalled)
            client.openStalled(server.serverPort());
        else
            client.open(server.serverPort());
        if (!QTest::qWaitFor([this] { return server.hasPendingConnections(); }, 5000))
            return false;
        HttpConnection *socket = server.nextConnection();
        if (stalled) // keep the kernel from absorbing much on the server's side either
            ConnectionServer::setSendBuffer(socket, 4096);
        broadcaster->adopt(socket, channels, lastEventId, heartbeatEvents);
        return true;
    }

    HubEventPtr publish(const QString &channel, const QJsonValue &data = QJsonObject {},
        const QString &type = u"t"_s)
    {
        return PublishWaiter::publish(hub, channel, type, data).event;
    }

    EventHub hub;
    std::unique_ptr<SseBroadcaster> broadcaster;
    ConnectionServer server;
    qint64 now = 1000;
    qint64 clockBudget = -1; // >= 0: how many more clock reads before the guard throws
};

// A subscriber that does not read until told to: until then its kernel buffers fill and the
// server's queue for it grows, as for a phone that lost signal and then came back.
struct LateReader
{
    QTcpSocket socket;
    SseParser parser;
    QByteArray head;
    QList<SseEvent> events;

    // The kernel's buffers keep their usual size: a receive window smaller than loopback's
    // 64 KiB segments would leave TCP sending by its persist timer once reading resumes.
    void open(quint16 port)
    {
        socket.setReadBufferSize(1024);
        socket.connectToHost(QHostAddress::LocalHost, port);
        socket.write("GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    }
    void startReading()
    {
        socket.setReadBufferSize(0);
        QObject::connect(&socket, &QIODevice::readyRead, &socket, [this] { read(); });
        read();
    }
    void read()
    {
        QByteArray bytes = socket.readAll();
        if (!head.endsWith("\r\n\r\n")) {
            head += bytes;
            const qsizetype end = head.indexOf("\r\n\r\n");
            if (end < 0)
                return;
            bytes = head.sliced(end + 4);
            head.truncate(end + 4);
        }
        events += parser.feed(bytes);
    }
    qint64 comments() const { return parser.commentCount(); }
    QByteArrayList ids() const
    {
        QByteArrayList out;
        for (const SseEvent &e : events)
            out << e.id.value_or(QByteArray());
        return out;
    }
};

QByteArrayList types(const SseTestClient &client)
{
    QByteArrayList out;
    for (const SseEvent &e : client.events())
        out << e.type;
    return out;
}

QByteArrayList ids(quint64 from, quint64 to)
{
    QByteArrayList out;
    for (quint64 id = from; id <= to; ++id)
        out << QByteArray::number(id);
    return out;
}

} // namespace

class tst_SseBroadcaster final : public QObject
{
    Q_OBJECT

public:
    static void initMain() { useTestEventLoop(); }

private Q_SLOTS:
    void responseHeadAndRetry();
    void clientsDescribesEachStream();
    void liveFanOutByChannel();
    void withoutLastEventIdOnlyLiveEvents();
    void catchUp_data();
    void catchUp();
    void catchUpOfALargeBacklogThenLive();
    void catchUpWithoutAWindowGoesLive();
    void resyncOnGap_data();
    void resyncOnGap();
    void resyncUsesTheSnapshotProvider();
    void heartbeatsWithInjectedClock();
    void heartbeatEventsForPages();
    void slowClientIsDroppedAtTheCap();
    void catchUpStaysWithinASmallCap();
    void catchUpWithASmallCapDeliversEverything();
    void disconnectClient();
    void peerLeavingReleasesTheStream();
    void closeAll();
    void clientCountChangedIsCoalesced();
    void destroyingTheBroadcasterClosesStreams();
};

void tst_SseBroadcaster::responseHeadAndRetry()
{
    Fixture f;
    SseTestClient client;
    QVERIFY(f.subscribe(client));
    QTRY_VERIFY(client.headComplete());
    QCOMPARE(client.status(), 200);
    QCOMPARE(client.head(),
        QByteArray("HTTP/1.1 200 OK\r\n"
                   "Content-Type: text/event-stream\r\n"
                   "Cache-Control: no-cache\r\n"
                   "X-Accel-Buffering: no\r\n"
                   "Access-Control-Allow-Origin: *\r\n"
                   "X-Content-Type-Options: nosniff\r\n"));
    QTRY_COMPARE(client.body(), QByteArray("retry: 1500\n\n"));
    QTRY_COMPARE(client.retryMs(), 1500);
    QCOMPARE(client.events().size(), 0);
    QCOMPARE(client.comments(), 0);
    QCOMPARE(f.broadcaster->clientCount(), 1);
    QCOMPARE(f.broadcaster->heartbeatInterval(), 60000ms);
}

void tst_SseBroadcaster::clientsDescribesEachStream()
{
    Fixture f;
    SseTestClient a, b;
    QVERIFY(f.subscribe(a, { u"news"_s, u"match-2"_s, u"match-1"_s }));
    f.now = 5000;
    QVERIFY(f.subscribe(b));
    QTRY_VERIFY(a.headComplete() && b.headComplete());

    f.publish(u"news"_s, QJsonObject { { u"h"_s, u"x"_s } });
    QTRY_COMPARE(a.events().size(), 1);
    QTRY_COMPARE(b.events().size(), 1);

    const QList<SseBroadcaster::ClientInfo> clients = f.broadcaster->clients();
    QCOMPARE(clients.size(), 2);
    QCOMPARE(clients.at(0).id, quint64(1));
    QCOMPARE(clients.at(1).id, quint64(2));
    QCOMPARE(clients.at(0).channels, (QStringList { u"match-1"_s, u"match-2"_s, u"news"_s }));
    QVERIFY(clients.at(1).channels.isEmpty());
    QCOMPARE(clients.at(0).peerAddress, QHostAddress(QHostAddress::LocalHost));
    QCOMPARE(clients.at(0).peerPort, a.socket().localPort());
    QCOMPARE(clients.at(1).peerPort, b.socket().localPort());
    QVERIFY(clients.at(0).connectedAt.isValid());
    QCOMPARE(clients.at(0).eventsSent, quint64(1));
    QCOMPARE(clients.at(1).eventsSent, quint64(1));
    // Everything each one received: head, retry line, the event.
    QCOMPARE(clients.at(0).bytesSent, quint64(a.head().size() + 2 + a.body().size()));
    QCOMPARE(clients.at(0).bytesQueued, 0);
    QCOMPARE(f.broadcaster->eventsDelivered(), quint64(2));
    QCOMPARE(f.broadcaster->bytesSent(), clients.at(0).bytesSent + clients.at(1).bytesSent);
}

void tst_SseBroadcaster::liveFanOutByChannel()
{
    Fixture f;
    SseTestClient news, match, both, all;
    QVERIFY(f.subscribe(news, { u"news"_s }));
    QVERIFY(f.subscribe(match, { u"match-1"_s }));
    QVERIFY(f.subscribe(both, { u"news"_s, u"match-1"_s }));
    QVERIFY(f.subscribe(all));
    QTRY_VERIFY(
        news.headComplete() && match.headComplete() && both.headComplete() && all.headComplete());

    f.publish(u"news"_s, QJsonObject { { u"n"_s, 1 } }, u"news-flash"_s); // 1
    f.publish(u"match-1"_s, QJsonObject { { u"n"_s, 2 } }, u"score"_s); // 2
    f.publish(u"other"_s, QJsonObject { { u"n"_s, 3 } }); // 3
    f.publish(u"match-1"_s, QJsonObject { { u"n"_s, 4 } }, u"commentary"_s); // 4
    // A sentinel each stream wants, so "nothing else arrived" needs no sleep.
    f.publish(u"news"_s, u"end"_s); // 5
    f.publish(u"match-1"_s, u"end"_s); // 6

    QTRY_COMPARE(news.eventIds(), (QByteArrayList { "1", "5" }));
    QTRY_COMPARE(match.eventIds(), (QByteArrayList { "2", "4", "6" }));
    QTRY_COMPARE(both.eventIds(), (QByteArrayList { "1", "2", "4", "5", "6" }));
    QTRY_COMPARE(all.eventIds(), ids(1, 6));
    QCOMPARE(types(news), (QByteArrayList { "news-flash", "t" }));
    QCOMPARE(types(match), (QByteArrayList { "score", "commentary", "t" }));
    QCOMPARE(news.events().at(0).data, QByteArray(R"({"n":1})"));
    QCOMPARE(news.events().at(1).data, QByteArray("end"));
    // The bytes are the hub's encoding, shared, not re-encoded per client.
    QVERIFY(all.body().endsWith(f.hub.since(5, {}).events.last()->wire));
    QCOMPARE(f.broadcaster->eventsDelivered(), quint64(2 + 3 + 5 + 6));
}

void tst_SseBroadcaster::withoutLastEventIdOnlyLiveEvents()
{
    Fixture f;
    f.publish(u"news"_s);
    f.publish(u"news"_s);
    SseTestClient client;
    QVERIFY(f.subscribe(client, { u"news"_s }));
    f.publish(u"news"_s, u"live"_s);
    QTRY_COMPARE(client.eventIds(), (QByteArrayList { "3" }));
    QCOMPARE(client.events().constFirst().data, QByteArray("live"));
}

void tst_SseBroadcaster::catchUp_data()
{
    QTest::addColumn<QStringList>("channels");
    QTest::addColumn<quint64>("lastEventId");
    QTest::addColumn<QByteArrayList>("expected"); // the replayed ids, then the live "9"

    // Backlog: 1 news, 2 match-1, 3 news, 4 other, 5 match-1, 6 news, 7 other, 8 news.
    QTest::addRow("all channels from 0")
        << QStringList() << quint64(0)
        << QByteArrayList { "1", "2", "3", "4", "5", "6", "7", "8", "9" };
    QTest::addRow("all channels from 5")
        << QStringList() << quint64(5) << QByteArrayList { "6", "7", "8", "9" };
    QTest::addRow("news from 2") << QStringList { u"news"_s } << quint64(2)
                                 << QByteArrayList { "3", "6", "8", "9" };
    QTest::addRow("match-1 from 0")
        << QStringList { u"match-1"_s } << quint64(0) << QByteArrayList { "2", "5", "9" };
    QTest::addRow("two channels from 3") << QStringList { u"match-1"_s, u"other"_s } << quint64(3)
                                         << QByteArrayList { "4", "5", "7", "9" };
    QTest::addRow("up to date") << QStringList() << quint64(8) << QByteArrayList { "9" };
    QTest::addRow("a channel with nothing new")
        << QStringList { u"match-1"_s } << quint64(5) << QByteArrayList { "9" };
    QTest::addRow("a channel with nothing at all")
        << QStringList { u"quiet"_s } << quint64(1) << QByteArrayList { "9" };
}

void tst_SseBroadcaster::catchUp()
{
    QFETCH(QStringList, channels);
    QFETCH(quint64, lastEventId);
    QFETCH(QByteArrayList, expected);

    Fixture f;
    const QStringList backlog { u"news"_s, u"match-1"_s, u"news"_s, u"other"_s, u"match-1"_s,
        u"news"_s, u"other"_s, u"news"_s };
    for (const QString &channel : backlog)
        f.publish(channel);

    SseTestClient client;
    const EventHub::ChannelSet set(channels.cbegin(), channels.cend());
    QVERIFY(f.subscribe(client, set, lastEventId));
    // The live event goes to every channel asked for (or "news" when all are).
    for (const QString &channel : channels.isEmpty() ? QStringList { u"news"_s } : channels)
        f.publish(channel, u"live"_s);
    QByteArrayList want = expected;
    for (qsizetype i = 1; i < (channels.isEmpty() ? 1 : channels.size()); ++i)
        want << QByteArray::number(9 + i);
    QTRY_COMPARE(client.eventIds(), want);
    QCOMPARE(types(client).count("resync"), 0);
    QCOMPARE(f.broadcaster->eventsDelivered(), quint64(want.size()));
}

void tst_SseBroadcaster::catchUpOfALargeBacklogThenLive()
{
    // Far more than the broadcaster queues at once (256 KiB): it is fed as the socket drains.
    constexpr int Backlog = 3000;
    Fixture f(Backlog);
    const QString blob(1000, u'b');
    for (int i = 0; i < Backlog; ++i)
        f.publish(i % 3 ? u"news"_s : u"other"_s, blob);

    SseTestClient client;
    QVERIFY(f.subscribe(client, {}, 0));
    // Published while that stream is still catching up: it comes through the window, once.
    f.publish(u"news"_s, u"live-1"_s);
    QTRY_COMPARE_WITH_TIMEOUT(client.events().size(), Backlog + 1, 20000);
    f.publish(u"news"_s, u"live-2"_s);
    QTRY_COMPARE(client.events().size(), Backlog + 2);
    QCOMPARE(client.eventIds(), ids(1, Backlog + 2));
    QCOMPARE(client.events().at(Backlog).data, QByteArray("live-1"));
    QCOMPARE(client.events().constLast().data, QByteArray("live-2"));
    QCOMPARE(f.broadcaster->eventsDelivered(), quint64(Backlog + 2));
}

void tst_SseBroadcaster::catchUpWithoutAWindowGoesLive()
{
    // --replay 0 keeps no window. A client resuming on "news" after its own last event
    // missed nothing of its channel (only an "other" event came since): it may go live, or
    // be told to resync, but adopt() must return. The clock guard turns a catch-up loop that
    // makes no progress into a failure instead of a hung suite.
    Fixture f(0);
    f.publish(u"news"_s); // 1
    f.publish(u"other"_s); // 2
    SseTestClient client;
    f.clockBudget = 10000;
    bool returned = false;
    try {
        returned = f.subscribe(client, { u"news"_s }, 1);
    } catch (const std::runtime_error &) {
        f.broadcaster.reset(); // before the event loop can call back into it
        QFAIL("adopt() never returned: the catch-up loop made no progress");
    }
    f.clockBudget = -1;
    QVERIFY(returned);
    f.publish(u"news"_s, u"live"_s); // 3
    QTRY_VERIFY(client.eventIds().contains("3"));
    QCOMPARE(client.eventIds().count("3"), 1);
}

void tst_SseBroadcaster::resyncOnGap_data()
{
    QTest::addColumn<QStringList>("channels");
    QTest::addColumn<quint64>("lastEventId");

    // Window of 3: events 1-3 are gone, 4-6 retained.
    QTest::addRow("all channels, evicted") << QStringList() << quint64(1);
    QTest::addRow("news, its own events evicted") << QStringList { u"news"_s } << quint64(2);
    QTest::addRow("an id from the future") << QStringList() << quint64(100);
    QTest::addRow("an id from the future, filtered") << QStringList { u"news"_s } << quint64(7);
}

void tst_SseBroadcaster::resyncOnGap()
{
    QFETCH(QStringList, channels);
    QFETCH(quint64, lastEventId);

    Fixture f(3);
    for (int i = 0; i < 6; ++i)
        f.publish(i % 2 ? u"other"_s : u"news"_s, QJsonObject { { u"n"_s, i + 1 } });
    const EventHub::ChannelSet set(channels.cbegin(), channels.cend());

    SseTestClient client;
    QVERIFY(f.subscribe(client, set, lastEventId));
    QTRY_COMPARE(client.events().size(), 1);
    const SseEvent resync = client.events().constFirst();
    QCOMPARE(resync.type, QByteArray("resync"));
    QCOMPARE(resync.id, std::optional<QByteArray>("6")); // continue from the newest id
    QCOMPARE(QJsonDocument::fromJson(resync.data).object(), f.hub.stateJson(50, set));

    // Then live, from the newest id on.
    f.publish(u"news"_s, u"live"_s);
    QTRY_COMPARE(client.events().size(), 2);
    QCOMPARE(client.eventIds(), (QByteArrayList { "6", "7" }));
    QCOMPARE(client.events().constLast().data, QByteArray("live"));
    // A resync is not counted as a delivered event.
    QCOMPARE(f.broadcaster->eventsDelivered(), quint64(1));
}

void tst_SseBroadcaster::resyncUsesTheSnapshotProvider()
{
    Fixture f(2);
    for (int i = 0; i < 5; ++i)
        f.publish(u"match-1"_s);
    QList<EventHub::ChannelSet> asked;
    f.broadcaster->setSnapshotProvider([&asked](const EventHub::ChannelSet &channels) {
        asked.append(channels);
        return QJsonObject { { u"snapshot"_s, true } };
    });

    SseTestClient client;
    QVERIFY(f.subscribe(client, { u"match-1"_s }, 1));
    QTRY_COMPARE(client.events().size(), 1);
    QCOMPARE(client.events().constFirst().type, QByteArray("resync"));
    QCOMPARE(client.events().constFirst().data, QByteArray(R"({"snapshot":true})"));
    QCOMPARE(asked, (QList<EventHub::ChannelSet> { { u"match-1"_s } }));
}

void tst_SseBroadcaster::heartbeatsWithInjectedClock()
{
    Fixture f;
    SseTestClient quiet, busy;
    QVERIFY(f.subscribe(quiet, { u"quiet"_s })); // stream 1, last write at 1000
    QVERIFY(f.subscribe(busy, { u"busy"_s })); // stream 2, last write at 1000
    QTRY_VERIFY(quiet.body().startsWith("retry:") && busy.body().startsWith("retry:"));
    // Writes to an idle socket happen inside the call, so what was sent is known at once.
    const auto sent
        = [&f](int stream) { return f.broadcaster->clients().at(stream - 1).bytesSent; };
    const quint64 keepAlive = sizeof(": keep-alive\n\n") - 1;

    f.now = 1000 + 59999;
    quint64 quietSent = sent(1);
    f.broadcaster->sendHeartbeats(); // idle for just under an interval: nothing
    QCOMPARE(sent(1), quietSent);
    f.publish(u"busy"_s, u"b1"_s); // writing to busy restarts its idle time at 60999
    QTRY_COMPARE(busy.events().size(), 1);
    const quint64 busySent = sent(2);

    f.now = 61000; // quiet idle for exactly the interval, busy for 1 ms
    f.broadcaster->sendHeartbeats();
    QCOMPARE(sent(1), quietSent + keepAlive);
    QCOMPARE(sent(2), busySent);
    QTRY_COMPARE(quiet.comments(), 1);
    QVERIFY(quiet.body().endsWith(": keep-alive\n\n"));
    // The heartbeat was a write: calling again at once sends nothing more.
    quietSent = sent(1);
    f.broadcaster->sendHeartbeats();
    QCOMPARE(sent(1), quietSent);

    f.now = 60999 + 60000; // now busy is due, quiet (last written at 61000) is not
    f.broadcaster->sendHeartbeats();
    QCOMPARE(sent(2), busySent + keepAlive);
    QCOMPARE(sent(1), quietSent);
    QTRY_COMPARE(busy.comments(), 1);

    f.now = 61000 + 60000;
    f.broadcaster->sendHeartbeats();
    QTRY_COMPARE(quiet.comments(), 2);
    QCOMPARE(busy.comments(), 1);
    // A heartbeat never closes a stream, nor counts as an event.
    QCOMPARE(f.broadcaster->clientCount(), 2);
    QCOMPARE(f.broadcaster->eventsDelivered(), quint64(1));
    QCOMPARE(quiet.events().size(), 0);
}

void tst_SseBroadcaster::heartbeatEventsForPages()
{
    Fixture f;
    SseTestClient page, plain;
    QVERIFY(f.subscribe(page, {}, std::nullopt, true));
    QVERIFY(f.subscribe(plain, {}, std::nullopt, false));
    f.publish(u"news"_s, u"first"_s);
    QTRY_COMPARE(page.events().size(), 1);

    f.now += 60000;
    f.broadcaster->sendHeartbeats();
    QTRY_COMPARE(page.events().size(), 2);
    QTRY_COMPARE(plain.comments(), 1);
    const SseEvent beat = page.events().constLast();
    QCOMPARE(beat.type, QByteArray("heartbeat"));
    QCOMPARE(beat.data, QByteArray(R"({"intervalMs":60000})"));
    QVERIFY(page.body().endsWith("event: heartbeat\ndata: {\"intervalMs\":60000}\n\n"));
    QVERIFY(!page.body().contains("id: 2"));
    QCOMPARE(page.comments(), 0);
    QCOMPARE(plain.events().size(), 1);
    // The parser kept the last real id: the heartbeat did not move it.
    QCOMPARE(beat.id, std::optional<QByteArray>("1"));
}

void tst_SseBroadcaster::slowClientIsDroppedAtTheCap()
{
    SseBroadcaster::Options options = Fixture::defaults();
    options.slowClientCap = 256 * 1024;
    Fixture f(100, options);
    SseTestClient fast, slow;
    QVERIFY(f.subscribe(fast)); // stream 1
    QVERIFY(f.subscribe(slow, {}, std::nullopt, false, true)); // stream 2, never reads
    QTRY_VERIFY(fast.headComplete());
    QSignalSpy counts(f.broadcaster.get(), &SseBroadcaster::clientCountChanged);

    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"dropping stream 2 .*not reading"_s));
    // 32 KB events, paced by the fast reader, until the stalled one would pass the cap. No
    // event loop runs between reading the queue and publishing, so the check is exact.
    const QString blob(32 * 1024, u's');
    int published = 0;
    qint64 queuedBefore = 0;
    qsizetype wireSize = 0;
    while (f.broadcaster->slowClientsDropped() == 0 && published < 2000) {
        queuedBefore = f.broadcaster->clients().at(1).bytesQueued;
        const HubEventPtr event = f.publish(u"flood"_s, blob);
        QVERIFY(event);
        wireSize = event->wire.size();
        ++published;
        if (f.broadcaster->slowClientsDropped() == 0)
            QVERIFY(queuedBefore + wireSize <= options.slowClientCap);
        QTRY_COMPARE(fast.events().size(), published);
    }
    QCOMPARE(f.broadcaster->slowClientsDropped(), quint64(1));
    // Dropped by the write that would have passed the cap, not before.
    QVERIFY2(queuedBefore + wireSize > options.slowClientCap,
        qPrintable(u"%1 + %2"_s.arg(queuedBefore).arg(wireSize)));
    QCOMPARE(f.broadcaster->clientCount(), 1); // released at once
    QCOMPARE(f.broadcaster->clients().constFirst().id, quint64(1));
    // (The stalled peer itself only sees the end once it reads what its kernel still holds.)
    QTRY_VERIFY(!counts.isEmpty() && counts.last().at(0).toInt() == 1);

    // The fast reader keeps going and got every event, in order.
    f.publish(u"flood"_s, u"after"_s);
    QTRY_COMPARE(fast.events().size(), published + 1);
    QCOMPARE(fast.eventIds(), ids(1, published + 1));
    QCOMPARE(f.broadcaster->slowClientsDropped(), quint64(1));
}

void tst_SseBroadcaster::catchUpStaysWithinASmallCap()
{
    // A cap below the catch-up high-water mark (256 KiB): a stalled client resuming a long
    // backlog is given at most half its cap at a time, so the heartbeat that falls due still
    // fits and the client is not dropped for what catch-up queued on its own account.
    SseBroadcaster::Options options = Fixture::defaults();
    options.slowClientCap = 64 * 1024;
    Fixture f(2000, options);
    const QString blob(1000, u'h');
    for (int i = 0; i < 2000; ++i)
        f.publish(u"news"_s, blob);

    SseTestClient slow, fine;
    QVERIFY(f.subscribe(slow, {}, 0, false, true));
    QVERIFY(f.subscribe(fine, { u"quiet"_s }));
    QTRY_VERIFY(fine.headComplete());
    QCOMPARE(f.broadcaster->clientCount(), 2);
    const SseBroadcaster::ClientInfo stalled = f.broadcaster->clients().at(0);
    QVERIFY2(stalled.bytesQueued <= options.slowClientCap / 2,
        qPrintable(QString::number(stalled.bytesQueued)));
    QVERIFY(stalled.eventsSent < 2000); // still catching up: the kernel holds far less

    f.now += 60000;
    f.broadcaster->sendHeartbeats();
    QCOMPARE(f.broadcaster->slowClientsDropped(), quint64(0));
    QCOMPARE(f.broadcaster->clientCount(), 2);
    QVERIFY(f.broadcaster->clients().at(0).bytesQueued <= options.slowClientCap);
    QTRY_COMPARE(fine.comments(), 1);
}

void tst_SseBroadcaster::catchUpWithASmallCapDeliversEverything()
{
    // The same client once it reads: the whole backlog arrives in order, once, while a
    // heartbeat falls due on every pass, and its queue never passes the cap.
    SseBroadcaster::Options options = Fixture::defaults();
    options.slowClientCap = 64 * 1024;
    Fixture f(2000, options);
    const QString blob(1000, u'r');
    for (int i = 0; i < 2000; ++i)
        f.publish(u"news"_s, blob);

    LateReader reader;
    reader.open(f.server.serverPort());
    QVERIFY(QTest::qWaitFor([&f] { return f.server.hasPendingConnections(); }, 5000));
    HttpConnection *socket = f.server.nextConnection();
    ConnectionServer::setSendBuffer(socket, 64 * 1024);
    f.broadcaster->adopt(socket, {}, 0);
    QCOMPARE(f.broadcaster->clientCount(), 1);
    QVERIFY(f.broadcaster->clients().at(0).eventsSent < 2000); // catch-up waits for the reader
    for (int i = 0; i < 3; ++i) { // stalled through three heartbeats
        f.now += 60000;
        f.broadcaster->sendHeartbeats();
        QCOMPARE(f.broadcaster->slowClientsDropped(), quint64(0));
    }

    reader.startReading();
    qint64 maxQueued = 0;
    const bool done = QTest::qWaitFor(
        [&] {
            const QList<SseBroadcaster::ClientInfo> clients = f.broadcaster->clients();
            if (clients.size() != 1)
                return true; // dropped: reported below
            maxQueued = qMax(maxQueued, clients.constFirst().bytesQueued);
            f.now += 60000;
            f.broadcaster->sendHeartbeats();
            return reader.events.size() >= 2000;
        },
        20000);
    QVERIFY2(done, qPrintable(u"%1 of 2000 events"_s.arg(reader.events.size())));
    QCOMPARE(f.broadcaster->slowClientsDropped(), quint64(0));
    QCOMPARE(f.broadcaster->clientCount(), 1);
    QVERIFY2(maxQueued <= options.slowClientCap, qPrintable(QString::number(maxQueued)));
    QVERIFY(reader.comments() > 0); // heartbeats went out between the replayed events
    f.publish(u"news"_s, u"live"_s);
    QTRY_COMPARE(reader.events.size(), 2001);
    QCOMPARE(reader.ids(), ids(1, 2001));
}

void tst_SseBroadcaster::disconnectClient()
{
    Fixture f;
    SseTestClient a, b;
    QVERIFY(f.subscribe(a));
    QVERIFY(f.subscribe(b));
    QTRY_VERIFY(a.headComplete() && b.headComplete());
    QCOMPARE(f.broadcaster->clientCount(), 2);

    QVERIFY(!f.broadcaster->disconnectClient(99));
    QVERIFY(f.broadcaster->disconnectClient(1));
    QCOMPARE(f.broadcaster->clientCount(), 1); // released at once
    QVERIFY(!f.broadcaster->disconnectClient(1));
    QTRY_VERIFY(!a.isConnected());
    QCOMPARE(f.broadcaster->clients().constFirst().id, quint64(2));

    // The other stream carries on; the disconnected one gets nothing more.
    f.publish(u"news"_s);
    QTRY_COMPARE(b.events().size(), 1);
    QCOMPARE(a.events().size(), 0);
    QCOMPARE(f.broadcaster->eventsDelivered(), quint64(1));
}

void tst_SseBroadcaster::peerLeavingReleasesTheStream()
{
    Fixture f;
    SseTestClient a, b;
    QVERIFY(f.subscribe(a, { u"news"_s }));
    QVERIFY(f.subscribe(b, { u"news"_s }));
    f.publish(u"news"_s);
    QTRY_COMPARE(a.events().size(), 1);
    QTRY_COMPARE(b.events().size(), 1);
    const quint64 sentToA = f.broadcaster->clients().constFirst().bytesSent;
    const quint64 total = f.broadcaster->bytesSent();

    a.close();
    QTRY_COMPARE(f.broadcaster->clientCount(), 1);
    // What went to a closed stream still counts in the total.
    QCOMPARE(f.broadcaster->bytesSent(), total);
    QVERIFY(sentToA > 0);
    f.publish(u"news"_s);
    QTRY_COMPARE(b.events().size(), 2);
    QCOMPARE(f.broadcaster->eventsDelivered(), quint64(3));
    QCOMPARE(f.broadcaster->slowClientsDropped(), quint64(0));
}

void tst_SseBroadcaster::closeAll()
{
    Fixture f;
    SseTestClient a, b;
    QVERIFY(f.subscribe(a, { u"news"_s }));
    QVERIFY(f.subscribe(b));
    f.publish(u"news"_s, u"last"_s);
    f.broadcaster->closeAll();
    // What was queued still arrives, then each stream ends; clients reconnect on their own.
    QTRY_VERIFY(!a.isConnected() && !b.isConnected());
    QCOMPARE(a.eventIds(), (QByteArrayList { "1" }));
    QCOMPARE(b.eventIds(), (QByteArrayList { "1" }));
    QTRY_COMPARE(f.broadcaster->clientCount(), 0);
    QCOMPARE(f.broadcaster->slowClientsDropped(), quint64(0));
}

void tst_SseBroadcaster::clientCountChangedIsCoalesced()
{
    Fixture f;
    QSignalSpy counts(f.broadcaster.get(), &SseBroadcaster::clientCountChanged);
    constexpr int Clients = 20;
    std::vector<std::unique_ptr<SseTestClient>> clients;
    for (int i = 0; i < Clients; ++i) {
        clients.push_back(std::make_unique<SseTestClient>());
        clients.back()->open(f.server.serverPort());
    }
    // Accept them all first, then adopt in one go, as a burst of reconnections arrives.
    QList<HttpConnection *> sockets;
    QVERIFY(QTest::qWaitFor([&] {
        while (f.server.hasPendingConnections())
            sockets.append(f.server.nextConnection());
        return sockets.size() == Clients;
    }));
    for (HttpConnection *socket : std::as_const(sockets))
        f.broadcaster->adopt(socket, {}, std::nullopt);
    QCOMPARE(f.broadcaster->clientCount(), Clients);
    QCOMPARE(counts.count(), 0); // not once per stream, and not from inside adopt()
    QTRY_COMPARE(counts.count(), 1);
    QCOMPARE(counts.first().at(0).toInt(), Clients); // the latest count, not the first

    // All leave at once: a handful of updates at most, ending on the truth.
    for (auto &client : clients)
        client->close();
    QTRY_COMPARE(f.broadcaster->clientCount(), 0);
    QTRY_VERIFY(counts.count() > 1 && counts.last().at(0).toInt() == 0);
    QVERIFY2(counts.count() <= 3, qPrintable(QString::number(counts.count())));
}

void tst_SseBroadcaster::destroyingTheBroadcasterClosesStreams()
{
    Fixture f;
    SseTestClient a;
    QVERIFY(f.subscribe(a, { u"news"_s }));
    QTRY_VERIFY(a.headComplete());
    f.broadcaster.reset();
    QTRY_VERIFY(!a.isConnected());
    // The hub carries on without it.
    QVERIFY(f.publish(u"news"_s));
}

QTEST_GUILESS_MAIN(tst_SseBroadcaster)
#include "tst_ssebroadcaster.moc"
