#pragma once

#include <QObject>
#include <QTimer>

#include <chrono>
#include <functional>

// One post waiting out the send delay before it goes: the function that sends it, and when.
// Until then undo() takes it back and the function is never called; when the time is up it
// is called once, and sendNow() calls it early (the window closing). A desk holds one post
// at a time: hold() refuses a second while one waits.
//
// Time is read from an injected monotonic clock and checked every TickMs while a post
// waits, as StatusMessage does, so a test moves the clock instead of sleeping; the post
// never goes before the clock says its time is up.
class PendingPost final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PendingPost)

public:
    using Clock = std::function<qint64()>; // monotonic milliseconds
    using Send = std::function<void()>;
    static constexpr int TickMs = 100;

    explicit PendingPost(QObject *parent);

    // A post waiting keeps the time it has left.
    void setClock(Clock clock);
    // Holds `send` for `delay`, then calls it; a delay of zero or less calls it at once. False
    // (and `send` dropped) while another post waits.
    bool hold(std::chrono::milliseconds delay, Send send);
    bool isHolding() const { return bool(m_send); }
    // Whole seconds left, rounded up (3, 2, 1); 0 when nothing waits.
    int secondsLeft() const;

public Q_SLOTS:
    // Takes the post back: its function is never called. Nothing waiting: nothing happens.
    void undo();
    // Sends the post now instead of at its time. Nothing waiting: nothing happens.
    void sendNow();

Q_SIGNALS:
    // At hold(), then each time the whole seconds left go down.
    void tick(int secondsLeft);
    // The post's function has been called (its time came, or sendNow()).
    void sent();
    void undone();

private:
    void poll();

    Clock m_clock;
    QTimer m_poll;
    Send m_send;
    qint64 m_due = 0;
    int m_shown = 0;
};
