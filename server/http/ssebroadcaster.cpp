#include "http/ssebroadcaster.h"

#include "http/httpconnection.h"
#include "http/logging.h"
#include "http/sseconnection.h"
#include "protocol/sseencoder.h"

#include <QElapsedTimer>
#include <QJsonDocument>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

// While catching up, keep at most this much queued per client and pull more as it drains.
constexpr qint64 CatchUpHighWater = 256 * 1024;
constexpr int CatchUpBatch = 64;

QByteArray responseHead(bool encrypted)
{
    static const QByteArray common = QByteArrayLiteral("HTTP/1.1 200 OK\r\n"
                                                       "Content-Type: text/event-stream\r\n"
                                                       "Cache-Control: no-cache\r\n"
                                                       "X-Accel-Buffering: no\r\n"
                                                       "Access-Control-Allow-Origin: *\r\n"
                                                       "X-Content-Type-Options: nosniff\r\n");
    // Strict-Transport-Security only over TLS, as on every other answer (HttpServer).
    static const QByteArray plain = common + "\r\n";
    static const QByteArray secure = common + "Strict-Transport-Security: max-age=31536000\r\n\r\n";
    return encrypted ? secure : plain;
}

} // namespace

SseBroadcaster::SseBroadcaster(EventHub *hub, Options options, QObject *parent)
    : QObject(parent)
    , m_hub(hub)
    , m_options(options)
    , m_heartbeatTimer(this) // a child, so moveToThread() takes it along
    , m_countTimer(this)
{
    m_countTimer.setSingleShot(true);
    m_countTimer.setInterval(100);
    connect(&m_countTimer, &QTimer::timeout, this,
        [this] { Q_EMIT clientCountChanged(clientCount()); });
    auto monotonic = std::make_shared<QElapsedTimer>();
    monotonic->start();
    m_clock = [monotonic] { return monotonic->elapsed(); };

    connect(m_hub, &EventHub::published, this, &SseBroadcaster::onPublished);

    // Check several times per interval so no stream stays quiet much longer than asked.
    const auto tick = std::max(m_options.heartbeat / 4, std::chrono::milliseconds(10));
    m_heartbeatTimer.setInterval(tick);
    connect(&m_heartbeatTimer, &QTimer::timeout, this, &SseBroadcaster::sendHeartbeats);
}

SseBroadcaster::~SseBroadcaster()
{
    // Delete the connections (and so their sockets) while the members they report to are
    // still alive.
    const auto connections = m_connections.values();
    m_connections.clear();
    for (SseConnection *c : connections) {
        c->setOnClosed({});
        c->setOnDrained({});
        delete c;
    }
}

void SseBroadcaster::setClock(Clock clock)
{
    m_clock = std::move(clock);
}

void SseBroadcaster::setSnapshotProvider(SnapshotProvider provider)
{
    m_snapshot = std::move(provider);
}

void SseBroadcaster::adopt(HttpConnection *socket, const EventHub::ChannelSet &channels,
    std::optional<quint64> lastEventId, bool heartbeatEvents)
{
    const qint64 t = now();
    // No QObject parent: owned through m_connections (see the destructor). A parent's child
    // list, a stadium long, would be searched linearly on every close.
    auto *connection = new SseConnection(m_nextClientId++, socket, channels, t);
    connection->setHeartbeatEvents(heartbeatEvents);
    m_connections.insert(connection->id(), connection);
    if (channels.isEmpty()) {
        m_allChannels.insert(connection);
    } else {
        for (const QString &channel : channels)
            m_byChannel[channel].insert(connection);
    }

    // Hooks, not signal connections: at 100,000 streams the connections alone were 30 MB.
    connection->setOnClosed([this, connection] { release(connection); });
    connection->setOnDrained([this, connection] {
        if (connection->isCatchingUp())
            pump(connection);
    });

    connection->write(
        responseHead(connection->isEncrypted()) + SseEncoder::retry(m_options.retryMs), t);
    if (lastEventId) {
        connection->setCursor(*lastEventId);
        connection->setCatchingUp(true);
        pump(connection);
    } else {
        connection->setCursor(m_hub->lastId());
    }

    qCDebug(lcSse) << "stream" << connection->id() << "from" << connection->peerAddress()
                   << "channels" << channels.values() << "since" << lastEventId.value_or(0);
    // Started here, on the server thread, and only while there is a stream to keep alive.
    if (!m_heartbeatTimer.isActive())
        m_heartbeatTimer.start();
    countChanged();
}

void SseBroadcaster::countChanged()
{
    if (!m_countTimer.isActive())
        m_countTimer.start();
}

qint64 SseBroadcaster::catchUpHighWater() const
{
    // At most half the cap, so a heartbeat or a live event still fits behind the backlog:
    // a client that reads is never dropped for what catch-up queued on its own account.
    const qint64 cap = m_options.slowClientCap;
    return cap < 0 ? CatchUpHighWater : qMin(CatchUpHighWater, cap / 2);
}

void SseBroadcaster::pump(SseConnection *connection)
{
    const qint64 highWater = catchUpHighWater();
    while (connection->isCatchingUp() && connection->isOpen()
        && connection->bytesQueued() < highWater) {
        const EventHub::Replay replay
            = m_hub->since(connection->cursor(), connection->channels(), CatchUpBatch);
        const qint64 t = now();
        if (replay.gap) {
            sendResync(connection, t);
            break;
        }
        if (!replayBatch(connection, replay, highWater, t))
            return; // full for now (more on the next bytesWritten), or dropped
        connection->setCursor(replay.scannedTo);
        if (replay.scannedTo >= m_hub->lastId())
            connection->setCatchingUp(false); // caught up: live from the next publish
    }
}

bool SseBroadcaster::replayBatch(
    SseConnection *connection, const EventHub::Replay &replay, qint64 highWater, qint64 t)
{
    for (const HubEventPtr &event : replay.events) {
        const qint64 queued = connection->bytesQueued();
        if (queued > 0 && queued + event->wire.size() > highWater)
            return false; // the cursor stays on the last event sent
        // With nothing queued an event always goes, unless it alone passes the cap: such a
        // client could never be given it, live or not.
        if (!connection->write(event->wire, t, m_options.slowClientCap)) {
            dropSlow(connection);
            return false;
        }
        connection->setCursor(event->id);
        connection->countEvent();
        ++m_delivered;
    }
    return true;
}

void SseBroadcaster::sendResync(SseConnection *connection, qint64 t)
{
    // The client asked for events we no longer hold (or never had): tell it so in-stream,
    // with the present state, and carry on live from the newest id.
    SseEvent resync;
    resync.id = QByteArray::number(m_hub->lastId());
    resync.type = "resync";
    const EventHub::ChannelSet &channels = connection->channels();
    resync.data = QJsonDocument(m_snapshot ? m_snapshot(channels) : m_hub->stateJson(50, channels))
                      .toJson(QJsonDocument::Compact);
    connection->write(SseEncoder::encode(resync), t);
    connection->setCursor(m_hub->lastId());
    connection->setCatchingUp(false);
    qCInfo(lcSse) << "stream" << connection->id() << "asked for events no longer retained;"
                  << "sent resync at id" << m_hub->lastId();
}

void SseBroadcaster::onPublished(const HubEventPtr &event)
{
    const qint64 t = now();
    QList<SseConnection *> tooSlow;
    auto deliver = [&](SseConnection *connection) {
        // A stream still catching up will reach this event through the window.
        if (connection->isCatchingUp())
            return;
        if (!connection->write(event->wire, t, m_options.slowClientCap)) {
            tooSlow.append(connection);
            return;
        }
        connection->setCursor(event->id);
        connection->countEvent();
        ++m_delivered;
    };
    if (const auto it = m_byChannel.constFind(event->channel); it != m_byChannel.cend()) {
        for (SseConnection *connection : *it)
            deliver(connection);
    }
    for (SseConnection *connection : std::as_const(m_allChannels))
        deliver(connection);
    // Dropping changes the sets iterated above, so it waits until the fan-out is done.
    for (SseConnection *connection : std::as_const(tooSlow))
        dropSlow(connection);
}

void SseBroadcaster::sendHeartbeats()
{
    static const QByteArray keepAlive = SseEncoder::comment("keep-alive");
    const qint64 t = now();
    const qint64 interval = m_options.heartbeat.count();
    // No id: a heartbeat event must not move the client's Last-Event-ID.
    SseEvent beat;
    beat.type = "heartbeat";
    beat.data = R"({"intervalMs":)" + QByteArray::number(interval) + '}';
    const QByteArray keepAliveEvent = SseEncoder::encode(beat);
    QList<SseConnection *> tooSlow;
    for (SseConnection *connection : std::as_const(m_connections)) {
        if (t - connection->lastWriteMs() < interval)
            continue;
        const QByteArray &bytes = connection->wantsHeartbeatEvents() ? keepAliveEvent : keepAlive;
        if (!connection->write(bytes, t, m_options.slowClientCap))
            tooSlow.append(connection);
    }
    for (SseConnection *connection : std::as_const(tooSlow))
        dropSlow(connection);
}

void SseBroadcaster::dropSlow(SseConnection *connection)
{
    ++m_slowDropped;
    qCWarning(lcSse).nospace() << "dropping stream " << connection->id() << " from "
                               << connection->peerAddress().toString() << ": "
                               << connection->bytesQueued()
                               << " bytes unsent, it is not reading fast enough";
    connection->abort();
}

quint64 SseBroadcaster::bytesSent() const
{
    quint64 total = m_bytesSentByClosed;
    for (const SseConnection *connection : m_connections)
        total += connection->bytesSent();
    return total;
}

void SseBroadcaster::release(SseConnection *connection)
{
    if (!m_connections.remove(connection->id()))
        return;
    m_bytesSentByClosed += connection->bytesSent();
    m_allChannels.remove(connection);
    for (const QString &channel : connection->channels()) {
        auto it = m_byChannel.find(channel);
        if (it == m_byChannel.end())
            continue;
        it->remove(connection);
        if (it->isEmpty())
            m_byChannel.erase(it);
    }
    // Deferred: we may be inside one of its own notifications (a closed stream reports
    // nothing more, so its hooks can stay until it goes).
    connection->deleteLater();
    if (m_connections.isEmpty())
        m_heartbeatTimer.stop();
    countChanged();
}

QMap<QString, int> SseBroadcaster::viewersByChannel() const
{
    QMap<QString, int> viewers;
    for (auto it = m_byChannel.cbegin(); it != m_byChannel.cend(); ++it)
        viewers.insert(it.key(), int(it.value().size()));
    if (!m_allChannels.isEmpty())
        viewers.insert(QStringLiteral("*"), int(m_allChannels.size()));
    return viewers;
}

QList<SseBroadcaster::ClientInfo> SseBroadcaster::clients() const
{
    QList<ClientInfo> list;
    list.reserve(m_connections.size());
    for (const SseConnection *c : m_connections) {
        ClientInfo info;
        info.id = c->id();
        info.peerAddress = c->peerAddress();
        info.peerPort = c->peerPort();
        info.channels = c->channels().values();
        info.channels.sort();
        info.connectedAt = c->connectedAt();
        info.eventsSent = c->eventsSent();
        info.bytesSent = c->bytesSent();
        info.bytesQueued = c->bytesQueued();
        list.append(info);
    }
    std::sort(list.begin(), list.end(),
        [](const ClientInfo &a, const ClientInfo &b) { return a.id < b.id; });
    return list;
}

bool SseBroadcaster::disconnectClient(quint64 clientId)
{
    SseConnection *connection = m_connections.value(clientId);
    if (!connection)
        return false;
    // abort, not close: an operator disconnects a client now, even one that stopped reading.
    connection->abort();
    return true;
}

void SseBroadcaster::closeAll()
{
    const auto all = m_connections.values();
    for (SseConnection *connection : all)
        connection->close();
}
