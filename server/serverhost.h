#pragma once

#include "hubevent.h"
#include "serverconfig.h"
#include "ssebroadcaster.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QObject>
#include <QThread>
#include <QUrl>

#include <memory>

class EventHub;
class EventJournal;
class HttpServer;

// Runs the hub, the broadcaster and the HTTP server on a thread of their own, so a fan-out
// to thousands of clients never blocks the thread that owns the window (or main()).
//
// It is also the stable face of the server for that thread: publish, list and disconnect
// clients and restart through it, and connect to its signals, which it re-emits on its own
// thread. Every call into the server thread is queued; nothing here waits on the network.
// Its connections survive restart(), which replaces everything behind it.
class ServerHost final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ServerHost)

public:
    explicit ServerHost(ServerConfig config, QObject *parent = nullptr);
    ~ServerHost() override;

    // Starts the thread and listens. Blocks until listening or failed; on failure says why.
    bool start(QString *error);
    // Closes every stream, stops listening and joins the thread. Safe to call twice.
    void stop();
    // A message for the operator from the last start (e.g. a damaged journal moved aside).
    QString startNotice() const { return m_notice; }
    // stop(), then start() with `config`. On failure the server stays stopped; the caller
    // may try again (e.g. with another port).
    bool restart(const ServerConfig &config, QString *error);

    bool isRunning() const { return m_running; }
    QUrl baseUrl() const { return m_baseUrl; }
    const ServerConfig &config() const { return m_config; }

    // The objects behind the façade, living on the server thread: connect to them, but do
    // not call their methods from another thread. Null while stopped.
    EventHub *hub() const { return m_hub; }
    SseBroadcaster *broadcaster() const { return m_broadcaster; }

public Q_SLOTS:
    // Queued to the hub; published() follows. While stopped, publishRejected() instead.
    void publish(const QString &channel, const QString &type, const QJsonValue &data);
    // clientsListed() follows with a snapshot of the open streams.
    void requestClients();
    // snapshotReady() follows with the /api/state document (e.g. to restore the console).
    void requestSnapshot();
    void disconnectClient(quint64 clientId);

Q_SIGNALS:
    // Every event, re-emitted on this object's thread (unless config().relayPublished is off).
    void published(const HubEventPtr &event);
    void publishRejected(const QString &reason);
    void clientCountChanged(int count);
    void clientsListed(const QList<SseBroadcaster::ClientInfo> &clients);
    void snapshotReady(const QJsonObject &state);
    void started(const QUrl &baseUrl);
    void stopped();

private:
    ServerConfig m_config;
    QThread m_thread;
    // Created here, moved to m_thread, and deleted on it by stop().
    EventHub *m_hub = nullptr;
    SseBroadcaster *m_broadcaster = nullptr;
    HttpServer *m_http = nullptr;
    std::unique_ptr<EventJournal> m_journal; // opened, used and closed on the server thread
    QUrl m_baseUrl;
    QString m_notice;
    bool m_running = false;
};
