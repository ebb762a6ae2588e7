#pragma once

#include "http/httpconnection.h"

#include <QList>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <sys/socket.h>

// A listening socket on 127.0.0.1 whose accepted connections are HttpConnections, as the
// guard makes them: what a test hands to a stream (SseConnection, SseBroadcaster::adopt).
class ConnectionServer final : public QTcpServer
{
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
