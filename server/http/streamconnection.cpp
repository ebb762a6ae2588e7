#include "http/streamconnection.h"

#include "http/httpconnection.h"
#include "http/logging.h"
#include "http/wire.h"

#include <cerrno>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

namespace {

void setOption(int fd, int level, int option)
{
    const int on = 1;
    ::setsockopt(fd, level, option, &on, sizeof on);
}

} // namespace

StreamConnection::StreamConnection(quint64 id, HttpConnection *connection,
    EventHub::ChannelSet channels, qint64 nowMs, Protocol protocol, QObject *parent)
    : QObject(parent)
    , m_id(id)
    , m_channels(std::move(channels))
    , m_peerAddress(connection->peerAddress())
    , m_peerPort(connection->peerPort())
    , m_connectedAt(QDateTime::currentDateTimeUtc())
    , m_lastWriteMs(nowMs)
    , m_protocol(protocol)
{
    if (m_protocol == Protocol::WebSocket) {
        m_frames = std::make_unique<WsFrameReader>();
        m_lastPingMs = nowMs;
    }
    // The connection says nothing more once its descriptor is taken; it goes later, since
    // we may be inside one of its signals.
    m_tls = connection->takeTls();
    m_fd = connection->takeDescriptor();
    connection->deleteLater();
    if (m_fd < 0) {
        // It closed before its stream began: closed() follows from the first write, once
        // the owner listens.
        qCDebug(lcSse) << "stream" << m_id << "closed before it began";
        return;
    }
    // Every send() and recv() here passes MSG_DONTWAIT: the descriptor's own mode is moot.
    // Events should leave at once, not wait for Nagle to coalesce them.
    setOption(m_fd, IPPROTO_TCP, TCP_NODELAY);
    // Lets the kernel notice peers that vanished without a FIN (a phone that lost signal).
    setOption(m_fd, SOL_SOCKET, SO_KEEPALIVE);
    // A subscriber has nothing to say after its request: whatever it sends is read and
    // dropped, and reading is how the end of the connection is seen.
    m_reads = std::make_unique<DescriptorNotifier>(
        m_fd, QSocketNotifier::Read, static_cast<DescriptorListener *>(this));
}

StreamConnection::~StreamConnection()
{
    // The notifiers go first, so the event loop forgets the descriptor before it closes.
    m_reads.reset();
    m_writes.reset();
    if (m_fd >= 0)
        ::close(m_fd);
}

bool StreamConnection::write(const QByteArray &bytes, qint64 nowMs, qint64 cap)
{
    if (m_fd < 0 && !m_closed)
        finish();
    if (!isOpen())
        return true; // the disconnect is already on its way; nothing to drop
    if (cap >= 0 && m_queued + bytes.size() > cap)
        return false;
    m_lastWriteMs = nowMs;
    if (bytes.isEmpty())
        return true;
    qsizetype offset = 0;
    if (m_queued == 0) {
        // Nothing queued, so order is safe: the common case costs one send().
        const ssize_t sent = Wire::send(m_fd, m_tls.get(), bytes.constData(), size_t(bytes.size()));
        if (sent < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
            finish(); // reset by the peer, or gone
            return true;
        }
        offset = qMax<qsizetype>(0, sent);
        m_bytesSent += quint64(offset);
        if (offset == bytes.size())
            return true;
    }
    // Shared, not copied: one encoded event sits in every queue that holds it.
    m_queue.append(bytes);
    if (m_queue.size() == 1)
        m_headOffset = offset;
    m_queued += bytes.size() - offset;
    watchWrites(true);
    return true;
}

void StreamConnection::descriptorReady(QSocketNotifier::Type type)
{
    if (type == QSocketNotifier::Read)
        readable();
    else
        writable();
}

void StreamConnection::writable()
{
    if (m_tls && m_tls->blockedOnWrite()) {
        readable(); // TLS had to write to read on (a key update's answer)
        if (m_closed)
            return;
    }
    const qint64 before = m_queued;
    flush();
    if (m_closed)
        return;
    const qint64 sent = before - m_queued;
    if (m_queued == 0) {
        if (!(m_tls && m_tls->blockedOnWrite()))
            watchWrites(false);
        if (m_closing) {
            if (m_tls)
                m_tls->notifyClose();
            ::shutdown(m_fd, SHUT_WR);
            finish();
            return;
        }
    }
    if (sent > 0) {
        Q_EMIT written(sent);
        if (m_onDrained)
            m_onDrained();
    }
}

void StreamConnection::flush()
{
    while (!m_queue.isEmpty()) {
        const QByteArray &head = m_queue.constFirst();
        const qsizetype left = head.size() - m_headOffset;
        const ssize_t sent
            = Wire::send(m_fd, m_tls.get(), head.constData() + m_headOffset, size_t(left));
        if (sent < 0) {
            if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
                finish();
            return;
        }
        m_bytesSent += quint64(sent);
        m_queued -= sent;
        if (sent < left) {
            m_headOffset += sent;
            return;
        }
        m_queue.removeFirst();
        m_headOffset = 0;
    }
}

void StreamConnection::watchWrites(bool on)
{
    if (on && !m_writes)
        m_writes = std::make_unique<DescriptorNotifier>(
            m_fd, QSocketNotifier::Write, static_cast<DescriptorListener *>(this));
    else if (m_writes)
        m_writes->setEnabled(on);
}

// Reading is how the end of the connection is seen. A stream of /events has nothing to
// say, so what its client sends is dropped; a WebSocket's frames are read and handed over
// one message at a time (at most 64 KiB per readiness, so one client cannot keep the server
// thread). Once it is closing or has broken the rules, a WebSocket's bytes are dropped too.
void StreamConnection::readable()
{
    char chunk[4096];
    for (int i = 0; i < 16; ++i) {
        const ssize_t n = Wire::receive(m_fd, m_tls.get(), chunk, sizeof chunk);
        if (n <= 0) {
            if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
                if (m_tls && m_tls->blockedOnWrite())
                    watchWrites(true);
                return;
            }
            finish(); // FIN (0) or an error: the peer is gone
            return;
        }
        if (m_frames && isOpen() && !m_frames->failed())
            takeFrames(QByteArrayView(chunk, n));
    }
}

// A hook may close us; then the rest of the messages is not handed over.
void StreamConnection::takeFrames(QByteArrayView bytes)
{
    const QList<WsFrameReader::Message> messages = m_frames->feed(bytes);
    for (const WsFrameReader::Message &message : messages) {
        if (!isOpen())
            return;
        if (m_onMessage)
            m_onMessage(message);
    }
    if (m_frames->failed() && m_onViolation && isOpen())
        m_onViolation(m_frames->closeCode(), m_frames->error());
}

void StreamConnection::close()
{
    if (m_fd < 0 || m_closing) {
        finish();
        return;
    }
    m_closing = true;
    if (m_queued > 0)
        return; // writable() finishes once the queue is out
    if (m_tls)
        m_tls->notifyClose();
    ::shutdown(m_fd, SHUT_WR);
    finish();
}

void StreamConnection::abort()
{
    // A reset, not a close: a plain close would leave what the kernel already holds for a
    // client that stopped reading to trickle out at its pace, then a FIN, so the memory stays
    // taken and the client believes the stream ended cleanly. With a zero linger the kernel
    // drops its buffers and sends RST.
    if (m_fd >= 0) {
        const linger reset { 1, 0 };
        ::setsockopt(m_fd, SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
    }
    finish();
}

// Once: the descriptor is closed now, the owner told. The notifiers are only disabled (so
// the event loop forgets the descriptor first): we may be inside one of their events.
void StreamConnection::finish()
{
    if (m_closed)
        return;
    if (m_reads)
        m_reads->setEnabled(false);
    if (m_writes)
        m_writes->setEnabled(false);
    m_queue.clear();
    m_queued = 0;
    if (m_fd >= 0)
        ::close(m_fd);
    m_fd = -1;
    m_closed = true;
    qCDebug(lcSse) << "stream" << m_id << "closed;" << m_eventsSent << "events," << m_bytesSent
                   << "bytes sent";
    Q_EMIT closed();
    if (m_onClosed)
        m_onClosed();
}
