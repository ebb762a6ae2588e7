#include "serverhost.h"

#include "epolleventdispatcher.h"
#include "eventhub.h"
#include "eventjournal.h"
#include "httpserver.h"
#include "logging.h"
#include "ssebroadcaster.h"

ServerHost::ServerHost(ServerConfig config, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
{
    m_thread.setObjectName(QStringLiteral("livedesk-server"));
    qRegisterMetaType<HubEventPtr>();
    qRegisterMetaType<QList<SseBroadcaster::ClientInfo>>();
}

ServerHost::~ServerHost()
{
    stop();
}

using namespace Qt::StringLiterals;

bool ServerHost::start(QString *error)
{
    if (m_running)
        return true;

    // No parent links between the three: stop() deletes them on the server thread in the
    // order their pointers demand (HTTP server, then broadcaster, then the hub).
    m_hub = new EventHub(m_config.replayCapacity);
    m_notice.clear();
    SseBroadcaster::Options options;
    options.heartbeat = m_config.heartbeat;
    options.retryMs = m_config.retryMs;
    options.slowClientCap = m_config.slowClientCap;
    m_broadcaster = new SseBroadcaster(m_hub, options);
    HttpServer::Options httpOptions;
    httpOptions.limits.maxConnections = m_config.maxConnections;
    m_http = new HttpServer(m_hub, m_broadcaster, m_config.token, httpOptions);
    // Re-emitted here, on this object's thread (queued: the senders live on the server thread).
    if (m_config.relayPublished)
        connect(m_hub, &EventHub::published, this, &ServerHost::published);
    connect(
        m_broadcaster, &SseBroadcaster::clientCountChanged, this, &ServerHost::clientCountChanged);
    m_hub->moveToThread(&m_thread);
    m_broadcaster->moveToThread(&m_thread);
    m_http->moveToThread(&m_thread);
    if (m_config.epollEventLoop) {
        // Set anew on every start: QThread deletes its dispatcher when the thread finishes.
        auto dispatcher = std::make_unique<EpollEventDispatcher>();
        if (dispatcher->isValid())
            m_thread.setEventDispatcher(dispatcher.release());
    }
    m_thread.start();

    bool ok = false;
    QString message;
    QUrl url;
    // The listening socket must be created on the thread that will serve it.
    // The journal's database connection, like the listening socket, belongs to the thread
    // that will use it; both are set up there, in that order (nothing is served before the
    // history is back).
    QMetaObject::invokeMethod(
        m_http,
        [&] {
            if (!m_config.dataDir.isEmpty()) {
                EventJournal::Retention retention;
                retention.maxEvents = m_config.retainEvents;
                retention.maxAge = m_config.retainAge;
                m_journal = std::make_unique<EventJournal>(
                    m_config.dataDir + u"/journal.sqlite"_s, retention);
                if (!m_journal->open(&message, &m_notice)) {
                    m_journal.reset();
                    return;
                }
                m_hub->useJournal(m_journal.get());
            }
            ok = m_http->listen(m_config.address, m_config.port, &message);
            url = m_http->baseUrl();
        },
        Qt::BlockingQueuedConnection);
    if (!ok) {
        *error = message;
        m_running = true; // let stop() clean up
        stop();
        return false;
    }
    m_baseUrl = url;
    m_running = true;
    Q_EMIT started(m_baseUrl);
    Q_EMIT clientCountChanged(0);
    return true;
}

bool ServerHost::restart(const ServerConfig &config, QString *error)
{
    stop();
    m_config = config;
    return start(error);
}

void ServerHost::publish(const QString &channel, const QString &type, const QJsonValue &data)
{
    if (!m_running) {
        Q_EMIT publishRejected(tr("The server is stopped; nothing was sent."));
        return;
    }
    QMetaObject::invokeMethod(
        m_hub, [hub = m_hub, channel, type, data] { hub->publish(channel, type, data); },
        Qt::QueuedConnection);
}

void ServerHost::requestClients()
{
    if (!m_running) {
        Q_EMIT clientsListed({});
        return;
    }
    // Taken on the server thread, delivered back here. `this` outlives the round trip:
    // stop() waits for the server thread, and events posted to a deleted object are dropped.
    QMetaObject::invokeMethod(
        m_broadcaster,
        [this, broadcaster = m_broadcaster] {
            const QList<SseBroadcaster::ClientInfo> clients = broadcaster->clients();
            QMetaObject::invokeMethod(
                this, [this, clients] { Q_EMIT clientsListed(clients); }, Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
}

void ServerHost::requestSnapshot()
{
    if (!m_running) {
        Q_EMIT snapshotReady({});
        return;
    }
    QMetaObject::invokeMethod(
        m_http,
        [this, http = m_http] {
            const QJsonObject state = http->state();
            QMetaObject::invokeMethod(
                this, [this, state] { Q_EMIT snapshotReady(state); }, Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
}

void ServerHost::disconnectClient(quint64 clientId)
{
    if (!m_running)
        return;
    QMetaObject::invokeMethod(
        m_broadcaster,
        [broadcaster = m_broadcaster, clientId] { broadcaster->disconnectClient(clientId); },
        Qt::QueuedConnection);
}

void ServerHost::stop()
{
    if (!m_running)
        return;
    m_running = false;
    QMetaObject::invokeMethod(
        m_hub,
        [this] {
            m_broadcaster->closeAll();
            delete m_http;
            delete m_broadcaster;
            delete m_hub;
            m_journal.reset(); // its connection closes on the thread that opened it
        },
        Qt::BlockingQueuedConnection);
    m_hub = nullptr;
    m_broadcaster = nullptr;
    m_http = nullptr;
    m_thread.quit();
    m_thread.wait();
    // Only a server that was listening reports stopping; a failed start has said why already.
    const bool wasListening = m_baseUrl.isValid();
    m_baseUrl.clear();
    if (wasListening) {
        qCInfo(lcHttp) << "server stopped";
        Q_EMIT clientCountChanged(0);
        Q_EMIT stopped();
    }
}
