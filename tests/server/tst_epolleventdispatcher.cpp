#include "eventloop/epolleventdispatcher.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QSet>
#include <QSignalSpy>
#include <QSocketNotifier>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QThread>
#include <QTimer>

#include <fcntl.h>
#include <functional>
#include <memory>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>
#include <vector>

using namespace Qt::StringLiterals;

namespace {

// Both ends of a local stream socket, closed on destruction.
struct SocketPair
{
    SocketPair()
    {
        int fds[2];
        if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fds) == 0) {
            ours = fds[0];
            peer = fds[1];
        }
    }
    ~SocketPair()
    {
        closeOurs();
        closePeer();
    }
    SocketPair(const SocketPair &) = delete;
    SocketPair &operator=(const SocketPair &) = delete;

    void closeOurs()
    {
        if (ours >= 0)
            ::close(ours);
        ours = -1;
    }
    void closePeer()
    {
        if (peer >= 0)
            ::close(peer);
        peer = -1;
    }
    bool sendFromPeer(const char *bytes = "x") const
    {
        return ::write(peer, bytes, strlen(bytes)) == ssize_t(strlen(bytes));
    }
    qint64 drain() const
    {
        char buffer[4096];
        qint64 total = 0;
        ssize_t n;
        while ((n = ::read(ours, buffer, sizeof buffer)) > 0)
            total += n;
        return total;
    }

    int ours = -1;
    int peer = -1;
};

// Counts timer events per id and can act inside one.
class TimerTarget final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TimerTarget)

public:
    TimerTarget() = default;

    QHash<int, int> fired;
    std::function<void(int)> onTimer;
    int depth = 0;
    int maxDepth = 0;

protected:
    void timerEvent(QTimerEvent *event) override
    {
        ++depth;
        maxDepth = std::max(maxDepth, depth);
        ++fired[event->timerId()];
        if (onTimer)
            onTimer(event->timerId());
        --depth;
    }
};

// Runs the loop once without waiting, a few times over.
void spin(int passes = 5)
{
    for (int i = 0; i < passes; ++i)
        QCoreApplication::processEvents();
}

} // namespace

// The whole suite runs on the dispatcher (initMain installs it for the main thread), so the
// QTRY_ macros, QSignalSpy::wait and every socket below exercise it too.
class tst_EpollEventDispatcher final : public QObject
{
    Q_OBJECT

public:
    static void initMain() { QCoreApplication::setEventDispatcher(new EpollEventDispatcher); }

private Q_SLOTS:
    void initTestCase();
    void isInstalled();
    void crossThreadPostWakesABlockedLoop();
    void interruptFromAnotherThread();
    void timers_data();
    void timers();
    void remainingTime();
    void zeroIntervalTimerDoesNotBlockTheLoop();
    void timerKilledByAnEarlierTimerOfTheSamePass();
    void timerDoesNotReenterThroughANestedLoop();
    void timersFollowAnObjectToAnotherThread();
    void readNotifierIsLevelTriggered();
    void disabledNotifierStaysQuiet();
    void hangUpWakesTheReader();
    void writeNotifierFollowsTheSendBuffer();
    void notifierDeletedWhileQueuedIsNotActivated();
    void descriptorNumberReusedAfterClose_data();
    void descriptorNumberReusedAfterClose();
    void excludeSocketNotifiersWaitsWithoutSpinning();
    void moreReadySocketsThanOneWaitReturns();
    void tcpRoundTripOverLoopback();

private:
    int m_maxPairs = 0;
};

void tst_EpollEventDispatcher::initTestCase()
{
    // moreReadySocketsThanOneWaitReturns wants more than 1,024 descriptors.
    rlimit limit {};
    QCOMPARE(::getrlimit(RLIMIT_NOFILE, &limit), 0);
    limit.rlim_cur = limit.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &limit);
    QCOMPARE(::getrlimit(RLIMIT_NOFILE, &limit), 0);
    m_maxPairs = int(std::min<rlim_t>(700, (limit.rlim_cur - 64) / 2));
}

void tst_EpollEventDispatcher::isInstalled()
{
    auto *dispatcher = qobject_cast<EpollEventDispatcher *>(QAbstractEventDispatcher::instance());
    QVERIFY(dispatcher);
    QVERIFY(dispatcher->isValid());
}

void tst_EpollEventDispatcher::crossThreadPostWakesABlockedLoop()
{
    // Nothing else is due: the loop blocks in epoll_wait until the other thread posts.
    bool delivered = false;
    QObject receiver;
    std::unique_ptr<QThread> poster(QThread::create([&receiver, &delivered] {
        QThread::msleep(50);
        QMetaObject::invokeMethod(
            &receiver, [&delivered] { delivered = true; }, Qt::QueuedConnection);
    }));
    QElapsedTimer elapsed;
    elapsed.start();
    poster->start();
    // A safety net only: without a wake-up this would block until it fires.
    QTimer::singleShot(5000, &receiver, [] {});
    while (!delivered && elapsed.elapsed() < 5000)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    QVERIFY(delivered);
    QVERIFY2(elapsed.elapsed() < 2000, QByteArray::number(elapsed.elapsed()).constData());
    QVERIFY(poster->wait(5000));
}

void tst_EpollEventDispatcher::interruptFromAnotherThread()
{
    QAbstractEventDispatcher *dispatcher = QAbstractEventDispatcher::instance();
    std::unique_ptr<QThread> interrupter(QThread::create([dispatcher] {
        QThread::msleep(50);
        dispatcher->interrupt();
    }));
    QObject guard;
    QTimer::singleShot(5000, &guard, [] {}); // a safety net, as above
    QElapsedTimer elapsed;
    elapsed.start();
    interrupter->start();
    dispatcher->processEvents(QEventLoop::WaitForMoreEvents);
    QVERIFY2(elapsed.elapsed() < 2000, QByteArray::number(elapsed.elapsed()).constData());
    QVERIFY(interrupter->wait(5000));
}

void tst_EpollEventDispatcher::timers_data()
{
    QTest::addColumn<int>("interval");
    QTest::addColumn<Qt::TimerType>("type");
    QTest::addColumn<bool>("singleShot");
    for (const int interval : { 0, 10, 40 }) {
        for (const bool singleShot : { true, false }) {
            QTest::addRow("%d ms %s precise", interval, singleShot ? "single-shot" : "repeating")
                << interval << Qt::PreciseTimer << singleShot;
            QTest::addRow("%d ms %s coarse", interval, singleShot ? "single-shot" : "repeating")
                << interval << Qt::CoarseTimer << singleShot;
        }
    }
    QTest::addRow("1200 ms very coarse") << 1200 << Qt::VeryCoarseTimer << true;
}

void tst_EpollEventDispatcher::timers()
{
    QFETCH(int, interval);
    QFETCH(Qt::TimerType, type);
    QFETCH(bool, singleShot);
    QTimer timer;
    timer.setInterval(interval);
    timer.setTimerType(type);
    timer.setSingleShot(singleShot);
    QSignalSpy spy(&timer, &QTimer::timeout);
    QElapsedTimer elapsed;
    elapsed.start();
    timer.start();
    QTRY_VERIFY_WITH_TIMEOUT(!spy.isEmpty(), 5000);
    // Never early (the clock is the same monotonic one; 1 ms for rounding to milliseconds).
    QVERIFY2(elapsed.elapsed() >= interval - 1, QByteArray::number(elapsed.elapsed()).constData());
    if (singleShot) {
        QTest::qWait(3 * interval + 30);
        QCOMPARE(spy.size(), 1);
        QVERIFY(!timer.isActive());
    } else {
        QTRY_VERIFY_WITH_TIMEOUT(spy.size() >= 4, 5000);
        QVERIFY2(elapsed.elapsed() >= 4 * interval - 1,
            QByteArray::number(elapsed.elapsed()).constData());
        timer.stop();
        const qsizetype after = spy.size();
        QTest::qWait(2 * interval + 30);
        QCOMPARE(spy.size(), after);
    }
}

void tst_EpollEventDispatcher::remainingTime()
{
    QTimer timer;
    timer.setTimerType(Qt::PreciseTimer);
    timer.start(500);
    const int left = timer.remainingTime();
    QVERIFY2(left > 400 && left <= 500, QByteArray::number(left).constData());
    QAbstractEventDispatcher *dispatcher = QAbstractEventDispatcher::instance();
    const auto registered = dispatcher->registeredTimers(&timer);
    QCOMPARE(registered.size(), 1);
    QCOMPARE(registered.constFirst().interval, 500);
    QCOMPARE(registered.constFirst().timerType, Qt::PreciseTimer);
    QCOMPARE(dispatcher->remainingTime(registered.constFirst().timerId), timer.remainingTime());
    timer.stop();
    QCOMPARE(dispatcher->remainingTime(registered.constFirst().timerId), -1);
    QVERIFY(dispatcher->registeredTimers(&timer).isEmpty());
}

void tst_EpollEventDispatcher::zeroIntervalTimerDoesNotBlockTheLoop()
{
    QTimer idle; // fires on every pass: the loop must neither block nor starve others
    idle.setInterval(0);
    QSignalSpy idleSpy(&idle, &QTimer::timeout);
    idle.start();
    SocketPair pair;
    QSocketNotifier notifier(pair.ours, QSocketNotifier::Read);
    QSignalSpy readSpy(&notifier, &QSocketNotifier::activated);
    QVERIFY(pair.sendFromPeer());
    QTimer later;
    later.setSingleShot(true);
    QSignalSpy laterSpy(&later, &QTimer::timeout);
    later.start(30);
    QTRY_VERIFY(laterSpy.size() == 1 && !readSpy.isEmpty());
    QVERIFY(idleSpy.size() > 2);
}

void tst_EpollEventDispatcher::timerKilledByAnEarlierTimerOfTheSamePass()
{
    TimerTarget target;
    const int first = target.startTimer(5, Qt::PreciseTimer);
    const int second = target.startTimer(5, Qt::PreciseTimer);
    target.onTimer = [&](int id) {
        // Whichever fires first kills the other, which is then due in the same pass.
        target.killTimer(id == first ? second : first);
        target.killTimer(id);
    };
    QTest::qWait(60);
    QCOMPARE(target.fired.value(first) + target.fired.value(second), 1);
}

void tst_EpollEventDispatcher::timerDoesNotReenterThroughANestedLoop()
{
    TimerTarget target;
    int nestedRuns = 0;
    target.onTimer = [&](int) {
        if (nestedRuns++ == 0)
            QTest::qWait(50); // a nested loop inside the timer's own event
    };
    const int id = target.startTimer(5, Qt::PreciseTimer);
    QTRY_VERIFY(target.fired.value(id) >= 3);
    target.killTimer(id);
    QCOMPARE(target.maxDepth, 1);
}

void tst_EpollEventDispatcher::timersFollowAnObjectToAnotherThread()
{
    QThread worker;
    worker.setEventDispatcher(new EpollEventDispatcher);
    auto *timer = new QTimer; // deleted on the worker below
    timer->setInterval(5);
    QAtomicInt ticks;
    QAtomicPointer<QThread> tickedOn;
    connect(timer, &QTimer::timeout, timer, [&] {
        tickedOn.storeRelaxed(QThread::currentThread());
        ticks.ref();
    });
    timer->start();
    QTRY_VERIFY(ticks.loadRelaxed() >= 1);
    // moveToThread re-registers the object's timers on the other thread's dispatcher through
    // registeredTimers() and unregisterTimers().
    worker.start();
    timer->moveToThread(&worker);
    QVERIFY(QAbstractEventDispatcher::instance()->registeredTimers(timer).isEmpty());
    const int before = ticks.loadRelaxed();
    QTRY_VERIFY(ticks.loadRelaxed() >= before + 3);
    QCOMPARE(tickedOn.loadRelaxed(), &worker);
    QMetaObject::invokeMethod(
        timer, [timer] { delete timer; }, Qt::BlockingQueuedConnection);
    worker.quit();
    QVERIFY(worker.wait(5000));
}

void tst_EpollEventDispatcher::readNotifierIsLevelTriggered()
{
    SocketPair pair;
    QSocketNotifier notifier(pair.ours, QSocketNotifier::Read);
    QSignalSpy spy(&notifier, &QSocketNotifier::activated);
    spin();
    QCOMPARE(spy.size(), 0);
    QVERIFY(pair.sendFromPeer());
    // Not read: reported again on every pass, as poll() would.
    QTRY_VERIFY(spy.size() >= 3);
    QCOMPARE(int(spy.constFirst().at(0).value<QSocketDescriptor>()), pair.ours);
    QCOMPARE(spy.constFirst().at(1).value<QSocketNotifier::Type>(), QSocketNotifier::Read);
    QCOMPARE(pair.drain(), 1);
    spin();
    spy.clear();
    spin();
    QCOMPARE(spy.size(), 0);
}

void tst_EpollEventDispatcher::disabledNotifierStaysQuiet()
{
    SocketPair pair;
    QSocketNotifier notifier(pair.ours, QSocketNotifier::Read);
    QSignalSpy spy(&notifier, &QSocketNotifier::activated);
    notifier.setEnabled(false);
    QVERIFY(pair.sendFromPeer());
    spin();
    QTest::qWait(20);
    QCOMPARE(spy.size(), 0);
    notifier.setEnabled(true);
    QTRY_VERIFY(!spy.isEmpty());
    // Enabled and disabled again within one pass: still quiet (the change never reaches the
    // kernel, and nothing queued before it is delivered).
    notifier.setEnabled(false);
    notifier.setEnabled(true);
    notifier.setEnabled(false);
    spy.clear();
    spin();
    QCOMPARE(spy.size(), 0);
}

void tst_EpollEventDispatcher::hangUpWakesTheReader()
{
    SocketPair pair;
    QSocketNotifier reader(pair.ours, QSocketNotifier::Read);
    QSignalSpy spy(&reader, &QSocketNotifier::activated);
    pair.closePeer();
    QTRY_VERIFY(!spy.isEmpty());
    char byte;
    QCOMPARE(::read(pair.ours, &byte, 1), ssize_t(0)); // end of file, as the reader learns
}

void tst_EpollEventDispatcher::writeNotifierFollowsTheSendBuffer()
{
    SocketPair pair;
    QSocketNotifier writer(pair.ours, QSocketNotifier::Write);
    QSignalSpy spy(&writer, &QSocketNotifier::activated);
    QTRY_VERIFY(!spy.isEmpty()); // an empty send buffer is writable
    const QByteArray chunk(65536, 'x');
    while (::write(pair.ours, chunk.constData(), size_t(chunk.size())) > 0) { }
    QCOMPARE(errno, EAGAIN);
    spin();
    spy.clear();
    spin();
    QCOMPARE(spy.size(), 0); // full: not writable
    char buffer[65536];
    while (::read(pair.peer, buffer, sizeof buffer) > 0) { }
    QTRY_VERIFY(!spy.isEmpty());
}

void tst_EpollEventDispatcher::notifierDeletedWhileQueuedIsNotActivated()
{
    // Both become ready in the same pass; whichever runs first deletes the other, whose
    // activation is already queued. Under ASan a stale pointer here is a use-after-free.
    SocketPair a;
    SocketPair b;
    auto *first = new QSocketNotifier(a.ours, QSocketNotifier::Read);
    auto *second = new QSocketNotifier(b.ours, QSocketNotifier::Read);
    int activations = 0;
    auto deleteOther = [&](QSocketNotifier *self) {
        ++activations;
        QSocketNotifier *other = self == first ? second : first;
        delete other;
        (self == first ? second : first) = nullptr;
        self->setEnabled(false);
    };
    connect(first, &QSocketNotifier::activated, first, [&] { deleteOther(first); });
    connect(second, &QSocketNotifier::activated, second, [&] { deleteOther(second); });
    QVERIFY(a.sendFromPeer());
    QVERIFY(b.sendFromPeer());
    QTRY_COMPARE(activations, 1);
    spin();
    QCOMPARE(activations, 1);
    delete first;
    delete second;
}

void tst_EpollEventDispatcher::descriptorNumberReusedAfterClose_data()
{
    // Qt disables a socket's notifiers before it closes the descriptor; careless code closes
    // first. Either way a new socket that gets the same number must be watched.
    QTest::addColumn<bool>("closeBeforeDisabling");
    QTest::addRow("disabled, then closed") << false;
    QTest::addRow("closed, then disabled") << true;
}

void tst_EpollEventDispatcher::descriptorNumberReusedAfterClose()
{
    QFETCH(bool, closeBeforeDisabling);
    auto old = std::make_unique<SocketPair>();
    const int number = old->ours;
    {
        QSocketNotifier notifier(old->ours, QSocketNotifier::Read);
        spin(); // armed in the kernel
        if (closeBeforeDisabling)
            old->closeOurs();
    }
    old.reset();
    SocketPair fresh;
    // The lowest free number comes back; if something else took it, the test proves less.
    if (fresh.ours != number && fresh.peer == number)
        std::swap(fresh.ours, fresh.peer);
    QCOMPARE(fresh.ours, number);
    QSocketNotifier notifier(fresh.ours, QSocketNotifier::Read);
    QSignalSpy spy(&notifier, &QSocketNotifier::activated);
    QVERIFY(fresh.sendFromPeer());
    QTRY_VERIFY(!spy.isEmpty());
}

void tst_EpollEventDispatcher::excludeSocketNotifiersWaitsWithoutSpinning()
{
    SocketPair pair;
    QSocketNotifier notifier(pair.ours, QSocketNotifier::Read);
    QSignalSpy spy(&notifier, &QSocketNotifier::activated);
    QVERIFY(pair.sendFromPeer());
    QTimer timer;
    timer.setSingleShot(true);
    QSignalSpy timerSpy(&timer, &QTimer::timeout);
    timer.start(30);
    QElapsedTimer elapsed;
    elapsed.start();
    int passes = 0;
    while (timerSpy.isEmpty() && elapsed.elapsed() < 5000) {
        QCoreApplication::processEvents(
            QEventLoop::WaitForMoreEvents | QEventLoop::ExcludeSocketNotifiers);
        ++passes;
    }
    QCOMPARE(timerSpy.size(), 1);
    QCOMPARE(spy.size(), 0);
    // A loop that spun on the ready socket would have made thousands of passes.
    QVERIFY2(passes < 10, QByteArray::number(passes).constData());
    QTRY_VERIFY(!spy.isEmpty());
}

void tst_EpollEventDispatcher::moreReadySocketsThanOneWaitReturns()
{
    // More ready sockets than one epoll_wait reports (512): every one is served, over passes.
    QVERIFY2(m_maxPairs >= 600, "needs a descriptor limit of at least 1,264");
    std::vector<std::unique_ptr<SocketPair>> pairs;
    std::vector<std::unique_ptr<QSocketNotifier>> notifiers;
    QSet<int> served;
    for (int i = 0; i < m_maxPairs; ++i) {
        pairs.push_back(std::make_unique<SocketPair>());
        QVERIFY(pairs.back()->ours >= 0);
        auto notifier
            = std::make_unique<QSocketNotifier>(pairs.back()->ours, QSocketNotifier::Read);
        const int fd = pairs.back()->ours;
        connect(notifier.get(), &QSocketNotifier::activated, this, [&served, fd] {
            char buffer[16];
            while (::read(fd, buffer, sizeof buffer) > 0) { }
            served.insert(fd);
        });
        notifiers.push_back(std::move(notifier));
    }
    for (const auto &pair : pairs)
        QVERIFY(pair->sendFromPeer());
    QTRY_COMPARE(served.size(), m_maxPairs);
}

void tst_EpollEventDispatcher::tcpRoundTripOverLoopback()
{
    // Real sockets through Qt's network stack: enough data that the send buffer fills and
    // QAbstractSocket has to turn its write notifier on and off.
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    QTcpSocket client;
    client.connectToHost(QHostAddress::LocalHost, server.serverPort());
    QTRY_VERIFY(server.hasPendingConnections());
    std::unique_ptr<QTcpSocket> echo(server.nextPendingConnection());
    connect(echo.get(), &QIODevice::readyRead, echo.get(),
        [socket = echo.get()] { socket->write(socket->readAll()); });
    QTRY_COMPARE(client.state(), QAbstractSocket::ConnectedState);

    QByteArray payload(8 * 1024 * 1024, Qt::Uninitialized);
    for (qsizetype i = 0; i < payload.size(); ++i)
        payload[i] = char(i * 31 + i / 4096);
    QByteArray received;
    connect(&client, &QIODevice::readyRead, &client, [&] { received += client.readAll(); });
    client.write(payload);
    QTRY_COMPARE_WITH_TIMEOUT(received.size(), payload.size(), 20000);
    QVERIFY(received == payload);

    echo->disconnectFromHost();
    QTRY_COMPARE(client.state(), QAbstractSocket::UnconnectedState);
}

QTEST_GUILESS_MAIN(tst_EpollEventDispatcher)
#include "tst_epolleventdispatcher.moc"
