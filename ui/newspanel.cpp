#include "newspanel.h"

#include "countdownbar.h"
#include "domain/desk.h"
#include "newsflashform.h"
#include "outbox/photoupload.h"
#include "outbox/scheduleclient.h"
#include "pendingpost.h"
#include "photoattachment.h"
#include "shortcutguard.h"

#include <QDateTimeEdit>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLocale>
#include <QMimeData>
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
    , m_photo(new PhotoAttachment(this))
    , m_at(new QDateTimeEdit(this))
    , m_schedule(new QPushButton(tr("Schedule"), this))
    , m_send(new QPushButton(tr("Send news flash"), this))
    , m_message(new StatusMessage(this))
    , m_pending(new PendingPost(this))
    , m_countdownBar(new CountdownBar(u"flashCountdown"_s, u"undoSendButton"_s, this))
    , m_undo(m_countdownBar->undoButton())
    , m_escape(new QShortcut(QKeySequence(Qt::Key_Escape), this))
{
    m_send->setObjectName(u"sendFlashButton"_s);
    m_send->setToolTip(tr("Ctrl+Enter"));
    m_message->setObjectName(u"flashMessage"_s);
    // Live only while a flash waits, so Esc means nothing here otherwise.
    m_escape->setContext(Qt::WidgetWithChildrenShortcut);
    m_escape->setAutoRepeat(false);
    m_escape->setEnabled(false);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_form);
    layout->addWidget(m_photo);
    layout->addLayout(buildSendRow());
    layout->addWidget(m_countdownBar);
    layout->addWidget(m_message);
    layout->addStretch();

    connect(m_send, &QPushButton::clicked, this, &NewsPanel::send);
    connectPhoto();
    connect(m_schedule, &QPushButton::clicked, this, &NewsPanel::scheduleFlash);
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
    connect(m_undo, &QPushButton::clicked, this, &NewsPanel::undoSend);
    connect(m_escape, &QShortcut::activated, this, &NewsPanel::undoSend);
    connect(m_pending, &PendingPost::tick, this, &NewsPanel::showCountdown);
    connect(m_pending, &PendingPost::undone, this, &NewsPanel::takenBack);
    // Any other key or click disarms an urgent flash, wherever it lands in the panel.
    QList<QWidget *> watched = m_form->findChildren<QWidget *>();
    watched << m_send;
    for (QWidget *widget : std::as_const(watched))
        widget->installEventFilter(this);
    QWidget::setTabOrder(m_form->focusChain().constLast(), m_send);
    QWidget::setTabOrder(m_send, m_undo);
    setFocusProxy(m_form);
}

// Send now, or at a time: the server keeps a scheduled flash and publishes it then.
QHBoxLayout *NewsPanel::buildSendRow()
{
    m_at->setObjectName(u"scheduleAtEdit"_s);
    m_at->setCalendarPopup(true);
    m_at->setDisplayFormat(u"ddd d MMM HH:mm:ss"_s);
    m_at->setDateTime(QDateTime::currentDateTime().addSecs(3600));
    m_schedule->setObjectName(u"scheduleFlashButton"_s);
    m_schedule->setToolTip(tr("The server sends it at that time, with or without this console"));
    auto *row = new QHBoxLayout;
    row->addStretch(1);
    row->addWidget(m_at);
    row->addWidget(m_schedule);
    row->addWidget(m_send);
    return row;
}

void NewsPanel::scheduleFlash()
{
    QString error;
    if (!m_form->check(&error)) {
        m_message->showError(tr("Not scheduled: %1").arg(error));
        return;
    }
    if (m_photo->hasPhoto()) {
        m_message->showError(tr("Not scheduled: a flash with a photo cannot be scheduled yet; "
                                "send it now, or remove the photo"));
        return;
    }
    if (!m_scheduler) {
        m_message->showError(tr("Not scheduled: this console has no server to keep it"));
        return;
    }
    const QJsonObject sent = m_form->draft();
    const QDateTime at = m_at->dateTime();
    m_schedule->setEnabled(false);
    m_scheduler->schedule(u"news"_s, u"news-flash"_s,
        m_desk->newsFlash(sent.value(u"headline"_s).toString(), sent.value(u"body"_s).toString(),
            sent.value(u"urgent"_s).toBool()),
        at, this, [this, sent, at](const QJsonObject &, const QString &why) {
            m_schedule->setEnabled(true);
            if (!why.isEmpty()) {
                m_message->showError(tr("Not scheduled: %1").arg(why));
                return;
            }
            m_message->showSuccess(tr("Scheduled for %1: %2")
                                       .arg(QLocale().toString(at, QLocale::ShortFormat),
                                           sent.value(u"headline"_s).toString().trimmed()));
            if (m_form->draft() == sent)
                m_form->clear();
            Q_EMIT scheduled();
        });
}

void NewsPanel::connectPhoto()
{
    setAcceptDrops(true); // a photo dropped anywhere on the desk, not only on its button
    auto *paste = new QShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_V), this);
    paste->setContext(Qt::WidgetWithChildrenShortcut);
    connect(paste, &QShortcut::activated, m_photo, &PhotoAttachment::pasteFromClipboard);
    connect(m_photo, &PhotoAttachment::refused, m_message, &StatusMessage::showError);
    connect(m_photo, &PhotoAttachment::changed, m_message, &StatusMessage::clearError);
}

void NewsPanel::dragEnterEvent(QDragEnterEvent *event)
{
    if (m_photo->isEnabled() && (event->mimeData()->hasImage() || event->mimeData()->hasUrls()))
        event->acceptProposedAction();
}

void NewsPanel::dropEvent(QDropEvent *event)
{
    if (m_photo->isEnabled() && m_photo->take(event->mimeData()))
        event->acceptProposedAction();
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
    m_pending->setClock(clock);
    m_message->setClock(std::move(clock));
}

void NewsPanel::setSendDelay(std::chrono::milliseconds delay)
{
    m_delay = delay;
}

bool NewsPanel::isHolding() const
{
    return m_pending->isHolding();
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
    if (m_pending->isHolding()) {
        // One flash at a time, and this one is already on its way: pressing again neither
        // hurries it nor sends it twice.
        m_countdownBar->showAlreadyWaiting(m_pending->secondsLeft());
        return;
    }
    if (m_sending)
        return; // one flash at a time: its outcome decides what the draft does
    QString error;
    if (!m_form->check(&error) || !(error = m_photo->problem()).isEmpty()) {
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
    if (m_delay.count() > 0)
        startCountdown(sent);
    else
        publishNow(sent, true);
}

// The flash stays in the form, greyed so it cannot change while it waits: what goes is
// exactly what was confirmed, and Undo hands back exactly what was typed.
void NewsPanel::startCountdown(const QJsonObject &sent)
{
    const bool ours = holdsFocus();
    m_message->clearMessage(); // an urgent flash's "press again" is answered
    m_countdownBar->show();
    if (ours)
        m_undo->setFocus(); // before the form is greyed, so Esc still reaches this panel
    m_form->setEnabled(false);
    m_photo->setEnabled(false);
    m_send->setEnabled(false);
    m_escape->setEnabled(true);
    setFocusProxy(m_undo); // coming back to this desk (Ctrl+1) lands where Esc works
    m_pending->hold(m_delay, [this, sent] { publishNow(sent, endCountdown()); });
}

void NewsPanel::showCountdown(int secondsLeft)
{
    m_countdownBar->showWaiting(secondsLeft);
}

// The form is the operator's again. True when the keyboard was here (on Undo): it goes back
// into the form; elsewhere (another desk) it is left where the operator took it.
bool NewsPanel::endCountdown()
{
    const bool ours = holdsFocus();
    m_escape->setEnabled(false);
    setFocusProxy(m_form);
    m_form->setEnabled(true);
    m_photo->setEnabled(true);
    m_send->setEnabled(true);
    if (ours)
        m_form->setFocus();
    m_countdownBar->hide();
    return ours;
}

void NewsPanel::undoSend()
{
    m_pending->undo();
}

void NewsPanel::sendPendingNow()
{
    m_pending->sendNow();
}

void NewsPanel::takenBack()
{
    endCountdown();
    m_form->setFocus();
    m_message->showSuccess(tr("Taken back; nothing was sent."));
}

bool NewsPanel::holdsFocus() const
{
    const QWidget *focused = window()->focusWidget();
    return focused && (focused == this || isAncestorOf(focused));
}

// A flash with a photo: the photo goes to the server first (POST /api/media), and the flash
// only once it is stored, carrying its answer and the operator's words. A photo the server
// refuses sends nothing: the flash and its photo stay as they are, with the reason.
void NewsPanel::publishNow(const QJsonObject &sent, bool takeFocus)
{
    m_sending = true;
    m_send->setEnabled(false);
    if (!m_photo->hasPhoto()) {
        publishFlash(sent, {}, takeFocus);
        return;
    }
    if (!m_upload) {
        photoRefused(tr("this console has no server to keep photos"), takeFocus);
        return;
    }
    m_message->showPrompt(tr("Sending the photo…"), 120'000);
    const QByteArray bytes = m_photo->bytes();
    m_upload->upload(bytes, m_photo->mimeType(), this,
        [this, sent, takeFocus, words = m_photo->words(), bytes](
            QJsonObject photo, const QString &error) {
            if (!error.isEmpty()) {
                photoRefused(error, takeFocus);
                return;
            }
            for (auto it = words.begin(); it != words.end(); ++it)
                photo.insert(it.key(), it.value());
            publishFlash(sent, photo, takeFocus, bytes);
        });
}

void NewsPanel::photoRefused(const QString &why, bool takeFocus)
{
    m_sending = false;
    m_send->setEnabled(true);
    if (takeFocus)
        m_form->setFocus();
    m_message->showError(tr("Not sent: the photo was not stored (%1)").arg(why));
}

// `takeFocus`: the outcome brings the keyboard back to the form (Send, greyed meanwhile,
// may have passed it on); not after a countdown the operator has left the desk during.
void NewsPanel::publishFlash(
    const QJsonObject &sent, const QJsonObject &photo, bool takeFocus, const QByteArray &photoBytes)
{
    m_desk->publishNewsFlash(sent.value(u"headline"_s).toString(), sent.value(u"body"_s).toString(),
        sent.value(u"urgent"_s).toBool(), photo, this,
        [this, sent, takeFocus, photoBytes](const PublishOutcome &outcome) {
            m_sending = false;
            m_send->setEnabled(true);
            if (takeFocus)
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
            if (!photoBytes.isEmpty() && m_photo->bytes() == photoBytes)
                m_photo->clear();
        });
}
