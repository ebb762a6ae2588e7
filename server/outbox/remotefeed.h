#pragma once

#include "hub/feedsource.h"

#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QPointer>
#include <QTimer>
#include <QUrl>
#include <QWebSocket>

class QNetworkReply;

// The console's FeedSource when it publishes to a LiveDesk elsewhere: GET /api/state for the
// present, then every event from that state's lastId over /ws. The WebSocket frames carry
// each event's channel, which the desk's boards and the history need and an SSE stream of
// every channel does not say.
//
// It reconnects by itself, with jittered back-off (1 s doubling to 30 s), and resumes from
// the last id it saw, so nothing is missed or shown twice; a "resync" frame (the link was
// down longer than the server's replay window) is a new snapshotReady(). Its own ping every
// 15 s, unanswered by the next, closes a link that only looks open: on a phone tether a
// dropped route leaves a TCP connection silent for minutes.
class RemoteFeed final : public FeedSource
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RemoteFeed)

public:
    static constexpr int DefaultFirstRetryMs = 1000;
    static constexpr int DefaultMaxRetryMs = 30000;
    static constexpr int DefaultPingMs = 15000;

    explicit RemoteFeed(QObject *parent = nullptr);
    ~RemoteFeed() override;

    // The server's base URL, e.g. https://feed.example.org/.
    void setBaseUrl(const QUrl &url);
    void setRetryDelays(int firstMs, int maxMs);
    void setPingIntervalMs(int ms);

    QUrl baseUrl() const override { return m_baseUrl; }
    // The WebSocket is open.
    bool isRunning() const override { return m_open; }
    // Why the link is down (or the last time it went down), in words for the operator.
    QString lastError() const { return m_lastError; }
    quint64 lastId() const { return m_lastId; }

public Q_SLOTS:
    void start();
    void stop();
    void requestSnapshot() override;

Q_SIGNALS:
    void linkChanged(bool up);
    void errorOccurred(const QString &message);

private:
    void fetchState();
    void onStateFinished(QNetworkReply *reply);
    void openSocket();
    void onConnected();
    void onDisconnected();
    void onFrame(const QString &text);
    void onPingTick();
    void fail(const QString &message);
    QString socketFailure() const;

    QNetworkAccessManager m_network;
    QPointer<QNetworkReply> m_stateReply;
    QWebSocket m_socket;
    QTimer m_reconnect;
    QTimer m_ping;
    QUrl m_baseUrl;
    QString m_lastError;
    quint64 m_lastId = 0;
    bool m_haveState = false; // a snapshot was taken since start()
    bool m_running = false; // between start() and stop()
    bool m_open = false;
    bool m_awaitingPong = false;
    int m_failures = 0;
    int m_firstRetryMs = DefaultFirstRetryMs;
    int m_maxRetryMs = DefaultMaxRetryMs;
};
