#include "eventloop/epolleventdispatcher.h"

#include "eventloop/logging.h"

#include <QCoreApplication>
#include <QSocketNotifier>
#include <QTimerEvent>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

namespace {

// Enough for a busy pass; more ready descriptors simply come back on the next wait (epoll is
// level-triggered here and rotates its ready list, so none starves).
constexpr int MaxEventsPerWait = 512;

constexpr std::uint32_t typeEvents[3] = { EPOLLIN, EPOLLOUT, EPOLLPRI };

const char *typeName(int type)
{
    static const char *const names[] = { "Read", "Write", "Exception" };
    return names[type];
}

} // namespace

EpollEventDispatcher::EpollEventDispatcher(QObject *parent)
    : QAbstractEventDispatcher(parent)
    , m_epoll(::epoll_create1(EPOLL_CLOEXEC))
    , m_wakeFd(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK))
{
    if (m_epoll < 0 || m_wakeFd < 0) {
        qCWarning(lcLoop, "cannot create an epoll event loop: %s", strerror(errno));
        return;
    }
    // The wake-up descriptor is never handed to Qt, so it lives outside m_watches; the data
    // word tells it apart from every socket (-1 is no descriptor's number).
    epoll_event event {};
    event.events = EPOLLIN;
    event.data.fd = -1;
    if (::epoll_ctl(m_epoll, EPOLL_CTL_ADD, m_wakeFd, &event) != 0) {
        qCWarning(lcLoop, "cannot watch the wake-up descriptor: %s", strerror(errno));
        ::close(m_wakeFd);
        m_wakeFd = -1;
    }
}

EpollEventDispatcher::~EpollEventDispatcher()
{
    if (m_wakeFd >= 0)
        ::close(m_wakeFd);
    if (m_epoll >= 0)
        ::close(m_epoll);
}

std::uint32_t EpollEventDispatcher::wantedEvents(const Watch &watch)
{
    std::uint32_t events = 0;
    for (int type = 0; type < 3; ++type) {
        if (watch.notifiers[type])
            events |= typeEvents[type];
    }
    return events;
}

void EpollEventDispatcher::registerSocketNotifier(QSocketNotifier *notifier)
{
    const int fd = int(notifier->socket());
    const int type = int(notifier->type());
    if (fd < 0 || type < 0 || type > 2) {
        qCWarning(lcLoop, "ignoring a socket notifier for descriptor %d", fd);
        return;
    }
    if (std::size_t(fd) >= m_watches.size())
        m_watches.resize(std::max(std::size_t(fd) + 1, m_watches.size() * 2));
    Watch &watch = m_watches[std::size_t(fd)];
    if (watch.notifiers[type] && watch.notifiers[type] != notifier) {
        qCWarning(
            lcLoop, "multiple socket notifiers for descriptor %d and type %s", fd, typeName(type));
    }
    watch.notifiers[type] = notifier;
    markDirty(fd);
}

void EpollEventDispatcher::unregisterSocketNotifier(QSocketNotifier *notifier)
{
    const int fd = int(notifier->socket());
    const int type = int(notifier->type());
    if (fd < 0 || std::size_t(fd) >= m_watches.size() || type < 0 || type > 2)
        return;
    Watch &watch = m_watches[std::size_t(fd)];
    if (watch.notifiers[type] != notifier)
        return;
    watch.notifiers[type] = nullptr;
    // A queued activation for it is void now (the notifier may be about to be deleted).
    watch.pending &= std::uint8_t(~(1u << type));
    if (wantedEvents(watch) == 0) {
        // The last notifier of a descriptor is removed from the kernel at once, not at the
        // next wait: Qt closes a socket right after disabling its notifiers, and the number
        // may be reused by the next accept() before this loop waits again. Deferred, the
        // new socket would find `armed` already set and never be watched.
        setInterest(fd, watch, 0);
        return;
    }
    markDirty(fd);
}

void EpollEventDispatcher::markDirty(int fd)
{
    Watch &watch = m_watches[std::size_t(fd)];
    if (watch.dirty)
        return;
    watch.dirty = true;
    m_dirty.push_back(fd);
}

void EpollEventDispatcher::applyInterestChanges()
{
    for (const int fd : m_dirty) {
        Watch &watch = m_watches[std::size_t(fd)];
        watch.dirty = false;
        const std::uint32_t wanted = wantedEvents(watch);
        if (wanted != watch.armed)
            setInterest(fd, watch, wanted);
    }
    m_dirty.clear();
}

void EpollEventDispatcher::setInterest(int fd, Watch &watch, std::uint32_t events)
{
    if (events == watch.armed)
        return;
    epoll_event event {};
    event.events = events;
    event.data.fd = fd;
    int op = watch.armed == 0 ? EPOLL_CTL_ADD : (events == 0 ? EPOLL_CTL_DEL : EPOLL_CTL_MOD);
    int rc = ::epoll_ctl(m_epoll, op, fd, &event);
    // The kernel forgets a descriptor when its file is closed, and a second descriptor for the
    // same file keeps it watched: both can disagree with `armed`, and both are repaired here.
    if (rc != 0 && errno == ENOENT && op == EPOLL_CTL_MOD) {
        op = EPOLL_CTL_ADD;
        rc = ::epoll_ctl(m_epoll, op, fd, &event);
    } else if (rc != 0 && errno == EEXIST && op == EPOLL_CTL_ADD) {
        op = EPOLL_CTL_MOD;
        rc = ::epoll_ctl(m_epoll, op, fd, &event);
    }
    if (rc != 0 && op == EPOLL_CTL_DEL && (errno == ENOENT || errno == EBADF))
        rc = 0; // closed before its notifier was disabled: already gone from the kernel
    if (rc != 0) {
        qCWarning(lcLoop, "cannot watch descriptor %d: %s", fd, strerror(errno));
        watch.armed = 0;
        return;
    }
    watch.armed = events;
}

void EpollEventDispatcher::registerTimer(
    int timerId, qint64 interval, Qt::TimerType timerType, QObject *object)
{
    if (timerId <= 0 || interval < 0 || !object) {
        qCWarning(lcLoop, "ignoring an invalid timer registration");
        return;
    }
    unregisterTimer(timerId); // Qt never reuses a live id; this keeps the two maps in step
    const Clock::time_point deadline = Clock::now() + std::chrono::milliseconds(interval);
    m_timers.insert(timerId, Timer { object, interval, timerType, deadline, ++m_timerSerial });
    m_deadlines.emplace(deadline, timerId);
}

bool EpollEventDispatcher::unregisterTimer(int timerId)
{
    const auto it = m_timers.constFind(timerId);
    if (it == m_timers.cend())
        return false;
    m_deadlines.erase({ it->deadline, timerId });
    m_timers.erase(it);
    return true;
}

bool EpollEventDispatcher::unregisterTimers(QObject *object)
{
    const auto owned = [&](const auto &entry) {
        if (entry.value().object != object)
            return false;
        m_deadlines.erase({ entry.value().deadline, entry.key() });
        return true;
    };
    return m_timers.removeIf(owned) > 0;
}

QList<QAbstractEventDispatcher::TimerInfo> EpollEventDispatcher::registeredTimers(
    QObject *object) const
{
    QList<TimerInfo> list;
    for (auto it = m_timers.cbegin(); it != m_timers.cend(); ++it) {
        if (it->object == object)
            list.append(TimerInfo(it.key(), int(it->intervalMs), it->type));
    }
    return list;
}

int EpollEventDispatcher::remainingTime(int timerId)
{
    const auto it = m_timers.constFind(timerId);
    if (it == m_timers.cend())
        return -1;
    const auto left = it->deadline - Clock::now();
    if (left <= Clock::duration::zero())
        return 0;
    return int(std::chrono::ceil<std::chrono::milliseconds>(left).count());
}

void EpollEventDispatcher::wakeUp()
{
    // Any thread. One eventfd write per wake-up however many events are posted meanwhile;
    // the flag is cleared only after the counter has been read (consumeWakeUp), so a wake-up
    // can be merged with one still pending but never lost.
    if (!m_wakeUpPending.testAndSetAcquire(0, 1))
        return;
    const std::uint64_t one = 1;
    ssize_t n;
    do {
        n = ::write(m_wakeFd, &one, sizeof one);
    } while (n < 0 && errno == EINTR);
}

void EpollEventDispatcher::interrupt()
{
    m_interrupted.storeRelaxed(1);
    wakeUp();
}

bool EpollEventDispatcher::takeWakeUp()
{
    if (!m_wakeUpPending.loadAcquire())
        return false;
    consumeWakeUp();
    return true;
}

void EpollEventDispatcher::consumeWakeUp()
{
    std::uint64_t count;
    ssize_t n;
    do {
        n = ::read(m_wakeFd, &count, sizeof count);
    } while (n < 0 && errno == EINTR);
    m_wakeUpPending.storeRelease(0);
}

int EpollEventDispatcher::waitTimeoutMs(Clock::time_point now) const
{
    if (m_deadlines.empty())
        return -1;
    const auto left = m_deadlines.begin()->first - now;
    if (left <= Clock::duration::zero())
        return 0;
    // Rounded up: waking a little early would only spin until the deadline.
    const auto ms = std::chrono::ceil<std::chrono::milliseconds>(left).count();
    return ms > INT_MAX ? INT_MAX : int(ms);
}

bool EpollEventDispatcher::processEvents(QEventLoop::ProcessEventsFlags flags)
{
    m_interrupted.storeRelaxed(0);
    Q_EMIT awake();
    // Events were posted since the last pass if a wake-up is pending now or was read in the
    // last wait. Then this pass sends them and does not block, as glib's dispatcher behaves:
    // `while (!done) processEvents(WaitForMoreEvents)`, with `done` set by a posted event,
    // must not sleep once it is set. (QEventDispatcherUNIX would block here.)
    const bool wokenInWait = std::exchange(m_wokenInWait, false);
    const bool posted = takeWakeUp() || wokenInWait;
    QCoreApplication::sendPostedEvents();

    const bool includeTimers = !(flags & QEventLoop::X11ExcludeTimers);
    const bool includeNotifiers = !(flags & QEventLoop::ExcludeSocketNotifiers);
    const bool canWait
        = (flags & QEventLoop::WaitForMoreEvents) && !posted && !m_interrupted.loadRelaxed();
    if (canWait)
        Q_EMIT aboutToBlock();
    if (m_interrupted.loadRelaxed())
        return false;

    int timeout = 0;
    if (canWait)
        timeout = includeTimers ? waitTimeoutMs(Clock::now()) : -1;

    int processed = 0;
    if (includeNotifiers) {
        applyInterestChanges();
        epoll_event events[MaxEventsPerWait];
        // A signal (EINTR) ends the pass early rather than restarting the wait with a stale
        // timeout; the caller's loop simply comes back.
        const int n = ::epoll_wait(m_epoll, events, MaxEventsPerWait, timeout);
        if (n < 0 && errno != EINTR)
            qCWarning(lcLoop, "epoll_wait: %s", strerror(errno));
        for (int i = 0; i < n; ++i) {
            if (events[i].data.fd < 0) {
                // Read now, or the next wait would return at once; what was posted is sent
                // at the start of the next pass.
                consumeWakeUp();
                m_wokenInWait = true;
                ++processed; // as QEventDispatcherUNIX counts it
            } else {
                queueActivations(events[i].data.fd, events[i].events);
            }
        }
        processed += activateSocketNotifiers();
    } else {
        // Sockets are not to be served in this pass (a nested loop that excluded them), so
        // wait on the wake-up descriptor alone rather than spin on sockets that stay ready.
        pollfd wake { m_wakeFd, POLLIN, 0 };
        if (::poll(&wake, 1, timeout) > 0) {
            consumeWakeUp();
            m_wokenInWait = true;
            ++processed;
        }
    }

    if (includeTimers)
        processed += activateTimers();
    return processed > 0;
}

void EpollEventDispatcher::queueActivations(int fd, std::uint32_t events)
{
    if (std::size_t(fd) >= m_watches.size())
        return;
    Watch &watch = m_watches[std::size_t(fd)];
    // As QEventDispatcherUNIX: a hang-up or an error wakes every kind of notifier, so whoever
    // listens learns of it (a reader sees EOF, a writer gets the error).
    const bool failed = events & (EPOLLHUP | EPOLLERR);
    for (int type = 0; type < 3; ++type) {
        const std::uint8_t bit = std::uint8_t(1u << type);
        if (!watch.notifiers[type] || (watch.pending & bit))
            continue;
        if (failed || (events & typeEvents[type])) {
            watch.pending |= bit;
            m_pending.push_back({ fd, type });
        }
    }
}

int EpollEventDispatcher::activateSocketNotifiers()
{
    int activated = 0;
    // Indexes, not iterators: a slot may register notifiers (growing m_watches) or run a
    // nested loop (growing and draining m_pending).
    while (m_pendingHead < m_pending.size()) {
        const Pending next = m_pending[m_pendingHead++];
        Watch &watch = m_watches[std::size_t(next.fd)];
        const std::uint8_t bit = std::uint8_t(1u << next.type);
        if (!(watch.pending & bit))
            continue; // unregistered since it was queued
        watch.pending &= std::uint8_t(~bit);
        QSocketNotifier *notifier = watch.notifiers[next.type];
        if (!notifier)
            continue;
        QEvent event(QEvent::SockAct);
        QCoreApplication::sendEvent(notifier, &event);
        ++activated;
    }
    m_pending.clear();
    m_pendingHead = 0;
    return activated;
}

int EpollEventDispatcher::activateTimers()
{
    if (m_deadlines.empty())
        return 0;
    const Clock::time_point now = Clock::now();
    // Only what is due now, and each once: a zero-interval timer must not starve the loop.
    std::vector<std::pair<int, quint64>> due;
    for (auto it = m_deadlines.begin(); it != m_deadlines.end() && it->first <= now; ++it)
        due.emplace_back(it->second, m_timers.constFind(it->second)->serial);

    int fired = 0;
    for (const auto &[id, serial] : due) {
        auto it = m_timers.find(id);
        // Killed by an earlier timer of this pass, or its id reused by a newer one.
        if (it == m_timers.end() || it->serial != serial || it->inTimerEvent)
            continue;
        // The next deadline is set before the event, so remainingTime() inside it is right;
        // one that fell behind skips the ticks it missed instead of firing them in a burst.
        m_deadlines.erase({ it->deadline, id });
        it->deadline += std::chrono::milliseconds(it->intervalMs);
        if (it->deadline < now)
            it->deadline = now + std::chrono::milliseconds(it->intervalMs);
        m_deadlines.emplace(it->deadline, id);
        it->inTimerEvent = true;
        QObject *object = it->object;

        QTimerEvent event(id);
        QCoreApplication::sendEvent(object, &event);
        ++fired;

        it = m_timers.find(id);
        if (it != m_timers.end() && it->serial == serial)
            it->inTimerEvent = false;
    }
    return fired;
}
