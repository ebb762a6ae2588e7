#pragma once

#include "protocol/sseevent.h"
#include "protocol/sseparser.h"

#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QObject>
#include <QPointer>
#include <QSslCertificate>
#include <QSslError>
#include <QStringList>
#include <QTimer>
#include <QUrl>

class QNetworkReply;

// Subscribes to a LiveDesk feed over real HTTP, the way a browser's EventSource does: one
// GET /events per connection, parsed incrementally, reconnecting by itself and resuming with
// Last-Event-ID. The GUI's client pane uses it to show what viewers see; tests use it as a
// real client.
//
// Reconnect policy: after a stream that was open closes, wait the server's `retry:` delay
// (as a browser does). After a failed attempt (refused, HTTP error, wrong content type),
// back off exponentially up to 30 s, so an operator's pane survives a server restart
// without hammering it. 204 No Content means "stop": the client stays stopped.
//
// With setSnapshotFirst(), start() begins as the viewers' page does: GET /api/state for the
// same channels, snapshotReceived(), then the stream from the snapshot's "lastId", so nothing
// between the two is lost or shown twice. A snapshot that fails (refused, HTTP error, not a
// state document) is retried with the same back-off; reconnects after that resume the stream.
class FeedClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FeedClient)

public:
    enum class State { Idle, Connecting, Open, Reconnecting, Stopped };
    Q_ENUM(State)

    explicit FeedClient(QObject *parent = nullptr);
    ~FeedClient() override;

    // The server's base URL, e.g. http://127.0.0.1:8080/.
    void setBaseUrl(const QUrl &url);
    // Channels to multiplex on the one stream; empty means all.
    void setChannels(const QStringList &channels);
    // Resume point for the next connection (normally tracked by the client itself).
    void setLastEventId(const QByteArray &id);
    // Used until the server sends retry:, and as the base of the failure back-off.
    void setDefaultRetryMs(int ms);
    // Fetch /api/state before the first stream of each start() (see above).
    void setSnapshotFirst(bool on);
    // Over https: certificates this client accepts from the server whatever signed them and
    // whatever name they are for (the console's own server's, pinned: it may be issued for
    // the site's name while the pane reaches it at 127.0.0.1). Any other certificate is
    // checked as usual.
    void setPinnedCertificates(const QList<QSslCertificate> &certificates);

    QUrl streamUrl() const;
    QUrl stateUrl() const;
    State state() const { return m_state; }
    QByteArray lastEventId() const { return m_parser.lastEventId(); }
    int retryMs() const;
    qint64 connectCount() const { return m_connects; }
    // A reconnect (or a retried snapshot) is scheduled.
    bool reconnectPending() const { return m_reconnectTimer.isActive(); }

public Q_SLOTS:
    void start();
    void stop();

Q_SIGNALS:
    // The /api/state document, before any event of the stream that follows it.
    void snapshotReceived(const QJsonObject &state);
    void eventReceived(const SseEvent &event);
    void stateChanged(FeedClient::State state);
    // A comment line (the server's keep-alive) arrived.
    void heartbeat();
    void errorOccurred(const QString &message);

private:
    void attempt();
    void onSslErrors(QNetworkReply *reply, const QList<QSslError> &errors);
    void requestSnapshot();
    void onSnapshotFinished();
    QUrl withChannels(const QString &path) const;
    void connectNow();
    void onMetaDataChanged();
    void onReadyRead();
    void onFinished();
    void fail(const QString &message);
    void scheduleReconnect(int delayMs);
    void dropReply();
    void setState(State state);

    QNetworkAccessManager m_network;
    QPointer<QNetworkReply> m_reply;
    QPointer<QNetworkReply> m_snapshotReply;
    SseParser m_parser;
    QTimer m_reconnectTimer;
    QUrl m_baseUrl;
    QStringList m_channels;
    State m_state = State::Idle;
    int m_defaultRetryMs = 3000;
    int m_failures = 0;
    qint64 m_connects = 0;
    bool m_streamOpen = false;
    bool m_snapshotFirst = false;
    bool m_snapshotDue = false; // this start() has not had its snapshot yet
    QList<QSslCertificate> m_pinned;
};
