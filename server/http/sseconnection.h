#pragma once

#include "hub/eventhub.h"

#include <QDateTime>
#include <QHostAddress>
#include <QObject>

class QTcpSocket;

// One subscriber of GET /events. It owns its socket (the socket is its child) and its state:
// channels, the id of the last event it was given, what it has been sent and what is still
// queued. It knows nothing of the hub; SseBroadcaster decides what to write.
//
// Two modes: while catching up (replaying the window after Last-Event-ID) the broadcaster
// feeds it from the hub as its socket drains, so a reconnecting client never makes the server
// buffer the whole window at once; once caught up it is live and gets each event as it is
// published.
class SseConnection final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SseConnection)

public:
    SseConnection(quint64 id, QTcpSocket *socket, EventHub::ChannelSet channels, qint64 nowMs,
        QObject *parent = nullptr);
    ~SseConnection() override;

    quint64 id() const { return m_id; }
    const EventHub::ChannelSet &channels() const { return m_channels; }
    QHostAddress peerAddress() const { return m_peerAddress; }
    quint16 peerPort() const { return m_peerPort; }
    QDateTime connectedAt() const { return m_connectedAt; }

    // Queues bytes for the client. With a cap, refuses (returns false, writes nothing) when
    // the unsent output would pass it: the caller then drops the client as too slow.
    bool write(const QByteArray &bytes, qint64 nowMs, qint64 cap = -1);
    void countEvent() { ++m_eventsSent; }

    qint64 bytesQueued() const;
    quint64 bytesSent() const { return m_bytesSent; }
    quint64 eventsSent() const { return m_eventsSent; }
    qint64 lastWriteMs() const { return m_lastWriteMs; }

    quint64 cursor() const { return m_cursor; }
    void setCursor(quint64 id) { m_cursor = id; }
    bool isCatchingUp() const { return m_catchingUp; }
    bool wantsHeartbeatEvents() const { return m_heartbeatEvents; }
    void setHeartbeatEvents(bool on) { m_heartbeatEvents = on; }
    void setCatchingUp(bool on) { m_catchingUp = on; }

    bool isOpen() const;
    // Sends what is queued, then closes.
    void close();
    // Resets the connection now (RST): what is queued, here and in the kernel, is discarded
    // (for clients that stopped reading, and for the operator's "disconnect").
    void abort();

Q_SIGNALS:
    // The peer went away or we closed; emitted once. The owner releases the object.
    void closed();
    // Output that Qt had queued reached the kernel (not emitted for direct writes, which
    // happen inside write() and must not re-enter the caller).
    void written(qint64 bytes);

private:
    void onDisconnected();

    const quint64 m_id;
    QTcpSocket *const m_socket; // child of this; deleted with it
    const EventHub::ChannelSet m_channels;
    const QHostAddress m_peerAddress;
    const quint16 m_peerPort;
    const QDateTime m_connectedAt;
    quint64 m_cursor = 0;
    quint64 m_eventsSent = 0;
    quint64 m_bytesSent = 0;
    qint64 m_lastWriteMs = 0;
    bool m_catchingUp = false;
    bool m_heartbeatEvents = false;
    bool m_closed = false;
};
