#pragma once

#include <QAbstractEventDispatcher>
#include <QAtomicInt>
#include <QHash>

#include <chrono>
#include <cstdint>
#include <set>
#include <utility>
#include <vector>

// The server thread's event dispatcher, built on Linux epoll.
//
// Qt 6.4 on Linux offers two dispatchers and both cost O(every socket) somewhere that matters
// at 10,000 subscribers: glib's registers each new socket by walking a list (a connect burst
// is O(N^2)), and Qt's own rebuilds and scans a poll() array of every socket on each wake-up.
// Here registering a socket is one epoll_ctl() and a wake-up costs O(sockets that are ready),
// which is what a fan-out server with thousands of mostly quiet streams needs.
//
// Semantics follow QEventDispatcherUNIX (except that, like glib's, a pass that sends posted
// events does not then block): notifiers are level-triggered (a notifier is
// activated on every pass while its condition holds), POLLHUP/POLLERR activate every notifier
// of the socket, each due timer fires at most once per processEvents() and never inside its
// own timerEvent(), posted events are sent first, and interrupt() makes the current or next
// wait return. All timers are kept to the millisecond, whatever their Qt::TimerType asks:
// more precise than a coarse timer needs, never less.
//
// Everything except wakeUp() and interrupt() is called on the dispatcher's own thread, as Qt
// guarantees; those two may come from any thread.
class EpollEventDispatcher final : public QAbstractEventDispatcher
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EpollEventDispatcher)

public:
    explicit EpollEventDispatcher(QObject *parent = nullptr);
    ~EpollEventDispatcher() override;

    // False when the kernel refused an epoll instance or an eventfd (out of descriptors); the
    // caller then keeps Qt's own dispatcher.
    bool isValid() const { return m_epoll >= 0 && m_wakeFd >= 0; }

    bool processEvents(QEventLoop::ProcessEventsFlags flags) override;

    void registerSocketNotifier(QSocketNotifier *notifier) override;
    void unregisterSocketNotifier(QSocketNotifier *notifier) override;

    void registerTimer(
        int timerId, qint64 interval, Qt::TimerType timerType, QObject *object) override;
    bool unregisterTimer(int timerId) override;
    bool unregisterTimers(QObject *object) override;
    QList<TimerInfo> registeredTimers(QObject *object) const override;
    int remainingTime(int timerId) override;

    void wakeUp() override;
    void interrupt() override;

private:
    using Clock = std::chrono::steady_clock;

    // What is known of one file descriptor, indexed by its number.
    struct Watch
    {
        QSocketNotifier *notifiers[3] = {}; // by QSocketNotifier::Type
        std::uint32_t armed = 0; // the epoll events the kernel is watching for
        std::uint8_t pending = 0; // types queued for activation in this pass (bit per type)
        bool dirty = false; // in m_dirty: the wanted events may differ from `armed`
    };
    struct Pending
    {
        int fd;
        int type;
    };
    struct Timer
    {
        QObject *object = nullptr;
        qint64 intervalMs = 0;
        Qt::TimerType type = Qt::CoarseTimer;
        Clock::time_point deadline;
        quint64 serial = 0; // tells a timer from a later one that reused its id
        bool inTimerEvent = false;
    };
    using Deadline = std::pair<Clock::time_point, int>;

    static std::uint32_t wantedEvents(const Watch &watch);
    void markDirty(int fd);
    void applyInterestChanges();
    void setInterest(int fd, Watch &watch, std::uint32_t events);
    int waitTimeoutMs(Clock::time_point now) const;
    void queueActivations(int fd, std::uint32_t events);
    int activateSocketNotifiers();
    int activateTimers();
    bool takeWakeUp();
    void consumeWakeUp();

    int m_epoll = -1;
    int m_wakeFd = -1; // an eventfd: wakeUp() writes it, the loop reads it
    QAtomicInt m_wakeUpPending; // one write per wake-up, however many callers
    QAtomicInt m_interrupted;
    bool m_wokenInWait = false; // the last wait read a wake-up: events may be posted

    std::vector<Watch> m_watches;
    // Interest changes are applied just before the next wait, so a notifier enabled and
    // disabled within one pass (a socket's write notifier, typically) costs no system call.
    std::vector<int> m_dirty;
    // Activations of this pass; nested event loops (a slot that runs one) share the queue,
    // as QEventDispatcherUNIX's do, and an activation is skipped once its notifier goes away.
    std::vector<Pending> m_pending;
    std::size_t m_pendingHead = 0;

    QHash<int, Timer> m_timers;
    std::set<Deadline> m_deadlines; // (deadline, id) of every timer, soonest first
    quint64 m_timerSerial = 0;
};
