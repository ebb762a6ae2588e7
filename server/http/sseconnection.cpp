#include "http/sseconnection.h"

#include "http/logging.h"
#include "http/rawsocket.h"

#include <QTcpSocket>

#include <sys/socket.h>

SseConnection::SseConnection(
    quint64 id, QTcpSocket *socket, EventHub::ChannelSet channels, qint64 nowMs, QObject *parent)
    : QObject(parent)
    , m_id(id)
    , m_socket(socket)
    , m_channels(std::move(channels))
    , m_peerAddress(socket->peerAddress())
    , m_peerPort(socket->peerPort())
    , m_connectedAt(QDateTime::currentDateTimeUtc())
    , m_lastWriteMs(nowMs)
{
    // From here on the socket's lifetime is ours: it dies with this object.
    m_socket->setParent(this);
    // Events should leave at once, not wait for Nagle to coalesce them.
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    // Lets the kernel notice peers that vanished without a FIN (a phone that lost signal).
    m_socket->setSocketOption(QAbstractSocket::KeepAliveOption, 1);

    connect(m_socket, &QAbstractSocket::disconnected, this, &SseConnection::onDisconnected);
    connect(m_socket, &QIODevice::bytesWritten, this, [this](qint64 bytes) {
        m_bytesSent += quint64(bytes);
        Q_EMIT written(bytes);
    });
    // A subscriber has nothing to say after its request. Whatever it sends anyway is read
    // and dropped, so a misbehaving client cannot grow our read buffer; reading also lets
    // Qt see the FIN and report the disconnect promptly.
    connect(m_socket, &QIODevice::readyRead, this,
        [this] { m_socket->skip(m_socket->bytesAvailable()); });
    if (m_socket->bytesAvailable() > 0)
        m_socket->skip(m_socket->bytesAvailable());
}

SseConnection::~SseConnection() = default;

bool SseConnection::isOpen() const
{
    return !m_closed && m_socket->state() == QAbstractSocket::ConnectedState;
}

qint64 SseConnection::bytesQueued() const
{
    return m_socket->bytesToWrite();
}

bool SseConnection::write(const QByteArray &bytes, qint64 nowMs, qint64 cap)
{
    if (!isOpen())
        return true; // the disconnect is already on its way; nothing to drop
    if (cap >= 0 && m_socket->bytesToWrite() + bytes.size() > cap)
        return false;
    m_lastWriteMs = nowMs;
    qsizetype offset = 0;
    if (m_socket->bytesToWrite() == 0) {
        // Nothing queued, so order is safe: the common case costs one send() (see RawSocket).
        offset = RawSocket::sendNow(m_socket, bytes);
        m_bytesSent += quint64(offset);
    }
    if (offset < bytes.size()) {
        // QIODevice::write(const QByteArray &) keeps a reference to large arrays instead of
        // copying them, so one encoded event is shared by every queue it sits in.
        m_socket->write(offset == 0 ? bytes : bytes.sliced(offset));
    }
    return true;
}

void SseConnection::close()
{
    if (m_socket->state() != QAbstractSocket::UnconnectedState)
        m_socket->disconnectFromHost();
    else
        onDisconnected();
}

void SseConnection::abort()
{
    // A reset, not a close: a plain close() would leave what the kernel already holds for a
    // client that stopped reading to trickle out at its pace, then a FIN, so the memory
    // stays taken and the client believes the stream ended cleanly. With a zero linger the
    // kernel drops its buffers and sends RST. (QAbstractSocket has no option for it.)
    if (const qintptr fd = m_socket->socketDescriptor(); fd >= 0) {
        const linger reset { 1, 0 };
        ::setsockopt(int(fd), SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
    }
    // abort() emits disconnected() synchronously when the socket was connected.
    m_socket->abort();
    onDisconnected();
}

void SseConnection::onDisconnected()
{
    if (m_closed)
        return;
    m_closed = true;
    qCDebug(lcSse) << "stream" << m_id << "closed;" << m_eventsSent << "events," << m_bytesSent
                   << "bytes sent";
    Q_EMIT closed();
}
