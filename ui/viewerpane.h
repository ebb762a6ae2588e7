#pragma once

#include "client/feedclient.h"
#include "hub/hubevent.h"

#include <QHash>
#include <QJsonObject>
#include <QJsonValue>
#include <QWidget>

#include <chrono>

class QDateTime;
class QLabel;
class QListWidget;
class QListWidgetItem;

// What viewers see: a real subscription to the app's own /events over HTTP (FeedClient,
// never a shortcut in memory), rendered as a viewer would read it, with the connection
// state, the last event id and the publish-to-receive latency of the last event.
class ViewerPane final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ViewerPane)

public:
    explicit ViewerPane(QWidget *parent = nullptr);

    FeedClient *feed() { return &m_feed; }
    // Milliseconds from the hub accepting the last event to this pane receiving it; -1 if
    // not known yet.
    double lastLatencyMs() const { return m_lastLatencyMs; }

public Q_SLOTS:
    // (Re)subscribe to the server at this base URL, resuming from the last id seen.
    void connectTo(const QUrl &baseUrl);
    // The hub's record of an event, for latency: its accept time on the monotonic clock.
    void notePublished(const HubEventPtr &event);

private:
    void onEvent(const SseEvent &event);
    // Shows one event: a new item, a clock line, or a correction/retraction in place.
    void apply(quint64 id, const QByteArray &type, const QJsonValue &data, const QString &channel,
        const QDateTime &time);
    void showClock(const QJsonObject &clock);
    void amend(const QByteArray &type, const QJsonObject &amendment);
    void retract(QListWidgetItem *item);
    void correct(QListWidgetItem *item, const QJsonObject &correction);
    void addItem(quint64 id, const QString &type, const QJsonValue &data, const QString &channel,
        const QDateTime &time);
    void dropOldest();
    void onState(FeedClient::State state);
    void showLatency(quint64 id);

    FeedClient m_feed;
    QLabel *m_state;
    QLabel *m_lastId;
    QLabel *m_latency;
    QLabel *m_clocks;
    QListWidget *m_list;
    QHash<quint64, QListWidgetItem *> m_items;
    QHash<QString, QString> m_clockText; // per match channel
    // Both halves of a latency measurement, whichever arrives first waits for the other.
    QHash<quint64, std::chrono::steady_clock::time_point> m_accepted;
    QHash<quint64, std::chrono::steady_clock::time_point> m_received;
    double m_lastLatencyMs = -1;
};
