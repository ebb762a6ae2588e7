#pragma once

#include "statusmessage.h"

#include <QJsonObject>
#include <QWidget>

#include <chrono>

class CountdownBar;
class Desk;
class NewsFlashForm;
class PendingPost;
class PhotoAttachment;
class PhotoUpload;
class QDateTimeEdit;
class QHBoxLayout;
class ScheduleClient;
class QLabel;
class QPushButton;
class QShortcut;

// Compose and send a news flash: headline, optional body, urgent flag; Ctrl+Enter sends.
// A refused flash keeps the draft and says why in place (no dialog in the broadcast path).
//
// An urgent flash puts a banner on every viewer's page, so it takes one deliberate extra
// key: the first Ctrl+Enter (or click) arms it and says so, a second within ArmMs sends,
// and anything else (another key, an edit, the time running out) disarms it.
//
// With a send delay (Settings), a flash that passed all that waits before it goes: the form
// keeps it, greyed, beside a countdown, and Esc or Undo gives it back to edit, never sent.
// Nothing reaches the desk before the time is up.
class NewsPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(NewsPanel)

public:
    static constexpr qint64 ArmMs = 4000;

    explicit NewsPanel(Desk *desk, QWidget *parent = nullptr);

    NewsFlashForm *form() const { return m_form; }
    PhotoAttachment *photo() const { return m_photo; }
    // Where a flash's photo is stored before the flash goes (the console's server). Not
    // owned. Without one, a flash with a photo is refused with the reason.
    void setPhotoUpload(PhotoUpload *upload) { m_upload = upload; }
    // Where Schedule sends a flash to be published later (the console's server). Not owned.
    void setScheduleClient(ScheduleClient *client) { m_scheduler = client; }
    bool isArmed() const { return m_armed; }
    // Everything typed and not sent, and back: the window keeps it across quit and restart.
    // Empty when nothing is typed.
    QJsonObject draft() const;
    void setDraft(const QJsonObject &draft);
    // For tests: the clock that times the urgent confirmation, the status line and the send
    // delay.
    void setClock(StatusMessage::Clock clock);
    // How long a flash waits, with Undo, before it goes (zero: at once). For the next flash;
    // one already waiting keeps its time.
    void setSendDelay(std::chrono::milliseconds delay);
    std::chrono::milliseconds sendDelay() const { return m_delay; }
    // A flash is waiting out the send delay.
    bool isHolding() const;

public Q_SLOTS:
    void send();
    // Schedule: the flash as typed, to go out at the time beside the button.
    void scheduleFlash();

Q_SIGNALS:
    // A flash was scheduled: the list of scheduled posts has changed.
    void scheduled();

public:
    // Esc or Undo: the waiting flash is not sent and the form is editable again, as it was.
    void undoSend();
    // The waiting flash goes now (the window is closing); nothing waiting: nothing happens.
    void sendPendingNow();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void arm();
    void disarm();
    void publish();
    void startCountdown(const QJsonObject &sent);
    void showCountdown(int secondsLeft);
    bool endCountdown();
    void takenBack();
    QHBoxLayout *buildSendRow();
    void connectPhoto();
    void publishNow(const QJsonObject &sent, bool takeFocus);
    void publishFlash(const QJsonObject &sent, const QJsonObject &photo, bool takeFocus,
        const QByteArray &photoBytes = {});
    void photoRefused(const QString &why, bool takeFocus);
    bool holdsFocus() const;

    Desk *const m_desk;
    NewsFlashForm *m_form;
    PhotoAttachment *m_photo;
    PhotoUpload *m_upload = nullptr;
    QDateTimeEdit *m_at;
    QPushButton *m_schedule;
    ScheduleClient *m_scheduler = nullptr;
    QPushButton *m_send;
    StatusMessage *m_message;
    PendingPost *m_pending;
    CountdownBar *m_countdownBar;
    QPushButton *m_undo; // the bar's
    QShortcut *m_escape;
    std::chrono::milliseconds m_delay { 0 };
    bool m_armed = false;
    qint64 m_armedAt = 0;
    bool m_sending = false;
};
