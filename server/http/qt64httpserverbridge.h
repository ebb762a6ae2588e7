#pragma once

#include <QByteArrayView>
#include <QtGlobal>

class QAbstractHttpServer;
class QTcpSocket;

// Everything in LiveDesk that leans on how Qt 6.4's QAbstractHttpServer and QTcpSocket work
// inside, fenced in one unit so that a Qt upgrade is one file to re-check (the .cpp refuses
// to build on another minor version until someone has). Qt 6.8 adds a streaming responder
// (QHttpServerResponder::writeBeginChunked) that would replace adoptStream().
namespace Qt64HttpServerBridge {

// Takes a socket that QAbstractHttpServer handed to handleRequest() away from it, for a
// stream that owns the socket from now on. Qt 6.4 keeps two hooks on every socket: a
// readyRead handler (context: the HTTP server) that would parse the subscriber's next bytes
// as a new request and answer it into the stream, and a disconnected handler (context: the
// socket) that deleteLater()s it. Both go; the destroyed() hook that frees Qt's request
// object stays.
void adoptStream(QTcpSocket *socket);

// Stops `server` parsing `socket` after the request it has just handed to handleRequest():
// one request per connection (every answer says "Connection: close", and only the first
// request on a connection passed the guard). Qt 6.4 would go on parsing whatever follows it (a
// pipelined request, a chunked body) and call handleRequest() again: its reader is a readyRead
// connection whose context is the HTTP server, and it goes. Whatever else the client sends is
// read and dropped, so it cannot fill memory. RFC 9112 §9.6: a server that sends "close" must
// not process further requests; a pipelining client resends the unanswered ones on a new
// connection, through the guard.
void stopParsing(QAbstractHttpServer *server, QTcpSocket *socket);

// Hands bytes straight to the kernel when nothing is queued in Qt's write buffer (the caller
// checks), bypassing QAbstractSocket: one send() and no write notifier, no event-loop pass
// and no bytesWritten per client per event. Returns how many bytes the kernel took (0 when
// it would block or failed; Qt then queues the rest, or reports the error, as usual).
qsizetype sendNow(QTcpSocket *socket, QByteArrayView bytes);

// Stops sending on a socket (TCP FIN) while it can still read, so that an answer is read
// before the connection closes instead of being lost to a reset. QAbstractSocket has no
// half-close.
void shutdownWrite(QTcpSocket *socket);

} // namespace Qt64HttpServerBridge
