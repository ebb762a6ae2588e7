#pragma once

#include "http/requesthead.h"

#include <QHash>
#include <QTcpServer>

#include <chrono>

class QTcpSocket;
class QTimer;

// Guards every connection before QHttpServer sees it. Qt 6.4's QHttpServer buffers whatever
// a client sends, however large and however slowly, so this server accepts the socket
// itself, judges what has arrived with peek() (nothing is consumed) and RequestHead::check,
// and only hands the socket on (addPendingConnection) once the head is complete and valid and
// the whole body, within its limit, has arrived. Everything else gets a short JSON answer and
// the connection closes:
//   - a head over maxHeadBytes: 431; a Content-Length over maxBodyBytes: 413, decided from
//     the header alone, before a byte of the body is read;
//   - not complete within requestTimeout (slowloris): 408;
//   - more open connections than maxConnections: 503 with Retry-After (open streams stay);
//   - garbage, a bad request line or header, bad percent-encoding, a //authority target,
//     HTTP/1.1 without Host: 400; a method this server does not know: 405; a body without
//     Content-Length (chunked): 411; an HTTP version other than 1.0 and 1.1: 505; a
//     WebSocket upgrade: 501; an expectation other than 100-continue: 417.
// A client that sent "Expect: 100-continue" is told "100 Continue" once its head has passed,
// so it sends the body at once instead of after its own timeout.
// Once handed on, a connection is never timed out here: a quiet SSE stream lives as long as
// its client wants. Only the request checked here is ever parsed on it (HttpServer).
class GuardedTcpServer final : public QTcpServer
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GuardedTcpServer)

public:
    struct Limits
    {
        RequestHead::Limits head;
        std::chrono::milliseconds requestTimeout { std::chrono::seconds(10) };
        int maxConnections = 10000;
    };

    explicit GuardedTcpServer(Limits limits, QObject *parent = nullptr);
    ~GuardedTcpServer() override;

    int openConnections() const { return m_open; }

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    struct Pending
    {
        QTimer *timer = nullptr;
        bool continued = false; // "100 Continue" sent
    };
    void inspect(QTcpSocket *socket);
    void sendContinue(QTcpSocket *socket);
    void handOver(QTcpSocket *socket);
    // Answers, stops sending, drains what the client still sends for a moment (so it reads
    // the answer instead of a reset), then closes.
    void reject(QTcpSocket *socket, int status, const QString &message,
        const HttpResponse::Headers &headers = {});
    void track(QTcpSocket *socket);

    const Limits m_limits;
    QHash<QTcpSocket *, Pending> m_pending;
    int m_open = 0;
};
