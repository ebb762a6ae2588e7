#pragma once

#include "host/audiencesample.h"
#include "host/serverconfig.h"
#include "http/ssebroadcaster.h"
#include "hub/feedsource.h"
#include "hub/hubevent.h"
#include "hub/publisher.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QObject>
#include <QThread>
#include <QUrl>

#include <memory>

class EventHub;
class ServerCore;

// Runs a ServerCore (log, hub, broadcaster, HTTP server) on a thread of its own, so a fan-out
// to thousands of clients never blocks the thread that owns the window (or main()).
//
// It is also the stable face of the server for that thread: publish, list and disconnect
// clients and restart through it, and connect to its signals, which it re-emits on its own
// thread. Every call into the server thread is queued; nothing here waits on the network.
// Its connections survive restart(), which replaces everything behind it.
class ServerHost final : public FeedSource, public Publisher
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

    bool isRunning() const override { return m_core != nullptr; }
    QUrl baseUrl() const override { return m_baseUrl; }
    const ServerConfig &config() const { return m_config; }

    // The objects behind the façade, living on the server thread: connect to them, but do
    // not call their methods from another thread. Null while stopped.
    EventHub *hub() const;
    SseBroadcaster *broadcaster() const;

    // Publisher, from this object's thread: hops to the hub, and `done` comes back here with
    // the outcome (the stored event, or why not: the journal's reason, or a stopped server).
    void publish(const QString &channel, const QString &type, const QJsonValue &data,
        QObject *context, PublishCallback done) override;
    void publishOnce(const QString &channel, const QString &type, const QJsonValue &data,
        const QString &key, QObject *context, PublishCallback done) override;

    // Writes `channel`'s history from the running server's journal to `fileName` as JSON
    // Lines, on the storage thread (the journal is held exclusively: nobody else may read it
    // while the server runs). `done` comes back on this object's thread, unless `context` is
    // gone by then. False (and `done` is not called) when the server is stopped: the journal
    // can then be read directly (EventJournal::openForReading).
    using ExportDone = std::function<void(bool ok, qint64 count, const QString &error)>;
    bool exportChannel(
        const QString &channel, const QString &fileName, QObject *context, ExportDone done);

public Q_SLOTS:
    // clientsListed() follows with a snapshot of the open streams.
    void requestClients();
    // snapshotReady() follows with the /api/state document (e.g. to restore the console).
    void requestSnapshot() override;
    void disconnectClient(quint64 clientId);

Q_SIGNALS:
    // published() (FeedSource) carries every event, re-emitted on this object's thread,
    // unless config().relayPublished is off.
    void clientCountChanged(int count);
    // A cluster node only: its link to Redis, and the cluster's viewers (ClusterAudience::
    // toJson(): the sum, per channel, and each node's share), whenever either changes.
    void clusterConnectedChanged(bool connected);
    void clusterAudienceChanged(const QJsonObject &audience);
    void clientsListed(const QList<SseBroadcaster::ClientInfo> &clients);
    // The server's audience, once a second while it runs (AudienceSampler).
    void audienceSampled(const AudienceSample &sample);

private:
    // Runs `work` on the server thread with the core, unless stopped.
    void onServerThread(std::function<void(ServerCore *core)> work);
    void relaySignals(ServerCore *core);
    void startThread();

    ServerConfig m_config;
    QThread m_thread;
    // A QObject living on m_thread, the context for every call queued there.
    std::unique_ptr<QObject> m_anchor;
    // Created, used and destroyed on m_thread; set (and read here) only while that thread
    // waits for a blocking call, so it needs no lock.
    std::unique_ptr<ServerCore> m_core;
    QUrl m_baseUrl;
    QString m_notice;
};
