#include "hub/eventhub.h"
#include "protocol/sseencoder.h"
#include "protocol/sseparser.h"
#include "publishwaiter.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

// The event the hub stored, or null when it refused: the outcome, waited for.
HubEventPtr publish(
    EventHub &hub, const QString &channel, const QString &type, const QJsonValue &data)
{
    return PublishWaiter::publish(hub, channel, type, data).event;
}

// A real EventLog whose appends fail while `full` is set, like a journal on a full disk.
class FailingLog final : public EventLog
{
public:
    bool full = false;
    Restored restore(int) override { return {}; }
    void append(const EventDraft &, AppendDone done) override
    {
        if (full)
            done(0, QStringLiteral("database or disk is full"));
        else
            done(++m_lastId, {});
    }

private:
    quint64 m_lastId = 0;
};

// A real EventLog that answers only when told to, like one on another thread.
class DeferredLog final : public EventLog
{
public:
    Restored restore(int) override { return {}; }
    void append(const EventDraft &, AppendDone done) override { m_pending.append(std::move(done)); }
    void answerAll()
    {
        const QList<AppendDone> pending = std::exchange(m_pending, {});
        for (const AppendDone &done : pending)
            done(++m_lastId, {});
    }

private:
    QList<AppendDone> m_pending;
    quint64 m_lastId = 0;
};

} // namespace

namespace {

QList<quint64> ids(const QList<HubEventPtr> &events)
{
    QList<quint64> out;
    for (const HubEventPtr &e : events)
        out << e->id;
    return out;
}

} // namespace

class tst_EventHub final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void idsIncreaseAndAreNeverReused();
    void invalidNamesAreRejectedWithoutSideEffects_data();
    void invalidNamesAreRejectedWithoutSideEffects();
    void eventIsEncodedOnce();
    void payloadText_data();
    void payloadText();
    void replayWindowIsBounded();
    void replayFiltersChannels();
    void gapIsPerChannel();
    void unknownFutureIdIsAGap();
    void zeroCapacityKeepsNothing();
    void replayInBatches();
    void stateJson();
    void stateJsonForChannels();
    void clockTicksDoNotCrowdOutTheNews();
    void aFailedAppendIsRefusedAndConsumesNoId();
    void outcomeIsDroppedWhenItsContextIsGone();
    void stateCarriesThePolicy();
};

void tst_EventHub::aFailedAppendIsRefusedAndConsumesNoId()
{
    FailingLog log;
    EventHub hub(10, &log);
    QVERIFY(publish(hub, u"news"_s, u"t"_s, 1));
    QSignalSpy spy(&hub, &EventHub::published);
    log.full = true;
    QTest::ignoreMessage(QtCriticalMsg, QRegularExpression(u"could not be stored"_s));
    const PublishOutcome refused = PublishWaiter::publish(hub, u"news"_s, u"t"_s, 2);
    QVERIFY(!refused.ok());
    QVERIFY2(refused.error.contains(u"disk is full"_s), qPrintable(refused.error));
    QCOMPARE(spy.count(), 0);
    QCOMPARE(hub.lastId(), 1u);
    QCOMPARE(hub.retainedCount(), 1);
    log.full = false;
    QCOMPARE(publish(hub, u"news"_s, u"t"_s, 3)->id, 2u);
    QCOMPARE(spy.count(), 1);
}

void tst_EventHub::outcomeIsDroppedWhenItsContextIsGone()
{
    // A log that answers later, as a storage thread or Redis would.
    DeferredLog log;
    EventHub hub(10, &log);
    QSignalSpy spy(&hub, &EventHub::published);
    int calls = 0;
    auto context = std::make_unique<QObject>();
    hub.publish(u"news"_s, u"t"_s, 1, context.get(), [&calls](const PublishOutcome &) { ++calls; });
    QObject alive;
    hub.publish(u"news"_s, u"t"_s, 2, &alive, [&calls](const PublishOutcome &o) {
        QVERIFY(o.ok());
        calls += 10;
    });
    QCOMPARE(spy.count(), 0); // nothing is visible before the log has answered
    context.reset();
    log.answerAll();
    // Both events went out, in order; only the living context heard back.
    QCOMPARE(spy.count(), 2);
    QCOMPARE(spy.at(1).at(0).value<HubEventPtr>()->id, 2u);
    QCOMPARE(calls, 10);
}

void tst_EventHub::stateCarriesThePolicy()
{
    EventHub hub(10);
    const QJsonObject policy = hub.stateJson(10).value(u"policy"_s).toObject();
    QCOMPARE(policy.value(u"stateTypes"_s).toArray(), (QJsonArray { u"score"_s, u"clock"_s }));
    QCOMPARE(policy.value(u"tickerTypes"_s).toArray(), (QJsonArray { u"clock"_s }));
}

void tst_EventHub::idsIncreaseAndAreNeverReused()
{
    EventHub hub(3);
    QSignalSpy spy(&hub, &EventHub::published);
    QList<quint64> seen;
    for (int i = 0; i < 10; ++i)
        seen << publish(hub, u"news"_s, u"news-flash"_s, QJsonObject { { u"n"_s, i } })->id;
    QCOMPARE(seen, (QList<quint64> { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }));
    QCOMPARE(spy.count(), 10);
    QCOMPARE(spy.at(9).at(0).value<HubEventPtr>()->id, 10u);
    QCOMPARE(hub.lastId(), 10u);
    QCOMPARE(hub.publishedTotal(), 10u);
}

void tst_EventHub::invalidNamesAreRejectedWithoutSideEffects_data()
{
    QTest::addColumn<QString>("channel");
    QTest::addColumn<QString>("type");
    QTest::addRow("empty channel") << QString() << u"t"_s;
    QTest::addRow("space") << u"a b"_s << u"t"_s;
    QTest::addRow("newline in type") << u"news"_s << u"x\ndata: forged"_s;
    QTest::addRow("colon") << u"news"_s << u"a:b"_s;
    QTest::addRow("65 characters") << QString(65, u'a') << u"t"_s;
    QTest::addRow("non-ASCII") << u"新闻"_s << u"t"_s;
}

void tst_EventHub::invalidNamesAreRejectedWithoutSideEffects()
{
    QFETCH(QString, channel);
    QFETCH(QString, type);
    EventHub hub(10);
    publish(hub, u"news"_s, u"ok"_s, 1);
    QSignalSpy spy(&hub, &EventHub::published);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"rejected event"_s));
    QVERIFY(!publish(hub, channel, type, 1));
    QCOMPARE(spy.count(), 0);
    QCOMPARE(hub.lastId(), 1u);
    QCOMPARE(publish(hub, u"news"_s, u"ok"_s, 2)->id, 2u);
}

void tst_EventHub::eventIsEncodedOnce()
{
    EventHub hub(10);
    const HubEventPtr e = publish(
        hub, u"match-1"_s, u"score"_s, QJsonObject { { u"home"_s, 1 }, { u"away"_s, 0 } });
    QCOMPARE(e->wire, QByteArray("id: 1\nevent: score\ndata: {\"away\":0,\"home\":1}\n\n"));
    // The window hands out the very same bytes, not a copy made per reader.
    QCOMPARE(hub.since(0, {}).events.constFirst()->wire.constData(), e->wire.constData());
}

void tst_EventHub::payloadText_data()
{
    QTest::addColumn<QJsonValue>("data");
    QTest::addColumn<QByteArray>("expected");
    QTest::addRow("object") << QJsonValue(QJsonObject { { u"a"_s, 1 } })
                            << QByteArray(R"({"a":1})");
    QTest::addRow("array") << QJsonValue(QJsonArray { 1, u"x"_s }) << QByteArray(R"([1,"x"])");
    QTest::addRow("string is raw text")
        << QJsonValue(u"GOAL!\nRiverside 1-0"_s) << QByteArray("GOAL!\nRiverside 1-0");
    QTest::addRow("unicode string") << QJsonValue(u"进球"_s) << QByteArray("进球");
    QTest::addRow("integer") << QJsonValue(42) << QByteArray("42");
    QTest::addRow("double") << QJsonValue(1.5) << QByteArray("1.5");
    QTest::addRow("bool") << QJsonValue(true) << QByteArray("true");
    QTest::addRow("null") << QJsonValue(QJsonValue::Null) << QByteArray("null");
}

void tst_EventHub::payloadText()
{
    QFETCH(QJsonValue, data);
    QFETCH(QByteArray, expected);
    QCOMPARE(SseEncoder::payloadText(data), expected);

    // And on the wire, line by line, exactly as a browser will reassemble it.
    EventHub hub(1);
    SseParser parser;
    const QList<SseEvent> parsed = parser.feed(publish(hub, u"c"_s, u"t"_s, data)->wire);
    QCOMPARE(parsed.size(), 1);
    QCOMPARE(parsed.constFirst().data, expected);
}

void tst_EventHub::replayWindowIsBounded()
{
    EventHub hub(3);
    for (int i = 0; i < 5; ++i)
        publish(hub, u"news"_s, u"t"_s, i);
    QCOMPARE(hub.retainedCount(), 3);

    EventHub::Replay replay = hub.since(2, {});
    QVERIFY(!replay.gap);
    QCOMPARE(ids(replay.events), (QList<quint64> { 3, 4, 5 }));
    QCOMPARE(replay.scannedTo, 5u);

    QVERIFY(hub.since(1, {}).gap); // event 2 is gone
    QVERIFY(hub.since(0, {}).gap);
    QVERIFY(!hub.since(5, {}).gap);
    QVERIFY(hub.since(5, {}).events.isEmpty());
}

void tst_EventHub::replayFiltersChannels()
{
    EventHub hub(100);
    publish(hub, u"news"_s, u"t"_s, 1); // 1
    publish(hub, u"match-1"_s, u"t"_s, 2); // 2
    publish(hub, u"match-2"_s, u"t"_s, 3); // 3
    publish(hub, u"news"_s, u"t"_s, 4); // 4
    QCOMPARE(ids(hub.since(0, { u"news"_s }).events), (QList<quint64> { 1, 4 }));
    QCOMPARE(ids(hub.since(1, { u"news"_s, u"match-2"_s }).events), (QList<quint64> { 3, 4 }));
    QCOMPARE(ids(hub.since(0, {}).events), (QList<quint64> { 1, 2, 3, 4 }));
    QVERIFY(hub.since(0, { u"nobody"_s }).events.isEmpty());
}

void tst_EventHub::gapIsPerChannel()
{
    EventHub hub(2);
    publish(hub, u"match-1"_s, u"t"_s, 1); // 1, evicted later
    publish(hub, u"match-1"_s, u"t"_s, 2); // 2, evicted later
    publish(hub, u"news"_s, u"t"_s, 3); // 3
    publish(hub, u"news"_s, u"t"_s, 4); // 4
    // A news reader at id 0 lost nothing: only match-1 events fell out of the window.
    EventHub::Replay news = hub.since(0, { u"news"_s });
    QVERIFY(!news.gap);
    QCOMPARE(ids(news.events), (QList<quint64> { 3, 4 }));
    QVERIFY(hub.since(0, { u"match-1"_s }).gap);
    QVERIFY(!hub.since(2, { u"match-1"_s }).gap);
    QVERIFY(hub.since(1, {}).gap);
}

void tst_EventHub::unknownFutureIdIsAGap()
{
    EventHub hub(10);
    publish(hub, u"news"_s, u"t"_s, 1);
    QVERIFY(hub.since(99, {}).gap);
}

void tst_EventHub::zeroCapacityKeepsNothing()
{
    EventHub hub(0);
    publish(hub, u"news"_s, u"t"_s, 1);
    QCOMPARE(hub.retainedCount(), 0);
    QVERIFY(hub.since(0, {}).gap);
    QVERIFY(!hub.since(1, {}).gap);
}

void tst_EventHub::replayInBatches()
{
    EventHub hub(100);
    for (int i = 0; i < 10; ++i)
        publish(hub, i % 2 ? u"a"_s : u"b"_s, u"t"_s, i);
    EventHub::Replay first = hub.since(0, { u"a"_s }, 2);
    QCOMPARE(ids(first.events), (QList<quint64> { 2, 4 }));
    EventHub::Replay second = hub.since(first.scannedTo, { u"a"_s }, 2);
    QCOMPARE(ids(second.events), (QList<quint64> { 6, 8 }));
}

void tst_EventHub::stateJson()
{
    EventHub hub(100);
    for (int i = 0; i < 60; ++i)
        publish(hub, i < 10 ? u"news"_s : u"match-1"_s, u"t"_s, i);
    const QJsonObject state = hub.stateJson(50);
    QCOMPARE(state.value(u"lastId"_s).toString(), u"60"_s);
    const QJsonArray channels = state.value(u"channels"_s).toArray();
    QCOMPARE(channels.size(), 2);
    QCOMPARE(channels.at(0).toObject().value(u"name"_s).toString(), u"match-1"_s);
    QCOMPARE(channels.at(0).toObject().value(u"lastId"_s).toString(), u"60"_s);
    QCOMPARE(channels.at(0).toObject().value(u"events"_s).toInt(), 50);
    QCOMPARE(channels.at(1).toObject().value(u"events"_s).toInt(), 10);
    const QJsonArray recent = state.value(u"recent"_s).toArray();
    QCOMPARE(recent.size(), 50);
    const QJsonObject newest = recent.last().toObject();
    QCOMPARE(newest.value(u"id"_s).toString(), u"60"_s);
    QCOMPARE(newest.value(u"channel"_s).toString(), u"match-1"_s);
    QCOMPARE(newest.value(u"data"_s).toInt(), 59);
    QVERIFY(QDateTime::fromString(newest.value(u"time"_s).toString(), Qt::ISODateWithMs).isValid());
}

void tst_EventHub::stateJsonForChannels()
{
    EventHub hub(100);
    publish(hub, u"news"_s, u"t"_s, 1);
    publish(hub, u"match-1"_s, u"t"_s, 2);
    publish(hub, u"match-2"_s, u"t"_s, 3);
    const QJsonObject state = hub.stateJson(50, { u"news"_s, u"match-2"_s });
    const QJsonArray channels = state.value(u"channels"_s).toArray();
    QCOMPARE(channels.size(), 2);
    QCOMPARE(channels.at(0).toObject().value(u"name"_s).toString(), u"match-2"_s);
    const QJsonArray recent = state.value(u"recent"_s).toArray();
    QCOMPARE(recent.size(), 2);
    QCOMPARE(recent.at(0).toObject().value(u"id"_s).toString(), u"1"_s);
    QCOMPARE(recent.at(1).toObject().value(u"id"_s).toString(), u"3"_s);
    QCOMPARE(state.value(u"lastId"_s).toString(), u"3"_s);
}

void tst_EventHub::clockTicksDoNotCrowdOutTheNews()
{
    EventHub hub(1000);
    publish(hub, u"match-1"_s, u"score"_s, QJsonObject { { u"homeScore"_s, 1 } });
    publish(hub, u"news"_s, u"news-flash"_s, QJsonObject { { u"headline"_s, u"x"_s } });
    for (int i = 0; i < 100; ++i)
        publish(hub, u"match-1"_s, u"clock"_s, QJsonObject { { u"second"_s, i } });
    const QJsonObject state = hub.stateJson(50);
    const QJsonArray recent = state.value(u"recent"_s).toArray();
    QCOMPARE(recent.size(), 2); // the score and the flash, not 50 clock ticks
    const QJsonArray latest = state.value(u"latest"_s).toArray();
    QCOMPARE(latest.size(), 2); // newest score and newest clock of match-1
    QCOMPARE(latest.at(0).toObject().value(u"type"_s).toString(), u"score"_s);
    QCOMPARE(latest.at(1).toObject().value(u"data"_s).toObject().value(u"second"_s).toInt(), 99);
    QVERIFY(hub.stateJson(50, { u"news"_s }).value(u"latest"_s).toArray().isEmpty());
}

QTEST_APPLESS_MAIN(tst_EventHub)
#include "tst_eventhub.moc"
