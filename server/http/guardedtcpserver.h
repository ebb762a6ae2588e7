#pragma once

#include "http/requesthead.h"

#include <QHash>
#include <QMap>
#include <QSet>
#include <QTcpServer>

#include <chrono>
#include <functional>

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
//   - an anonymous reader past maxConnections: 503 with Retry-After (open streams stay);
//   - garbage, a bad request line or header, bad percent-encoding, a //authority target,
//     HTTP/1.1 without Host: 400; a method this server does not know: 405; a body without
//     Content-Length (chunked): 411; an HTTP version other than 1.0 and 1.1: 505; a
//     WebSocket upgrade: 501; an expectation other than 100-continue: 417.
// A client that sent "Expect: 100-continue" is told "100 Continue" once its head has passed,
// so it sends the body at once instead of after its own timeout.
//
// Readers cannot lock out the publisher: maxConnections counts anonymous readers only. A
// request the Privileged check accepts (the HTTP server's: the valid publish token, and
// /api/health) is decided as soon as its head is read and may use `reserve` connections
// beyond the cap. To keep that room free whatever readers do, a connection that would pass
// maxConnections + reserve first makes room: it resets one that was already refused and is
// only draining, else the oldest one still sending its head (a slow client, or a slowloris),
// and is refused itself only when every connection is a served reader or privileged.
//
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
        // Anonymous readers (streams, pages, /api/state, …) beyond which a new one gets 503.
        int maxConnections = 10000;
        // Connections beyond that kept for privileged requests (publish, /api/health).
        int reserve = 32;
    };
    // Whether a request, judged by its complete head, may use the reserve.
    using Privileged = std::function<bool(const RequestHead::Result &head)>;

    explicit GuardedTcpServer(Limits limits, QObject *parent = nullptr);
    ~GuardedTcpServer() override;

    void setPrivileged(Privileged privileged) { m_privileged = std::move(privileged); }
    // Every connection accepted and not yet closed, draining refusals included.
    int openConnections() const { return int(m_slots.size()); }
    int readers() const { return m_readers; }

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    // What a connection counts as, from accept until its socket is destroyed.
    enum class Slot { Reader, Privileged, Closing };
    struct Pending
    {
        QTimer *timer = nullptr;
        quint64 order = 0; // accept order: the oldest is evicted first
        bool continued = false; // "100 Continue" sent
        bool classified = false;
    };
    void watch(QTcpSocket *socket);
    void inspect(QTcpSocket *socket);
    // Decides the slot once the head is read; false when it was refused for the cap.
    bool classify(QTcpSocket *socket, const RequestHead::Result &head);
    void sendContinue(QTcpSocket *socket);
    void handOver(QTcpSocket *socket);
    // Answers, stops sending, drains what the client still sends for a moment (so it reads
    // the answer instead of a reset), then closes.
    void reject(QTcpSocket *socket, int status, const QString &message,
        const HttpResponse::Headers &headers = {});
    void refuseForTheCap(QTcpSocket *socket);
    // Frees one connection for a newcomer past maxConnections + reserve; false if none can go.
    bool makeRoom();
    void forgetPending(QTcpSocket *socket);

    void track(QTcpSocket *socket);
    void setSlot(QTcpSocket *socket, Slot slot);
    void untrack(QTcpSocket *socket);
    int &counter(Slot slot);

    const Limits m_limits;
    Privileged m_privileged;
    QHash<QTcpSocket *, Pending> m_pending;
    QMap<quint64, QTcpSocket *> m_evictable; // pending readers, oldest first
    quint64 m_nextOrder = 0;
    QHash<QTcpSocket *, Slot> m_slots;
    QSet<QTcpSocket *> m_closing;
    int m_readers = 0;
    int m_privilegedCount = 0;
    int m_closingCount = 0;
};
