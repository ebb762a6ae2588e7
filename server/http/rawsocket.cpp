#include "http/rawsocket.h"

#include <QTcpSocket>

#include <sys/socket.h>

namespace RawSocket {

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

} // namespace RawSocket
