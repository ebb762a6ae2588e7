#include "http/ssebroadcaster.h"

#include "http/httpconnection.h"
#include "http/logging.h"
#include "http/streamconnection.h"
#include "protocol/jsontext.h"
#include "protocol/sseencoder.h"
#include "protocol/wsframe.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

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

// RFC 6455 §4.2.2: the answer that turns the request into a WebSocket.
QByteArray upgradeHead(const QByteArray &acceptKey, bool encrypted)
{
    return "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
           "Sec-WebSocket-Accept: "
        + acceptKey + "\r\n"
        + (encrypted ? QByteArrayLiteral("Strict-Transport-Security: max-age=31536000\r\n")
                     : QByteArray())
        + "\r\n";
}

// A WebSocket client's command, or why it is none.
std::optional<SseBroadcaster::ChannelCommand> parseCommand(const QByteArray &text, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(text, &parseError);
    const QJsonObject object = document.object();
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        *error = u"a command is a JSON object such as {\"subscribe\":[\"news\"]}"_s;
        return std::nullopt;
    }
    SseBroadcaster::ChannelCommand command;
    command.subscribe = object.contains(u"subscribe"_s);
    const QJsonValue names = object.value(command.subscribe ? u"subscribe"_s : u"unsubscribe"_s);
    if (object.size() != 1 || !names.isArray()) {
        *error = u"unknown command; send {\"subscribe\":[…]} or {\"unsubscribe\":[…]}"_s;
        return std::nullopt;
    }
    const QJsonArray list = names.toArray();
    for (const auto &name : list) {
        if (!name.isString() || !EventHub::isValidName(name.toString())) {
            *error = u"invalid channel name %1"_s.arg(QString::fromUtf8(JsonText::of(name)));
            return std::nullopt;
        }
        command.channels.insert(name.toString());
    }
    return command;
}

// An event's bytes for this subscriber: both were encoded once, when it was published.
const QByteArray &bytesOf(const StreamConnection &connection, const HubEvent &event)
{
    if (connection.isWebSocket())
        return event.wsFrame;
    return connection.wantsEnvelope() ? event.envelopedWire : event.wire;
}

} // namespace

SseBroadcaster::SseBroadcaster(EventHub *hub, const Options &options, QObject *parent)
    : QObject(parent)
    , m_hub(hub)
    , m_options(options)
    , m_heartbeatTimer(this) // a child, so moveToThread() takes it along
    , m_countTimer(this)
{
    m_countTimer.setSingleShot(true);
    m_countTimer.setInterval(std::chrono::milliseconds(100));
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
    for (StreamConnection *c : connections) {
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
    std::optional<quint64> lastEventId, bool heartbeatEvents, bool envelope)
{
    const qint64 t = now();
    // No QObject parent: owned through m_connections (see the destructor). A parent's child
    // list, a stadium long, would be searched linearly on every close.
    StreamConnection *connection
        = track(new StreamConnection(m_nextClientId++, socket, channels, t));
    connection->setHeartbeatEvents(heartbeatEvents);
    connection->setEnvelope(envelope);
    connection->write(
        responseHead(connection->isEncrypted()) + SseEncoder::retry(m_options.retryMs), t);
    start(connection, lastEventId);
}

void SseBroadcaster::adoptWebSocket(HttpConnection *socket, const EventHub::ChannelSet &channels,
    std::optional<quint64> lastEventId, const QByteArray &acceptKey)
{
    const qint64 t = now();
    StreamConnection *connection = track(new StreamConnection(
        m_nextClientId++, socket, channels, t, StreamConnection::Protocol::WebSocket));
    ++m_webSockets;
    connection->setOnMessage([this, connection](const WsFrameReader::Message &message) {
        onClientMessage(connection, message);
    });
    connection->setOnViolation(
        [this, connection](quint16 code, const QString &why) { refuse(connection, code, why); });
    connection->write(upgradeHead(acceptKey, connection->isEncrypted()), t);
    start(connection, lastEventId);
}

StreamConnection *SseBroadcaster::track(StreamConnection *connection)
{
    m_connections.insert(connection->id(), connection);
    index(connection);
    // Hooks, not signal connections: at 100,000 streams the connections alone were 30 MB.
    connection->setOnClosed([this, connection] { release(connection); });
    connection->setOnDrained([this, connection] {
        if (connection->isCatchingUp())
            pump(connection);
    });
    return connection;
}

void SseBroadcaster::index(StreamConnection *connection)
{
    if (connection->channels().isEmpty()) {
        m_allChannels.insert(connection);
        return;
    }
    for (const QString &channel : connection->channels())
        m_byChannel[channel].insert(connection);
}

void SseBroadcaster::unindex(StreamConnection *connection)
{
    m_allChannels.remove(connection);
    for (const QString &channel : connection->channels()) {
        auto it = m_byChannel.find(channel);
        if (it == m_byChannel.end())
            continue;
        it->remove(connection);
        if (it->isEmpty())
            m_byChannel.remove(channel);
    }
}

// Live from the newest event, or first the window after `lastEventId`.
void SseBroadcaster::start(StreamConnection *connection, std::optional<quint64> lastEventId)
{
    if (lastEventId) {
        connection->setCursor(*lastEventId);
        connection->setCatchingUp(true);
        pump(connection);
    } else {
        connection->setCursor(m_hub->lastId());
    }
    qCDebug(lcSse) << (connection->isWebSocket() ? "websocket" : "stream") << connection->id()
                   << "from" << connection->peerAddress() << "channels"
                   << connection->channels().values() << "since" << lastEventId.value_or(0);
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

void SseBroadcaster::pump(StreamConnection *connection)
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
    StreamConnection *connection, const EventHub::Replay &replay, qint64 highWater, qint64 t)
{
    for (const HubEventPtr &event : replay.events) {
        const QByteArray &bytes = bytesOf(*connection, *event);
        const qint64 queued = connection->bytesQueued();
        if (queued > 0 && queued + bytes.size() > highWater)
            return false; // the cursor stays on the last event sent
        // With nothing queued an event always goes, unless it alone passes the cap: such a
        // client could never be given it, live or not.
        if (!connection->write(bytes, t, m_options.slowClientCap)) {
            dropSlow(connection);
            return false;
        }
        connection->setCursor(event->id);
        connection->countEvent();
        ++m_delivered;
    }
    return true;
}

void SseBroadcaster::sendResync(StreamConnection *connection, qint64 t)
{
    // The client asked for events we no longer hold (or never had): tell it so in-stream,
    // with the present state, and carry on live from the newest id.
    const EventHub::ChannelSet &channels = connection->channels();
    const QJsonObject state = m_snapshot ? m_snapshot(channels) : m_hub->stateJson(50, channels);
    if (connection->isWebSocket()) {
        connection->write(
            WsFrame::text(QJsonDocument(QJsonObject {
                                            { u"id"_s, QString::number(m_hub->lastId()) },
                                            { u"type"_s, u"resync"_s },
                                            { u"data"_s, state },
                                        })
                              .toJson(QJsonDocument::Compact)),
            t);
    } else {
        SseEvent resync;
        resync.id = QByteArray::number(m_hub->lastId());
        resync.type = "resync";
        resync.data = QJsonDocument(state).toJson(QJsonDocument::Compact);
        connection->write(SseEncoder::encode(resync), t);
    }
    connection->setCursor(m_hub->lastId());
    connection->setCatchingUp(false);
    qCInfo(lcSse) << "stream" << connection->id() << "asked for events no longer retained;"
                  << "sent resync at id" << m_hub->lastId();
}

void SseBroadcaster::onPublished(const HubEventPtr &event)
{
    const qint64 t = now();
    QList<StreamConnection *> tooSlow;
    auto deliver = [&](StreamConnection *connection) {
        // A stream still catching up will reach this event through the window.
        if (connection->isCatchingUp())
            return;
        if (!connection->write(bytesOf(*connection, *event), t, m_options.slowClientCap)) {
            tooSlow.append(connection);
            return;
        }
        connection->setCursor(event->id);
        connection->countEvent();
        ++m_delivered;
    };
    if (const auto it = m_byChannel.constFind(event->channel); it != m_byChannel.cend()) {
        for (StreamConnection *connection : *it)
            deliver(connection);
    }
    for (StreamConnection *connection : std::as_const(m_allChannels))
        deliver(connection);
    // Dropping changes the sets iterated above, so it waits until the fan-out is done.
    for (StreamConnection *connection : std::as_const(tooSlow))
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
    QList<StreamConnection *> tooSlow;
    for (StreamConnection *connection : std::as_const(m_connections)) {
        if (connection->isWebSocket()) {
            pingWebSocket(connection, t);
            continue;
        }
        if (t - connection->lastWriteMs() < interval)
            continue;
        const QByteArray &bytes = connection->wantsHeartbeatEvents() ? keepAliveEvent : keepAlive;
        if (!connection->write(bytes, t, m_options.slowClientCap))
            tooSlow.append(connection);
    }
    for (StreamConnection *connection : std::as_const(tooSlow))
        dropSlow(connection);
}

void SseBroadcaster::dropSlow(StreamConnection *connection)
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
    for (const StreamConnection *connection : m_connections)
        total += connection->bytesSent();
    return total;
}

void SseBroadcaster::release(StreamConnection *connection)
{
    if (!m_connections.remove(connection->id()))
        return;
    m_bytesSentByClosed += connection->bytesSent();
    if (connection->isWebSocket())
        --m_webSockets;
    unindex(connection);
    // Deferred: we may be inside one of its own notifications (a closed stream reports
    // nothing more, so its hooks can stay until it goes).
    connection->deleteLater();
    if (m_connections.isEmpty())
        m_heartbeatTimer.stop();
    countChanged();
}

// A WebSocket is pinged every heartbeat interval, whatever it was sent meanwhile: a ping is
// how a client that vanished is found. Two pings without a pong and it is closed.
void SseBroadcaster::pingWebSocket(StreamConnection *connection, qint64 t)
{
    if (t - connection->lastPingMs() < m_options.heartbeat.count())
        return;
    if (connection->unansweredPings() >= 2) {
        qCInfo(lcSse) << "websocket" << connection->id() << "answered none of two pings: closed";
        connection->abort();
        return;
    }
    connection->notePing(t);
    if (!connection->write(WsFrame::ping(), t, m_options.slowClientCap))
        dropSlow(connection);
}

void SseBroadcaster::onClientMessage(
    StreamConnection *connection, const WsFrameReader::Message &message)
{
    const qint64 t = now();
    switch (message.opcode) {
    case WsFrame::Ping:
        connection->write(WsFrame::pong(message.payload), t);
        break;
    case WsFrame::Pong:
        connection->notePong();
        break;
    case WsFrame::Close: {
        // The closing handshake (RFC 6455 §5.5.1): its code echoed, then the TCP close.
        const quint16 code = message.payload.size() >= 2
            ? quint16((quint8(message.payload.at(0)) << 8) | quint8(message.payload.at(1)))
            : quint16(WsFrame::Normal);
        connection->write(WsFrame::close(code), t);
        connection->close();
        break;
    }
    default:
        onCommand(connection, message.payload);
        break;
    }
}

void SseBroadcaster::onCommand(StreamConnection *connection, const QByteArray &text)
{
    QString error;
    const std::optional<ChannelCommand> command = parseCommand(text, &error);
    if (!command) {
        refuse(connection, WsFrame::PolicyViolation, error);
        return;
    }
    changeChannels(connection, *command);
}

// {"subscribe":["match-2"]} or {"unsubscribe":["news"]}: takes effect between two events,
// so the channels that stay lose and repeat nothing. A stream of every channel that
// unsubscribes keeps the channels the hub knows now, less those.
void SseBroadcaster::changeChannels(StreamConnection *connection, const ChannelCommand &command)
{
    EventHub::ChannelSet channels = connection->channels();
    if (command.subscribe && !channels.isEmpty()) {
        channels.unite(command.channels);
    } else if (!command.subscribe) {
        if (channels.isEmpty()) {
            for (const ChannelInfo &known : m_hub->channels())
                channels.insert(known.name);
        }
        channels.subtract(command.channels);
        if (channels.isEmpty()) // nothing left must not mean everything
            channels.insert(QString()); // a name no event has
    }
    unindex(connection);
    connection->setChannels(channels);
    index(connection);
    // Said back, so the client knows from which frame on the change holds.
    QStringList names(channels.cbegin(), channels.cend());
    names.removeAll(QString());
    names.sort();
    const QJsonObject ack { { u"channels"_s, QJsonArray::fromStringList(names) } };
    connection->write(WsFrame::text(QJsonDocument(ack).toJson(QJsonDocument::Compact)), now());
}

void SseBroadcaster::refuse(StreamConnection *connection, quint16 closeCode, const QString &why)
{
    qCInfo(lcSse).noquote() << "websocket" << connection->id() << "from"
                            << connection->peerAddress().toString() << "closed with" << closeCode
                            << "-" << why;
    const qint64 t = now();
    connection->write(
        WsFrame::text(
            QJsonDocument(QJsonObject { { u"error"_s, why } }).toJson(QJsonDocument::Compact)),
        t);
    connection->write(WsFrame::close(closeCode, why.toUtf8()), t);
    connection->close();
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
    for (const StreamConnection *c : m_connections) {
        ClientInfo info;
        info.id = c->id();
        info.webSocket = c->isWebSocket();
        info.peerAddress = c->peerAddress();
        info.peerPort = c->peerPort();
        info.channels = c->channels().values();
        info.channels.removeAll(QString()); // a WebSocket that left every channel
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
    StreamConnection *connection = m_connections.value(clientId);
    if (!connection)
        return false;
    // abort, not close: an operator disconnects a client now, even one that stopped reading.
    connection->abort();
    return true;
}

void SseBroadcaster::closeAll()
{
    const auto all = m_connections.values();
    const qint64 t = now();
    for (StreamConnection *connection : all) {
        // A WebSocket is told why (1001: the server is going away), so its client
        // reconnects knowing it was not its fault.
        if (connection->isWebSocket())
            connection->write(WsFrame::close(WsFrame::GoingAway, "the server is stopping"), t);
        connection->close();
    }
}
