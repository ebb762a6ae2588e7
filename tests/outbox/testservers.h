#pragma once

#include "faultyproxy.h"
#include "livedeskprocess.h"

#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

// What the outbox tests publish to: the real livedesk binary, headless, with the strong
// token, behind a FaultyProxy the test breaks. start() fails with the server's output.
struct ProxiedServer
{
    QTemporaryDir dir;
    LivedeskProcess server;
    std::unique_ptr<FaultyProxy> proxy;

    bool start(const QStringList &arguments = {})
    {
        if (!server.start(dir.filePath(QStringLiteral("server")),
                QStringList {
                    QStringLiteral("--token"), QString::fromLatin1(LivedeskProcess::strongToken()) }
                    + arguments))
            return false;
        proxy = std::make_unique<FaultyProxy>(server.port());
        return true;
    }
    QUrl proxyUrl() const
    {
        return QUrl(QStringLiteral("http://127.0.0.1:%1/").arg(proxy->port()));
    }
};

// A web server that is not LiveDesk: it answers every request with a small page.
class NotLiveDesk final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(NotLiveDesk)

public:
    explicit NotLiveDesk(QByteArray status = "404 Not Found")
        : m_status(std::move(status))
    {
        m_server.listen(QHostAddress::LocalHost, 0);
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            QTcpSocket *socket = m_server.nextPendingConnection();
            connect(socket, &QTcpSocket::readyRead, socket, [this, socket] {
                socket->write("HTTP/1.1 " + m_status
                    + "\r\nContent-Type: text/html\r\nContent-Length: 9\r\n"
                      "Connection: close\r\n\r\nNot here!");
                socket->disconnectFromHost();
            });
        });
    }
    quint16 port() const { return m_server.serverPort(); }

private:
    QTcpServer m_server;
    QByteArray m_status;
};

// A port on 127.0.0.1 where nothing listens (it was free a moment ago).
inline quint16 closedPort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}
