#pragma once

#include "http/httpconnection.h"

#include <QList>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <arpa/inet.h>
#include <cerrno>
#include <netinet/in.h>
#include <optional>
#include <sys/socket.h>
#include <unistd.h>

// A listening socket on 127.0.0.1 whose accepted connections are HttpConnections, as the
// guard makes them: what a test hands to a stream (StreamConnection, SseBroadcaster::adopt).
class ConnectionServer final : public QTcpServer
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectionServer)

public:
    ConnectionServer() = default;
    ~ConnectionServer() override { qDeleteAll(m_accepted); }

    bool hasPendingConnections() const override { return !m_accepted.isEmpty(); }
    // The caller owns it (a stream deletes it once it took the descriptor).
    HttpConnection *nextConnection()
    {
        return m_accepted.isEmpty() ? nullptr : m_accepted.takeFirst();
    }

    // A small kernel send buffer, so that a stalled client's data piles up in our queues.
    static void setSendBuffer(HttpConnection *connection, int bytes)
    {
        ::setsockopt(connection->socketDescriptor(), SOL_SOCKET, SO_SNDBUF, &bytes, sizeof bytes);
    }

    // A plain socket connected to this server (its receive buffer `receiveBuffer` bytes when
    // given), so that a test's recv() shows exactly how the connection ended. -1 on failure;
    // the caller closes it.
    int connectRawPeer(int receiveBuffer = 0)
    {
        const int peer = ::socket(AF_INET, SOCK_STREAM, 0);
        if (peer < 0)
            return -1;
        if (receiveBuffer > 0)
            ::setsockopt(peer, SOL_SOCKET, SO_RCVBUF, &receiveBuffer, sizeof receiveBuffer);
        sockaddr_in address {};
        address.sin_family = AF_INET;
        address.sin_port = htons(serverPort());
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::connect(peer, reinterpret_cast<const sockaddr *>(&address), sizeof address) != 0
            || !QTest::qWaitFor([this] { return hasPendingConnections(); }, 5000)) {
            ::close(peer);
            return -1;
        }
        return peer;
    }
    // Reads `peer` to its end: 0 for an orderly end (EOF), else the errno (ECONNRESET for a
    // reset); nullopt if it did not end in time. `received` counts the bytes before it.
    static std::optional<int> readToEnd(int peer, qint64 *received = nullptr)
    {
        QByteArray chunk(64 * 1024, Qt::Uninitialized);
        int error = 0;
        const bool ended = QTest::qWaitFor(
            [&] {
                const ssize_t n = ::recv(peer, chunk.data(), size_t(chunk.size()), MSG_DONTWAIT);
                if (n > 0) {
                    if (received)
                        *received += n;
                    return false;
                }
                error = n == 0 ? 0 : errno;
                return n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK);
            },
            10000);
        return ended ? std::optional<int>(error) : std::nullopt;
    }

protected:
    void incomingConnection(qintptr descriptor) override
    {
        m_accepted.append(new HttpConnection(int(descriptor)));
    }

private:
    QList<HttpConnection *> m_accepted;
};

// A connected pair on 127.0.0.1: `client` is a plain QTcpSocket, `accepted` the server's end
// as the guard makes it (a stream may take it over and delete it; what is left at the end
// goes with the pair). The client keeps what it reads in `received`.
struct Loopback
{
    ConnectionServer server;
    QTcpSocket client;
    QPointer<HttpConnection> accepted;
    QByteArray received;
    bool reading = true;

    Loopback(const Loopback &) = delete;
    Loopback &operator=(const Loopback &) = delete;
    ~Loopback() { delete accepted.data(); }
    Loopback()
    {
        QObject::connect(&client, &QIODevice::readyRead, &client, [this] {
            if (reading)
                received += client.readAll();
        });
    }

    // Connects (spinning the event loop, never blocking); false if that failed.
    bool open()
    {
        if (!server.listen(QHostAddress::LocalHost, 0))
            return false;
        client.connectToHost(QHostAddress::LocalHost, server.serverPort());
        const bool connected = QTest::qWaitFor(
            [this] {
                return server.hasPendingConnections()
                    && client.state() == QAbstractSocket::ConnectedState;
            },
            5000);
        if (!connected)
            return false;
        accepted = server.nextConnection();
        return accepted != nullptr;
    }
    // A subscriber that stopped reading: tiny buffers, no reads, so the server's writes pile
    // up in its own queue.
    void stall()
    {
        reading = false;
        client.setReadBufferSize(1024);
        client.setSocketOption(QAbstractSocket::ReceiveBufferSizeSocketOption, 4096);
    }
};
