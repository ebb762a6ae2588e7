#include "http/qt64httpserverbridge.h"

#include <QAbstractHttpServer>
#include <QTcpSocket>

#include <sys/socket.h>

// Written against Qt 6.4's qabstracthttpserver.cpp (the hooks that adoptStream() and
// stopParsing() remove).
// On another Qt, read that file again, adjust this unit, then widen the check.
static_assert(QT_VERSION >= QT_VERSION_CHECK(6, 4, 0) && QT_VERSION < QT_VERSION_CHECK(6, 5, 0),
    "re-check qt64httpserverbridge.cpp against this Qt's QAbstractHttpServer");

namespace Qt64HttpServerBridge {

void adoptStream(QTcpSocket *socket)
{
    // readyRead goes from every receiver: the guard dropped its own at hand-over, and the HTTP
    // server is not the socket's parent (the guard is), so naming a receiver here once missed
    // it. Left connected, it also made the HTTP server a receiver of every open stream, and
    // Qt's sender() (which QHttpServer calls on each new connection) walks that whole list.
    QObject::disconnect(socket, &QIODevice::readyRead, nullptr, nullptr);
    QObject::disconnect(socket, &QAbstractSocket::disconnected, socket, nullptr);
}

void stopParsing(QAbstractHttpServer *server, QTcpSocket *socket)
{
    // Qt 6.4 connects readyRead to a lambda whose context is the server (in
    // QAbstractHttpServer::handleNewConnections); that lambda is its whole parser.
    QObject::disconnect(socket, &QIODevice::readyRead, server, nullptr);
    QObject::connect(socket, &QIODevice::readyRead, socket,
        [socket] { socket->skip(socket->bytesAvailable()); });
    socket->skip(socket->bytesAvailable());
}

qsizetype sendNow(QTcpSocket *socket, QByteArrayView bytes)
{
    const ssize_t sent = ::send(int(socket->socketDescriptor()), bytes.data(), size_t(bytes.size()),
        MSG_NOSIGNAL | MSG_DONTWAIT);
    return sent > 0 ? qsizetype(sent) : 0;
}

void shutdownWrite(QTcpSocket *socket)
{
    ::shutdown(int(socket->socketDescriptor()), SHUT_WR);
}

} // namespace Qt64HttpServerBridge
