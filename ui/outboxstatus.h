#pragma once

#include <QString>
#include <QWidget>

class Outbox;
class RemoteFeed;
class QLabel;
class QToolButton;

// The status bar's word on what has not reached the server yet, and, for the console of a
// server elsewhere, on the link to it: green while the link is up and nothing waits, amber
// while queued posts are going out, red while the link is down or the server will not take
// them (with why). Never told by colour alone: the words say it. Retry now skips the
// back-off. A console of its own server shows nothing while nothing waits.
class OutboxStatus final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OutboxStatus)

public:
    // `feed` is null for a console of this computer's own server.
    OutboxStatus(Outbox *outbox, RemoteFeed *feed, QWidget *parent = nullptr);

    QString text() const;
    // Red: the link is down, or the queue is stuck on a failure.
    bool isAlarming() const { return m_alarming; }

private:
    void refresh();
    QString describe(bool *alarming, bool *busy, QString *why) const;

    Outbox *const m_outbox;
    RemoteFeed *const m_feed;
    QLabel *m_label;
    QToolButton *m_retry;
    bool m_alarming = false;
};
