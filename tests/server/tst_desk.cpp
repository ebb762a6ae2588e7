#include "domain/desk.h"
#include "hub/eventhub.h"
#include "publishwaiter.h"

#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

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
    void newsFlashRejects_data();
    void newsFlashRejects();
    void matchChannelsAreUniqueSlugs_data();
    void matchChannelsAreUniqueSlugs();
    void scoreChangesBroadcastAtOnce();
    void clockTicksPublishOnTheMatchChannel();
    void commentary();
    void correctionAndRetraction();
    void restoresMatchesFromASnapshotSilently();
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
    now += 61000;
    match->clock()->tick();
    QCOMPARE(spy.count(), 1);
    const Published tick = at(spy, 0);
    QCOMPARE(tick.type, u"clock"_s);
    QCOMPARE(tick.channel, u"match-a-b"_s);
    QCOMPARE(tick.data.value(u"minute"_s).toInt(), 2);
    QCOMPARE(tick.data.value(u"second"_s).toInt(), 1);
    QCOMPARE(tick.data.value(u"running"_s).toBool(), true);

    // And the real timer drives it too, once a second.
    QTRY_VERIFY_WITH_TIMEOUT(spy.count() >= 2, 3000);
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
    QSignalSpy spy(&hub, &EventHub::published);
    PublishWaiter waiter;
    desk.correct(
        7, u"news"_s, QJsonObject { { u"headline"_s, u"Fixed"_s } }, nullptr, waiter.callback());
    QVERIFY(waiter.outcome().ok());
    QCOMPARE(at(spy, 0).type, u"correction"_s);
    QCOMPARE(at(spy, 0).channel, u"news"_s);
    QCOMPARE(at(spy, 0).data,
        (QJsonObject { { u"targetId"_s, u"7"_s }, { u"headline"_s, u"Fixed"_s } }));
    desk.correct(7, u"news"_s, {}, nullptr, waiter.callback());
    QVERIFY(!waiter.outcome().ok());
    desk.retract(9, u"match-a-b"_s, nullptr, waiter.callback());
    QVERIFY(waiter.outcome().ok());
    QCOMPARE(at(spy, 1).type, u"retraction"_s);
    QCOMPARE(at(spy, 1).data, (QJsonObject { { u"targetId"_s, u"9"_s } }));
}

void tst_Desk::restoresMatchesFromASnapshotSilently()
{
    // What a hub reports after a restart: the newest score and clock of each match.
    EventHub hub(100);
    Desk before(&hub);
    Match *match = before.addMatch(u"Riverside"_s, u"Harbour City"_s);
    match->changeScore(Match::Side::Home, +1);
    match->setPeriod(Match::Period::SecondHalf);
    match->clock()->set(52, 10);
    match->clock()->start();
    match->clock()->tick(); // a clock event at 53'
    hub.publish(u"news"_s, u"news-flash"_s, QJsonObject { { u"headline"_s, u"x"_s } });

    EventHub other(100);
    Desk after(&other);
    QSignalSpy published(&other, &EventHub::published);
    QSignalSpy added(&after, &Desk::matchAdded);
    after.restore(hub.stateJson(50));
    QCOMPARE(added.count(), 1);
    QCOMPARE(published.count(), 0); // nothing re-broadcast
    const Match *restored = after.matches().constFirst();
    QCOMPARE(restored->channel(), match->channel());
    QCOMPARE(restored->home(), u"Riverside"_s);
    QCOMPARE(restored->homeScore(), 1);
    QCOMPARE(restored->period(), Match::Period::SecondHalf);
    QCOMPARE(restored->clock()->minute(), 53);
    QVERIFY(!restored->clock()->isRunning());
    after.restore(hub.stateJson(50)); // idempotent
    QCOMPARE(after.matches().size(), 1);
}

QTEST_GUILESS_MAIN(tst_Desk)
#include "tst_desk.moc"
