#pragma once

#include "hub/eventhub.h"
#include "protocol/wsframereader.h"

#include <QDateTime>
#include <QHash>
#include <QHostAddress>
#include <QJsonObject>
#include <QMap>
#include <QObject>
#include <QSet>
#include <QTimer>

#include <chrono>
#include <functional>
#include <optional>

class HttpConnection;
class StreamConnection;

// Holds every open SSE stream and fans hub events out to them. It lives on the server
// thread with the hub and the HTTP server; nothing here is touched from another thread.
//
// - Subscribers are indexed by channel, so an event costs O(its subscribers), not O(all).
// - Each event's bytes were encoded once by the hub and are shared by every queue.
// - A live subscriber whose unsent output would pass the cap is disconnected and counted.
// - A quiet stream is never closed; it gets a ": keep-alive" comment after `heartbeat`.
// - A stream that resumes from Last-Event-ID is fed from the hub's window as its socket
//   drains (at most 256 KiB, or half the cap, queued at a time), then goes live; if the
//   window no longer holds what it needs, it gets one "resync" event carrying the state
//   snapshot.
class SseBroadcaster final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SseBroadcaster)

public:
    struct Options
    {
        std::chrono::milliseconds heartbeat { std::chrono::seconds(15) };
        int retryMs = 3000;
        qint64 slowClientCap = 1024 * 1024;
    };

    // What a WebSocket client may send: join or leave channels.
    struct ChannelCommand
    {
        bool subscribe = false;
        EventHub::ChannelSet channels;
    };

    struct ClientInfo
    {
        quint64 id = 0;
        QHostAddress peerAddress;
        quint16 peerPort = 0;
        QStringList channels; // sorted; empty means all
        QDateTime connectedAt;
        quint64 eventsSent = 0;
        quint64 bytesSent = 0;
        qint64 bytesQueued = 0;
        bool webSocket = false; // /ws rather than /events
    };

    // Monotonic milliseconds. Injected so heartbeat logic is testable without sleeping.
    using Clock = std::function<qint64()>;
    // Builds the state document for a stream subscribed to `channels` (empty: all).
    using SnapshotProvider = std::function<QJsonObject(const EventHub::ChannelSet &channels)>;

    SseBroadcaster(EventHub *hub, const Options &options, QObject *parent = nullptr);
    ~SseBroadcaster() override;

    void setClock(Clock clock);
    // What a "resync" event carries: the /api/state document.
    void setSnapshotProvider(SnapshotProvider provider);

    // Takes over the socket of an accepted GET /events: writes the response head and the
    // retry hint, replays from lastEventId when given, then streams live. The guard must have
    // let go of the socket first (GuardedTcpServer::release).
    void adopt(HttpConnection *socket, const EventHub::ChannelSet &channels,
        std::optional<quint64> lastEventId, bool heartbeatEvents = false, bool envelope = false);
    // The same for an accepted GET /ws (its upgrade checked): answers 101 with `acceptKey`,
    // then sends every event as a WebSocket text frame, pings at the heartbeat interval, and
    // reads the client's subscribe and unsubscribe commands.
    void adoptWebSocket(HttpConnection *socket, const EventHub::ChannelSet &channels,
        std::optional<quint64> lastEventId, const QByteArray &acceptKey);

    std::chrono::milliseconds heartbeatInterval() const { return m_options.heartbeat; }

    int clientCount() const { return int(m_connections.size()); }
    // Open streams per channel: a stream of several channels counts under each, one of
    // every channel under "*".
    QMap<QString, int> viewersByChannel() const;
    // The streams that carry `channel`: those that named it and those of every channel.
    int viewersOf(const QString &channel) const
    {
        return int(m_byChannel.value(channel).size() + m_allChannels.size());
    }
    QList<ClientInfo> clients() const;
    bool disconnectClient(quint64 clientId);
    // Closes every stream (on shutdown); clients reconnect after their retry delay.
    void closeAll();

    quint64 eventsDelivered() const { return m_delivered; }
    quint64 bytesSent() const;
    // Open streams of each kind.
    int webSocketCount() const { return m_webSockets; }
    quint64 slowClientsDropped() const { return m_slowDropped; }

public Q_SLOTS:
    // Sends ": keep-alive" to every stream idle for at least the heartbeat interval. A timer
    // calls it several times per interval; tests call it with an injected clock.
    void sendHeartbeats();

Q_SIGNALS:
    // At most ten times a second, always ending on the latest count: a burst of thousands
    // of (re)connections must not become thousands of updates for the window.
    void clientCountChanged(int count);

private:
    void onPublished(const HubEventPtr &event);
    StreamConnection *track(StreamConnection *connection);
    void start(StreamConnection *connection, std::optional<quint64> lastEventId);
    void index(StreamConnection *connection);
    void unindex(StreamConnection *connection);
    // A WebSocket client's message, and its commands.
    void onClientMessage(StreamConnection *connection, const WsFrameReader::Message &message);
    void onCommand(StreamConnection *connection, const QByteArray &text);
    void changeChannels(StreamConnection *connection, const ChannelCommand &command);
    void refuse(StreamConnection *connection, quint16 closeCode, const QString &why);
    void pingWebSocket(StreamConnection *connection, qint64 t);
    // Feeds a catching-up stream from the hub's window while its queue is below the
    // high-water mark (never past the slow-client cap); called again as its socket drains.
    void pump(StreamConnection *connection);
    // Writes the batch's events in order until the queue would pass `highWater`; false when
    // it stopped early (the cursor is on the last event written) or dropped the stream.
    bool replayBatch(
        StreamConnection *connection, const EventHub::Replay &replay, qint64 highWater, qint64 t);
    qint64 catchUpHighWater() const;
    void sendResync(StreamConnection *connection, qint64 t);
    void dropSlow(StreamConnection *connection);
    void release(StreamConnection *connection);
    qint64 now() const { return m_clock(); }

    EventHub *const m_hub;
    const Options m_options;
    Clock m_clock;
    SnapshotProvider m_snapshot;
    QTimer m_heartbeatTimer;
    QTimer m_countTimer;
    void countChanged();
    quint64 m_nextClientId = 1;
    QHash<quint64, StreamConnection *> m_connections;
    QHash<QString, QSet<StreamConnection *>> m_byChannel;
    QSet<StreamConnection *> m_allChannels; // subscribers without a channel filter
    quint64 m_delivered = 0;
    quint64 m_bytesSentByClosed = 0;
    quint64 m_slowDropped = 0;
    int m_webSockets = 0;
};

Q_DECLARE_METATYPE(SseBroadcaster::ClientInfo)
