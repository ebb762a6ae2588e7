#pragma once

#include <QLabel>
#include <QTimer>

#include <functional>

// The line beside a Send button that says what the last attempt did. A success clears
// itself after a while, so an old "Sent #12" is not read as news; an error stays until the
// owner says it is fixed (clearError(): the next edit or successful send); a prompt ("press
// again") lasts as long as it was given and says expired() when it lapses.
//
// Time is read from an injected monotonic clock and checked a few times a second while
// something timed is shown, so a test moves the clock instead of sleeping.
class StatusMessage final : public QLabel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StatusMessage)

public:
    using Clock = std::function<qint64()>; // monotonic milliseconds
    static constexpr qint64 SuccessMs = 8000;

    explicit StatusMessage(QWidget *parent);

    void setClock(Clock clock);
    qint64 now() const { return m_clock(); }

    void showSuccess(const QString &text);
    void showError(const QString &text);
    // Kept, not sent yet (an outbox holds it): stays until the next message, like an error,
    // but it is not one: nothing is wrong with what the operator wrote.
    void showQueued(const QString &text);
    void showPrompt(const QString &text, qint64 forMs);
    void clearError();
    void clearMessage();
    bool showsError() const { return m_kind == Kind::Error; }
    bool showsPrompt() const { return m_kind == Kind::Prompt; }
    bool showsQueued() const { return m_kind == Kind::Queued; }

Q_SIGNALS:
    // A prompt's time ran out (a success clearing itself says nothing).
    void expired();

private:
    enum class Kind { None, Success, Error, Prompt, Queued };
    void show(Kind kind, const QString &text, qint64 forMs);
    void poll();

    Clock m_clock;
    QTimer m_poll;
    Kind m_kind = Kind::None;
    qint64 m_until = 0;
};
