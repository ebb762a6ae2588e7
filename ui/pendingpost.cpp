#include "pendingpost.h"

#include <QElapsedTimer>

#include <memory>
#include <utility>

PendingPost::PendingPost(QObject *parent)
    : QObject(parent)
    , m_poll(this)
{
    auto monotonic = std::make_shared<QElapsedTimer>();
    monotonic->start();
    m_clock = [monotonic] { return monotonic->elapsed(); };
    m_poll.setInterval(TickMs);
    connect(&m_poll, &QTimer::timeout, this, &PendingPost::poll);
}

void PendingPost::setClock(Clock clock)
{
    const qint64 left = m_due - m_clock();
    m_clock = std::move(clock);
    m_due = m_clock() + left;
}

bool PendingPost::hold(std::chrono::milliseconds delay, Send send)
{
    if (isHolding())
        return false;
    if (delay.count() <= 0) {
        send();
        Q_EMIT sent();
        return true;
    }
    m_send = std::move(send);
    m_due = m_clock() + delay.count();
    m_shown = secondsLeft();
    m_poll.start();
    Q_EMIT tick(m_shown);
    return true;
}

int PendingPost::secondsLeft() const
{
    if (!isHolding())
        return 0;
    const qint64 left = m_due - m_clock();
    return left > 0 ? int((left + 999) / 1000) : 0;
}

void PendingPost::undo()
{
    if (!isHolding())
        return;
    m_poll.stop();
    m_send = nullptr;
    Q_EMIT undone();
}

void PendingPost::sendNow()
{
    if (!isHolding())
        return;
    m_poll.stop();
    // Taken out first: the function may hold the next post, or be answered at once.
    const Send send = std::exchange(m_send, nullptr);
    send();
    Q_EMIT sent();
}

void PendingPost::poll()
{
    const int left = secondsLeft();
    if (left <= 0) {
        sendNow();
        return;
    }
    if (left == m_shown)
        return;
    m_shown = left;
    Q_EMIT tick(left);
}
