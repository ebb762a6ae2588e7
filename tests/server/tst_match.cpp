#include "domain/commentarykind.h"
#include "domain/match.h"
#include "hub/eventhub.h"
#include "hub/eventlog.h"
#include "publishwaiter.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

// An event log the test steers: it stores or refuses appends on demand, at once or (while
// holding) only when the test releases them, oldest first, as a log with a storage thread
// would. A real implementation of the interface, not a mock: the hub in front of it is the
// real one.
class SteeredLog final : public EventLog
{
public:
    bool failing = false;
    bool holding = false;

    Restored restore(int) override { return {}; }
    void append(const EventDraft &draft, AppendDone done) override
    {
        drafts.append(draft);
        if (holding)
            m_pending.append(std::move(done));
        else
            complete(done, !failing);
    }
    int pending() const { return int(m_pending.size()); }
    // Completes the oldest held append: stores it, or refuses it.
    void release(bool store) { complete(m_pending.takeFirst(), store); }

    QList<EventDraft> drafts; // every append asked for, stored or not

private:
    void complete(const AppendDone &done, bool store)
    {
        if (store)
            done(++m_lastId, {});
        else
            done(0, u"disk full"_s);
    }

    quint64 m_lastId = 0;
    QList<AppendDone> m_pending;
};

// A monotonic clock the test moves by hand.
struct FakeClock
{
    std::shared_ptr<qint64> ms = std::make_shared<qint64>(0);
    MatchClock::Clock clock() const
    {
        return [ms = ms] { return *ms; };
    }
};

HubEventPtr eventAt(const QSignalSpy &spy, int i)
{
    return spy.at(i).at(0).value<HubEventPtr>();
}

QByteArray compact(const QJsonValue &value)
{
    return QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact);
}

QJsonObject scoreData(int home, int away, int minute = 1, const QString &period = u"1st half"_s)
{
    return QJsonObject {
        { u"match"_s, u"match-ars-che"_s },
        { u"home"_s, u"Arsenal"_s },
        { u"away"_s, u"Chelsea"_s },
        { u"homeScore"_s, home },
        { u"awayScore"_s, away },
        { u"minute"_s, minute },
        { u"period"_s, period },
    };
}

const QString Channel = u"match-ars-che"_s;

// The hub logs each append the log refuses; these are expected.
void expectStoreFailures(int count)
{
    for (int i = 0; i < count; ++i)
        QTest::ignoreMessage(QtCriticalMsg, QRegularExpression(u"could not be stored"_s));
}

} // namespace

class tst_Match final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initialState();
    void aQueuedScoreStaysOnTheBoard();
    void periodKeys_data();
    void periodKeys();
    void unknownPeriodKeys_data();
    void unknownPeriodKeys();
    void goalPublishesAScoreEvent();
    void changeScore_data();
    void changeScore();
    void neverBelowZero();
    void setPeriodPublishes();
    void samePeriodPublishesNothing();
    void scoreCarriesTheClockMinute();
    void setTeams();
    void restorePublishesNothing();
    void comment();
    void commentRefusals_data();
    void commentRefusals();
    void commentRefusedByTheHub();
    void clockTickPublishesAClockEvent();
    void clockChangesPublishWhetherItRuns_data();
    void clockChangesPublishWhetherItRuns();
    void restoreARunningClock();
    void everyKindIsAccepted_data();
    void everyKindIsAccepted();
    void commentaryKinds();
    void minuteAboveTheMaximumIsRefused();
    void failedScoreRevertsToTheLastStored();
    void failedPeriodRevertsToTheLastStored();
    void failedChangeAfterRestoreRevertsToTheRestored();
    void failedClockReportsButKeepsTheScore();
    void heldChangesStoredInOrder();
    void failureWhileALaterChangeIsPendingThenStored();
    void isLive_data();
    void isLive();
    void followShowsAnotherConsolesScore();
    void followWaitsForOwnChangesToAnswer();
    void followClockTakesOverTheClock();
    void followClockIsHeldWhileOursIsOnItsWay();
    void followClockOfAClockAlongsideChangesNothing();
    void endStopsTheClockAndPublishesFullTime();
    void aRefusedEndIsReportedAndTakenBack();
};

void tst_Match::initialState()
{
    EventHub hub(100);
    QSignalSpy published(&hub, &EventHub::published);
    Match match(Channel, u"Arsenal"_s, u"Chelsea"_s, &hub);
    QCOMPARE(match.channel(), Channel);
    QCOMPARE(match.home(), u"Arsenal"_s);
    QCOMPARE(match.away(), u"Chelsea"_s);
    QCOMPARE(match.team(Match::Side::Home), u"Arsenal"_s);
    QCOMPARE(match.team(Match::Side::Away), u"Chelsea"_s);
    QCOMPARE(match.homeScore(), 0);
    QCOMPARE(match.awayScore(), 0);
    QCOMPARE(match.period(), Match::Period::FirstHalf);
    QVERIFY(!match.clock()->isRunning());
    QCOMPARE(match.scoreJson(), scoreData(0, 0));
    QCOMPARE(published.count(), 0); // creating a match broadcasts nothing
}

void tst_Match::periodKeys_data()
{
    QTest::addColumn<Match::Period>("period");
    QTest::addColumn<QString>("key");
    QTest::addRow("first half") << Match::Period::FirstHalf << u"1st half"_s;
    QTest::addRow("half-time") << Match::Period::HalfTime << u"half-time"_s;
    QTest::addRow("second half") << Match::Period::SecondHalf << u"2nd half"_s;
    QTest::addRow("extra time") << Match::Period::ExtraTime << u"extra time"_s;
    QTest::addRow("full-time") << Match::Period::FullTime << u"full-time"_s;
}

void tst_Match::periodKeys()
{
    QFETCH(Match::Period, period);
    QFETCH(QString, key);
    QCOMPARE(Match::periodKey(period), key);
    const std::optional<Match::Period> back = Match::periodFromKey(key);
    QVERIFY(back.has_value());
    QCOMPARE(*back, period);
}

void tst_Match::unknownPeriodKeys_data()
{
    QTest::addColumn<QString>("key");
    QTest::addRow("empty") << QString();
    QTest::addRow("wrong case") << u"1st Half"_s;
    QTest::addRow("no hyphen") << u"halftime"_s;
    QTest::addRow("padded") << u" full-time"_s;
    QTest::addRow("enum name") << u"FirstHalf"_s;
}

void tst_Match::unknownPeriodKeys()
{
    QFETCH(QString, key);
    QVERIFY(!Match::periodFromKey(key).has_value());
}

void tst_Match::goalPublishesAScoreEvent()
{
    EventHub hub(100);
    QSignalSpy published(&hub, &EventHub::published);
    Match match(Channel, u"Arsenal"_s, u"Chelsea"_s, &hub);
    QSignalSpy changed(&match, &Match::changed);
    QSignalSpy failed(&match, &Match::publishFailed);

    match.changeScore(Match::Side::Home, +1);
    QCOMPARE(match.homeScore(), 1);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(published.count(), 1);
    const HubEventPtr event = eventAt(published, 0);
    QCOMPARE(event->channel, Channel);
    QCOMPARE(event->type, u"score"_s);
    QCOMPARE(compact(event->data), compact(scoreData(1, 0)));

    match.changeScore(Match::Side::Away, +1);
    QCOMPARE(published.count(), 2);
    QCOMPARE(compact(eventAt(published, 1)->data), compact(scoreData(1, 1)));
    QCOMPARE(failed.count(), 0);
    // The hub keeps it as the channel's scoreboard.
    QVERIFY(eventAt(published, 1)->id > event->id);
}

void tst_Match::changeScore_data()
{
    QTest::addColumn<QList<Match::Side>>("sides");
    QTest::addColumn<QList<int>>("deltas");
    QTest::addColumn<int>("home");
    QTest::addColumn<int>("away");
    QTest::addColumn<int>("events");

    using S = Match::Side;
    QTest::addRow("one home goal") << QList<S> { S::Home } << QList<int> { 1 } << 1 << 0 << 1;
    QTest::addRow("goal then taken back")
        << QList<S> { S::Away, S::Away } << QList<int> { 1, -1 } << 0 << 0 << 2;
    QTest::addRow("minus at nil publishes nothing")
        << QList<S> { S::Home, S::Away } << QList<int> { -1, -1 } << 0 << 0 << 0;
    QTest::addRow("zero delta publishes nothing")
        << QList<S> { S::Home } << QList<int> { 0 } << 0 << 0 << 0;
    QTest::addRow("a delta of three") << QList<S> { S::Home } << QList<int> { 3 } << 3 << 0 << 1;
    QTest::addRow("a large minus stops at zero")
        << QList<S> { S::Away, S::Away } << QList<int> { 2, -5 } << 0 << 0 << 2;
    QTest::addRow("a thriller") << QList<S> { S::Home, S::Away, S::Away, S::Home, S::Home, S::Away }
                                << QList<int> { 1, 1, 1, 1, 1, -1 } << 3 << 1 << 6;
}

void tst_Match::changeScore()
{
    QFETCH(QList<Match::Side>, sides);
    QFETCH(QList<int>, deltas);
    QFETCH(int, home);
    QFETCH(int, away);
    QFETCH(int, events);

    EventHub hub(100);
    QSignalSpy published(&hub, &EventHub::published);
    Match match(Channel, u"Arsenal"_s, u"Chelsea"_s, &hub);
    QSignalSpy changed(&match, &Match::changed);
    for (qsizetype i = 0; i < sides.size(); ++i)
        match.changeScore(sides.at(i), deltas.at(i));
    QCOMPARE(match.homeScore(), home);
    QCOMPARE(match.awayScore(), away);
    QCOMPARE(published.count(), events);
    QCOMPARE(changed.count(), events); // one refresh per real change, none for a no-op
    if (events > 0) {
        QCOMPARE(compact(eventAt(published, events - 1)->data), compact(scoreData(home, away)));
    }
    for (int i = 0; i < published.count(); ++i) {
        const QJsonObject data = eventAt(published, i)->data.toObject();
        QVERIFY(data.value(u"homeScore"_s).toInt() >= 0);
        QVERIFY(data.value(u"awayScore"_s).toInt() >= 0);
    }
}

void tst_Match::neverBelowZero()
{
    EventHub hub(100);
    QSignalSpy published(&hub, &EventHub::published);
    Match match(Channel, u"Arsenal"_s, u"Chelsea"_s, &hub);
    QSignalSpy changed(&match, &Match::changed);
    for (int i = 0; i < 3; ++i) {
        match.changeScore(Match::Side::Home, -1);
        match.changeScore(Match::Side::Away, -1);
    }
    QCOMPARE(match.homeScore(), 0);
    QCOMPARE(match.awayScore(), 0);
    QCOMPARE(published.count(), 0);
    QCOMPARE(changed.count(), 0);

    match.changeScore(Match::Side::Away, 1);
    match.changeScore(Match::Side::Away, -1);
    match.changeScore(Match::Side::Away, -1);
    QCOMPARE(match.awayScore(), 0);
    QCOMPARE(published.count(), 2);
}

void tst_Match::setPeriodPublishes()
{
    EventHub hub(100);
    QSignalSpy published(&hub, &EventHub::published);
    Match match(Channel, u"Arsenal"_s, u"Chelsea"_s, &hub);
    QSignalSpy changed(&match, &Match::changed);
    match.changeScore(Match::Side::Home, 1);

    match.setPeriod(Match::Period::HalfTime);
    QCOMPARE(match.period(), Match::Period::HalfTime);
    QCOMPARE(changed.count(), 2);
    QCOMPARE(published.count(), 2);
    QCOMPARE(eventAt(published, 1)->type, u"score"_s);
    QCOMPARE(compact(eventAt(published, 1)->data), compact(scoreData(1, 0, 1, u"half-time"_s)));

    match.setPeriod(Match::Period::FullTime);
    QCOMPARE(published.count(), 3);
    QCOMPARE(eventAt(published, 2)->data.toObject().value(u"period"_s).toString(), u"full-time"_s);
}

void tst_Match::samePeriodPublishesNothing()
{
    EventHub hub(100);
    QSignalSpy published(&hub, &EventHub::published);
    Match match(Channel, u"Arsenal"_s, u"Chelsea"_s, &hub);
    QSignalSpy changed(&match, &Match::changed);
    match.setPeriod(Match::Period::FirstHalf);
    QCOMPARE(published.count(), 0);
    QCOMPARE(changed.count(), 0);
}

void tst_Match::scoreCarriesTheClockMinute()
{
    EventHub hub(100);
    QSignalSpy published(&hub, &EventHub::published);
    Match match(Channel, u"Arsenal"_s, u"Chelsea"_s, &hub);
    FakeClock time;
    match.clock()->setClock(time.clock());
    match.clock()->set(45, 0);
    QCOMPARE(published.count(), 1); // the clock event for the new time
    match.changeScore(Match::Side::Away, 1);
    QCOMPARE(published.count(), 2);
    QCOMPARE(eventAt(published, 1)->type, u"score"_s);
    QCOMPARE(eventAt(published, 1)->data.toObject().value(u"minute"_s).toInt(), 46);
    QCOMPARE(match.scoreJson().value(u"minute"_s).toInt(), 46);
}

void tst_Match::setTeams()
{
    EventHub hub(100);
    QSignalSpy published(&hub, &EventHub::published);
    Match match(Channel, u"Arsenal"_s, u"Chelsea"_s, &hub);
    QSignalSpy changed(&match, &Match::changed);

    match.setTeams(u"Arsenal"_s, u"Chelsea"_s);
    QCOMPARE(changed.count(), 0);
    match.setTeams(u"Spurs"_s, u"Chelsea"_s);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(match.home(), u"Spurs"_s);
    QCOMPARE(match.team(Match::Side::Home), u"Spurs"_s);
    match.setTeams(u"Spurs"_s, u"Fulham"_s);
    QCOMPARE(changed.count(), 2);
    QCOMPARE(published.count(), 0); // renaming is shown with the next score event

    match.changeScore(Match::Side::Home, 1);
    const QJsonObject data = eventAt(published, 0)->data.toObject();
    QCOMPARE(data.value(u"home"_s).toString(), u"Spurs"_s);
    QCOMPARE(data.value(u"away"_s).toString(), u"Fulham"_s);
}

void tst_Match::restorePublishesNothing()
{
    EventHub hub(100);
    QSignalSpy published(&hub, &EventHub::published);
    Match match(Channel, u"Arsenal"_s, u"Chelsea"_s, &hub);
    QSignalSpy changed(&match, &Match::changed);

    match.restore(2, 1, Match::Period::SecondHalf, (62 * 60 + 15) * 1000, false);
    QCOMPARE(published.count(), 0);
    QCOMPARE(changed.count(), 1); // once: the board and the clock display refresh together
    QCOMPARE(match.homeScore(), 2);
    QCOMPARE(match.awayScore(), 1);
    QCOMPARE(match.period(), Match::Period::SecondHalf);
    QCOMPARE(match.clock()->elapsedSeconds(), 62 * 60 + 15);
    QCOMPARE(match.clock()->minute(), 63);
    QVERIFY(!match.clock()->isRunning());

    // Negative scores from a damaged journal are clamped.
    match.restore(-3, -1, Match::Period::FullTime, 0, false);
    QCOMPARE(match.homeScore(), 0);
    QCOMPARE(match.awayScore(), 0);
    QCOMPARE(published.count(), 0);

    // The next change carries on from the restored state.
    match.restore(2, 1, Match::Period::SecondHalf, (62 * 60 + 15) * 1000, false);
    match.changeScore(Match::Side::Away, 1);
    QCOMPARE(published.count(), 1);
    QCOMPARE(compact(eventAt(published, 0)->data), compact(scoreData(2, 2, 63, u"2nd half"_s)));
}

void tst_Match::comment()
{
    EventHub hub(100);
    QSignalSpy published(&hub, &EventHub::published);
    Match match(Channel, u"Arsenal"_s, u"Chelsea"_s, &hub);

    PublishWaiter waiter;
    match.comment(u"goal"_s, 23, u"  Saka scores!\n"_s, nullptr, waiter.callback());
    QVERIFY(waiter.wait());
    QVERIFY2(waiter.outcome().ok(), qPrintable(waiter.outcome().error));
    QCOMPARE(published.count(), 1);
    const HubEventPtr event = eventAt(published, 0);
    QCOMPARE(waiter.outcome().id(), event->id);
    QCOMPARE(event->channel, Channel);
    QCOMPARE(event->type, u"commentary"_s);
    QCOMPARE(compact(event->data),
        compact(QJsonObject {
            { u"match"_s, Channel },
            { u"minute"_s, 23 },
            { u"kind"_s, u"goal"_s },
            { u"text"_s, u"Saka scores!"_s },
        }));

    // Minutes below the first are the first.
    for (const int minute : { 0, -7 }) {
        match.comment(u"comment"_s, minute, u"Kick-off"_s, nullptr, waiter.callback());
        QVERIFY(waiter.wait());
        QVERIFY(waiter.outcome().ok());
        QCOMPARE(waiter.outcome().event->data.toObject().value(u"minute"_s).toInt(), 1);
    }
    // A comment is not a score change.
    QCOMPARE(match.homeScore(), 0);
}

void tst_Match::commentRefusals_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("reason");

    const QString noText = u"Write the commentary text first."_s;
    const auto unknown = [](const QString &kind) {
        return u"Unknown commentary kind \"%1\"; it must be one of: comment, goal, yellow-card, "
               u"red-card, substitution, chance, var-check, half-time, full-time."_s.arg(kind);
    };
    QTest::addRow("empty text") << u"goal"_s << QString() << noText;
    QTest::addRow("blank text") << u"goal"_s << u" \t\n "_s << noText;
    QTest::addRow("empty text and a bad kind: the text first") << u"a b"_s << QString() << noText;
    QTest::addRow("empty kind") << QString() << u"text"_s << unknown(QString());
    QTest::addRow("space in the kind") << u"red card"_s << u"text"_s << unknown(u"red card"_s);
    QTest::addRow("newline in the kind")
        << u"goal\nevent: x"_s << u"text"_s << unknown(u"goal\nevent: x"_s);
    QTest::addRow("kind of 65 characters")
        << QString(65, u'k') << u"text"_s << unknown(QString(65, u'k'));
    QTest::addRow("non-ASCII kind")
        << u"but"_s + QChar(0x00e9) << u"text"_s << unknown(u"but\u00e9"_s);
    // A valid name the viewers' pages know nothing about (the correction editor once let
    // "kick-off" through).
    QTest::addRow("a name that is no kind") << u"kick-off"_s << u"text"_s << unknown(u"kick-off"_s);
    QTest::addRow("a kind in the wrong case") << u"Goal"_s << u"text"_s << unknown(u"Goal"_s);
}

void tst_Match::commentRefusals()
{
    QFETCH(QString, kind);
    QFETCH(QString, text);
    QFETCH(QString, reason);

    EventHub hub(100);
    QSignalSpy published(&hub, &EventHub::published);
    Match match(Channel, u"Arsenal"_s, u"Chelsea"_s, &hub);
    QSignalSpy failed(&match, &Match::publishFailed);

    int calls = 0;
    PublishOutcome outcome;
    match.comment(kind, 10, text, nullptr, [&](const PublishOutcome &o) {
        ++calls;
        outcome = o;
    });
    // Refused at once, before comment() returns, and exactly once.
    QCOMPARE(calls, 1);
    QVERIFY(!outcome.ok());
    QCOMPARE(outcome.id(), quint64(0));
    QCOMPARE(outcome.error, reason);
    QCOMPARE(published.count(), 0);
    QCOMPARE(hub.lastId(), quint64(0));
    QCOMPARE(failed.count(), 0); // a refused comment is the caller's to show, not the board's
}

void tst_Match::commentRefusedByTheHub()
{
    // The log cannot store it: the refusal comes back through done, with the log's reason.
    SteeredLog log;
    EventHub hub(100, &log);
    Match match(Channel, u"Arsenal"_s, u"Chelsea"_s, &hub);
    QSignalSpy failed(&match, &Match::publishFailed);
    expectStoreFailures(1);
    log.failing = true;

    PublishWaiter waiter;
    match.comment(u"goal"_s, 5, u"text"_s, nullptr, waiter.callback());
    QVERIFY(waiter.wait());
    QVERIFY(!waiter.outcome().ok());
    QVERIFY2(waiter.outcome().error.contains(u"disk full"_s), qPrintable(waiter.outcome().error));
    QCOMPARE(log.drafts.size(), 1);
    QCOMPARE(failed.count(), 0);
}

void tst_Match::clockTickPublishesAClockEvent()
{
    EventHub hub(100);
    QSignalSpy published(&hub, &EventHub::published);
    Match match(Channel, u"Arsenal"_s, u"Chelsea"_s, &hub);
    FakeClock time;
    match.clock()->setClock(time.clock());
    match.setPeriod(Match::Period::SecondHalf);
    QCOMPARE(published.count(), 1);

    match.clock()->set(45, 30);
    QCOMPARE(published.count(), 2); // setting the clock shows it at once
    match.clock()->tick(); // paused: no tick, nothing published
    QCOMPARE(published.count(), 2);
    match.clock()->start();
    QCOMPARE(published.count(), 3);
    *time.ms += 1000;
    match.clock()->tick();
    QCOMPARE(published.count(), 4);
    const HubEventPtr event = eventAt(published, 3);
    QCOMPARE(event->type, u"clock"_s);
    QCOMPARE(compact(event->data),
        compact(QJsonObject {
            { u"match"_s, Channel },
            { u"home"_s, u"Arsenal"_s },
            { u"away"_s, u"Chelsea"_s },
            { u"minute"_s, 46 },
            { u"second"_s, 31 },
            { u"period"_s, u"2nd half"_s },
            { u"running"_s, true },
        }));
}

void tst_Match::clockChangesPublishWhetherItRuns_data()
{
    QTest::addColumn<QString>("action");
    QTest::addColumn<bool>("running");
    QTest::addColumn<int>("minute");
    QTest::addColumn<int>("second");

    QTest::addRow("start") << u"start"_s << true << 11 << 5;
    QTest::addRow("pause") << u"pause"_s << false << 11 << 7;
    QTest::addRow("set while paused") << u"set"_s << false << 46 << 0;
}

// The newest clock event is what a restarted console reads: it must say whether the clock
// runs, so starting, pausing and setting it each publish one.
void tst_Match::clockChangesPublishWhetherItRuns()
{
    QFETCH(QString, action);
    QFETCH(bool, running);
    QFETCH(int, minute);
    QFETCH(int, second);

    EventHub hub(100);
    Match match(Channel, u"Arsenal"_s, u"Chelsea"_s, &hub);
    FakeClock time;
    match.clock()->setClock(time.clock());
    match.clock()->set(10, 5);
    if (action == u"pause") {
        match.clock()->start();
        *time.ms += 2000;
    }
    QSignalSpy published(&hub, &EventHub::published);
    if (action == u"start")
        match.clock()->start();
    else if (action == u"pause")
        match.clock()->pause();
    else
        match.clock()->set(45, 0);
    QCOMPARE(published.count(), 1);
    const QJsonObject data = eventAt(published, 0)->data.toObject();
    QCOMPARE(eventAt(published, 0)->type, u"clock"_s);
    QCOMPARE(data.value(u"running"_s).toBool(), running);
    QCOMPARE(data.value(u"minute"_s).toInt(), minute);
    QCOMPARE(data.value(u"second"_s).toInt(), second);
}

void tst_Match::restoreARunningClock()
{
    EventHub hub(100);
    QSignalSpy published(&hub, &EventHub::published);
    Match match(Channel, u"Arsenal"_s, u"Chelsea"_s, &hub);
    FakeClock time;
    match.clock()->setClock(time.clock());
    QSignalSpy changed(&match, &Match::changed);

    match.restore(1, 0, Match::Period::FirstHalf, (30 * 60 + 20) * 1000 + 500, true);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(published.count(), 0);
    QVERIFY(match.clock()->isRunning());
    QCOMPARE(match.clock()->elapsedSeconds(), 30 * 60 + 20);
    *time.ms += 1500;
    QCOMPARE(match.clock()->elapsedSeconds(), 30 * 60 + 22);
    match.clock()->tick(); // and it goes on ticking to the viewers
    QCOMPARE(published.count(), 1);
    QCOMPARE(eventAt(published, 0)->data.toObject().value(u"running"_s).toBool(), true);
}

void tst_Match::everyKindIsAccepted_data()
{
    QTest::addColumn<QString>("kind");
    for (const CommentaryKind &k : CommentaryKinds::all())
        QTest::addRow("%s", qPrintable(k.key)) << k.key;
}

void tst_Match::everyKindIsAccepted()
{
    QFETCH(QString, kind);
    EventHub hub(100);
    Match match(Channel, u"Arsenal"_s, u"Chelsea"_s, &hub);
    PublishWaiter waiter;
    match.comment(kind, 12, u"A line"_s, nullptr, waiter.callback());
    QVERIFY(waiter.wait());
    QVERIFY2(waiter.outcome().ok(), qPrintable(waiter.outcome().error));
    QCOMPARE(waiter.outcome().event->data.toObject().value(u"kind"_s).toString(), kind);
    QCOMPARE(match.homeScore(), 0); // commenting never moves the score by itself
    QString error;
    QVERIFY(Match::checkCommentary(kind, 12, u"A line"_s, &error));
}

void tst_Match::commentaryKinds()
{
    QCOMPARE(CommentaryKinds::neutral(), u"comment"_s);
    QCOMPARE(CommentaryKinds::all().constFirst().key, CommentaryKinds::neutral());
    QStringList keys;
    for (const CommentaryKind &k : CommentaryKinds::all()) {
        keys.append(k.key);
        QVERIFY(EventHub::isValidName(k.key)); // every kind can travel as a name
        QCOMPARE(CommentaryKinds::changesScore(k.key), k.key == u"goal");
        QVERIFY(CommentaryKinds::isKnown(k.key));
    }
    QCOMPARE(keys,
        (QStringList { u"comment"_s, u"goal"_s, u"yellow-card"_s, u"red-card"_s, u"substitution"_s,
            u"chance"_s, u"var-check"_s, u"half-time"_s, u"full-time"_s }));
    QVERIFY(!CommentaryKinds::isKnown(u"info"));
    QVERIFY(!CommentaryKinds::isKnown(u""));
    QVERIFY(!CommentaryKinds::changesScore(u"unknown"));
}

void tst_Match::minuteAboveTheMaximumIsRefused()
{
    EventHub hub(100);
    QSignalSpy published(&hub, &EventHub::published);
    Match match(Channel, u"Arsenal"_s, u"Chelsea"_s, &hub);
    PublishOutcome outcome;
    match.comment(u"comment"_s, Match::MaxMinute + 1, u"Late, late"_s, nullptr,
        [&](const PublishOutcome &o) { outcome = o; });
    QVERIFY(!outcome.ok());
    QCOMPARE(outcome.error, u"The minute is 201; it can be at most 200."_s);
    QCOMPARE(published.count(), 0);
    PublishWaiter waiter;
    match.comment(u"comment"_s, Match::MaxMinute, u"Late, late"_s, nullptr, waiter.callback());
    QVERIFY(waiter.wait());
    QVERIFY(waiter.outcome().ok());
}

void tst_Match::failedScoreRevertsToTheLastStored()
{
    SteeredLog log;
    EventHub hub(100, &log);
    QSignalSpy published(&hub, &EventHub::published);
    Match match(Channel, u"Arsenal"_s, u"Chelsea"_s, &hub);
    QSignalSpy changed(&match, &Match::changed);
    QSignalSpy failed(&match, &Match::publishFailed);

    match.changeScore(Match::Side::Home, 1);
    match.changeScore(Match::Side::Away, 1);
    QCOMPARE(published.count(), 2);

    expectStoreFailures(1);
    log.failing = true;
    match.changeScore(Match::Side::Home, 1);
    QCOMPARE(log.drafts.size(), 3);
    QCOMPARE(log.drafts.last().data.toObject().value(u"homeScore"_s).toInt(), 2);
    QCOMPARE(published.count(), 2); // nothing reached the viewers
    QCOMPARE(failed.count(), 1);
    const QString reason = failed.first().at(0).toString();
    QVERIFY2(reason.contains(u"could not be stored"_s), qPrintable(reason));
    QVERIFY2(reason.contains(u"disk full"_s), qPrintable(reason));
    // Back to what the viewers have, and the display is told.
    QCOMPARE(match.homeScore(), 1);
    QCOMPARE(match.awayScore(), 1);
    QCOMPARE(changed.count(), 4); // two goals, the failed goal, its revert

    // Once the log recovers, the next goal builds on the stored score, not the lost one.
    log.failing = false;
    match.changeScore(Match::Side::Home, 1);
    QCOMPARE(published.count(), 3);
    QCOMPARE(compact(eventAt(published, 2)->data), compact(scoreData(2, 1)));
    QCOMPARE(failed.count(), 1);
}

void tst_Match::failedPeriodRevertsToTheLastStored()
{
    SteeredLog log;
    EventHub hub(100, &log);
    Match match(Channel, u"Arsenal"_s, u"Chelsea"_s, &hub);
    QSignalSpy failed(&match, &Match::publishFailed);

    match.setPeriod(Match::Period::HalfTime);
    expectStoreFailures(3);
    log.failing = true;
    match.setPeriod(Match::Period::SecondHalf);
    QCOMPARE(failed.count(), 1);
    QCOMPARE(match.period(), Match::Period::HalfTime);

    // Several failures in a row all go back to the same stored board.
    match.changeScore(Match::Side::Away, 1);
    match.setPeriod(Match::Period::FullTime);
    QCOMPARE(failed.count(), 3);
    QCOMPARE(match.awayScore(), 0);
    QCOMPARE(match.period(), Match::Period::HalfTime);
}

void tst_Match::failedChangeAfterRestoreRevertsToTheRestored()
{
    SteeredLog log;
    EventHub hub(100, &log);
    Match match(Channel, u"Arsenal"_s, u"Chelsea"_s, &hub);
    QSignalSpy failed(&match, &Match::publishFailed);

    match.restore(3, 2, Match::Period::SecondHalf, 80 * 60 * 1000, false);
    expectStoreFailures(2);
    log.failing = true;
    match.changeScore(Match::Side::Away, 1);
    match.changeScore(Match::Side::Home, -1);
    QCOMPARE(failed.count(), 2);
    QCOMPARE(match.homeScore(), 3);
    QCOMPARE(match.awayScore(), 2);
    QCOMPARE(match.period(), Match::Period::SecondHalf);
    QCOMPARE(log.drafts.size(), 2); // restore() itself appended nothing
}

void tst_Match::failedClockReportsButKeepsTheScore()
{
    SteeredLog log;
    EventHub hub(100, &log);
    Match match(Channel, u"Arsenal"_s, u"Chelsea"_s, &hub);
    QSignalSpy failed(&match, &Match::publishFailed);
    FakeClock time;
    match.clock()->setClock(time.clock());

    match.changeScore(Match::Side::Home, 1);
    match.clock()->start();
    expectStoreFailures(1);
    log.failing = true;
    QSignalSpy changed(&match, &Match::changed);
    match.clock()->tick();
    QCOMPARE(log.drafts.last().type, u"clock"_s);
    QCOMPARE(failed.count(), 1);
    QVERIFY(failed.first().at(0).toString().contains(u"disk full"_s));
    QCOMPARE(match.homeScore(), 1);
    QCOMPARE(changed.count(), 0); // a lost tick changes nothing on the board
    QVERIFY(match.clock()->isRunning());
}

void tst_Match::heldChangesStoredInOrder()
{
    // A log that answers later: two goals in flight, the first stored, the second refused.
    SteeredLog log;
    log.holding = true;
    EventHub hub(100, &log);
    QSignalSpy published(&hub, &EventHub::published);
    Match match(Channel, u"Arsenal"_s, u"Chelsea"_s, &hub);
    QSignalSpy failed(&match, &Match::publishFailed);

    match.changeScore(Match::Side::Home, 1);
    match.changeScore(Match::Side::Home, 1);
    QCOMPARE(log.pending(), 2);
    QCOMPARE(match.homeScore(), 2); // shown at once

    log.release(true);
    QCOMPARE(published.count(), 1);
    QCOMPARE(match.homeScore(), 2);
    expectStoreFailures(1);
    log.release(false);
    QCOMPARE(failed.count(), 1);
    QCOMPARE(match.homeScore(), 1); // the one the viewers got
}

void tst_Match::failureWhileALaterChangeIsPendingThenStored()
{
    // Two goals in flight; the first cannot be stored, the second (2-0) is. The viewers
    // have 2-0, so once both have answered the board must show 2-0 as well: "the score
    // shown is the one the server has stored".
    SteeredLog log;
    log.holding = true;
    EventHub hub(100, &log);
    QSignalSpy published(&hub, &EventHub::published);
    Match match(Channel, u"Arsenal"_s, u"Chelsea"_s, &hub);
    QSignalSpy failed(&match, &Match::publishFailed);

    match.changeScore(Match::Side::Home, 1);
    match.changeScore(Match::Side::Home, 1);
    expectStoreFailures(1);
    log.release(false);
    QCOMPARE(failed.count(), 1);
    log.release(true);
    QCOMPARE(published.count(), 1);
    QCOMPARE(eventAt(published, 0)->data.toObject().value(u"homeScore"_s).toInt(), 2);
    QCOMPARE(match.homeScore(), 2);

    // And the next goal must build on the stored 2-0, not go back to 1-0.
    log.holding = false;
    match.changeScore(Match::Side::Home, 1);
    QCOMPARE(published.count(), 2);
    QCOMPARE(eventAt(published, 1)->data.toObject().value(u"homeScore"_s).toInt(), 3);
}

void tst_Match::isLive_data()
{
    QTest::addColumn<bool>("clockRan");
    QTest::addColumn<int>("homeScore");
    QTest::addColumn<Match::Period>("period");
    QTest::addColumn<bool>("live");
    QTest::newRow("never started") << false << 0 << Match::Period::FirstHalf << false;
    QTest::newRow("clock ran") << true << 0 << Match::Period::FirstHalf << true;
    QTest::newRow("a score, clock never ran") << false << 1 << Match::Period::FirstHalf << true;
    QTest::newRow("half-time") << true << 1 << Match::Period::HalfTime << true;
    QTest::newRow("full time") << true << 1 << Match::Period::FullTime << false;
}

void tst_Match::isLive()
{
    QFETCH(bool, clockRan);
    QFETCH(int, homeScore);
    QFETCH(Match::Period, period);
    QFETCH(bool, live);
    EventHub hub(100);
    Match match(Channel, u"Arsenal"_s, u"Chelsea"_s, &hub);
    match.restore(homeScore, 0, period, clockRan ? 61'000 : 0, false);
    QCOMPARE(match.isLive(), live);
}

void tst_Match::endStopsTheClockAndPublishesFullTime()
{
    EventHub hub(100);
    QSignalSpy published(&hub, &EventHub::published);
    Match match(Channel, u"Arsenal"_s, u"Chelsea"_s, &hub);
    match.restore(2, 1, Match::Period::SecondHalf, 90 * 60'000, true);
    QVERIFY(match.clock()->isRunning());
    PublishOutcome outcome;
    QObject context;
    match.end(&context, [&](const PublishOutcome &o) { outcome = o; });
    QVERIFY(outcome.ok());
    QVERIFY(!match.clock()->isRunning());
    QCOMPARE(match.period(), Match::Period::FullTime);
    QVERIFY(!match.isLive());
    // The clock stops for viewers first, then the board says full time.
    QCOMPARE(published.count(), 2);
    QCOMPARE(eventAt(published, 0)->type, u"clock"_s);
    QCOMPARE(eventAt(published, 0)->data.toObject().value(u"running"_s).toBool(true), false);
    QCOMPARE(eventAt(published, 1)->type, u"score"_s);
    QCOMPARE(outcome.id(), eventAt(published, 1)->id);
    QCOMPARE(eventAt(published, 1)->data.toObject().value(u"period"_s).toString(), u"full-time"_s);
}

void tst_Match::aRefusedEndIsReportedAndTakenBack()
{
    SteeredLog log;
    EventHub hub(100, &log);
    Match match(Channel, u"Arsenal"_s, u"Chelsea"_s, &hub);
    match.restore(1, 0, Match::Period::SecondHalf, 80 * 60'000, false);
    log.failing = true;
    expectStoreFailures(1);
    PublishOutcome outcome = PublishOutcome::published({});
    QObject context;
    match.end(&context, [&](const PublishOutcome &o) { outcome = o; });
    QVERIFY(!outcome.ok());
    QVERIFY(!outcome.error.isEmpty());
    QCOMPARE(match.period(), Match::Period::SecondHalf);
    QVERIFY(match.isLive());
}

void tst_Match::followShowsAnotherConsolesScore()
{
    EventHub hub(100);
    QSignalSpy published(&hub, &EventHub::published);
    Match match(Channel, u"Arsenal"_s, u"Chelsea"_s, &hub);
    QSignalSpy changed(&match, &Match::changed);

    match.follow(7, scoreData(2, 1, 30, u"2nd half"_s));
    QCOMPARE(match.homeScore(), 2);
    QCOMPARE(match.awayScore(), 1);
    QCOMPARE(match.period(), Match::Period::SecondHalf);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(published.count(), 0); // the viewers have it already

    match.follow(5, scoreData(0, 0)); // older than what the board shows
    match.follow(7, scoreData(0, 0)); // the same event again
    QCOMPARE(match.homeScore(), 2);
    QCOMPARE(changed.count(), 1);

    // The next goal here builds on the followed score.
    match.changeScore(Match::Side::Away, +1);
    QCOMPARE(compact(eventAt(published, 0)->data), compact(scoreData(2, 2, 1, u"2nd half"_s)));
}

void tst_Match::followWaitsForOwnChangesToAnswer()
{
    SteeredLog log;
    log.holding = true;
    EventHub hub(100, &log);
    Match match(Channel, u"Arsenal"_s, u"Chelsea"_s, &hub);

    match.changeScore(Match::Side::Home, +1); // 1-0 here, on its way
    match.follow(100, scoreData(0, 1)); // another console's 0-1, stored after it
    QCOMPARE(match.homeScore(), 1); // the operator's own change stays until it answers
    log.release(true); // ours is stored first (a lower id): the newest stored one is theirs
    QCOMPARE(match.homeScore(), 0);
    QCOMPARE(match.awayScore(), 1);
}

void tst_Match::followClockTakesOverTheClock()
{
    EventHub hub(100);
    QSignalSpy published(&hub, &EventHub::published);
    Match match(Channel, u"Arsenal"_s, u"Chelsea"_s, &hub);
    FakeClock time;
    match.clock()->setClock(time.clock());
    QSignalSpy changed(&match, &Match::changed);

    match.followClock(9, (20 * 60 + 5) * 1000LL, true);
    QVERIFY(match.clock()->isRunning());
    QCOMPARE(match.clock()->elapsedSeconds(), 20 * 60 + 5);
    QCOMPARE(changed.count(), 1);
    *time.ms += 1000;
    match.clock()->tick(); // the other console sends the time, not this one
    QCOMPARE(published.count(), 0);

    match.clock()->pause(); // the operator here takes it over
    QCOMPARE(published.count(), 1);
    QVERIFY(!eventAt(published, 0)->data.toObject().value(u"running"_s).toBool());
    match.clock()->start();
    *time.ms += 1000;
    match.clock()->tick();
    QCOMPARE(published.count(), 3);
}

void tst_Match::followClockIsHeldWhileOursIsOnItsWay()
{
    SteeredLog log;
    log.holding = true;
    EventHub hub(100, &log);
    Match match(Channel, u"Arsenal"_s, u"Chelsea"_s, &hub);
    FakeClock time;
    match.clock()->setClock(time.clock());

    match.clock()->start(); // ours: running, on its way
    match.followClock(50, 10 * 60 * 1000LL, false); // theirs, newer: paused at 10:00
    QVERIFY(match.clock()->isRunning()); // not yet: ours could still be judged newer
    log.release(true);
    QVERIFY(!match.clock()->isRunning());
    QCOMPARE(match.clock()->elapsedSeconds(), 10 * 60);

    // Theirs older than ours, once ours answers, is dropped.
    match.clock()->start();
    match.followClock(1, 0, false);
    log.release(true);
    QVERIFY(match.clock()->isRunning());
}

void tst_Match::followClockOfAClockAlongsideChangesNothing()
{
    EventHub hub(100);
    QSignalSpy published(&hub, &EventHub::published);
    Match match(Channel, u"Arsenal"_s, u"Chelsea"_s, &hub);
    FakeClock time;
    match.clock()->setClock(time.clock());
    match.clock()->set(30, 0);
    match.clock()->start();
    QSignalSpy changed(&match, &Match::changed);

    match.followClock(100, (30 * 60 + 1) * 1000LL, true); // a tick a second apart
    QCOMPARE(changed.count(), 0);
    *time.ms += 1000;
    const qsizetype before = published.count();
    match.clock()->tick(); // still leads: nobody else changed it
    QCOMPARE(published.count(), before + 1);
}

// What an outbox answers while its server cannot be reached: kept, to be sent later.
class QueueingPublisher final : public Publisher
{
public:
    int asked = 0;
    void publish(const QString &, const QString &, const QJsonValue &, QObject *,
        PublishCallback done) override // clazy:exclude=function-args-by-ref
    {
        ++asked;
        done(PublishOutcome::queuedFor(QStringLiteral("cannot reach the server")));
    }
};

void tst_Match::aQueuedScoreStaysOnTheBoard()
{
    QueueingPublisher outbox;
    Match match(Channel, u"Arsenal"_s, u"Chelsea"_s, &outbox);
    QSignalSpy failed(&match, &Match::publishFailed);
    match.changeScore(Match::Side::Home, +1);
    match.changeScore(Match::Side::Home, +1);
    match.changeScore(Match::Side::Away, +1);
    match.clock()->start();
    // Not taken back as a refusal would be: the operator keeps working on the board.
    QCOMPARE(match.homeScore(), 2);
    QCOMPARE(match.awayScore(), 1);
    QVERIFY(match.clock()->isRunning());
    QCOMPARE(failed.count(), 0);
    QVERIFY(outbox.asked >= 4);
}

QTEST_GUILESS_MAIN(tst_Match)
#include "tst_match.moc"
