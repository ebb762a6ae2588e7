#pragma once

#include "host/serverconfig.h"

#include <QString>

#include <memory>

class AudienceSampler;
class ClusterAudience;
class EventHub;
class ExportService;
class EventLog;
class HttpServer;
class MediaStore;
class Scheduler;
class SseBroadcaster;
class RedisEventLog;
class ThreadedJournal;
class TlsContext;

// One running server: its event log, hub, broadcaster and HTTP server, built, used and
// destroyed on the server thread. The members are declared in the order they depend on each
// other, so construction runs down the list and destruction back up it: the HTTP server goes
// first (no new requests), then the streams, then the hub, then the log it appended to.
class ServerCore final
{
public:
    // Opens the log (the journal in config.dataDir, or memory), restores the hub from it and
    // listens. Null with the reason when any step fails; *notice gets a message for the
    // operator (a damaged journal moved aside).
    static std::unique_ptr<ServerCore> create(
        const ServerConfig &config, QString *error, QString *notice);
    ~ServerCore();
    ServerCore(const ServerCore &) = delete;
    ServerCore &operator=(const ServerCore &) = delete;

    EventHub *hub() const { return m_hub.get(); }
    SseBroadcaster *broadcaster() const { return m_broadcaster.get(); }
    HttpServer *http() const { return m_http.get(); }
    // The journal on its storage thread; null when events are kept in memory only.
    ThreadedJournal *journal() const { return m_journal; }
    // The cluster's viewers; null when this node is not in a cluster.
    ClusterAudience *audience() const { return m_audience.get(); }
    // This server's audience, once a second (the console's charts).
    AudienceSampler *sampler() const { return m_sampler.get(); }
    RedisEventLog *cluster() const { return m_cluster; }

private:
    ServerCore();
    bool openLog(const ServerConfig &config, QString *error, QString *notice);
    bool loadTls(const ServerConfig &config, QString *error);
    void reportCommits();
    void reportCluster(const ServerConfig &config);
    void countClusterViewers(const ServerConfig &config);

    // The storage thread's commits, for /metrics.
    struct CommitMetrics;

    // First, so they go last: the log reports commits into them, /metrics reads them.
    std::unique_ptr<CommitMetrics> m_commits;
    // Before the log, so it goes after it: the journal's thread, which answers its exports,
    // is gone by then.
    std::unique_ptr<ExportService> m_exports;
    std::unique_ptr<EventLog> m_log;
    ThreadedJournal *m_journal = nullptr; // m_log, when it is the journal
    RedisEventLog *m_cluster = nullptr; // m_log, when this node is in a cluster
    std::unique_ptr<EventHub> m_hub;
    std::unique_ptr<TlsContext> m_tls; // before the HTTP server, which hands it connections
    std::unique_ptr<SseBroadcaster> m_broadcaster;
    std::unique_ptr<ClusterAudience> m_audience; // reads the broadcaster; /api/state reads it
    std::unique_ptr<AudienceSampler> m_sampler; // reads the hub and the broadcaster
    std::unique_ptr<MediaStore> m_media; // before the HTTP server, whose workers use it
    std::unique_ptr<Scheduler> m_scheduler; // before the HTTP server, whose routes use it
    std::unique_ptr<HttpServer> m_http;
};
