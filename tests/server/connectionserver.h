#pragma once

#include "http/httpconnection.h"

#include <QList>
#include <QTcpServer>

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
