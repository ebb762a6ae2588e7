#include "cluster/redisconnection.h"
#include "cluster/rediseventlog.h"
#include "hub/eventhub.h"
#include "publishwaiter.h"
#include "redisserver.h"
#include "testeventloop.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

// One node's log, and what reached it in order: its own appends as they completed and
// everyone else's through the observer, as (id, text) pairs.
struct Node
{
    std::unique_ptr<RedisEventLog> log;
    QList<QPair<quint64, QString>> seen;
    QList<QString> errors;
    EventLog::Restored restored;

    Node(const QString &url, const QString &name)
    {
        RedisEventLog::Options options;
        options.address = *RedisAddress::parse(url, nullptr);
        options.node = name;
        log = std::make_unique<RedisEventLog>(options);
        log->setObserver([this](const HubEventPtr &event) {
            seen.append({ event->id, event->data.toObject().value(u"text"_s).toString() });
        });
        restored = log->restore(10);
    }

    void append(const QString &text, const QString &channel = u"news"_s,
        const QString &type = u"news-flash"_s)
    {
        EventDraft draft { channel, type, QJsonObject { { u"text"_s, text } },
            QDateTime::currentDateTimeUtc() };
        log->append(draft, [this, text](quint64 id, const QString &error) {
            if (id == 0)
                errors.append(error);
            else
                seen.append({ id, text });
        });
    }
};

// A whole node's history side: its log on the cluster's Redis and the hub over it.
struct HubNode
{
    std::unique_ptr<RedisEventLog> log;
    std::unique_ptr<EventHub> hub;

    HubNode(const QString &url, const QString &name)
    {
        RedisEventLog::Options options;
        options.address = *RedisAddress::parse(url, nullptr);
        options.node = name;
        log = std::make_unique<RedisEventLog>(options);
        // Both a QObject and an EventLog: say which.
        hub = std::make_unique<EventHub>(100, static_cast<EventLog *>(log.get()));
    }
};

} // namespace

class tst_RedisEventLog final : public QObject
{
    Q_OBJECT

public:
    static void initMain() { useTestEventLoop(); }

private Q_SLOTS:
    void init();
    void appendsCompleteInOrder();
    void twoNodesSeeOneOrder();
    void restoreReadsTheStream();
    void appendWhileRedisIsDownFailsAtOnce();
    void idsGoOnAfterRedisIsKilled();
    void idsGoOnWhenTheCounterIsLost();
    void anyJsonValueRoundTrips();
    void hubsOnTwoNodesServeTheSameEvents();
    void aKeyIsStoredOnceAcrossNodes();
    void aWeakRedisIsSaidAtConnect();
    void aNodeRestoredFromTheStreamIsReadyAtOnce();
    void aLateNodeKnowsThePinsFromTheStream();
    void aNodeStartedWhileRedisIsDownIsReadyOnceCaughtUp();
    void theTailGoesOnAfterRedisRefusesARead();
    void fetchReadsEntriesByIdInOneTrip();

private:
    std::unique_ptr<RedisServer> m_redis;
};

void tst_RedisEventLog::init()
{
    LIVEDESK_START_REDIS(m_redis);
}

void tst_RedisEventLog::appendsCompleteInOrder()
{
    Node node(m_redis->url(), u"a"_s);
    QTRY_VERIFY(node.log->isConnected());
    for (int i = 1; i <= 20; ++i)
        node.append(QString::number(i));
    QTRY_COMPARE(node.seen.size(), 20);
    for (int i = 0; i < 20; ++i)
        QCOMPARE(node.seen.at(i), qMakePair(quint64(i + 1), QString::number(i + 1)));
    QVERIFY(node.errors.isEmpty());
}

void tst_RedisEventLog::fetchReadsEntriesByIdInOneTrip()
{
    Node node(m_redis->url(), u"a"_s);
    QTRY_VERIFY(node.log->isConnected());
    for (int i = 1; i <= 30; ++i)
        node.append(u"post %1"_s.arg(i), i % 2 ? u"m1"_s : u"m2"_s);
    QTRY_COMPARE(node.seen.size(), 30);
    QList<HubEventPtr> read;
    QString why = u"not answered"_s;
    node.log->fetch({ 2, 7, 29, 500 }, [&](const QList<HubEventPtr> &events, const QString &e) {
        read = events;
        why = e;
    });
    QTRY_VERIFY(why != u"not answered"_s);
    QVERIFY2(why.isEmpty(), qPrintable(why));
    QCOMPARE(read.size(), 3); // 500 was never given
    QCOMPARE(read.at(0)->id, 2u);
    QCOMPARE(read.at(0)->channel, u"m2"_s);
    QCOMPARE(read.at(1)->data.toObject().value(u"text"_s).toString(), u"post 7"_s);
    QCOMPARE(read.at(2)->id, 29u);
    QCOMPARE(read.at(2)->type, u"news-flash"_s);
    QVERIFY(read.at(2)->time.isValid());

    // Redis gone: an error at once, never a wait.
    m_redis->kill();
    QTRY_VERIFY(!node.log->isConnected());
    why = u"not answered"_s;
    node.log->fetch({ 2 }, [&](const QList<HubEventPtr> &, const QString &e) { why = e; });
    QVERIFY(!why.isEmpty() && why != u"not answered"_s);
}

void tst_RedisEventLog::twoNodesSeeOneOrder()
{
    // Both publish at once, without waiting for each other: one total order, the same on both
    // nodes, every id once and none missing.
    Node a(m_redis->url(), u"a"_s);
    Node b(m_redis->url(), u"b"_s);
    QTRY_VERIFY(a.log->isConnected() && b.log->isConnected());
    for (int i = 0; i < 100; ++i) {
        a.append(u"a%1"_s.arg(i));
        b.append(u"b%1"_s.arg(i));
    }
    QTRY_COMPARE(a.seen.size(), 200);
    QTRY_COMPARE(b.seen.size(), 200);
    QCOMPARE(a.seen, b.seen);
    for (int i = 0; i < 200; ++i)
        QCOMPARE(a.seen.at(i).first, quint64(i + 1));
    // Each node's own posts keep the order it sent them in.
    QStringList fromA;
    for (const auto &[id, text] : std::as_const(a.seen)) {
        if (text.startsWith(u'a'))
            fromA.append(text);
    }
    QCOMPARE(fromA.size(), 100);
    for (int i = 0; i < 100; ++i)
        QCOMPARE(fromA.at(i), u"a%1"_s.arg(i));
}

void tst_RedisEventLog::restoreReadsTheStream()
{
    {
        Node writer(m_redis->url(), u"w"_s);
        QTRY_VERIFY(writer.log->isConnected());
        for (int i = 1; i <= 30; ++i)
            writer.append(QString::number(i), i % 2 ? u"news"_s : u"match-1"_s);
        writer.append(u"2-1"_s, u"match-1"_s, u"score"_s);
        writer.append(u"3-1"_s, u"match-1"_s, u"score"_s);
        QTRY_COMPARE(writer.seen.size(), 32);
    }
    Node late(m_redis->url(), u"late"_s);
    QCOMPARE(late.restored.lastId, quint64(32));
    QCOMPARE(late.restored.knownThrough, std::optional<quint64>(32));
    QCOMPARE(late.restored.firstId, quint64(1));
    QCOMPARE(late.restored.recent.size(), 10);
    QCOMPARE(late.restored.recent.first()->id, quint64(23));
    QCOMPARE(late.restored.recent.last()->id, quint64(32));
    QCOMPARE(late.restored.recent.last()->type, u"score"_s);
    QCOMPARE(late.restored.latestState.size(), 1); // the newest score of match-1
    QCOMPARE(late.restored.latestState.first()->id, quint64(32));
    QCOMPARE(late.restored.records.size(), 30); // what may be amended: no state events
    QCOMPARE(late.restored.channels.size(), 2);
    for (const ChannelInfo &channel : std::as_const(late.restored.channels)) {
        if (channel.name == u"news")
            QCOMPARE(channel.events, quint64(15));
        else
            QCOMPARE(channel.lastId, quint64(32));
    }
    // It goes on after what it restored, with nothing replayed.
    QTRY_VERIFY(late.log->isConnected());
    late.append(u"next"_s);
    QTRY_COMPARE(late.seen.size(), 1);
    QCOMPARE(late.seen.first().first, quint64(33));
}

void tst_RedisEventLog::appendWhileRedisIsDownFailsAtOnce()
{
    Node node(m_redis->url(), u"a"_s);
    QTRY_VERIFY(node.log->isConnected());
    m_redis->kill();
    QTRY_VERIFY(!node.log->isConnected());
    node.append(u"lost?"_s);
    QCOMPARE(node.errors.size(), 1); // at once: nothing waits for a Redis that is not there
    QVERIFY2(node.errors.first().contains(u"connection"_s), qPrintable(node.errors.first()));
    QVERIFY(node.seen.isEmpty());
}

void tst_RedisEventLog::idsGoOnAfterRedisIsKilled()
{
    // appendfsync always: what was acknowledged survives a SIGKILL, and ids continue.
    Node node(m_redis->url(), u"a"_s);
    QTRY_VERIFY(node.log->isConnected());
    for (int i = 1; i <= 5; ++i)
        node.append(QString::number(i));
    QTRY_COMPARE(node.seen.size(), 5);
    m_redis->kill();
    QVERIFY(m_redis->start());
    QTRY_VERIFY_WITH_TIMEOUT(node.log->isConnected(), 10000);
    node.append(u"after"_s);
    QTRY_COMPARE(node.seen.size(), 6);
    QCOMPARE(node.seen.last(), qMakePair(quint64(6), u"after"_s));
    Node fresh(m_redis->url(), u"b"_s);
    QCOMPARE(fresh.restored.lastId, quint64(6));
}

void tst_RedisEventLog::idsGoOnWhenTheCounterIsLost()
{
    Node node(m_redis->url(), u"a"_s);
    QTRY_VERIFY(node.log->isConnected());
    for (int i = 1; i <= 3; ++i)
        node.append(QString::number(i));
    QTRY_COMPARE(node.seen.size(), 3);
    // Someone deletes the counter: the stream is ahead of it, and the script follows the stream.
    RedisConnection admin(*RedisAddress::parse(m_redis->url(), nullptr));
    admin.open();
    QTRY_VERIFY(admin.isConnected());
    bool deleted = false;
    admin.command(
        { "DEL", "livedesk:counter" }, [&deleted](const RedisReply &) { deleted = true; });
    QTRY_VERIFY(deleted);
    node.append(u"4"_s);
    QTRY_COMPARE(node.seen.size(), 4);
    QCOMPARE(node.seen.last().first, quint64(4));
    QVERIFY(node.errors.isEmpty());
}

void tst_RedisEventLog::anyJsonValueRoundTrips()
{
    Node writer(m_redis->url(), u"w"_s);
    Node reader(m_redis->url(), u"r"_s);
    QList<HubEventPtr> got;
    reader.log->setObserver([&got](const HubEventPtr &event) { got.append(event); });
    QTRY_VERIFY(writer.log->isConnected() && reader.log->isConnected());
    const QList<QJsonValue> values { QJsonObject { { u"text"_s, u"名字 </script>"_s } },
        QJsonValue(42), QJsonValue(u"plain"_s), QJsonArray { 1, u"two"_s }, QJsonValue(true) };
    for (const auto &value : values) {
        writer.log->append({ u"news"_s, u"raw"_s, value, QDateTime::currentDateTimeUtc() },
            [](quint64, const QString &) {});
    }
    QTRY_COMPARE(got.size(), values.size());
    for (qsizetype i = 0; i < values.size(); ++i) {
        QCOMPARE(got.at(i)->data, values.at(i));
        QCOMPARE(got.at(i)->channel, u"news"_s);
        QVERIFY(got.at(i)->time.isValid());
        QVERIFY(!got.at(i)->wire.isEmpty());
    }
}

void tst_RedisEventLog::hubsOnTwoNodesServeTheSameEvents()
{
    // What a browser on node B sees of a post on node A: the same id, the same replay, the
    // same scoreboard.
    HubNode a(m_redis->url(), u"a"_s);
    HubNode b(m_redis->url(), u"b"_s);
    EventHub &hubA = *a.hub;
    EventHub &hubB = *b.hub;
    QSignalSpy onB(&hubB, &EventHub::published);
    QTRY_VERIFY(a.log->isConnected() && b.log->isConnected());

    PublishOutcome outcome;
    hubA.publish(u"match-1"_s, u"score"_s, QJsonObject { { u"home"_s, 1 }, { u"away"_s, 0 } }, this,
        [&outcome](const PublishOutcome &o) { outcome = o; });
    QTRY_VERIFY(outcome.event);
    QTRY_COMPARE(onB.count(), 1);
    const HubEventPtr seen = onB.first().at(0).value<HubEventPtr>();
    QCOMPARE(seen->id, outcome.event->id);
    QCOMPARE(seen->wire, outcome.event->wire); // byte for byte what A's streams sent
    QCOMPARE(hubB.lastId(), hubA.lastId());
    QCOMPARE(hubB.since(0, {}).events.size(), 1);
    QCOMPARE(hubB.stateJson(10).value(u"latest"_s).toArray().size(), 1);

    // And back: B's post reaches A after A's own, under the next id.
    hubB.publish(u"news"_s, u"news-flash"_s, QJsonObject { { u"text"_s, u"from b"_s } });
    QTRY_COMPARE(hubA.lastId(), seen->id + 1);
    QCOMPARE(hubA.channels().size(), 2);
}

void tst_RedisEventLog::aKeyIsStoredOnceAcrossNodes()
{
    // A console's retry reaches another node while the first is still being stored there:
    // Redis's script decides, and the node that lost waits for the original and answers it.
    HubNode a(m_redis->url(), u"a"_s);
    HubNode b(m_redis->url(), u"b"_s);
    EventHub &hubA = *a.hub;
    EventHub &hubB = *b.hub;
    QTRY_VERIFY(a.log->isConnected() && b.log->isConnected());
    QSignalSpy onA(&hubA, &EventHub::published);
    const QString key = u"c0ffee00-1111-4222-8333-444455556666"_s;
    const QJsonObject flash { { u"headline"_s, u"Kick-off"_s } };
    std::optional<PublishOutcome> viaA, viaB;
    hubA.publishOnce(u"news"_s, u"news-flash"_s, flash, key, this,
        [&viaA](const PublishOutcome &o) { viaA = o; });
    hubB.publishOnce(u"news"_s, u"news-flash"_s, flash, key, this,
        [&viaB](const PublishOutcome &o) { viaB = o; });
    QTRY_VERIFY(viaA && viaB);
    QVERIFY(viaA->ok() && viaB->ok());
    QCOMPARE(viaA->id(), viaB->id());
    QCOMPARE(int(viaA->repeated) + int(viaB->repeated), 1);
    QTRY_COMPARE(hubB.lastId(), hubA.lastId());
    QCOMPARE(hubA.lastId(), 1u);
    QCOMPARE(onA.count(), 1);

    // A node that joins later knows the key from the stream.
    HubNode c(m_redis->url(), u"c"_s);
    EventHub &hubC = *c.hub;
    QTRY_VERIFY(c.log->isConnected());
    PublishWaiter waiter;
    hubC.publishOnce(u"news"_s, u"news-flash"_s, flash, key, this, waiter.callback());
    QVERIFY(waiter.wait());
    QVERIFY(waiter.outcome().repeated);
    QCOMPARE(waiter.outcome().id(), 1u);
    QCOMPARE(hubC.lastId(), 1u);
}

void tst_RedisEventLog::aWeakRedisIsSaidAtConnect()
{
    {
        Node durable(m_redis->url(), u"a"_s);
        QTRY_VERIFY(durable.log->isConnected());
        QTest::qWait(100); // its CONFIG GET is answered
        QCOMPARE(durable.log->durabilityWarning(), QString());
    }
    m_redis->kill();
    QVERIFY(m_redis->start(false));
    Node weak(m_redis->url(), u"a"_s);
    QTRY_VERIFY(!weak.log->durabilityWarning().isEmpty());
    QVERIFY2(weak.log->durabilityWarning().contains(u"appendonly no"_s),
        qPrintable(weak.log->durabilityWarning()));
}

void tst_RedisEventLog::aNodeRestoredFromTheStreamIsReadyAtOnce()
{
    Node a(m_redis->url(), u"a"_s);
    QVERIFY(a.log->isReady()); // an empty stream: nothing to catch up with
    QTRY_VERIFY(a.log->isConnected());
    for (int i = 0; i < 5; ++i)
        a.append(QString::number(i));
    QTRY_COMPARE(a.seen.size(), 5);
    Node late(m_redis->url(), u"late"_s);
    QVERIFY(late.log->isReady());
    QCOMPARE(late.log->lastSeenId(), quint64(5));
    QCOMPARE(late.log->behind(), quint64(0));
}

void tst_RedisEventLog::aNodeStartedWhileRedisIsDownIsReadyOnceCaughtUp()
{
    // More than one tail read (1,000 entries) holds.
    constexpr int Count = 2500;
    {
        Node a(m_redis->url(), u"a"_s);
        QTRY_VERIFY(a.log->isConnected());
        for (int i = 1; i <= Count; ++i)
            a.append(QString::number(i));
        QTRY_COMPARE_WITH_TIMEOUT(a.seen.size(), Count, 20000);
    }
    m_redis->kill();
    Node late(m_redis->url(), u"late"_s);
    QCOMPARE(late.restored.lastId, quint64(0)); // nothing could be read
    QVERIFY(!late.log->isReady());
    QSignalSpy ready(late.log.get(), &RedisEventLog::ready);
    QVERIFY(m_redis->start());
    QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, 20000);
    // Ready only with all of it, in order, and nothing left behind.
    QCOMPARE(late.seen.size(), Count);
    QCOMPARE(late.seen.first(), qMakePair(quint64(1), u"1"_s));
    QCOMPARE(late.seen.last(), qMakePair(quint64(Count), QString::number(Count)));
    QVERIFY(late.log->isReady());
    QCOMPARE(late.log->behind(), quint64(0));
    QCOMPARE(late.log->lastSeenId(), quint64(Count));
}

void tst_RedisEventLog::theTailGoesOnAfterRedisRefusesARead()
{
    // Redis refuses a read it cannot serve: while it loads its file after a restart
    // ("LOADING"), or, as made here, when the key holds something else ("WRONGTYPE").
    Node a(m_redis->url(), u"a"_s);
    QTRY_VERIFY(a.log->isConnected());
    RedisConnection raw(*RedisAddress::parse(m_redis->url(), nullptr));
    raw.open();
    QTRY_VERIFY(raw.isConnected());
    int answered = 0;
    const auto count = [&answered](const RedisReply &) { ++answered; };
    raw.command({ "SET", "livedesk:events", "not a stream" }, count);
    // Cut every other connection: the node reconnects and its next read is refused.
    raw.command({ "CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes" }, count);
    QTRY_COMPARE(answered, 2);
    QTest::qWait(500); // a few refused reads
    raw.command({ "DEL", "livedesk:events" }, count);
    QTRY_COMPARE(answered, 3);
    Node b(m_redis->url(), u"b"_s);
    QTRY_VERIFY(b.log->isConnected());
    b.append(u"after the refusal"_s);
    QTRY_COMPARE(b.seen.size(), 1);
    // a reads on: it sees b's event.
    QTRY_COMPARE(a.seen.size(), 1);
    QCOMPARE(a.seen.first().second, u"after the refusal"_s);
}

QTEST_GUILESS_MAIN(tst_RedisEventLog)
// Pins live in no Redis key of their own: a node that starts later rebuilds them from the
// stream, a post pinned when sent and one pinned by a correction, each with its corrections.
void tst_RedisEventLog::aLateNodeKnowsThePinsFromTheStream()
{
    {
        HubNode a(m_redis->url(), u"a"_s);
        QTRY_VERIFY(a.log->isConnected());
        const auto send
            = [&a](const QString &channel, const QString &type, const QJsonObject &data) {
                  QVERIFY(PublishWaiter::publish(*a.hub, channel, type, data).ok());
              };
        send(u"news"_s, u"news-flash"_s, { { u"headline"_s, u"Tyop"_s }, { u"pinned"_s, true } });
        send(u"match-1"_s, u"commentary"_s, { { u"text"_s, u"Welcome"_s } });
        send(u"news"_s, u"correction"_s,
            { { u"targetId"_s, u"1"_s }, { u"headline"_s, u"Typo"_s } });
        send(u"match-1"_s, u"correction"_s, { { u"targetId"_s, u"2"_s }, { u"pinned"_s, true } });
        for (int i = 1; i <= 5; ++i)
            send(u"match-1"_s, u"clock"_s, { { u"minute"_s, i } });
    }
    HubNode late(m_redis->url(), u"late"_s);
    const QJsonArray pins = late.hub->stateJson(10).value(u"pinned"_s).toArray();
    QCOMPARE(pins.size(), 2);
    QCOMPARE(pins.at(0)[u"id"_s].toString(), u"1"_s);
    QCOMPARE(pins.at(0)[u"data"_s][u"headline"_s].toString(), u"Typo"_s);
    QCOMPARE(pins.at(1)[u"id"_s].toString(), u"2"_s);
    QCOMPARE(pins.at(1)[u"data"_s][u"text"_s].toString(), u"Welcome"_s);
}

#include "tst_rediseventlog.moc"
