#include "host/servercore.h"

#include "cluster/clusteraudience.h"
#include "cluster/rediseventlog.h"
#include "host/audiencesampler.h"
#include "host/exportservice.h"
#include "host/logging.h"
#include "host/scheduler.h"
#include "http/httpserver.h"
#include "http/publishtoken.h"
#include "http/ssebroadcaster.h"
#include "http/tlscontext.h"
#include "hub/eventhub.h"
#include "hub/latencyhistogram.h"
#include "hub/memoryeventlog.h"
#include "media/mediastore.h"
#include "store/threadedjournal.h"

#include <QJsonObject>

using namespace Qt::StringLiterals;

struct ServerCore::CommitMetrics
{
    LatencyHistogram seconds;
    // How many events each commit (one sync) carried: group commit at work.
    LatencyHistogram groupSize { 1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048 };

    QByteArray text() const
    {
        return seconds.text("livedesk_commit_latency_seconds",
                   "Time of one journal commit on the storage thread, its sync included.")
            + groupSize.text(
                "livedesk_commit_group_size", "Events stored by one journal commit (one sync).");
    }
};

ServerCore::ServerCore() = default;

std::unique_ptr<ServerCore> ServerCore::create(
    const ServerConfig &config, QString *error, QString *notice)
{
    if (config.requireStrongToken && !PublishToken::isStrong(config.token, error))
        return nullptr;
    std::unique_ptr<ServerCore> core(new ServerCore);
    // Nothing is served before the history is back: the log first, the socket last.
    if (!core->openLog(config, error, notice))
        return nullptr;
    core->m_hub = std::make_unique<EventHub>(config.replayCapacity, core->m_log.get());
    SseBroadcaster::Options options;
    options.heartbeat = config.heartbeat;
    options.retryMs = config.retryMs;
    options.slowClientCap = config.slowClientCap;
    core->m_broadcaster = std::make_unique<SseBroadcaster>(core->m_hub.get(), options);
    core->m_sampler = std::make_unique<AudienceSampler>(core->m_hub.get(),
        core->m_broadcaster.get(), [] { return QDateTime::currentDateTimeUtc(); });
    core->m_sampler->start(config.audienceSample);
    if (config.usesTls() && !core->loadTls(config, error))
        return nullptr;
    HttpServer::Options httpOptions;
    httpOptions.tls = core->m_tls.get();
    httpOptions.limits.maxConnections = config.maxConnections;
    httpOptions.limits.reserve = config.reservedConnections;
    httpOptions.trustedProxies = TrustedProxies(config.trustedProxies);
    httpOptions.allowedOrigins = config.allowedOrigins;
    // Photos are files beside the journal; without a data directory there is nowhere to
    // keep them, and uploads are refused.
    if (!config.dataDir.isEmpty())
        core->m_media = std::make_unique<MediaStore>(config.dataDir + u"/media"_s);
    httpOptions.media = core->m_media.get();
    core->m_scheduler = std::make_unique<Scheduler>(core->m_hub.get(),
        config.dataDir.isEmpty() ? QString() : config.dataDir + u"/scheduled.json"_s);
    if (!core->m_scheduler->load(error))
        return nullptr;
    httpOptions.schedule = core->m_scheduler.get();
    core->m_http = std::make_unique<HttpServer>(
        core->m_hub.get(), core->m_broadcaster.get(), config.token, httpOptions);
    if (!core->m_http->listen(config.address, config.port, error))
        return nullptr;
    core->reportCommits();
    core->reportCluster(config);
    return core;
}

bool ServerCore::loadTls(const ServerConfig &config, QString *error)
{
    if (config.tlsCertificate.isEmpty() || config.tlsKey.isEmpty()) {
        *error = config.tlsCertificate.isEmpty()
            ? u"https needs the certificate as well as the key (--tls-cert)"_s
            : u"https needs the key as well as the certificate (--tls-key)"_s;
        return false;
    }
    m_tls = TlsContext::load(config.tlsCertificate, config.tlsKey, error);
    return m_tls != nullptr;
}

bool ServerCore::openLog(const ServerConfig &config, QString *error, QString *notice)
{
    if (config.redis) {
        RedisEventLog::Options options;
        options.address = *config.redis;
        options.cluster = config.cluster;
        options.node = config.node.isEmpty() ? u"node"_s : config.node;
        options.maxLength = int(std::min<qint64>(config.retainEvents, 10'000'000));
        auto log = std::make_unique<RedisEventLog>(options);
        m_cluster = log.get();
        m_log = std::move(log);
        qCInfo(lcHost).noquote() << "joining the cluster" << config.cluster << "at"
                                 << config.redis->toString() << "as" << options.node;
        return true;
    }
    if (config.dataDir.isEmpty()) {
        m_log = std::make_unique<MemoryEventLog>();
        return true;
    }
    EventJournal::Retention retention;
    retention.maxEvents = config.retainEvents;
    retention.maxAge = config.retainAge;
    auto journal
        = std::make_unique<ThreadedJournal>(config.dataDir + u"/journal.sqlite"_s, retention);
    if (!journal->open(error, notice))
        return false;
    m_journal = journal.get();
    m_log = std::move(journal);
    // Without it only the window can export while this runs: worth a warning, not a failure.
    m_exports = std::make_unique<ExportService>(m_journal);
    QString why;
    if (!m_exports->listen(config.dataDir, &why))
        qCWarning(lcHost).noquote() << why;
    return true;
}

namespace {

QByteArray gauge(const char *name, const char *help, quint64 value)
{
    return QByteArray("# HELP ") + name + ' ' + help + "\n# TYPE " + name + " gauge\n" + name + ' '
        + QByteArray::number(value) + '\n';
}

} // namespace

void ServerCore::reportCluster(const ServerConfig &config)
{
    if (!m_cluster)
        return;
    countClusterViewers(config);
    RedisEventLog *cluster = m_cluster;
    // QByteArray, not the QStringBuilder of temporaries that `+` would make it return.
    m_http->addMetricsSource([cluster]() -> QByteArray {
        return gauge("livedesk_cluster_connected",
                   "Whether this node is connected to the cluster's Redis (both links).",
                   cluster->isConnected())
            + gauge("livedesk_cluster_ready",
                "Whether this node has caught up with the stream since it joined (until then "
                "it refuses readers with 503).",
                cluster->isReady())
            + gauge("livedesk_cluster_last_seen_id", "The newest stream id this node has read.",
                cluster->lastSeenId())
            + gauge("livedesk_cluster_behind",
                "Events the cluster's stream holds beyond the newest this node has read.",
                cluster->behind());
    });
    m_http->setReadiness([cluster] {
        if (cluster->isReady())
            return QString();
        if (!cluster->isConnected())
            return u"this node has not reached the cluster's Redis yet"_s;
        return u"this node is catching up with the cluster (%1 events behind)"_s.arg(
            cluster->behind());
    });
    m_http->setHealthDetail([cluster] {
        QJsonObject link { { u"connected"_s, cluster->isConnected() },
            { u"ready"_s, cluster->isReady() },
            { u"lastSeenId"_s, QString::number(cluster->lastSeenId()) },
            { u"behind"_s, QString::number(cluster->behind()) } };
        if (!cluster->durabilityWarning().isEmpty())
            link.insert(u"warning"_s, cluster->durabilityWarning());
        return QJsonObject { { u"cluster"_s, link } };
    });
}

void ServerCore::countClusterViewers(const ServerConfig &config)
{
    ClusterAudience::Options options;
    options.address = *config.redis;
    options.cluster = config.cluster;
    options.node = m_cluster->node();
    options.period = config.audiencePeriod;
    SseBroadcaster *streams = m_broadcaster.get();
    m_audience = std::make_unique<ClusterAudience>(options, [streams] {
        NodeAudience own;
        own.viewers = streams->clientCount();
        own.channels = streams->viewersByChannel();
        return own;
    });
    ClusterAudience *audience = m_audience.get();
    const QString name = config.cluster;
    m_http->setStateDetail([audience, name] {
        QJsonObject cluster = audience->toJson();
        cluster.insert(u"name"_s, name);
        return QJsonObject { { u"cluster"_s, cluster } };
    });
    m_audience->start();
}

void ServerCore::reportCommits()
{
    if (!m_journal)
        return;
    m_commits = std::make_unique<CommitMetrics>();
    CommitMetrics *metrics = m_commits.get();
    m_journal->setCommitObserver([metrics](double seconds, int groupSize) {
        metrics->seconds.observe(seconds);
        metrics->groupSize.observe(double(groupSize));
    });
    m_http->addMetricsSource([metrics] { return metrics->text(); });
}

ServerCore::~ServerCore()
{
    // Streams are closed (with what they have queued) before anything they read goes away.
    if (m_broadcaster)
        m_broadcaster->closeAll();
}
