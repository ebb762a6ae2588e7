#pragma once

#include <QHostAddress>
#include <QList>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>

// A TCP proxy on 127.0.0.1 that the test controls, between a console and its server: it
// passes bytes both ways, or cuts every connection and refuses new ones (a dropped link),
// or passes requests on but drops the answers and hangs up (the server stored the post, the
// console never heard).
class FaultyProxy final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FaultyProxy)

public:
    enum class Mode { Pass, Cut, DropAnswers };

    explicit FaultyProxy(quint16 backend)
        : m_backend(backend)
    {
        m_server.listen(QHostAddress::LocalHost, 0);
        connect(&m_server, &QTcpServer::newConnection, this, &FaultyProxy::accept);
    }

    quint16 port() const { return m_server.serverPort(); }
    void setBackend(quint16 backend) { m_backend = backend; }
    int answersDropped() const { return m_dropped; }

    void setMode(Mode mode)
    {
        m_mode = mode;
        if (mode == Mode::Cut) {
            for (const QPointer<QTcpSocket> &socket : std::as_const(m_sockets)) {
                if (socket)
                    socket->abort();
            }
            m_sockets.clear();
        }
    }

private:
    void accept()
    {
        while (QTcpSocket *client = m_server.nextPendingConnection()) {
            if (m_mode == Mode::Cut) {
                client->abort();
                client->deleteLater();
                continue;
            }
            auto *upstream = new QTcpSocket(client);
            upstream->connectToHost(QHostAddress::LocalHost, m_backend);
            m_sockets << client << upstream;
            connect(client, &QTcpSocket::readyRead, upstream,
                [client, upstream] { upstream->write(client->readAll()); });
            connect(upstream, &QTcpSocket::readyRead, client, [this, client, upstream] {
                const QByteArray answer = upstream->readAll();
                if (m_mode == Mode::DropAnswers) {
                    ++m_dropped;
                    client->abort();
                    return;
                }
                client->write(answer);
            });
            connect(client, &QTcpSocket::disconnected, client, &QObject::deleteLater);
            connect(upstream, &QTcpSocket::disconnected, client,
                [client] { client->disconnectFromHost(); });
        }
    }

    QTcpServer m_server;
    quint16 m_backend;
    Mode m_mode = Mode::Pass;
    int m_dropped = 0;
    QList<QPointer<QTcpSocket>> m_sockets;
};
