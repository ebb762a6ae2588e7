#pragma once

#include "http/descriptornotifier.h"
#include "hub/eventhub.h"
#include "protocol/wsframereader.h"

#include <QByteArray>
#include <QDateTime>
#include <QHostAddress>
#include <QList>
#include <QObject>

#include <functional>
#include <memory>

class HttpConnection;
class TlsChannel;

// One subscriber: a stream of GET /events, or a WebSocket of GET /ws (protocol()). It owns its
// connection and its state: channels, the id of the last event it was given, what it has been sent
// and what is still queued. It knows nothing of the hub; SseBroadcaster decides what to write.
//
// A stream is only written to, so it does not keep the HttpConnection its request came on: it
// takes the connection's descriptor (the connection object is deleted) and writes with
// send() itself, queueing only what the kernel would not take. That leaves per stream this
// object, one read notifier (to see the peer go) and, only while output is queued, a write
// notifier, with no signal connection: that adds up at 100,000 viewers
// (docs/performance.md).
//
// Two modes: while catching up (replaying the window after Last-Event-ID) the broadcaster
// feeds it from the hub as its output drains, so a reconnecting client never makes the
// server buffer the whole window at once; once caught up it is live and gets each event as
// it is published.
class StreamConnection final : public QObject, private DescriptorListener
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StreamConnection)

public:
    // How events reach it: SSE bytes, or WebSocket frames (and then what the client sends is
    // read as frames, not dropped).
    enum class Protocol { Sse, WebSocket };
    // A WebSocket client's message (text, ping, pong or close), or how it broke the rules.
    using OnMessage = std::function<void(const WsFrameReader::Message &message)>;
    using OnViolation = std::function<void(quint16 closeCode, const QString &why)>;

    // Takes over `connection`'s descriptor; the connection object is deleted (later: we may
    // be in one of its signals). What it read and did not consume is dropped.
    StreamConnection(quint64 id, HttpConnection *connection, EventHub::ChannelSet channels,
        qint64 nowMs, Protocol protocol = Protocol::Sse, QObject *parent = nullptr);
    ~StreamConnection() override;

    quint64 id() const { return m_id; }
    const EventHub::ChannelSet &channels() const { return m_channels; }
    // A WebSocket's subscribe and unsubscribe; the broadcaster re-indexes it around this.
    void setChannels(EventHub::ChannelSet channels) { m_channels = std::move(channels); }
    Protocol protocol() const { return m_protocol; }
    bool isWebSocket() const { return m_protocol == Protocol::WebSocket; }
    void setOnMessage(OnMessage onMessage) { m_onMessage = std::move(onMessage); }
    void setOnViolation(OnViolation onViolation) { m_onViolation = std::move(onViolation); }
    // Keep-alive of a WebSocket: pings sent since the last pong, and when the last went.
    int unansweredPings() const { return m_unansweredPings; }
    qint64 lastPingMs() const { return m_lastPingMs; }
    void notePing(qint64 nowMs)
    {
        ++m_unansweredPings;
        m_lastPingMs = nowMs;
    }
    void notePong() { m_unansweredPings = 0; }
    QHostAddress peerAddress() const { return m_peerAddress; }
    quint16 peerPort() const { return m_peerPort; }
    QDateTime connectedAt() const { return m_connectedAt; }
    // The connection's descriptor (-1 once closed), for diagnostics.
    qintptr socketDescriptor() const { return m_fd; }

    // The owner's hooks, called like the signals below but without a signal connection per
    // stream (they cost more than the rest of a stream's state).
    void setOnClosed(std::function<void()> onClosed) { m_onClosed = std::move(onClosed); }
    void setOnDrained(std::function<void()> onDrained) { m_onDrained = std::move(onDrained); }

    // Queues bytes for the client. With a cap, refuses (returns false, writes nothing) when
    // the unsent output would pass it: the caller then drops the client as too slow.
    bool write(const QByteArray &bytes, qint64 nowMs, qint64 cap = -1);
    void countEvent() { ++m_eventsSent; }

    qint64 bytesQueued() const { return m_queued; }
    quint64 bytesSent() const { return m_bytesSent; }
    quint64 eventsSent() const { return m_eventsSent; }
    qint64 lastWriteMs() const { return m_lastWriteMs; }

    quint64 cursor() const { return m_cursor; }
    void setCursor(quint64 id) { m_cursor = id; }
    bool isCatchingUp() const { return m_catchingUp; }
    bool wantsHeartbeatEvents() const { return m_heartbeatEvents; }
    void setHeartbeatEvents(bool on) { m_heartbeatEvents = on; }
    // Events as HubEvent::envelopedWire: each names its channel (/events?envelope=1).
    bool wantsEnvelope() const { return m_envelope; }
    void setEnvelope(bool on) { m_envelope = on; }
    void setCatchingUp(bool on) { m_catchingUp = on; }

    bool isOpen() const { return m_fd >= 0 && !m_closing; }
    bool isEncrypted() const { return m_tls != nullptr; }
    // Sends what is queued, then closes.
    void close();
    // Resets the connection now (RST): what is queued, here and in the kernel, is discarded
    // (for clients that stopped reading, and for the operator's "disconnect").
    void abort();

Q_SIGNALS:
    // The peer went away or we closed; emitted once. The owner releases the object.
    void closed();
    // Queued output reached the kernel (not emitted for direct writes, which happen inside
    // write() and must not re-enter the caller).
    void written(qint64 bytes);

private:
    void descriptorReady(QSocketNotifier::Type type) override;
    void readable();
    void takeFrames(QByteArrayView bytes);
    void writable();
    void flush();
    void watchWrites(bool on);
    void finish();

    const quint64 m_id;
    // The https session, taken over with the descriptor; null over plain http.
    std::unique_ptr<TlsChannel> m_tls;
    int m_fd = -1;
    std::unique_ptr<DescriptorNotifier> m_reads;
    std::unique_ptr<DescriptorNotifier> m_writes; // made the first time output has to wait
    // Output the kernel did not take yet: shared event bytes, the first one partly sent.
    // (A QList: empty, it allocates nothing, where a std::deque allocates 576 bytes at once.)
    QList<QByteArray> m_queue;
    qsizetype m_headOffset = 0;
    qint64 m_queued = 0;
    std::function<void()> m_onClosed;
    std::function<void()> m_onDrained;
    EventHub::ChannelSet m_channels;
    const QHostAddress m_peerAddress;
    const quint16 m_peerPort;
    const QDateTime m_connectedAt;
    quint64 m_cursor = 0;
    quint64 m_eventsSent = 0;
    quint64 m_bytesSent = 0;
    qint64 m_lastWriteMs = 0;
    const Protocol m_protocol;
    // Only a WebSocket's; a stream of /events never reads what its client sends.
    std::unique_ptr<WsFrameReader> m_frames;
    OnMessage m_onMessage;
    OnViolation m_onViolation;
    int m_unansweredPings = 0;
    qint64 m_lastPingMs = 0;
    bool m_catchingUp = false;
    bool m_heartbeatEvents = false;
    bool m_envelope = false;
    bool m_closing = false; // close(): finish once the queue is sent
    bool m_closed = false;
};
