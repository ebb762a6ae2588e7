#include "hub/eventhub.h"
#include "protocol/sseencoder.h"
#include "protocol/sseparser.h"
#include "publishwaiter.h"
#include "store/eventjournal.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(PublishOutcome::Refusal)

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
    void append(const EventDraft &, AppendDone done) override // clazy:exclude=function-args-by-ref
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
    void append(const EventDraft &draft, AppendDone done) override
    {
        m_pending.append({ draft, std::move(done) });
    }
    void fetch(const QList<quint64> &ids, FetchDone done) override
    {
        m_fetches.append({ ids, std::move(done) });
    }
    void answerAll()
    {
        const auto pending = std::exchange(m_pending, {});
        for (const auto &[draft, done] : pending) {
            m_stored.append(makeHubEvent(++m_lastId, draft));
            done(m_lastId, {});
        }
        const auto fetches = std::exchange(m_fetches, {});
        QList<HubEventPtr> found;
        for (const auto &[ids, done] : fetches) {
            found.clear();
            for (const HubEventPtr &e : std::as_const(m_stored)) {
                if (ids.contains(e->id))
                    found.append(e);
            }
            done(found, {});
        }
    }
    qsizetype fetchesWaiting() const { return m_fetches.size(); }

private:
    QList<QPair<EventDraft, AppendDone>> m_pending;
    QList<QPair<QList<quint64>, FetchDone>> m_fetches;
    QList<HubEventPtr> m_stored;
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
    void amendmentsThatMakeNoSenseAreRefused_data();
    void amendmentsThatMakeNoSenseAreRefused();
    void sensibleAmendmentsGoThrough();
    void aRetractionClaimsItsTargetBeforeItIsStored();
    void aRetractionTheLogRefusedCanBeSentAgain();
    void retractedStaysRetractedAcrossARestart();
    void amendmentsAreJudgedBeyondTheReplayWindow();
    void theGuardForgetsTheOldestBeyondItsCap();
    void aRepeatedKeyGetsTheOriginal();
    void aRepeatWhileTheFirstIsStoredWaitsForIt();
    void aRefusedFirstLeavesTheKeyFree();
    void badKeysAreRefused_data();
    void badKeysAreRefused();
    void keysOutliveARestartOfTheJournal();
    void keysAreForgottenAfterTheirWindow();
    void theLatestPinOfAChannelWins();
    void aPinFollowsCorrectionsUntilUnpinnedOrRetracted();
    void aPinOutlivesTheReplayWindow();
    void pinningAPostNoLongerRetainedIsRefused();
    void aPinSaysWhichPinItReplaces();
    void historyComesFromTheWindowWithoutReadingTheLog();
    void historyBeyondALogThatKeepsNoneSaysWhy();
    void historyForAContextThatIsGoneIsDropped();
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
    QCOMPARE(refused.refusal, PublishOutcome::Refusal::Unavailable);
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
    const PublishOutcome refused = PublishWaiter::publish(hub, channel, type, 1);
    QVERIFY(!refused.ok());
    QCOMPARE(refused.refusal, PublishOutcome::Refusal::Invalid);
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

namespace {

QJsonObject target(const QString &id, QJsonObject fields = {})
{
    fields.insert(u"targetId"_s, id);
    return fields;
}

// #1 a flash on "news", #2 a score and #3 a line on "match-1", #4 a correction of #1, #5 the
// retraction of #3, #6 a clock tick on "match-1".
void publishHistory(EventHub &hub)
{
    publish(hub, u"news"_s, u"news-flash"_s, QJsonObject { { u"headline"_s, u"Tyop"_s } });
    publish(hub, u"match-1"_s, u"score"_s, QJsonObject { { u"homeScore"_s, 1 } });
    publish(hub, u"match-1"_s, u"commentary"_s, QJsonObject { { u"text"_s, u"Wrong"_s } });
    publish(hub, u"news"_s, u"correction"_s, target(u"1"_s, { { u"headline"_s, u"Typo"_s } }));
    publish(hub, u"match-1"_s, u"retraction"_s, target(u"3"_s));
    publish(hub, u"match-1"_s, u"clock"_s, QJsonObject { { u"second"_s, 1 } });
}

} // namespace

void tst_EventHub::amendmentsThatMakeNoSenseAreRefused_data()
{
    using Refusal = PublishOutcome::Refusal;
    QTest::addColumn<QString>("channel");
    QTest::addColumn<QString>("type");
    QTest::addColumn<QJsonValue>("data");
    QTest::addColumn<Refusal>("refusal");
    QTest::addColumn<QString>("reason");

    const QJsonObject text { { u"text"_s, u"Right"_s } };
    QTest::addRow("no target") << u"news"_s << u"retraction"_s << QJsonValue(QJsonObject {})
                               << Refusal::Invalid << u"needs \"targetId\""_s;
    QTest::addRow("data not an object") << u"news"_s << u"correction"_s << QJsonValue(u"1"_s)
                                        << Refusal::Invalid << u"needs \"targetId\""_s;
    QTest::addRow("target as a number")
        << u"news"_s << u"retraction"_s << QJsonValue(QJsonObject { { u"targetId"_s, 1 } })
        << Refusal::Invalid << u"as a decimal string"_s;
    QTest::addRow("target zero") << u"news"_s << u"retraction"_s << QJsonValue(target(u"0"_s))
                                 << Refusal::Invalid << u"needs \"targetId\""_s;
    QTest::addRow("correction changing nothing")
        << u"news"_s << u"correction"_s << QJsonValue(target(u"1"_s)) << Refusal::Invalid
        << u"at least one field"_s;
    QTest::addRow("future target") << u"news"_s << u"retraction"_s << QJsonValue(target(u"99"_s))
                                   << Refusal::Invalid << u"there is no event #99 yet"_s;
    QTest::addRow("the next id") << u"news"_s << u"retraction"_s << QJsonValue(target(u"7"_s))
                                 << Refusal::Invalid << u"there is no event #7 yet"_s;
    QTest::addRow("a score") << u"match-1"_s << u"retraction"_s << QJsonValue(target(u"2"_s))
                             << Refusal::Invalid << u"#2 is a score or clock update"_s;
    QTest::addRow("a clock tick") << u"match-1"_s << u"correction"_s
                                  << QJsonValue(target(u"6"_s, text)) << Refusal::Invalid
                                  << u"#6 is a score or clock update"_s;
    QTest::addRow("a correction") << u"news"_s << u"retraction"_s << QJsonValue(target(u"4"_s))
                                  << Refusal::Invalid
                                  << u"#4 is itself a correction; amend the post it names, #1,"_s;
    QTest::addRow("a retraction") << u"match-1"_s << u"correction"_s
                                  << QJsonValue(target(u"5"_s, text)) << Refusal::Invalid
                                  << u"#5 is itself a retraction"_s;
    QTest::addRow("another channel")
        << u"match-1"_s << u"correction"_s << QJsonValue(target(u"1"_s, text)) << Refusal::Invalid
        << u"#1 is on channel \"news\"; its correction must be sent there"_s;
    QTest::addRow("retracted again")
        << u"match-1"_s << u"retraction"_s << QJsonValue(target(u"3"_s)) << Refusal::Conflict
        << u"#3 has already been retracted (by #5)"_s;
    QTest::addRow("correcting a retracted post")
        << u"match-1"_s << u"correction"_s << QJsonValue(target(u"3"_s, text)) << Refusal::Conflict
        << u"#3 has been retracted (by #5), so it can no longer be corrected"_s;
}

void tst_EventHub::amendmentsThatMakeNoSenseAreRefused()
{
    QFETCH(QString, channel);
    QFETCH(QString, type);
    QFETCH(QJsonValue, data);
    QFETCH(PublishOutcome::Refusal, refusal);
    QFETCH(QString, reason);
    EventHub hub(10);
    publishHistory(hub);
    QSignalSpy spy(&hub, &EventHub::published);

    const PublishOutcome refused = PublishWaiter::publish(hub, channel, type, data);
    QVERIFY(!refused.ok());
    QCOMPARE(refused.refusal, refusal);
    QVERIFY2(refused.error.contains(reason), qPrintable(refused.error));
    // Nothing stored, nothing emitted, no id used.
    QCOMPARE(spy.count(), 0);
    QCOMPARE(hub.lastId(), 6u);
    QCOMPARE(publish(hub, u"news"_s, u"news-flash"_s, QJsonObject {})->id, 7u);
}

void tst_EventHub::sensibleAmendmentsGoThrough()
{
    EventHub hub(10);
    publishHistory(hub);
    // A second correction of the same post, then its retraction; a correction of nothing
    // but a plain text event.
    QVERIFY(publish(hub, u"news"_s, u"correction"_s, target(u"1"_s, { { u"body"_s, u"b"_s } })));
    QCOMPARE(publish(hub, u"news"_s, u"retraction"_s, target(u"1"_s))->id, 8u);
    publish(hub, u"notes"_s, u"note"_s, u"plain text"_s);
    QVERIFY(publish(hub, u"notes"_s, u"correction"_s, target(u"9"_s, { { u"text"_s, u"t"_s } })));
    QCOMPARE(PublishWaiter::publish(hub, u"news"_s, u"retraction"_s, target(u"1"_s)).refusal,
        PublishOutcome::Refusal::Conflict);
}

void tst_EventHub::aRetractionClaimsItsTargetBeforeItIsStored()
{
    // A log that answers later: two retractions sent before the first is stored.
    DeferredLog log;
    EventHub hub(10, &log);
    hub.publish(u"news"_s, u"news-flash"_s, QJsonObject { { u"headline"_s, u"x"_s } });
    log.answerAll();
    PublishWaiter first;
    hub.publish(u"news"_s, u"retraction"_s, target(u"1"_s), nullptr, first.callback());
    const PublishOutcome second
        = PublishWaiter::publish(hub, u"news"_s, u"retraction"_s, target(u"1"_s));
    QCOMPARE(second.refusal, PublishOutcome::Refusal::Conflict);
    QVERIFY2(second.error.contains(u"being stored"_s), qPrintable(second.error));
    QVERIFY(!first.arrived());
    log.answerAll();
    QVERIFY(first.wait() && first.outcome().ok());
    QCOMPARE(first.outcome().id(), 2u);
    QVERIFY(PublishWaiter::publish(hub, u"news"_s, u"retraction"_s, target(u"1"_s))
                .error.contains(u"(by #2)"_s));
}

void tst_EventHub::aRetractionTheLogRefusedCanBeSentAgain()
{
    FailingLog log;
    EventHub hub(10, &log);
    QVERIFY(publish(hub, u"news"_s, u"news-flash"_s, QJsonObject { { u"headline"_s, u"x"_s } }));
    log.full = true;
    QTest::ignoreMessage(QtCriticalMsg, QRegularExpression(u"could not be stored"_s));
    QCOMPARE(PublishWaiter::publish(hub, u"news"_s, u"retraction"_s, target(u"1"_s)).refusal,
        PublishOutcome::Refusal::Unavailable);
    log.full = false;
    QCOMPARE(publish(hub, u"news"_s, u"retraction"_s, target(u"1"_s))->id, 2u);
}

void tst_EventHub::retractedStaysRetractedAcrossARestart()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(u"journal.sqlite"_s);
    QString error;
    {
        EventJournal journal(file);
        QVERIFY2(journal.open(&error), qPrintable(error));
        EventHub hub(1000, &journal);
        publishHistory(hub);
    }
    // A new run on the same journal, with a window that holds none of the old events.
    EventJournal journal(file);
    QVERIFY2(journal.open(&error), qPrintable(error));
    EventHub hub(0, &journal);
    QSignalSpy spy(&hub, &EventHub::published);
    const PublishOutcome again
        = PublishWaiter::publish(hub, u"match-1"_s, u"retraction"_s, target(u"3"_s));
    QCOMPARE(again.refusal, PublishOutcome::Refusal::Conflict);
    QVERIFY2(again.error.contains(u"already been retracted (by #5)"_s), qPrintable(again.error));
    const QJsonObject text { { u"text"_s, u"Right"_s } };
    QCOMPARE(
        PublishWaiter::publish(hub, u"match-1"_s, u"correction"_s, target(u"3"_s, text)).refusal,
        PublishOutcome::Refusal::Conflict);
    // What the old events were is known too: a correction, a score, another channel.
    QVERIFY(PublishWaiter::publish(hub, u"news"_s, u"retraction"_s, target(u"4"_s))
                .error.contains(u"itself a correction"_s));
    QVERIFY(PublishWaiter::publish(hub, u"match-1"_s, u"retraction"_s, target(u"2"_s))
                .error.contains(u"score or clock"_s));
    QVERIFY(PublishWaiter::publish(hub, u"match-1"_s, u"retraction"_s, target(u"1"_s))
                .error.contains(u"on channel \"news\""_s));
    QCOMPARE(spy.count(), 0);
    // And the post that was not retracted still can be, with the next id.
    QCOMPARE(publish(hub, u"news"_s, u"retraction"_s, target(u"1"_s))->id, 7u);
}

void tst_EventHub::amendmentsAreJudgedBeyondTheReplayWindow()
{
    // A window of 3 and a match's worth of clock ticks: the flash is long out of the window,
    // and its channel and type are still known.
    EventHub hub(3);
    publish(hub, u"news"_s, u"news-flash"_s, QJsonObject { { u"headline"_s, u"x"_s } });
    for (int i = 0; i < 100; ++i)
        publish(hub, u"match-1"_s, u"clock"_s, QJsonObject { { u"second"_s, i } });
    QVERIFY(PublishWaiter::publish(hub, u"match-1"_s, u"retraction"_s, target(u"1"_s))
                .error.contains(u"on channel \"news\""_s));
    QCOMPARE(publish(hub, u"news"_s, u"retraction"_s, target(u"1"_s))->id, 102u);
    QCOMPARE(PublishWaiter::publish(hub, u"news"_s, u"retraction"_s, target(u"1"_s)).refusal,
        PublishOutcome::Refusal::Conflict);
}

void tst_EventHub::theGuardForgetsTheOldestBeyondItsCap()
{
    // A journal holding two events more than the guard remembers: the oldest post, a
    // retraction of it and the rest of the posts.
    constexpr quint64 last = AmendmentGuard::MaxRemembered + 2;
    EventLog::Restored restored;
    restored.firstId = 1;
    restored.lastId = last;
    const QString news = u"news"_s;
    const QString flash = u"news-flash"_s;
    restored.records.reserve(qsizetype(last));
    restored.records.append({ 1, news, flash, 0 });
    restored.records.append({ 2, news, u"retraction"_s, 1 });
    for (quint64 id = 3; id <= last; ++id)
        restored.records.append({ id, news, flash, 0 });
    AmendmentGuard guard;
    guard.restore(restored);
    QCOMPARE(guard.rememberedCount(), AmendmentGuard::MaxRemembered);

    const auto retraction = [&](quint64 id) {
        return EventDraft { news, u"retraction"_s, target(QString::number(id)), {} };
    };
    // What it forgot is refused as no longer kept, whatever it was.
    for (quint64 id : { 1, 2 }) {
        const std::optional<PublishOutcome> forgotten = guard.admit(retraction(id), last);
        QVERIFY(forgotten);
        QCOMPARE(forgotten->refusal, PublishOutcome::Refusal::Invalid);
        QVERIFY2(forgotten->error.contains(u"no longer kept"_s), qPrintable(forgotten->error));
    }
    QVERIFY(!guard.admit(retraction(3), last));
    QCOMPARE(guard.admit(retraction(3), last)->refusal, PublishOutcome::Refusal::Conflict);
}

void tst_EventHub::aRepeatedKeyGetsTheOriginal()
{
    EventHub hub(10);
    QSignalSpy spy(&hub, &EventHub::published);
    const QString key = u"9b2d1c3e-0000-4000-8000-000000000001"_s;
    const PublishOutcome first = PublishWaiter::publishOnce(hub, u"news"_s, u"t"_s, 1, key);
    QVERIFY(first.ok());
    QVERIFY(!first.repeated);
    // A retry after a lost answer, even with another body: the original, nothing new.
    const PublishOutcome again = PublishWaiter::publishOnce(hub, u"news"_s, u"t"_s, 2, key);
    QVERIFY(again.ok());
    QVERIFY(again.repeated);
    QCOMPARE(again.event, first.event);
    QCOMPARE(spy.count(), 1);
    QCOMPARE(hub.lastId(), 1u);
    // Another key is another post.
    QCOMPARE(PublishWaiter::publishOnce(hub, u"news"_s, u"t"_s, 1, u"other"_s).id(), 2u);
}

void tst_EventHub::aRepeatWhileTheFirstIsStoredWaitsForIt()
{
    DeferredLog log;
    EventHub hub(10, &log);
    QSignalSpy spy(&hub, &EventHub::published);
    QList<PublishOutcome> outcomes;
    for (int n = 0; n < 3; ++n)
        hub.publishOnce(u"news"_s, u"t"_s, n, u"k"_s, nullptr,
            [&outcomes](const PublishOutcome &o) { outcomes.append(o); });
    log.answerAll();
    QCOMPARE(outcomes.size(), 3);
    QCOMPARE(spy.count(), 1);
    QCOMPARE(outcomes.at(0).id(), 1u);
    QVERIFY(!outcomes.at(0).repeated);
    QCOMPARE(outcomes.at(1).id(), 1u);
    QVERIFY(outcomes.at(1).repeated);
    QCOMPARE(outcomes.at(2).event, outcomes.at(0).event);
}

void tst_EventHub::aRefusedFirstLeavesTheKeyFree()
{
    FailingLog log;
    EventHub hub(10, &log);
    log.full = true;
    QTest::ignoreMessage(QtCriticalMsg, QRegularExpression(u"could not be stored"_s));
    QCOMPARE(PublishWaiter::publishOnce(hub, u"news"_s, u"t"_s, 1, u"k"_s).refusal,
        PublishOutcome::Refusal::Unavailable);
    log.full = false;
    // The retry the refusal asked for is stored, as a first.
    const PublishOutcome retried = PublishWaiter::publishOnce(hub, u"news"_s, u"t"_s, 1, u"k"_s);
    QCOMPARE(retried.id(), 1u);
    QVERIFY(!retried.repeated);
}

void tst_EventHub::badKeysAreRefused_data()
{
    QTest::addColumn<QString>("key");
    QTest::newRow("a space") << u"a b"_s;
    QTest::newRow("a line break") << u"a\r\nb"_s;
    QTest::newRow("not ASCII") << u"clé"_s;
    QTest::newRow("too long") << QString(IdempotencyIndex::MaxKeyLength + 1, u'k');
}

void tst_EventHub::badKeysAreRefused()
{
    QFETCH(QString, key);
    EventHub hub(10);
    QSignalSpy spy(&hub, &EventHub::published);
    const PublishOutcome refused = PublishWaiter::publishOnce(hub, u"news"_s, u"t"_s, 1, key);
    QCOMPARE(refused.refusal, PublishOutcome::Refusal::Invalid);
    QVERIFY2(refused.error.contains(u"idempotency key"_s), qPrintable(refused.error));
    QCOMPARE(spy.count(), 0);
    QVERIFY(IdempotencyIndex::isValidKey(QString(IdempotencyIndex::MaxKeyLength, u'k')));
}

void tst_EventHub::keysOutliveARestartOfTheJournal()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(u"journal.sqlite"_s);
    QString error;
    {
        EventJournal journal(file);
        QVERIFY2(journal.open(&error), qPrintable(error));
        EventHub hub(10, &journal);
        QCOMPARE(PublishWaiter::publishOnce(hub, u"news"_s, u"t"_s, 1, u"k1"_s).id(), 1u);
        QCOMPARE(PublishWaiter::publish(hub, u"news"_s, u"t"_s, 2).id(), 2u);
    }
    // The server restarted between storing a post and its answer reaching the sender.
    EventJournal journal(file);
    QVERIFY2(journal.open(&error), qPrintable(error));
    EventHub hub(0, &journal);
    const PublishOutcome again = PublishWaiter::publishOnce(hub, u"news"_s, u"t"_s, 1, u"k1"_s);
    QVERIFY(again.repeated);
    QCOMPARE(again.id(), 1u);
    QCOMPARE(again.event->channel, u"news"_s);
    QCOMPARE(PublishWaiter::publishOnce(hub, u"news"_s, u"t"_s, 3, u"k2"_s).id(), 3u);
}

void tst_EventHub::keysAreForgottenAfterTheirWindow()
{
    IdempotencyIndex index(std::chrono::seconds(60), 2);
    const QDateTime t0 = QDateTime(QDate(2026, 6, 1), QTime(12, 0), Qt::UTC);
    index.remember(u"a"_s, { 1, u"news"_s, u"t"_s, t0 });
    QCOMPARE(index.find(u"a"_s, t0.addSecs(60))->id, 1u);
    QVERIFY(!index.find(u"a"_s, t0.addSecs(61)));
    index.expire(t0.addSecs(61));
    QCOMPARE(index.size(), 0);
    // And by count, oldest first.
    for (int n = 1; n <= 3; ++n)
        index.remember(QString::number(n), { quint64(n), u"news"_s, u"t"_s, t0 });
    QCOMPARE(index.size(), 2);
    QVERIFY(!index.find(u"1"_s, t0));
    QCOMPARE(index.find(u"3"_s, t0)->id, 3u);
}

QTEST_APPLESS_MAIN(tst_EventHub)
#include "tst_eventhub.moc"

namespace {

QJsonObject flash(const QString &headline, bool pinned = false)
{
    QJsonObject data { { u"headline"_s, headline } };
    if (pinned)
        data.insert(u"pinned"_s, true);
    return data;
}

// The ids pinned in a snapshot, with their headlines: "id:headline".
QStringList pins(const QJsonObject &state)
{
    QStringList out;
    const QJsonArray pins = state.value(u"pinned"_s).toArray();
    for (const auto &pin : pins) {
        const QJsonObject p = pin.toObject();
        out << p.value(u"id"_s).toString() + u':' + p.value(u"channel"_s).toString() + u':'
                + p.value(u"data"_s).toObject().value(u"headline"_s).toString();
    }
    return out;
}

} // namespace

void tst_EventHub::theLatestPinOfAChannelWins()
{
    EventHub hub(10);
    publish(hub, u"news"_s, u"news-flash"_s, flash(u"Line-ups at 14:00"_s, true));
    publish(hub, u"match-1"_s, u"commentary"_s,
        QJsonObject { { u"text"_s, u"Welcome"_s }, { u"pinned"_s, true } });
    QCOMPARE(
        pins(hub.stateJson(10)), QStringList({ u"1:news:Line-ups at 14:00"_s, u"2:match-1:"_s }));
    // A later post pinned on "news" replaces the first; "match-1" keeps its own.
    publish(hub, u"news"_s, u"news-flash"_s, flash(u"Kick-off delayed"_s, true));
    QCOMPARE(
        pins(hub.stateJson(10)), QStringList({ u"2:match-1:"_s, u"3:news:Kick-off delayed"_s }));
    // Pinning an earlier post afterwards (a correction) wins too; a filtered snapshot has
    // only its channels' pins.
    publish(hub, u"news"_s, u"correction"_s, target(u"1"_s, { { u"pinned"_s, true } }));
    QCOMPARE(
        pins(hub.stateJson(10, { u"news"_s })), QStringList({ u"1:news:Line-ups at 14:00"_s }));
}

void tst_EventHub::aPinFollowsCorrectionsUntilUnpinnedOrRetracted()
{
    EventHub hub(10);
    publish(hub, u"news"_s, u"news-flash"_s, flash(u"Tyop"_s, true));
    publish(hub, u"news"_s, u"correction"_s, target(u"1"_s, { { u"headline"_s, u"Typo"_s } }));
    QCOMPARE(pins(hub.stateJson(10)), QStringList({ u"1:news:Typo"_s }));
    publish(hub, u"news"_s, u"correction"_s, target(u"1"_s, { { u"pinned"_s, false } }));
    QVERIFY(pins(hub.stateJson(10)).isEmpty());
    publish(hub, u"news"_s, u"correction"_s, target(u"1"_s, { { u"pinned"_s, true } }));
    QCOMPARE(pins(hub.stateJson(10)), QStringList({ u"1:news:Typo"_s }));
    publish(hub, u"news"_s, u"retraction"_s, target(u"1"_s));
    QVERIFY(pins(hub.stateJson(10)).isEmpty());
}

void tst_EventHub::aPinOutlivesTheReplayWindow()
{
    EventHub hub(3);
    publish(hub, u"news"_s, u"news-flash"_s, flash(u"Pinned at kick-off"_s, true));
    for (int i = 0; i < 5; ++i)
        publish(hub, u"match-1"_s, u"clock"_s, QJsonObject { { u"minute"_s, i + 1 } });
    QVERIFY(hub.since(0, {}).gap); // #1 is no longer retained
    QCOMPARE(pins(hub.stateJson(10)), QStringList({ u"1:news:Pinned at kick-off"_s }));
    // Still pinned, its words can still be corrected, and it can be unpinned.
    publish(hub, u"news"_s, u"correction"_s, target(u"1"_s, { { u"headline"_s, u"Pinned"_s } }));
    QCOMPARE(pins(hub.stateJson(10)), QStringList({ u"1:news:Pinned"_s }));
    publish(hub, u"news"_s, u"correction"_s, target(u"1"_s, { { u"pinned"_s, false } }));
    QVERIFY(pins(hub.stateJson(10)).isEmpty());
}

void tst_EventHub::pinningAPostNoLongerRetainedIsRefused()
{
    EventHub hub(3);
    publish(hub, u"news"_s, u"news-flash"_s, flash(u"Old news"_s));
    for (int i = 0; i < 5; ++i)
        publish(hub, u"news"_s, u"news-flash"_s, flash(u"Newer"_s));
    const PublishOutcome outcome = PublishWaiter::publish(
        hub, u"news"_s, u"correction"_s, target(u"1"_s, { { u"pinned"_s, true } }));
    QCOMPARE(outcome.refusal, PublishOutcome::Refusal::Invalid);
    QVERIFY2(outcome.error.contains(u"too old to pin"_s), qPrintable(outcome.error));
    QCOMPARE(hub.lastId(), 6u); // nothing stored
    QVERIFY(pins(hub.stateJson(10)).isEmpty());
}

// The stream names no channels, so a pin that replaces another says which ("unpins"); a
// sender cannot make that up.
void tst_EventHub::aPinSaysWhichPinItReplaces()
{
    EventHub hub(10);
    const auto unpins = [](const HubEventPtr &e) { return e->data[u"unpins"_s].toString(); };
    QCOMPARE(unpins(publish(hub, u"news"_s, u"news-flash"_s, flash(u"First"_s, true))), QString());
    QCOMPARE(
        unpins(publish(hub, u"other"_s, u"news-flash"_s, flash(u"Elsewhere"_s, true))), QString());
    QCOMPARE(unpins(publish(hub, u"news"_s, u"news-flash"_s, flash(u"Second"_s, true))), u"1"_s);
    QCOMPARE(
        unpins(publish(hub, u"news"_s, u"correction"_s, target(u"1"_s, { { u"pinned"_s, true } }))),
        u"3"_s);
    QCOMPARE(
        unpins(publish(hub, u"news"_s, u"correction"_s, target(u"1"_s, { { u"pinned"_s, true } }))),
        QString()); // already the pin
    QJsonObject madeUp = flash(u"Liar"_s);
    madeUp.insert(u"unpins"_s, u"2"_s);
    const HubEventPtr liar = publish(hub, u"news"_s, u"news-flash"_s, madeUp);
    QVERIFY(!liar->data.toObject().contains(u"unpins"_s));
    QCOMPARE(pins(hub.stateJson(10)), QStringList({ u"2:other:Elsewhere"_s, u"1:news:First"_s }));
    // The pin's data does not carry the link.
    const QJsonArray pins = hub.stateJson(10).value(u"pinned"_s).toArray();
    for (const auto &pin : pins)
        QVERIFY(!pin[u"data"_s].toObject().contains(u"unpins"_s));
}

namespace {

// EventHub::history over a log that answers at once: the page, or an object holding only
// "error" (or "no answer").
QJsonObject historyOf(EventHub &hub, const EventHub::HistoryQuery &query)
{
    QJsonObject answer { { u"error"_s, u"no answer"_s } };
    hub.history(query, nullptr, [&](const QJsonObject &page, const QString &error) {
        answer = error.isEmpty() ? page : QJsonObject { { u"error"_s, error } };
    });
    return answer;
}

} // namespace

void tst_EventHub::historyComesFromTheWindowWithoutReadingTheLog()
{
    // FailingLog keeps no history (EventLog's default fetch fails): a page the window holds
    // is answered all the same, at once.
    FailingLog log;
    EventHub hub(10, &log);
    for (int n = 1; n <= 8; ++n)
        PublishWaiter::publish(hub, u"news"_s, u"t"_s, n);
    bool answeredAtOnce = false;
    hub.history({ {}, 0, 3 }, nullptr, [&](const QJsonObject &page, const QString &error) {
        answeredAtOnce = error.isEmpty() && page.value(u"events"_s).toArray().size() == 3
            && page.value(u"next"_s).toString() == u"6"_s;
    });
    QVERIFY(answeredAtOnce);
}

void tst_EventHub::historyBeyondALogThatKeepsNoneSaysWhy()
{
    FailingLog log;
    EventHub hub(2, &log);
    for (int n = 1; n <= 8; ++n)
        PublishWaiter::publish(hub, u"news"_s, u"t"_s, n);
    const QJsonObject page = historyOf(hub, { {}, 0, 5 });
    QCOMPARE(page.value(u"error"_s).toString(), u"this server keeps no history"_s);
}

void tst_EventHub::historyForAContextThatIsGoneIsDropped()
{
    // A log that answers later, like the journal's storage thread: by then the client that
    // asked may have hung up.
    DeferredLog log;
    EventHub hub(2, &log);
    for (int n = 1; n <= 8; ++n)
        hub.publish(u"news"_s, u"t"_s, n);
    log.answerAll();
    QCOMPARE(hub.lastId(), 8u);
    auto context = std::make_unique<QObject>();
    int calls = 0;
    hub.history(
        { {}, 4, 2 }, context.get(), [&](const QJsonObject &, const QString &) { ++calls; });
    QJsonObject page;
    hub.history({ {}, 4, 2 }, nullptr, [&](const QJsonObject &p, const QString &) { page = p; });
    QCOMPARE(log.fetchesWaiting(), 2); // posts 3 and 2 are out of the window: read from the log
    context.reset();
    log.answerAll();
    QCOMPARE(calls, 0);
    QCOMPARE(page.value(u"events"_s).toArray().size(), 2);
    QCOMPARE(page.value(u"events"_s).toArray().at(0).toObject().value(u"data"_s).toInt(), 3);
    QCOMPARE(page.value(u"next"_s).toString(), u"2"_s);
}
