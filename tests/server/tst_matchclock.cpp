#include "domain/matchclock.h"

#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

// A monotonic clock the test moves by hand.
struct FakeClock
{
    std::shared_ptr<qint64> ms = std::make_shared<qint64>(100000);

    MatchClock::Clock clock() const
    {
        return [ms = ms] { return *ms; };
    }
    void advance(qint64 by) { *ms += by; }
};

} // namespace

class tst_MatchClock final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initialState();
    void startAndPause();
    void startAndPauseAreIdempotent();
    void pausedTimeDoesNotCount();
    void subSecondPiecesAccumulate();
    void toggle();
    void set_data();
    void set();
    void setWhileRunningContinuesFromTheNewTime();
    void setWhilePausedStaysPaused();
    void minute_data();
    void minute();
    void tickEmitsOnlyWhileRunning();
    void tickCarriesTheElapsedSeconds();
    void setClockKeepsTheElapsedTime();
    void runningClockTicksByItself();
    void restoreEmitsNothing_data();
    void restoreEmitsNothing();
};

void tst_MatchClock::initialState()
{
    MatchClock clock;
    QVERIFY(!clock.isRunning());
    QCOMPARE(clock.elapsedSeconds(), 0);
    QCOMPARE(clock.minute(), 1);
}

void tst_MatchClock::startAndPause()
{
    FakeClock time;
    MatchClock clock;
    clock.setClock(time.clock());
    QSignalSpy changed(&clock, &MatchClock::changed);

    clock.start();
    QVERIFY(clock.isRunning());
    QCOMPARE(changed.count(), 1);
    time.advance(90500);
    QCOMPARE(clock.elapsedSeconds(), 90);
    QCOMPARE(clock.minute(), 2);

    clock.pause();
    QVERIFY(!clock.isRunning());
    QCOMPARE(changed.count(), 2);
    QCOMPARE(clock.elapsedSeconds(), 90);
}

void tst_MatchClock::startAndPauseAreIdempotent()
{
    FakeClock time;
    MatchClock clock;
    clock.setClock(time.clock());
    QSignalSpy changed(&clock, &MatchClock::changed);

    clock.pause(); // not running: nothing to do
    QCOMPARE(changed.count(), 0);
    clock.start();
    time.advance(5000);
    clock.start(); // already running: must not restart the count
    QCOMPARE(changed.count(), 1);
    time.advance(5000);
    QCOMPARE(clock.elapsedSeconds(), 10);
    clock.pause();
    clock.pause();
    QCOMPARE(changed.count(), 2);
    QCOMPARE(clock.elapsedSeconds(), 10);
}

void tst_MatchClock::pausedTimeDoesNotCount()
{
    FakeClock time;
    MatchClock clock;
    clock.setClock(time.clock());

    clock.start();
    time.advance(10000);
    clock.pause();
    time.advance(600000); // half-time: ten minutes pass on the wall clock
    QCOMPARE(clock.elapsedSeconds(), 10);
    clock.start();
    QCOMPARE(clock.elapsedSeconds(), 10);
    time.advance(3000);
    QCOMPARE(clock.elapsedSeconds(), 13);
}

void tst_MatchClock::subSecondPiecesAccumulate()
{
    FakeClock time;
    MatchClock clock;
    clock.setClock(time.clock());

    // Three runs of 0.6 s: 1.8 s in all, so 1 second shown, not 0 (no per-run rounding).
    for (int i = 0; i < 3; ++i) {
        clock.start();
        time.advance(600);
        clock.pause();
    }
    QCOMPARE(clock.elapsedSeconds(), 1);
    clock.start();
    time.advance(199);
    QCOMPARE(clock.elapsedSeconds(), 1);
    time.advance(1);
    QCOMPARE(clock.elapsedSeconds(), 2);
}

void tst_MatchClock::toggle()
{
    FakeClock time;
    MatchClock clock;
    clock.setClock(time.clock());
    QSignalSpy changed(&clock, &MatchClock::changed);

    clock.toggle();
    QVERIFY(clock.isRunning());
    time.advance(2000);
    clock.toggle();
    QVERIFY(!clock.isRunning());
    time.advance(2000);
    QCOMPARE(clock.elapsedSeconds(), 2);
    clock.toggle();
    QVERIFY(clock.isRunning());
    time.advance(2000);
    QCOMPARE(clock.elapsedSeconds(), 4);
    QCOMPARE(changed.count(), 3);
}

void tst_MatchClock::set_data()
{
    QTest::addColumn<int>("minutes");
    QTest::addColumn<int>("seconds");
    QTest::addColumn<int>("elapsed");

    QTest::addRow("zero") << 0 << 0 << 0;
    QTest::addRow("kick-off of the second half") << 45 << 0 << 2700;
    QTest::addRow("minutes and seconds") << 12 << 34 << 754;
    QTest::addRow("59 seconds") << 0 << 59 << 59;
    QTest::addRow("seconds over 59 are capped") << 3 << 75 << 239;
    QTest::addRow("negative seconds are 0") << 3 << -5 << 180;
    QTest::addRow("negative minutes are 0") << -2 << 30 << 30;
    QTest::addRow("both negative") << -1 << -1 << 0;
    QTest::addRow("extra time") << 120 << 0 << 7200;
    QTest::addRow("a very long match") << 100000 << 59 << 6000059;
}

void tst_MatchClock::set()
{
    QFETCH(int, minutes);
    QFETCH(int, seconds);
    QFETCH(int, elapsed);

    FakeClock time;
    MatchClock clock;
    clock.setClock(time.clock());
    time.advance(12345);
    QSignalSpy changed(&clock, &MatchClock::changed);

    clock.set(minutes, seconds);
    QCOMPARE(clock.elapsedSeconds(), elapsed);
    QCOMPARE(clock.minute(), elapsed / 60 + 1);
    QCOMPARE(changed.count(), 1);
    QVERIFY(!clock.isRunning());
    // Setting the same time again still tells the display to refresh.
    clock.set(minutes, seconds);
    QCOMPARE(changed.count(), 2);
    QCOMPARE(clock.elapsedSeconds(), elapsed);
}

void tst_MatchClock::setWhileRunningContinuesFromTheNewTime()
{
    FakeClock time;
    MatchClock clock;
    clock.setClock(time.clock());
    clock.start();
    time.advance(70000);
    QCOMPARE(clock.elapsedSeconds(), 70);

    QSignalSpy changed(&clock, &MatchClock::changed);
    clock.set(10, 0);
    QVERIFY(clock.isRunning());
    QCOMPARE(changed.count(), 1);
    QCOMPARE(clock.elapsedSeconds(), 600);
    time.advance(2500);
    QCOMPARE(clock.elapsedSeconds(), 602);

    // Backwards works the same way.
    clock.set(1, 0);
    QCOMPARE(clock.elapsedSeconds(), 60);
    time.advance(1000);
    QCOMPARE(clock.elapsedSeconds(), 61);
}

void tst_MatchClock::setWhilePausedStaysPaused()
{
    FakeClock time;
    MatchClock clock;
    clock.setClock(time.clock());
    clock.start();
    time.advance(5000);
    clock.pause();

    clock.set(20, 15);
    QVERIFY(!clock.isRunning());
    time.advance(60000);
    QCOMPARE(clock.elapsedSeconds(), 1215);
    clock.start();
    time.advance(5000);
    QCOMPARE(clock.elapsedSeconds(), 1220);
}

void tst_MatchClock::minute_data()
{
    QTest::addColumn<int>("minutes");
    QTest::addColumn<int>("seconds");
    QTest::addColumn<int>("minute");

    QTest::addRow("0:00 is the 1st minute") << 0 << 0 << 1;
    QTest::addRow("0:59 is the 1st minute") << 0 << 59 << 1;
    QTest::addRow("1:00 is the 2nd minute") << 1 << 0 << 2;
    QTest::addRow("44:59 is the 45th minute") << 44 << 59 << 45;
    QTest::addRow("45:00 is the 46th minute") << 45 << 0 << 46;
    QTest::addRow("89:59 is the 90th minute") << 89 << 59 << 90;
    QTest::addRow("90:00 is the 91st minute") << 90 << 0 << 91;
}

void tst_MatchClock::minute()
{
    QFETCH(int, minutes);
    QFETCH(int, seconds);
    QFETCH(int, minute);

    FakeClock time;
    MatchClock clock;
    clock.setClock(time.clock());
    clock.set(minutes, seconds);
    QCOMPARE(clock.minute(), minute);
}

void tst_MatchClock::tickEmitsOnlyWhileRunning()
{
    FakeClock time;
    MatchClock clock;
    clock.setClock(time.clock());
    QSignalSpy ticked(&clock, &MatchClock::ticked);
    QSignalSpy changed(&clock, &MatchClock::changed);

    clock.tick();
    QCOMPARE(ticked.count(), 0);

    clock.start();
    time.advance(1000);
    clock.tick();
    QCOMPARE(ticked.count(), 1);
    time.advance(1000);
    clock.tick();
    QCOMPARE(ticked.count(), 2);

    clock.pause();
    clock.tick();
    clock.tick();
    QCOMPARE(ticked.count(), 2);

    clock.set(5, 0); // setting a paused clock does not tick
    clock.tick();
    QCOMPARE(ticked.count(), 2);

    clock.start();
    clock.tick();
    QCOMPARE(ticked.count(), 3);
    // A tick is not a change of state: the display refreshes from ticked() itself.
    QCOMPARE(changed.count(), 4); // start, pause, set, start
}

void tst_MatchClock::tickCarriesTheElapsedSeconds()
{
    FakeClock time;
    MatchClock clock;
    clock.setClock(time.clock());
    QSignalSpy ticked(&clock, &MatchClock::ticked);

    clock.set(0, 59);
    clock.start();
    time.advance(1000);
    clock.tick();
    time.advance(999);
    clock.tick();
    time.advance(1);
    clock.tick();
    QCOMPARE(ticked.count(), 3);
    QCOMPARE(ticked.at(0).at(0).toInt(), 60);
    QCOMPARE(ticked.at(1).at(0).toInt(), 60);
    QCOMPARE(ticked.at(2).at(0).toInt(), 61);
}

void tst_MatchClock::setClockKeepsTheElapsedTime()
{
    FakeClock first;
    MatchClock clock;
    clock.setClock(first.clock());
    clock.start();
    first.advance(42000);

    // Swapping clocks mid-run (the new one reads a different epoch) keeps the 42 s counted.
    FakeClock second;
    *second.ms = 7;
    clock.setClock(second.clock());
    QCOMPARE(clock.elapsedSeconds(), 42);
    first.advance(100000); // the old clock no longer matters
    QCOMPARE(clock.elapsedSeconds(), 42);
    second.advance(3000);
    QCOMPARE(clock.elapsedSeconds(), 45);
    QVERIFY(clock.isRunning());

    // The same while paused.
    clock.pause();
    FakeClock third;
    clock.setClock(third.clock());
    third.advance(50000);
    QCOMPARE(clock.elapsedSeconds(), 45);
}

void tst_MatchClock::runningClockTicksByItself()
{
    // The internal one-second timer (the only wall-clock wait in this suite).
    FakeClock time;
    MatchClock clock;
    clock.setClock(time.clock());
    QSignalSpy ticked(&clock, &MatchClock::ticked);
    clock.set(3, 0);
    clock.start();
    time.advance(1000);
    QTRY_VERIFY_WITH_TIMEOUT(ticked.count() >= 1, 3000);
    QCOMPARE(ticked.first().at(0).toInt(), 181);
}

void tst_MatchClock::restoreEmitsNothing_data()
{
    QTest::addColumn<bool>("running");
    QTest::addRow("running") << true;
    QTest::addRow("paused") << false;
}

// A clock put back from the journal: where it was, running or not, and nothing emitted, so
// nothing is broadcast for it.
void tst_MatchClock::restoreEmitsNothing()
{
    QFETCH(bool, running);
    FakeClock time;
    MatchClock clock;
    clock.setClock(time.clock());
    QSignalSpy changed(&clock, &MatchClock::changed);
    QSignalSpy ticked(&clock, &MatchClock::ticked);

    clock.restore((12 * 60 + 5) * 1000 + 400, running);
    QCOMPARE(changed.count(), 0);
    QCOMPARE(ticked.count(), 0);
    QCOMPARE(clock.isRunning(), running);
    QCOMPARE(clock.elapsedSeconds(), 12 * 60 + 5);
    time.advance(600);
    QCOMPARE(clock.elapsedSeconds(), 12 * 60 + 5 + (running ? 1 : 0));
    clock.tick();
    QCOMPARE(ticked.count(), running ? 1 : 0);
    clock.toggle(); // and it goes on from there as ever
    QCOMPARE(clock.isRunning(), !running);
    QCOMPARE(changed.count(), 1);

    clock.restore(-5000, false); // a damaged journal
    QCOMPARE(clock.elapsedSeconds(), 0);
}

QTEST_GUILESS_MAIN(tst_MatchClock)
#include "tst_matchclock.moc"
