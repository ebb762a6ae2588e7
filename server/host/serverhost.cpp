#include "host/serverhost.h"

#include "cluster/clusteraudience.h"
#include "cluster/rediseventlog.h"
#include "eventloop/epolleventdispatcher.h"
#include "host/audiencesampler.h"
#include "host/logging.h"
#include "host/servercore.h"
#include "http/httpserver.h"
#include "http/ssebroadcaster.h"
#include "http/tlscontext.h"
#include "hub/eventhub.h"
#include "store/threadedjournal.h"

#include <QPointer>

using namespace Qt::StringLiterals;

ServerHost::ServerHost(ServerConfig config, QObject *parent)
    : FeedSource(parent)
    , m_config(std::move(config))
{
    m_thread.setObjectName(u"livedesk-server"_s);
    qRegisterMetaType<HubEventPtr>();
    qRegisterMetaType<QList<SseBroadcaster::ClientInfo>>();
}

ServerHost::~ServerHost()
{
    stop();
}

EventHub *ServerHost::hub() const
{
    return m_core ? m_core->hub() : nullptr;
}

SseBroadcaster *ServerHost::broadcaster() const
{
    return m_core ? m_core->broadcaster() : nullptr;
}

void ServerHost::startThread()
{
    if (m_config.epollEventLoop) {
        // Set anew on every start: QThread deletes its dispatcher when the thread finishes.
        auto dispatcher = std::make_unique<EpollEventDispatcher>();
        if (dispatcher->isValid())
            m_thread.setEventDispatcher(dispatcher.release());
    }
    m_anchor = std::make_unique<QObject>();
    m_anchor->moveToThread(&m_thread);
    m_thread.start();
}

bool ServerHost::start(QString *error)
{
    if (m_core)
        return true;
    startThread();
    m_notice.clear();
    // The listening socket and the journal's database connection belong to the thread that
    // will use them, so the core is built there.
    QString message;
    // Read there while this thread waits: after this, only the relayed signals tell.
    std::optional<bool> clusterConnected;
    QJsonObject audience;
    QMetaObject::invokeMethod(
        m_anchor.get(),
        [&] {
            m_core = ServerCore::create(m_config, &message, &m_notice);
            if (!m_core)
                return;
            relaySignals(m_core.get());
            if (m_core->audience()) {
                clusterConnected = m_core->cluster()->isConnected();
                audience = m_core->audience()->toJson();
            }
        },
        Qt::BlockingQueuedConnection);
    if (!m_core) {
        *error = message;
        stop();
        return false;
    }
    m_baseUrl = m_core->http()->baseUrl();
    Q_EMIT started(m_baseUrl);
    Q_EMIT clientCountChanged(0);
    if (clusterConnected) {
        Q_EMIT clusterConnectedChanged(*clusterConnected);
        Q_EMIT clusterAudienceChanged(audience);
    }
    return true;
}

void ServerHost::relaySignals(ServerCore *core)
{
    // Re-emitted here, on this object's thread (queued: the senders live on the server thread).
    if (m_config.relayPublished)
        connect(core->hub(), &EventHub::published, this, &ServerHost::published);
    connect(core->broadcaster(), &SseBroadcaster::clientCountChanged, this,
        &ServerHost::clientCountChanged);
    connect(core->sampler(), &AudienceSampler::sampled, this, &ServerHost::audienceSampled);
    if (ClusterAudience *audience = core->audience()) {
        connect(audience, &ClusterAudience::changed, this, &ServerHost::clusterAudienceChanged);
        connect(core->cluster(), &RedisEventLog::connectedChanged, this,
            &ServerHost::clusterConnectedChanged);
    }
}

bool ServerHost::restart(const ServerConfig &config, QString *error)
{
    stop();
    m_config = config;
    return start(error);
}

void ServerHost::onServerThread(std::function<void(ServerCore *core)> work)
{
    // `this` outlives every call queued here: stop() runs the server thread dry and joins it
    // before the core goes, and an event posted to a deleted object is dropped.
    QMetaObject::invokeMethod(
        m_anchor.get(), [this, work = std::move(work)] { work(m_core.get()); },
        Qt::QueuedConnection);
}

void ServerHost::publish(const QString &channel, const QString &type, const QJsonValue &data,
    QObject *context, PublishCallback done)
{
    publishOnce(channel, type, data, QString(), context, std::move(done));
}

void ServerHost::publishOnce(const QString &channel, const QString &type, const QJsonValue &data,
    const QString &key, QObject *context, PublishCallback done)
{
    const bool hasContext = context != nullptr;
    // Back on this thread, and only if the caller's context still exists.
    auto reply = [this, guard = QPointer<QObject>(context), hasContext, done = std::move(done)](
                     const PublishOutcome &outcome) {
        QMetaObject::invokeMethod(
            this,
            [guard, hasContext, done, outcome] {
                if (done && (!hasContext || guard))
                    done(outcome);
            },
            Qt::QueuedConnection);
    };
    if (!m_core) {
        reply(PublishOutcome::refused(
            tr("The server is stopped; nothing was sent."), PublishOutcome::Refusal::Unavailable));
        return;
    }
    onServerThread([channel, type, data, key, reply](ServerCore *core) {
        core->hub()->publishOnce(channel, type, data, key, nullptr, reply);
    });
}

void ServerHost::requestClients()
{
    if (!m_core) {
        Q_EMIT clientsListed({});
        return;
    }
    onServerThread([this](ServerCore *core) {
        const QList<SseBroadcaster::ClientInfo> clients = core->broadcaster()->clients();
        QMetaObject::invokeMethod(
            this, [this, clients] { Q_EMIT clientsListed(clients); }, Qt::QueuedConnection);
    });
}

void ServerHost::requestSnapshot()
{
    if (!m_core) {
        Q_EMIT snapshotReady({});
        return;
    }
    onServerThread([this](ServerCore *core) {
        const QJsonObject state = core->http()->state();
        QMetaObject::invokeMethod(
            this, [this, state] { Q_EMIT snapshotReady(state); }, Qt::QueuedConnection);
    });
}

bool ServerHost::exportChannel(
    const QString &channel, const QString &fileName, QObject *context, ExportDone done)
{
    if (!m_core)
        return false;
    // From the storage thread back to this one; `this` outlives it (stop() joins the core,
    // and the core's journal joins its thread).
    auto reply = [this, guard = QPointer<QObject>(context), hasContext = context != nullptr,
                     done = std::move(done)](bool ok, qint64 count, const QString &error) {
        QMetaObject::invokeMethod(
            this,
            [guard, hasContext, done, ok, count, error] {
                if (done && (!hasContext || guard))
                    done(ok, count, error);
            },
            Qt::QueuedConnection);
    };
    onServerThread([channel, fileName, reply](ServerCore *core) {
        if (ThreadedJournal *journal = core ? core->journal() : nullptr)
            journal->exportChannel(channel, fileName, reply);
        else
            reply(false, 0, tr("This server keeps its events in memory only (no data directory)."));
    });
    return true;
}

void ServerHost::disconnectClient(quint64 clientId)
{
    if (!m_core)
        return;
    onServerThread(
        [clientId](ServerCore *core) { core->broadcaster()->disconnectClient(clientId); });
}

void ServerHost::stop()
{
    if (!m_thread.isRunning())
        return;
    const bool wasListening = m_core != nullptr;
    QMetaObject::invokeMethod(
        m_anchor.get(),
        [this] {
            m_core.reset();
            TlsContext::releaseThread(); // before the thread ends, not from its exit
        },
        Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
    m_anchor.reset();
    m_baseUrl.clear();
    // Only a server that was listening reports stopping; a failed start has said why already.
    if (wasListening) {
        qCInfo(lcHost) << "server stopped";
        Q_EMIT clientCountChanged(0);
        Q_EMIT stopped();
    }
}
