#include "statusmessage.h"

#include <QElapsedTimer>

#include <memory>

using namespace Qt::StringLiterals;

StatusMessage::StatusMessage(QWidget *parent)
    : QLabel(parent)
    , m_poll(this)
{
    auto monotonic = std::make_shared<QElapsedTimer>();
    monotonic->start();
    m_clock = [monotonic] { return monotonic->elapsed(); };
    setWordWrap(true);
    m_poll.setInterval(200);
    connect(&m_poll, &QTimer::timeout, this, &StatusMessage::poll);
}

void StatusMessage::setClock(Clock clock)
{
    const qint64 left = m_until - m_clock();
    m_clock = std::move(clock);
    m_until = m_clock() + left;
}

void StatusMessage::showSuccess(const QString &text)
{
    show(Kind::Success, text, SuccessMs);
}

void StatusMessage::showError(const QString &text)
{
    show(Kind::Error, text, 0);
}

void StatusMessage::showQueued(const QString &text)
{
    show(Kind::Queued, text, 0);
}

void StatusMessage::showPrompt(const QString &text, qint64 forMs)
{
    show(Kind::Prompt, text, forMs);
}

void StatusMessage::clearError()
{
    if (m_kind == Kind::Error)
        clearMessage();
}

void StatusMessage::clearMessage()
{
    m_kind = Kind::None;
    m_poll.stop();
    clear();
    setStyleSheet(QString());
}

void StatusMessage::show(Kind kind, const QString &text, qint64 forMs)
{
    m_kind = kind;
    setText(text);
    switch (kind) {
    case Kind::Error:
        setStyleSheet(u"color: #b00020; font-weight: bold;"_s);
        break;
    case Kind::Prompt:
        setStyleSheet(u"color: #a04000; font-weight: bold;"_s);
        break;
    case Kind::Queued:
        setStyleSheet(u"color: #a04000;"_s);
        break;
    default:
        setStyleSheet(u"color: #2a7d2a;"_s);
    }
    if (forMs > 0) {
        m_until = m_clock() + forMs;
        m_poll.start();
    } else {
        m_poll.stop();
    }
}

void StatusMessage::poll()
{
    if (m_clock() < m_until)
        return;
    const bool prompt = m_kind == Kind::Prompt;
    clearMessage();
    if (prompt)
        Q_EMIT expired();
}
