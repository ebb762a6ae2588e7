#include "pendingpost.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace std::chrono_literals;

namespace {

// A post on hold, timed by a clock the test moves, counting how often it was sent.
struct Held
{
    Held()
    {
        post.setClock([ms = ms] { return *ms; });
    }

    PendingPost::Send send()
    {
        return [this] { ++sends; };
    }
    // Long enough for a few polls: whatever was due has been done by then.
    static void letItPoll() { QTest::qWait(3 * PendingPost::TickMs); }

    std::shared_ptr<qint64> ms = std::make_shared<qint64>(10000);
    PendingPost post { nullptr };
    int sends = 0;
    QSignalSpy ticks { &post, &PendingPost::tick };
    QSignalSpy sent { &post, &PendingPost::sent };
    QSignalSpy undone { &post, &PendingPost::undone };
};

QList<int> secondsOf(const QSignalSpy &ticks)
{
    QList<int> seconds;
    for (const QList<QVariant> &args : ticks)
        seconds.append(args.at(0).toInt());
    return seconds;
}

} // namespace

class tst_PendingPost final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void undoWithinTheDelaySendsNothing();
    void theDelayEndingSendsOnce();
    void theCountdownTicksEachWholeSecond();
    void aSecondPostWaitsForTheFirst();
    void sendNowSendsAtOnceAndOnce();
    void noDelaySendsAtOnce();
    void aNewClockKeepsTheTimeLeft();
    void theSendMayHoldTheNextPost();
    void realTimeToo();
    void goneWhileHoldingSendsNothing();
};

void tst_PendingPost::undoWithinTheDelaySendsNothing()
{
    Held h;
    QVERIFY(h.post.hold(3s, h.send()));
    QVERIFY(h.post.isHolding());
    *h.ms += 2999;
    Held::letItPoll();
    h.post.undo();
    QVERIFY(!h.post.isHolding());
    QCOMPARE(h.undone.size(), 1);
    QCOMPARE(h.post.secondsLeft(), 0);
    *h.ms += 60000; // long past the time it would have gone
    Held::letItPoll();
    QCOMPARE(h.sends, 0);
    QCOMPARE(h.sent.size(), 0);
    h.post.undo(); // nothing waits: nothing happens
    QCOMPARE(h.undone.size(), 1);
}

void tst_PendingPost::theDelayEndingSendsOnce()
{
    Held h;
    QVERIFY(h.post.hold(3s, h.send()));
    *h.ms += 2999;
    Held::letItPoll();
    QCOMPARE(h.sends, 0); // never a moment early
    *h.ms += 1;
    QTRY_COMPARE(h.sends, 1);
    QCOMPARE(h.sent.size(), 1);
    QVERIFY(!h.post.isHolding());
    *h.ms += 60000;
    Held::letItPoll();
    QCOMPARE(h.sends, 1);
    QCOMPARE(h.undone.size(), 0);
    h.post.undo(); // too late: it went
    QCOMPARE(h.undone.size(), 0);
}

void tst_PendingPost::theCountdownTicksEachWholeSecond()
{
    Held h;
    QVERIFY(h.post.hold(3s, h.send()));
    QCOMPARE(secondsOf(h.ticks), QList<int> { 3 }); // at once, for the first redraw
    QCOMPARE(h.post.secondsLeft(), 3);
    *h.ms += 500;
    Held::letItPoll();
    QCOMPARE(secondsOf(h.ticks), QList<int> { 3 }); // 2.5 s left still reads "3"
    *h.ms += 500;
    QTRY_COMPARE(secondsOf(h.ticks), (QList<int> { 3, 2 }));
    *h.ms += 1000;
    QTRY_COMPARE(secondsOf(h.ticks), (QList<int> { 3, 2, 1 }));
    QCOMPARE(h.post.secondsLeft(), 1);
    QCOMPARE(h.sends, 0);
    *h.ms += 1000;
    QTRY_COMPARE(h.sends, 1);
    QCOMPARE(secondsOf(h.ticks), (QList<int> { 3, 2, 1 })); // no "0": it went instead
}

void tst_PendingPost::aSecondPostWaitsForTheFirst()
{
    Held h;
    int second = 0;
    QVERIFY(h.post.hold(3s, h.send()));
    QVERIFY(!h.post.hold(1s, [&second] { ++second; }));
    *h.ms += 3000;
    QTRY_COMPARE(h.sends, 1);
    Held::letItPoll();
    QCOMPARE(second, 0); // refused, not queued behind
    QCOMPARE(h.sent.size(), 1);
}

void tst_PendingPost::sendNowSendsAtOnceAndOnce()
{
    Held h;
    QVERIFY(h.post.hold(10s, h.send()));
    h.post.sendNow();
    QCOMPARE(h.sends, 1);
    QCOMPARE(h.sent.size(), 1);
    QVERIFY(!h.post.isHolding());
    *h.ms += 10000;
    Held::letItPoll();
    h.post.sendNow(); // nothing waits: nothing happens
    QCOMPARE(h.sends, 1);
}

void tst_PendingPost::noDelaySendsAtOnce()
{
    Held h;
    QVERIFY(h.post.hold(0ms, h.send()));
    QCOMPARE(h.sends, 1);
    QCOMPARE(h.sent.size(), 1);
    QVERIFY(!h.post.isHolding());
    QCOMPARE(h.ticks.size(), 0); // nothing to count down
}

void tst_PendingPost::aNewClockKeepsTheTimeLeft()
{
    Held h;
    QVERIFY(h.post.hold(5s, h.send()));
    *h.ms += 2000;
    auto other = std::make_shared<qint64>(0);
    h.post.setClock([other] { return *other; });
    QCOMPARE(h.post.secondsLeft(), 3);
    *other += 2999;
    Held::letItPoll();
    QCOMPARE(h.sends, 0);
    *other += 1;
    QTRY_COMPARE(h.sends, 1);
}

// A panel's send may be answered at once (a refusal) and start over: by then nothing waits.
void tst_PendingPost::theSendMayHoldTheNextPost()
{
    Held h;
    bool holdingInside = true;
    int next = 0;
    QVERIFY(h.post.hold(1s, [&] {
        holdingInside = h.post.isHolding();
        QVERIFY(h.post.hold(1s, [&next] { ++next; }));
    }));
    *h.ms += 1000;
    QTRY_VERIFY(!holdingInside);
    QVERIFY(h.post.isHolding());
    *h.ms += 1000;
    QTRY_COMPARE(next, 1);
}

// Without a test clock, a short real delay.
void tst_PendingPost::realTimeToo()
{
    PendingPost post(nullptr);
    int sends = 0;
    QElapsedTimer timer;
    timer.start();
    QVERIFY(post.hold(300ms, [&sends] { ++sends; }));
    QTest::qWait(150);
    QCOMPARE(sends, 0);
    QTRY_COMPARE(sends, 1);
    QVERIFY2(timer.elapsed() >= 300, qPrintable(QString::number(timer.elapsed())));
}

// The owner decides what a post waiting at the end becomes (the window sends it); a post
// simply destroyed is never sent half-way through teardown.
void tst_PendingPost::goneWhileHoldingSendsNothing()
{
    int sends = 0;
    {
        PendingPost post(nullptr);
        QVERIFY(post.hold(100ms, [&sends] { ++sends; }));
    }
    QTest::qWait(300);
    QCOMPARE(sends, 0);
}

QTEST_GUILESS_MAIN(tst_PendingPost)
#include "tst_pendingpost.moc"
