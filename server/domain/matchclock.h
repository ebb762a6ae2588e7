#pragma once

#include <QObject>
#include <QTimer>

#include <functional>

// A match clock that can be started, paused and set. While running it ticks once a second;
// Match turns each tick into a "clock" event (the seed's interval(1000)). Time is read
// from an injected monotonic clock, so tests can move it without sleeping.
class MatchClock final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MatchClock)

public:
    using Clock = std::function<qint64()>; // monotonic milliseconds

    explicit MatchClock(QObject *parent = nullptr);

    void setClock(Clock clock);
    bool isRunning() const { return m_running; }
    int elapsedSeconds() const;
    // The football minute: 0:00-0:59 is the 1st minute, 45:00 the 46th.
    int minute() const { return elapsedSeconds() / 60 + 1; }

public Q_SLOTS:
    void start();
    void pause();
    void toggle() { m_running ? pause() : start(); }
    void set(int minutes, int seconds);
    // Puts back a clock from the journal: `elapsedMs` on it, running or not. Emits nothing,
    // so nothing is broadcast for a state the viewers already have.
    void restore(qint64 elapsedMs, bool running);
    // Emits ticked() if running; the internal timer calls it every second.
    void tick();

Q_SIGNALS:
    void ticked(int elapsedSeconds);
    // Started, paused or set: the display should refresh.
    void changed();

private:
    qint64 elapsedMs() const;

    QTimer m_timer;
    Clock m_clock;
    qint64 m_accumulatedMs = 0;
    qint64 m_startedAtMs = 0;
    bool m_running = false;
};
