#include "http/httpconnection.h"

#include "http/logging.h"
#include "http/wire.h"

#include <cerrno>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace {

// What one recv() takes at most; it lives on the stack, so a connection's buffer holds only
// what actually arrived (a QTcpSocket keeps a 16 KiB chunk per connection).
constexpr qsizetype ReadChunk = 16 * 1024;

bool wouldBlock(int error)
{
    return error == EAGAIN || error == EWOULDBLOCK || error == EINTR;
}

} // namespace

HttpConnection::HttpConnection(int fd, std::unique_ptr<TlsChannel> tls, QObject *parent)
    : QObject(parent)
    , m_tls(std::move(tls))
    , m_fd(fd)
{
    if (m_fd >= 0)
        m_reads = std::make_unique<DescriptorNotifier>(
            m_fd, QSocketNotifier::Read, static_cast<DescriptorListener *>(this));
}

HttpConnection::~HttpConnection()
{
    // The notifiers go first, so the event loop forgets the descriptor before it closes.
    m_reads.reset();
    m_writes.reset();
    if (m_fd >= 0)
        ::close(m_fd);
}

QHostAddress HttpConnection::peerAddress() const
{
    peerPort();
    return m_peerAddress;
}

quint16 HttpConnection::peerPort() const
{
    if (m_peerKnown || m_fd < 0)
        return m_peerPort;
    m_peerKnown = true;
    sockaddr_storage address {};
    socklen_t length = sizeof address;
    if (::getpeername(m_fd, reinterpret_cast<sockaddr *>(&address), &length) != 0)
        return 0;
    m_peerAddress.setAddress(reinterpret_cast<const sockaddr *>(&address));
    if (address.ss_family == AF_INET)
        m_peerPort = ntohs(reinterpret_cast<const sockaddr_in &>(address).sin_port);
    else if (address.ss_family == AF_INET6)
        m_peerPort = ntohs(reinterpret_cast<const sockaddr_in6 &>(address).sin6_port);
    return m_peerPort;
}

void HttpConnection::setReadBufferSize(qsizetype bytes)
{
    m_readLimit = qMax<qsizetype>(0, bytes);
    watchReads();
}

QByteArray HttpConnection::read(qsizetype bytes)
{
    QByteArray out;
    if (bytes >= m_in.size()) {
        out = std::exchange(m_in, QByteArray());
    } else {
        out = m_in.left(bytes);
        m_in.remove(0, bytes);
    }
    watchReads();
    return out;
}

void HttpConnection::skip(qsizetype bytes)
{
    if (bytes >= m_in.size())
        m_in = QByteArray(); // gives the capacity back too
    else
        m_in.remove(0, bytes);
    watchReads();
}

void HttpConnection::write(const QByteArray &bytes)
{
    if (m_fd < 0 || m_closing || bytes.isEmpty())
        return;
    const qsizetype offset = sendNow(bytes);
    if (offset == bytes.size())
        return;
    m_out.append(bytes);
    if (m_out.size() == 1)
        m_headOffset = offset;
    m_queued += bytes.size() - offset;
    watchWrites(true);
}

qsizetype HttpConnection::sendNow(QByteArrayView bytes)
{
    if (m_fd < 0 || m_queued > 0 || m_failed || bytes.isEmpty())
        return 0;
    const ssize_t sent = Wire::send(m_fd, m_tls.get(), bytes.data(), size_t(bytes.size()));
    if (sent >= 0)
        return qsizetype(sent);
    if (!wouldBlock(errno)) {
        // Reported from the write notifier, so that no caller is closed under its feet.
        m_failed = true;
        watchWrites(true);
    }
    return 0;
}

void HttpConnection::shutdownWrite()
{
    if (m_fd >= 0)
        ::shutdown(m_fd, SHUT_WR);
}

void HttpConnection::disconnectFromHost()
{
    if (m_fd < 0)
        return;
    m_closing = true;
    if (m_queued == 0)
        close();
}

void HttpConnection::abort()
{
    if (m_fd >= 0)
        close(); // drops the queue
}

void HttpConnection::reset()
{
    if (m_fd >= 0) {
        // A zero linger makes close() send RST and drop what the kernel still holds.
        const linger now { 1, 0 };
        ::setsockopt(m_fd, SOL_SOCKET, SO_LINGER, &now, sizeof now);
    }
    abort();
}

int HttpConnection::takeDescriptor()
{
    // Its new owner registers the descriptor next: the event loop must have forgotten it.
    release();
    m_in = QByteArray();
    return std::exchange(m_fd, -1);
}

// The notifiers are only disabled (the event loop forgets the descriptor at once), not
// deleted: we may be inside one of their events; they go with this object.
void HttpConnection::release()
{
    if (m_reads)
        m_reads->setEnabled(false);
    if (m_writes)
        m_writes->setEnabled(false);
    m_out.clear();
    m_queued = 0;
}

void HttpConnection::descriptorReady(QSocketNotifier::Type type)
{
    if (type == QSocketNotifier::Read)
        readable();
    else
        writable();
}

void HttpConnection::readable()
{
    const qsizetype before = m_in.size();
    const bool open = fill();
    // A TLS handshake flight the kernel would not take: reading goes on once it is out.
    if (open && m_tls && m_tls->blockedOnWrite())
        watchWrites(true);
    // As with QTcpSocket: what arrived before a FIN is offered before the disconnect.
    if (m_in.size() > before)
        Q_EMIT readyRead();
    if (!open && m_fd >= 0)
        close();
}

bool HttpConnection::fill()
{
    char chunk[ReadChunk];
    while (m_readLimit == 0 || m_in.size() < m_readLimit) {
        const qsizetype room = m_readLimit == 0 ? ReadChunk : m_readLimit - m_in.size();
        const qsizetype want = qMin(ReadChunk, room);
        const ssize_t n = Wire::receive(m_fd, m_tls.get(), chunk, size_t(want));
        if (n > 0) {
            m_in.append(chunk, n);
            // Drained: no need to hear EAGAIN say so (TLS hands over one record at a time).
            if (n < want && !m_tls)
                return true;
            continue;
        }
        if (n == 0)
            return false; // the peer's FIN (or close_notify)
        if (errno == EINTR)
            continue;
        if (errno == EPROTO && m_tls) {
            // Not TLS (plain http to the https port) or a broken handshake: nothing can be
            // said to it in a language it reads, so it is closed, with a FIN.
            qCDebug(lcHttp).noquote() << "TLS handshake failed:" << m_tls->error();
            drainRefused();
            return false;
        }
        return wouldBlock(errno);
    }
    watchReads(); // full: the rest waits in the kernel until some is read
    return true;
}

void HttpConnection::writable()
{
    if (m_tls && m_tls->blockedOnWrite()) {
        readable(); // the handshake goes on
        if (m_fd < 0)
            return;
    }
    const qint64 before = m_queued;
    flush();
    if (m_failed) {
        close();
        return;
    }
    if (m_queued == 0 && !(m_tls && m_tls->blockedOnWrite()))
        watchWrites(false);
    if (before > m_queued)
        Q_EMIT bytesWritten(before - m_queued);
    if (m_queued == 0 && m_closing && m_fd >= 0)
        close();
}

void HttpConnection::flush()
{
    while (!m_out.isEmpty()) {
        const QByteArray &head = m_out.constFirst();
        const qsizetype left = head.size() - m_headOffset;
        const ssize_t sent
            = Wire::send(m_fd, m_tls.get(), head.constData() + m_headOffset, size_t(left));
        if (sent < 0) {
            m_failed = !wouldBlock(errno);
            return;
        }
        m_queued -= sent;
        if (sent < left) {
            m_headOffset += sent;
            return;
        }
        m_out.removeFirst();
        m_headOffset = 0;
    }
}

void HttpConnection::watchReads()
{
    if (!m_reads || m_fd < 0)
        return;
    const bool room = m_readLimit == 0 || m_in.size() < m_readLimit;
    m_reads->setEnabled(room);
    // TLS may hold decrypted bytes it read before the buffer filled; the kernel will not
    // say so again, so they are read from the event loop.
    if (room && m_tls && m_tls->hasPending())
        QMetaObject::invokeMethod(this, &HttpConnection::readable, Qt::QueuedConnection);
}

void HttpConnection::drainRefused()
{
    // What is left unread when a socket closes makes the kernel send RST instead of FIN.
    char discard[4096];
    for (int i = 0; i < 16 && ::recv(m_fd, discard, sizeof discard, MSG_DONTWAIT) > 0; ++i) { }
}

void HttpConnection::watchWrites(bool on)
{
    if (m_fd < 0)
        return;
    if (on && !m_writes)
        m_writes = std::make_unique<DescriptorNotifier>(
            m_fd, QSocketNotifier::Write, static_cast<DescriptorListener *>(this));
    else if (m_writes)
        m_writes->setEnabled(on);
}

// Once: the descriptor closes now and the listeners are told.
void HttpConnection::close()
{
    release();
    m_closing = false;
    if (m_tls)
        m_tls->notifyClose();
    ::close(m_fd);
    m_fd = -1;
    Q_EMIT disconnected();
}
