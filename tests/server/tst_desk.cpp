#include "domain/desk.h"
#include "host/serverhost.h"
#include "hub/eventhub.h"
#include "publishwaiter.h"
#include "testhost.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

struct Published
{
    QString channel;
    QString type;
    QJsonObject data;
};

// The i-th event the hub published (spy on EventHub::published).
Published at(const QSignalSpy &spy, int i)
{
    const HubEventPtr e = spy.at(i).at(0).value<HubEventPtr>();
    return { e->channel, e->type, e->data.toObject() };
}

} // namespace

// The domain objects behind the console: no widgets, no sockets; they publish through a
// real EventHub (in memory), and every publish reports its outcome.
class tst_Desk final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void newsFlash();
    void theOperatorsNameIsTheByline();
    void newsFlashRejects_data();
    void newsFlashRejects();
    void matchChannelsAreUniqueSlugs_data();
    void matchChannelsAreUniqueSlugs();
    void scoreChangesBroadcastAtOnce();
    void clockTicksPublishOnTheMatchChannel();
    void commentary();
    void correctionAndRetraction();
    void restoresMatchesFromASnapshotSilently();
    void restoredClockRunsOnFromItsLastEvent_data();
    void restoredClockRunsOnFromItsLastEvent();
    void aRunningClockComesBackRunningAfterARestart();
    void newsFlashCheckIsWhatPublishingApplies_data();
    void newsFlashCheckIsWhatPublishingApplies();
    void followOpensAMatchFromAnotherConsole();
    void followLeavesFinishedAndClosedMatchesClosed();
    void followMovesTheClockOfAMatch();
};

void tst_Desk::newsFlash()
{
    EventHub hub(10);
    Desk desk(&hub);
    QSignalSpy spy(&hub, &EventHub::published);
    PublishWaiter waiter;
    desk.publishNewsFlash(u"  GOAL!  "_s, u"Riverside lead"_s, true, nullptr, waiter.callback());
    QVERIFY(waiter.wait());
    QVERIFY(waiter.outcome().ok());
    QCOMPARE(waiter.outcome().id(), 1u);
    QCOMPARE(spy.count(), 1);
    const Published p = at(spy, 0);
    QCOMPARE(p.channel, u"news"_s);
    QCOMPARE(p.type, u"news-flash"_s);
    QCOMPARE(p.data,
        (QJsonObject { { u"headline"_s, u"GOAL!"_s }, { u"body"_s, u"Riverside lead"_s },
            { u"urgent"_s, true } }));
}

void tst_Desk::newsFlashRejects_data()
{
    QTest::addColumn<QString>("headline");
    QTest::addColumn<QString>("message");
    QTest::addRow("empty") << QString() << u"headline first"_s;
    QTest::addRow("blank") << u"   \t"_s << u"headline first"_s;
    QTest::addRow("too long") << QString(201, u'x') << u"201 characters"_s;
}

void tst_Desk::newsFlashRejects()
{
    QFETCH(QString, headline);
    QFETCH(QString, message);
    EventHub hub(10);
    Desk desk(&hub);
    QSignalSpy spy(&hub, &EventHub::published);
    PublishWaiter waiter;
    desk.publishNewsFlash(headline, u"body"_s, false, nullptr, waiter.callback());
    QVERIFY(waiter.arrived()); // refused at once
    QVERIFY(!waiter.outcome().ok());
    QVERIFY2(waiter.outcome().error.contains(message), qPrintable(waiter.outcome().error));
    QCOMPARE(spy.count(), 0);
    QCOMPARE(hub.lastId(), 0u);
}

void tst_Desk::newsFlashCheckIsWhatPublishingApplies_data()
{
    newsFlashRejects_data();
    QTest::addRow("fits") << u"Kick-off delayed"_s << QString();
    QTest::addRow("200 characters") << QString(200, u'x') << QString();
}

// The forms check with checkNewsFlash before sending: it must say what publishing says.
void tst_Desk::newsFlashCheckIsWhatPublishingApplies()
{
    QFETCH(QString, headline);
    QFETCH(QString, message);
    QString error;
    const bool ok = Desk::checkNewsFlash(headline, &error);
    QCOMPARE(ok, message.isEmpty());
    EventHub hub(10);
    Desk desk(&hub);
    PublishWaiter waiter;
    desk.publishNewsFlash(headline, QString(), false, nullptr, waiter.callback());
    QVERIFY(waiter.wait());
    QCOMPARE(waiter.outcome().ok(), ok);
    if (!ok) {
        QVERIFY2(error.contains(message), qPrintable(error));
        QCOMPARE(waiter.outcome().error, error);
    }
}

void tst_Desk::matchChannelsAreUniqueSlugs_data()
{
    QTest::addColumn<QString>("home");
    QTest::addColumn<QString>("away");
    QTest::addColumn<QString>("first");
    QTest::addColumn<QString>("second");
    QTest::addRow("plain") << u"Riverside"_s << u"Harbour City"_s
                           << u"match-riverside-harbour-city"_s
                           << u"match-riverside-harbour-city-2"_s;
    QTest::addRow("punctuation") << u"St. Pauli"_s << u"1. FC Köln"_s
                                 << u"match-st-pauli-1-fc-k-ln"_s
                                 << u"match-st-pauli-1-fc-k-ln-2"_s;
    QTest::addRow("no ASCII") << u"北京国安"_s << u"上海申花"_s << u"match-1"_s << u"match-2"_s;
}

void tst_Desk::matchChannelsAreUniqueSlugs()
{
    QFETCH(QString, home);
    QFETCH(QString, away);
    QFETCH(QString, first);
    QFETCH(QString, second);
    EventHub hub(10);
    Desk desk(&hub);
    QSignalSpy added(&desk, &Desk::matchAdded);
    QCOMPARE(desk.addMatch(home, away)->channel(), first);
    QCOMPARE(desk.addMatch(home, away)->channel(), second);
    QCOMPARE(added.count(), 2);
    QVERIFY(EventHub::isValidName(first));
    QCOMPARE(desk.matches().constFirst()->home(), home);
}

void tst_Desk::scoreChangesBroadcastAtOnce()
{
    EventHub hub(10);
    Desk desk(&hub);
    Match *match = desk.addMatch(u"Riverside"_s, u"Harbour City"_s);
    QSignalSpy spy(&hub, &EventHub::published);
    match->changeScore(Match::Side::Home, +1);
    match->changeScore(Match::Side::Away, -1); // already 0: nothing to broadcast
    match->changeScore(Match::Side::Away, +1);
    match->setPeriod(Match::Period::HalfTime);
    QCOMPARE(spy.count(), 3);
    const Published first = at(spy, 0);
    QCOMPARE(first.channel, match->channel());
    QCOMPARE(first.type, u"score"_s);
    QCOMPARE(first.data,
        (QJsonObject { { u"match"_s, match->channel() }, { u"home"_s, u"Riverside"_s },
            { u"away"_s, u"Harbour City"_s }, { u"homeScore"_s, 1 }, { u"awayScore"_s, 0 },
            { u"minute"_s, 1 }, { u"period"_s, u"1st half"_s } }));
    QCOMPARE(at(spy, 1).data.value(u"awayScore"_s).toInt(), 1);
    QCOMPARE(at(spy, 2).data.value(u"period"_s).toString(), u"half-time"_s);
}

void tst_Desk::clockTicksPublishOnTheMatchChannel()
{
    EventHub hub(10);
    Desk desk(&hub);
    Match *match = desk.addMatch(u"A"_s, u"B"_s);
    qint64 now = 0;
    match->clock()->setClock([&now] { return now; });
    QSignalSpy spy(&hub, &EventHub::published);
    match->clock()->tick(); // not running: silent
    QCOMPARE(spy.count(), 0);
    match->clock()->start();
    QCOMPARE(spy.count(), 1); // starting is shown at once
    QCOMPARE(at(spy, 0).data.value(u"running"_s).toBool(), true);
    now += 61000;
    match->clock()->tick();
    QCOMPARE(spy.count(), 2);
    const Published tick = at(spy, 1);
    QCOMPARE(tick.type, u"clock"_s);
    QCOMPARE(tick.channel, u"match-a-b"_s);
    QCOMPARE(tick.data.value(u"minute"_s).toInt(), 2);
    QCOMPARE(tick.data.value(u"second"_s).toInt(), 1);
    QCOMPARE(tick.data.value(u"running"_s).toBool(), true);

    // And the real timer drives it too, once a second.
    QTRY_VERIFY_WITH_TIMEOUT(spy.count() >= 3, 3000);
}

// Every flash and commentary line carries the byline once it is set, matches opened before
// and after included; cleared, none; scores do not (a board is nobody's post).
void tst_Desk::theOperatorsNameIsTheByline()
{
    EventHub hub(20);
    Desk desk(&hub);
    Match *before = desk.addMatch(u"A"_s, u"B"_s);
    desk.setByline(u"  Sam Okafor  "_s);
    Match *after = desk.addMatch(u"C"_s, u"D"_s);
    QSignalSpy spy(&hub, &EventHub::published);
    PublishWaiter waiter;
    desk.publishNewsFlash(u"Gates open"_s, QString(), false, nullptr, waiter.callback());
    QVERIFY(waiter.wait());
    before->comment(u"comment"_s, 3, u"Early pressure"_s, nullptr, waiter.callback());
    QVERIFY(waiter.wait());
    after->comment(u"comment"_s, 4, u"Elsewhere too"_s, nullptr, waiter.callback());
    QVERIFY(waiter.wait());
    before->changeScore(Match::Side::Home, +1);
    QTRY_COMPARE(spy.count(), 4);
    for (int i = 0; i < 3; ++i)
        QCOMPARE(at(spy, i).data.value(u"byline"_s).toString(), u"Sam Okafor"_s);
    QVERIFY(!at(spy, 3).data.contains(u"byline"_s));
    desk.setByline(QString());
    desk.publishNewsFlash(u"No name"_s, QString(), false, nullptr, waiter.callback());
    QVERIFY(waiter.wait());
    QVERIFY(!at(spy, 4).data.contains(u"byline"_s));
}

void tst_Desk::commentary()
{
    EventHub hub(10);
    Desk desk(&hub);
    Match *match = desk.addMatch(u"A"_s, u"B"_s);
    QSignalSpy spy(&hub, &EventHub::published);
    PublishWaiter waiter;
    match->comment(u"goal"_s, 23, u" GOAL for A! Header. "_s, nullptr, waiter.callback());
    QVERIFY(waiter.wait());
    QCOMPARE(waiter.outcome().id(), 1u);
    QCOMPARE(at(spy, 0).type, u"commentary"_s);
    QCOMPARE(at(spy, 0).data,
        (QJsonObject { { u"match"_s, u"match-a-b"_s }, { u"minute"_s, 23 },
            { u"kind"_s, u"goal"_s }, { u"text"_s, u"GOAL for A! Header."_s } }));
    match->comment(u"goal"_s, 23, u"  "_s, nullptr, waiter.callback());
    QVERIFY(!waiter.outcome().ok());
    QVERIFY(waiter.outcome().error.contains(u"text first"_s));
    match->comment(u"bad kind"_s, 23, u"x"_s, nullptr, waiter.callback());
    QVERIFY(!waiter.outcome().ok());
    QCOMPARE(spy.count(), 1);
}

void tst_Desk::correctionAndRetraction()
{
    EventHub hub(10);
    Desk desk(&hub);
    PublishWaiter waiter;
    // Targets first: a flash (#1) and a line of commentary (#2).
    desk.publishNewsFlash(u"Riverside lose"_s, QString(), false, nullptr, waiter.callback());
    QVERIFY(waiter.outcome().ok());
    desk.addMatch(u"A"_s, u"B"_s)
        ->comment(u"comment"_s, 3, u"Kick-off"_s, nullptr, waiter.callback());
    QVERIFY(waiter.outcome().ok());
    QSignalSpy spy(&hub, &EventHub::published);
    desk.correct(
        1, u"news"_s, QJsonObject { { u"headline"_s, u"Fixed"_s } }, nullptr, waiter.callback());
    QVERIFY2(waiter.outcome().ok(), qPrintable(waiter.outcome().error));
    QCOMPARE(at(spy, 0).type, u"correction"_s);
    QCOMPARE(at(spy, 0).channel, u"news"_s);
    QCOMPARE(at(spy, 0).data,
        (QJsonObject { { u"targetId"_s, u"1"_s }, { u"headline"_s, u"Fixed"_s } }));
    desk.correct(1, u"news"_s, {}, nullptr, waiter.callback());
    QVERIFY(!waiter.outcome().ok());
    desk.retract(2, u"match-a-b"_s, nullptr, waiter.callback());
    QVERIFY2(waiter.outcome().ok(), qPrintable(waiter.outcome().error));
    QCOMPARE(at(spy, 1).type, u"retraction"_s);
    QCOMPARE(at(spy, 1).data, (QJsonObject { { u"targetId"_s, u"2"_s } }));
}

void tst_Desk::restoresMatchesFromASnapshotSilently()
{
    // What a hub reports after a restart: the newest score and clock of each match.
    EventHub hub(100);
    Desk before(&hub);
    Match *match = before.addMatch(u"Riverside"_s, u"Harbour City"_s);
    match->changeScore(Match::Side::Home, +1);
    match->setPeriod(Match::Period::SecondHalf);
    qint64 now = 0;
    match->clock()->setClock([&now] { return now; });
    match->clock()->set(52, 10);
    match->clock()->start();
    match->clock()->pause(); // a clock event at 52:10, paused
    hub.publish(u"news"_s, u"news-flash"_s, QJsonObject { { u"headline"_s, u"x"_s } });

    EventHub other(100);
    Desk after(&other);
    QSignalSpy published(&other, &EventHub::published);
    QSignalSpy added(&after, &Desk::matchAdded);
    // However long the console was away, a paused clock is where it was paused.
    after.restoreAt(hub.stateJson(50), QDateTime::currentDateTimeUtc().addSecs(3600));
    QCOMPARE(added.count(), 1);
    QCOMPARE(published.count(), 0); // nothing re-broadcast
    const Match *restored = after.matches().constFirst();
    QCOMPARE(restored->channel(), match->channel());
    QCOMPARE(restored->home(), u"Riverside"_s);
    QCOMPARE(restored->homeScore(), 1);
    QCOMPARE(restored->period(), Match::Period::SecondHalf);
    QCOMPARE(restored->clock()->elapsedSeconds(), 52 * 60 + 10);
    QVERIFY(!restored->clock()->isRunning());
    after.restore(hub.stateJson(50)); // idempotent
    QCOMPARE(after.matches().size(), 1);
}

namespace {

QJsonObject clockEvent(int minute, int second, bool running, const QString &time)
{
    return QJsonObject {
        { u"channel"_s, u"match-a-b"_s },
        { u"type"_s, u"clock"_s },
        { u"time"_s, time },
        { u"data"_s,
            QJsonObject { { u"match"_s, u"match-a-b"_s }, { u"minute"_s, minute },
                { u"second"_s, second }, { u"running"_s, running } } },
    };
}

} // namespace

void tst_Desk::restoredClockRunsOnFromItsLastEvent_data()
{
    QTest::addColumn<QJsonObject>("clock");
    QTest::addColumn<bool>("running");
    QTest::addColumn<int>("elapsed");

    const QString at = u"2024-05-04T15:30:00.000Z"_s; // restored at 15:31:30.250
    QTest::addRow("running: the time away counts")
        << clockEvent(31, 20, true, at) << true << 30 * 60 + 20 + 90;
    QTest::addRow("paused: it does not") << clockEvent(31, 20, false, at) << false << 30 * 60 + 20;
    QTest::addRow("running, from the future: resumes where it was")
        << clockEvent(31, 20, true, u"2024-05-04T16:00:00.000Z"_s) << true << 30 * 60 + 20;
    QTest::addRow("running, no time: resumes where it was")
        << clockEvent(31, 20, true, QString()) << true << 30 * 60 + 20;
    QTest::addRow("no clock event: the score's minute") << QJsonObject() << false << 30 * 60;
}

void tst_Desk::restoredClockRunsOnFromItsLastEvent()
{
    QFETCH(QJsonObject, clock);
    QFETCH(bool, running);
    QFETCH(int, elapsed);

    const QJsonObject score {
        { u"channel"_s, u"match-a-b"_s },
        { u"type"_s, u"score"_s },
        { u"time"_s, u"2024-05-04T15:29:00.000Z"_s },
        { u"data"_s,
            QJsonObject { { u"match"_s, u"match-a-b"_s }, { u"home"_s, u"A"_s },
                { u"away"_s, u"B"_s }, { u"homeScore"_s, 2 }, { u"awayScore"_s, 0 },
                { u"minute"_s, 31 }, { u"period"_s, u"1st half"_s } } },
    };
    QJsonArray latest { score };
    if (!clock.isEmpty())
        latest.append(clock);
    EventHub hub(10);
    Desk desk(&hub);
    desk.restoreAt(QJsonObject { { u"latest"_s, latest } },
        QDateTime::fromString(u"2024-05-04T15:31:30.250Z"_s, Qt::ISODateWithMs));
    QCOMPARE(desk.matches().size(), 1);
    const Match *match = desk.matches().constFirst();
    QCOMPARE(match->homeScore(), 2);
    QCOMPARE(match->clock()->isRunning(), running);
    // Running on a real monotonic clock from here: a slow machine may add a second.
    QVERIFY2(qAbs(match->clock()->elapsedSeconds() - elapsed) <= 1,
        qPrintable(QString::number(match->clock()->elapsedSeconds())));
}

// The real path: a console publishes through a real server with its journal, quits with the
// clock running, and a new console on the same data directory picks the match up.
void tst_Desk::aRunningClockComesBackRunningAfterARestart()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    qint64 elapsedBefore = 0;
    {
        auto host = startHost(dir.path());
        Desk desk(host.get());
        Match *match = desk.addMatch(u"Arsenal"_s, u"Chelsea"_s);
        QSignalSpy published(host.get(), &ServerHost::published);
        match->changeScore(Match::Side::Home, +1);
        match->clock()->set(67, 30);
        match->clock()->start();
        QTRY_COMPARE(published.count(), 3); // score, clock set, clock started
        elapsedBefore = match->clock()->elapsedSeconds();
        host->stop(); // quit with the clock running
    }
    auto host = startHost(dir.path());
    Desk desk(host.get());
    QSignalSpy snapshot(host.get(), &ServerHost::snapshotReady);
    connect(host.get(), &ServerHost::snapshotReady, &desk, &Desk::restore);
    host->requestSnapshot();
    QTRY_COMPARE(snapshot.count(), 1);
    QCOMPARE(desk.matches().size(), 1);
    Match *match = desk.matches().constFirst();
    QCOMPARE(match->home(), u"Arsenal"_s);
    QCOMPARE(match->homeScore(), 1);
    QVERIFY(match->clock()->isRunning());
    QVERIFY(match->clock()->elapsedSeconds() >= elapsedBefore);
    QVERIFY(match->clock()->elapsedSeconds() < 67 * 60 + 30 + 60); // this test takes < 1 min

    // Paused now, and restarted again: it comes back paused, at the same time.
    QSignalSpy published(host.get(), &ServerHost::published);
    match->clock()->pause();
    QTRY_COMPARE(published.count(), 1);
    const int pausedAt = match->clock()->elapsedSeconds();
    host->stop();
    host = startHost(dir.path());
    Desk third(host.get());
    connect(host.get(), &ServerHost::snapshotReady, &third, &Desk::restore);
    QSignalSpy again(host.get(), &ServerHost::snapshotReady);
    host->requestSnapshot();
    QTRY_COMPARE(again.count(), 1);
    QCOMPARE(third.matches().size(), 1);
    QVERIFY(!third.matches().constFirst()->clock()->isRunning());
    QCOMPARE(third.matches().constFirst()->clock()->elapsedSeconds(), pausedAt);
    host->stop();
}

namespace {

HubEventPtr storedEvent(quint64 id, const QString &type, const QJsonObject &data,
    const QDateTime &time = QDateTime::currentDateTimeUtc())
{
    return makeHubEvent(id, EventDraft { u"match-a-b"_s, type, data, time });
}

QJsonObject score(int home, int away, const QString &period = u"1st half"_s)
{
    return QJsonObject { { u"match"_s, u"match-a-b"_s }, { u"home"_s, u"A"_s },
        { u"away"_s, u"B"_s }, { u"homeScore"_s, home }, { u"awayScore"_s, away },
        { u"minute"_s, 12 }, { u"period"_s, period } };
}

} // namespace

void tst_Desk::followOpensAMatchFromAnotherConsole()
{
    EventHub hub(100);
    QSignalSpy published(&hub, &EventHub::published);
    Desk desk(&hub);
    QSignalSpy added(&desk, &Desk::matchAdded);

    desk.follow(storedEvent(3, u"score"_s, score(1, 0)));
    QCOMPARE(added.count(), 1);
    const Match *match = desk.matches().constFirst();
    QCOMPARE(match->channel(), u"match-a-b"_s);
    QCOMPARE(match->home(), u"A"_s);
    QCOMPARE(match->homeScore(), 1);
    QCOMPARE(match->clock()->minute(), 12);
    QVERIFY(!match->clock()->isRunning());
    desk.follow(storedEvent(4, u"score"_s, score(2, 0)));
    QCOMPARE(added.count(), 1); // the same match, its board moved on
    QCOMPARE(match->homeScore(), 2);
    // Events that are not a match's board change nothing.
    desk.follow(makeHubEvent(5, EventDraft { u"news"_s, u"score"_s, score(9, 9), {} }));
    desk.follow(storedEvent(6, u"commentary"_s, score(9, 9)));
    QCOMPARE(match->homeScore(), 2);
    QCOMPARE(published.count(), 0);
}

void tst_Desk::followLeavesFinishedAndClosedMatchesClosed()
{
    EventHub hub(100);
    Desk desk(&hub);
    desk.follow(storedEvent(1, u"score"_s, score(1, 0, u"full-time"_s)));
    QVERIFY(desk.matches().isEmpty());

    desk.follow(storedEvent(2, u"score"_s, score(1, 0)));
    QCOMPARE(desk.matches().size(), 1);
    desk.removeMatch(desk.matches().constFirst());
    desk.follow(storedEvent(3, u"score"_s, score(2, 0)));
    QVERIFY(desk.matches().isEmpty()); // closed here stays closed
}

void tst_Desk::followMovesTheClockOfAMatch()
{
    EventHub hub(100);
    Desk desk(&hub);
    desk.follow(storedEvent(1, u"score"_s, score(0, 0)));
    Match *match = desk.matches().constFirst();
    const QDateTime sent = QDateTime::currentDateTimeUtc();
    const QJsonObject clock { { u"match"_s, u"match-a-b"_s }, { u"minute"_s, 31 },
        { u"second"_s, 0 }, { u"running"_s, true } };
    // Sent 5 s ago and running: the clock stands 5 s further on.
    desk.followAt(storedEvent(2, u"clock"_s, clock, sent), sent.addSecs(5));
    QVERIFY(match->clock()->isRunning());
    QCOMPARE(match->clock()->elapsedSeconds(), 30 * 60 + 5);
    match->clock()->pause();
}

QTEST_GUILESS_MAIN(tst_Desk)
#include "tst_desk.moc"
