#pragma once

#include "statusmessage.h"

#include <QJsonObject>
#include <QWidget>

class Desk;
class NewsFlashForm;
class QPushButton;

// Compose and send a news flash: headline, optional body, urgent flag; Ctrl+Enter sends.
// A refused flash keeps the draft and says why in place (no dialog in the broadcast path).
//
// An urgent flash puts a banner on every viewer's page, so it takes one deliberate extra
// key: the first Ctrl+Enter (or click) arms it and says so, a second within ArmMs sends,
// and anything else (another key, an edit, the time running out) disarms it.
class NewsPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(NewsPanel)

public:
    static constexpr qint64 ArmMs = 4000;

    explicit NewsPanel(Desk *desk, QWidget *parent = nullptr);

    NewsFlashForm *form() const { return m_form; }
    bool isArmed() const { return m_armed; }
    // Everything typed and not sent, and back: the window keeps it across quit and restart.
    // Empty when nothing is typed.
    QJsonObject draft() const;
    void setDraft(const QJsonObject &draft);
    // For tests: the clock that times the urgent confirmation and the status line.
    void setClock(StatusMessage::Clock clock);

public Q_SLOTS:
    void send();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void arm();
    void disarm();
    void publish();

    Desk *const m_desk;
    NewsFlashForm *m_form;
    QPushButton *m_send;
    StatusMessage *m_message;
    bool m_armed = false;
    qint64 m_armedAt = 0;
    bool m_sending = false;
};
