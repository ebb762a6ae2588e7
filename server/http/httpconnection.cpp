#include "http/httpconnection.h"

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

HttpConnection::HttpConnection(int fd, QObject *parent)
    : QObject(parent)
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
    const ssize_t sent
        = ::send(m_fd, bytes.data(), size_t(bytes.size()), MSG_NOSIGNAL | MSG_DONTWAIT);
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
        const ssize_t n = ::recv(m_fd, chunk, size_t(want), MSG_DONTWAIT);
        if (n > 0) {
            m_in.append(chunk, n);
            if (n < want)
                return true; // drained: no need to hear EAGAIN say so
            continue;
        }
        if (n == 0)
            return false; // the peer's FIN
        if (errno == EINTR)
            continue;
        return wouldBlock(errno);
    }
    watchReads(); // full: the rest waits in the kernel until some is read
    return true;
}

void HttpConnection::writable()
{
    const qint64 before = m_queued;
    flush();
    if (m_failed) {
        close();
        return;
    }
    if (m_queued == 0)
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
        const ssize_t sent = ::send(
            m_fd, head.constData() + m_headOffset, size_t(left), MSG_NOSIGNAL | MSG_DONTWAIT);
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
    if (m_reads && m_fd >= 0)
        m_reads->setEnabled(m_readLimit == 0 || m_in.size() < m_readLimit);
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
    ::close(m_fd);
    m_fd = -1;
    Q_EMIT disconnected();
}
