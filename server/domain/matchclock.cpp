#include "domain/matchclock.h"

#include <QElapsedTimer>

#include <memory>

MatchClock::MatchClock(QObject *parent)
    : QObject(parent)
    , m_timer(this)
{
    auto monotonic = std::make_shared<QElapsedTimer>();
    monotonic->start();
    m_clock = [monotonic] { return monotonic->elapsed(); };
    m_timer.setInterval(std::chrono::seconds(1));
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &MatchClock::tick);
}

void MatchClock::setClock(Clock clock)
{
    const qint64 elapsed = elapsedMs();
    m_clock = std::move(clock);
    m_accumulatedMs = elapsed;
    m_startedAtMs = m_clock();
}

qint64 MatchClock::elapsedMs() const
{
    return m_accumulatedMs + (m_running ? m_clock() - m_startedAtMs : 0);
}

int MatchClock::elapsedSeconds() const
{
    return int(elapsedMs() / 1000);
}

void MatchClock::start()
{
    if (m_running)
        return;
    m_startedAtMs = m_clock();
    m_running = true;
    m_timer.start();
    Q_EMIT changed();
}

void MatchClock::pause()
{
    if (!m_running)
        return;
    m_accumulatedMs = elapsedMs();
    m_running = false;
    m_timer.stop();
    Q_EMIT changed();
}

void MatchClock::set(int minutes, int seconds)
{
    m_accumulatedMs = (qint64(qMax(0, minutes)) * 60 + qBound(0, seconds, 59)) * 1000;
    m_startedAtMs = m_clock();
    if (m_running)
        m_timer.start(); // re-align ticks with the new second boundary
    Q_EMIT changed();
}

void MatchClock::restore(qint64 elapsedMs, bool running)
{
    m_accumulatedMs = qMax<qint64>(0, elapsedMs);
    m_startedAtMs = m_clock();
    m_running = running;
    if (running)
        m_timer.start();
    else
        m_timer.stop();
}

void MatchClock::tick()
{
    if (m_running)
        Q_EMIT ticked(elapsedSeconds());
}
