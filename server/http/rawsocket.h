#pragma once

#include <QByteArrayView>
#include <QtGlobal>

class QTcpSocket;

// The two things LiveDesk does to a QTcpSocket's descriptor behind QAbstractSocket's back,
// in one place. Neither leans on Qt's internals: each only needs QAbstractSocket's documented
// buffering (nothing queued when bytesToWrite() is 0). LiveDesk no longer uses QHttpServer
// at all: requests are built from the guard's own parse (GuardedTcpServer, HttpRequest), so
// there is no Qt-version-specific unit left to re-check on an upgrade.
namespace RawSocket {

// Hands bytes straight to the kernel when nothing is queued in Qt's write buffer (the caller
// checks), bypassing QAbstractSocket: one send() and no write notifier, no event-loop pass
// and no bytesWritten per client per event. Returns how many bytes the kernel took (0 when
// it would block or failed; Qt then queues the rest, or reports the error, as usual).
qsizetype sendNow(QTcpSocket *socket, QByteArrayView bytes);

// Stops sending on a socket (TCP FIN) while it can still read, so that an answer is read
// before the connection closes instead of being lost to a reset. QAbstractSocket has no
// half-close.
void shutdownWrite(QTcpSocket *socket);

} // namespace RawSocket
