#include "newspanel.h"

#include "domain/desk.h"
#include "newsflashform.h"
#include "shortcutguard.h"

#include <QKeyEvent>
#include <QPushButton>
#include <QShortcut>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {

QList<QKeySequence> sendKeys()
{
    return { QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter) };
}

bool isModifierOnly(int key)
{
    return key == Qt::Key_Control || key == Qt::Key_Shift || key == Qt::Key_Alt
        || key == Qt::Key_Meta || key == Qt::Key_AltGr;
}

} // namespace

NewsPanel::NewsPanel(Desk *desk, QWidget *parent)
    : QWidget(parent)
    , m_desk(desk)
    , m_form(new NewsFlashForm(this))
    , m_send(new QPushButton(tr("Send news flash"), this))
    , m_message(new StatusMessage(this))
{
    m_send->setObjectName(u"sendFlashButton"_s);
    m_send->setToolTip(tr("Ctrl+Enter"));
    m_message->setObjectName(u"flashMessage"_s);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_form);
    layout->addWidget(m_send, 0, Qt::AlignRight);
    layout->addWidget(m_message);
    layout->addStretch();

    connect(m_send, &QPushButton::clicked, this, &NewsPanel::send);
    for (const QKeySequence &key : sendKeys()) {
        auto *shortcut = new QShortcut(key, this);
        shortcut->setContext(Qt::WidgetWithChildrenShortcut);
        connect(shortcut, &QShortcut::activated, this, &NewsPanel::send);
    }
    ShortcutGuard::protect(this, sendKeys());
    connect(m_form, &NewsFlashForm::edited, this, [this] {
        disarm();
        m_message->clearError();
    });
    connect(m_message, &StatusMessage::expired, this, &NewsPanel::disarm);
    // Any other key or click disarms an urgent flash, wherever it lands in the panel.
    QList<QWidget *> watched = m_form->findChildren<QWidget *>();
    watched << m_send;
    for (QWidget *widget : std::as_const(watched))
        widget->installEventFilter(this);
    QWidget::setTabOrder(m_form->focusChain().constLast(), m_send);
    setFocusProxy(m_form);
}

QJsonObject NewsPanel::draft() const
{
    return m_form->isEmpty() ? QJsonObject() : m_form->draft();
}

void NewsPanel::setDraft(const QJsonObject &draft)
{
    m_form->setFields(draft);
    disarm();
}

void NewsPanel::setClock(StatusMessage::Clock clock)
{
    m_message->setClock(std::move(clock));
}

// Only Ctrl+Enter or a click on Send confirms an armed flash; any other key, or a click into
// the fields, disarms it.
bool NewsPanel::eventFilter(QObject *watched, QEvent *event)
{
    if (!m_armed)
        return QWidget::eventFilter(watched, event);
    if (event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        if (!isModifierOnly(key->key())
            && !sendKeys().contains(QKeySequence(key->keyCombination())))
            disarm();
    } else if (event->type() == QEvent::MouseButtonPress && watched != m_send) {
        disarm();
    }
    return QWidget::eventFilter(watched, event);
}

void NewsPanel::send()
{
    if (m_sending)
        return; // one flash at a time: its outcome decides what the draft does
    QString error;
    if (!m_form->check(&error)) {
        disarm();
        m_message->showError(tr("Not sent: %1").arg(error));
        return;
    }
    if (!m_form->isUrgent()) {
        publish();
        return;
    }
    // The prompt's own expiry disarms too; the clock check covers a press that races it.
    if (m_armed && m_message->now() - m_armedAt <= ArmMs)
        publish();
    else
        arm();
}

void NewsPanel::arm()
{
    m_armed = true;
    m_armedAt = m_message->now();
    m_message->showPrompt(
        tr("URGENT flash: press Ctrl+Enter (or Send) again to send it to every page."), ArmMs);
}

void NewsPanel::disarm()
{
    if (!m_armed)
        return;
    m_armed = false;
    if (m_message->showsPrompt())
        m_message->clearMessage();
}

void NewsPanel::publish()
{
    const QJsonObject sent = m_form->draft();
    m_armed = false;
    m_sending = true;
    m_send->setEnabled(false);
    m_desk->publishNewsFlash(sent.value(u"headline"_s).toString(), sent.value(u"body"_s).toString(),
        sent.value(u"urgent"_s).toBool(), this, [this, sent](const PublishOutcome &outcome) {
            m_sending = false;
            m_send->setEnabled(true);
            m_form->setFocus();
            const QString headline = sent.value(u"headline"_s).toString().trimmed();
            if (outcome.queued) {
                // Kept by the outbox, which sends it when it can: the form is free again.
                m_message->showQueued(
                    tr("Queued, not sent yet: %1 (%2)").arg(headline, outcome.error));
            } else if (!outcome.ok()) {
                // The draft stays exactly as typed; the reason is shown where the operator
                // is looking.
                m_message->showError(tr("Not sent: %1").arg(outcome.error));
                return;
            } else {
                m_message->showSuccess(tr("Sent #%1: %2").arg(outcome.id()).arg(headline));
            }
            // Cleared only if it still holds what was sent (typing may have gone on).
            if (m_form->draft() == sent)
                m_form->clear();
        });
}
