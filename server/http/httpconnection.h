#pragma once

#include "http/descriptornotifier.h"
#include "http/tlschannel.h"

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QObject>

#include <memory>

// One accepted TCP connection while it sends requests and gets short answers: the guard
// reads and judges its requests, the answer writer sends its answers, and a stream takes its
// descriptor over (takeDescriptor()). It owns the descriptor and closes it.
//
// It is what LiveDesk used a QTcpSocket for, and only that: a descriptor, one read notifier,
// a read buffer that holds exactly what arrived, and a write queue with a write notifier
// only while something waits. Setting up a QTcpSocket costs a socket engine, three
// notifiers and half a dozen syscalls (fcntl, getsockname, getpeername, getsockopt, …), and
// tearing it down as much again; at a stadium's reconnect burst that made the server accept
// more slowly than the kernel's accept queue fills (docs/performance.md). Every syscall here
// passes MSG_DONTWAIT, so it never blocks whatever mode the descriptor is in.
//
// Signals, like QTcpSocket's: readyRead() when bytes arrived, bytesWritten() when queued
// output reached the kernel (never from inside write()), disconnected() once, when the
// connection closes (the peer's FIN or an error, disconnectFromHost() once the queue is out,
// or abort()). Nothing is emitted after takeDescriptor(). Listeners may deleteLater() the
// object from any of them, never delete it.
class HttpConnection final : public QObject, private DescriptorListener
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpConnection)

public:
    // Takes ownership of `fd`, a connected TCP socket, and of `tls` when the server speaks
    // https: then every byte in and out goes through it, the handshake first.
    explicit HttpConnection(
        int fd, std::unique_ptr<TlsChannel> tls = nullptr, QObject *parent = nullptr);
    ~HttpConnection() override;

    // -1 once closed or taken.
    int socketDescriptor() const { return m_fd; }
    bool isConnected() const { return m_fd >= 0 && !m_closing; }
    // The peer, asked of the kernel once (a closed connection has none).
    QHostAddress peerAddress() const;
    quint16 peerPort() const;

    // At most this many bytes are held unread; reading pauses there until some are read, and
    // the rest waits in the kernel (0: no limit).
    void setReadBufferSize(qsizetype bytes);
    qint64 bytesAvailable() const { return m_in.size(); }
    QByteArray peek(qsizetype bytes) const { return m_in.left(bytes); }
    QByteArray read(qsizetype bytes);
    void skip(qsizetype bytes);

    // Queues `bytes` behind what is queued; with nothing queued the kernel gets them at once.
    // Shared, not copied: many connections may queue the same answer.
    void write(const QByteArray &bytes);
    // Hands bytes to the kernel only if nothing is queued, and queues nothing: how many it
    // took (0 if it would block, something is queued, or it failed).
    qsizetype sendNow(QByteArrayView bytes);
    qint64 bytesToWrite() const { return m_queued; }
    // Stops sending (TCP FIN) while still reading, so that an answer is read before the
    // connection closes instead of being lost to a reset.
    void shutdownWrite();
    // Closes once the queue is sent (at once when it is empty).
    void disconnectFromHost();
    // Closes now; queued output is dropped.
    void abort();
    // Closes now with a reset (RST): the kernel drops what it still holds for the client too.
    void reset();

    // For a stream: the descriptor is the caller's from now on (still open, notifiers gone),
    // and this object says nothing more. -1 if the connection has closed already.
    int takeDescriptor();
    // With takeDescriptor(), for a stream over https: the TLS session goes with it.
    std::unique_ptr<TlsChannel> takeTls() { return std::move(m_tls); }
    bool isEncrypted() const { return m_tls != nullptr; }
    // Over plain http always; over https once the TLS handshake has completed.
    bool isHandshakeDone() const { return !m_tls || m_tls->handshakeDone(); }

Q_SIGNALS:
    void readyRead();
    void bytesWritten(qint64 bytes);
    void disconnected();

private:
    void descriptorReady(QSocketNotifier::Type type) override;
    void readable();
    void writable();
    // Reads what the kernel has, up to the read limit; false once the peer is gone.
    bool fill();
    void flush();
    void watchReads();
    void drainRefused();
    void watchWrites(bool on);
    // Stops watching the descriptor and drops queued output; the descriptor stays open.
    void release();
    void close();

    // The https session (null over plain http); the descriptor stays ours to close.
    std::unique_ptr<TlsChannel> m_tls;
    int m_fd = -1;
    std::unique_ptr<DescriptorNotifier> m_reads;
    std::unique_ptr<DescriptorNotifier> m_writes; // made the first time output has to wait
    QByteArray m_in;
    qsizetype m_readLimit = 0;
    QList<QByteArray> m_out;
    qsizetype m_headOffset = 0;
    qint64 m_queued = 0;
    mutable QHostAddress m_peerAddress;
    mutable quint16 m_peerPort = 0;
    mutable bool m_peerKnown = false;
    bool m_closing = false; // disconnectFromHost(): close once the queue is sent
    bool m_failed = false; // a send failed: close from the write notifier, not inside write()
};
