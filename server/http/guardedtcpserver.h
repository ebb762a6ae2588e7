#pragma once

#include "http/httprequest.h"
#include "http/requesthead.h"

#include <QHash>
#include <QMap>
#include <QSet>
#include <QTcpServer>
#include <QTimer>

#include <chrono>
#include <functional>

class HttpConnection;
class TlsContext;

// Guards every request before a route sees it. The server accepts each socket itself, judges
// what has arrived with peek() (nothing is consumed) and RequestHead::check, and only once
// the head is complete and valid and the whole body, within its limit, has arrived does it
// read exactly that request off the socket and hand it to the handler (HttpServer) as an
// HttpRequest built from its own parse. Everything else gets a short JSON answer and the
// connection closes:
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
// Every request is guarded, not only the first (HTTP/1.1 persistent connections): once the
// answer to a kept connection's request is all with the kernel, the handler calls resume(),
// and the next request (pipelined, or sent later) meets the same checks, timeout,
// classification and cap as a first one. One request at a time: the next is not read before
// this one's answer is out (a publish is answered once stored), so answers come in order,
// and a client that does not read its answers is never asked for more. What it sends ahead
// meanwhile waits in a read buffer bounded by the check's window. A kept connection waits
// idle for at most idleTimeout, and takes at most maxRequestsPerConnection requests (the
// handler says "Connection: close" on the last answer). A stream is release()d: it sends no
// more requests, and nothing here times it out; a quiet SSE stream lives as long as its
// client wants.
//
// Readers cannot lock out the publisher: maxConnections counts anonymous readers only. A
// request the Privileged check accepts (the HTTP server's: the valid publish token, and
// /api/health) is decided as soon as its head is read and may use `reserve` connections
// beyond the cap; a kept connection counts as what its latest request was. To keep that room
// free whatever readers do, a connection that would pass maxConnections + reserve first makes
// room: it resets one that was already refused and is only draining, else the kept
// connection idle for longest, else the oldest one still sending its head (a slow client, or
// a slowloris), and is refused itself only when every connection is a served reader or
// privileged.
class GuardedTcpServer final : public QTcpServer
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GuardedTcpServer)

public:
    struct Limits
    {
        RequestHead::Limits head;
        std::chrono::milliseconds requestTimeout { std::chrono::seconds(10) };
        // A photo with the publish token (RequestHead::isUpload) may take longer: 10 MB over
        // a stadium's 1 Mbit/s uplink is 80 s.
        std::chrono::milliseconds uploadTimeout { std::chrono::seconds(120) };
        // How long a kept connection may wait for its next request. A publisher sending
        // every few seconds (a match's commentary, the demo ticker) keeps its connection,
        // and an idle one gives its slot back soon; past the cap, idle ones go first anyway.
        // nginx's keepalive_timeout is 75 s by default, but that is for a server with no
        // readers to share its slots with.
        std::chrono::milliseconds idleTimeout { std::chrono::seconds(15) };
        // Like nginx's keepalive_requests: past it the client opens a new connection, so no
        // connection's bookkeeping lives for ever.
        int maxRequestsPerConnection = 1000;
        // Anonymous readers (streams, pages, /api/state, …) beyond which a new one gets 503.
        int maxConnections = 10000;
        // Connections beyond that kept for privileged requests (publish, /api/health).
        int reserve = 32;
    };
    // Whether a request, judged by its complete head, may use the reserve.
    using Privileged = std::function<bool(const RequestHead::Result &head)>;
    // Answers a request that passed the guard. The answer then either closes the connection,
    // or calls resume() once it is all sent, or the socket becomes a stream (release()).
    using Handler = std::function<void(HttpConnection *socket, HttpRequest request)>;

    explicit GuardedTcpServer(const Limits &limits, QObject *parent = nullptr);
    ~GuardedTcpServer() override;

    void setPrivileged(Privileged privileged) { m_privileged = std::move(privileged); }
    void setHandler(Handler handler) { m_handler = std::move(handler); }
    // https: every accepted connection speaks TLS first (the handshake counts against the
    // same deadline as the request head, from the accept). Not owned; outlives the server.
    void setTls(const TlsContext *tls) { m_tls = tls; }
    // The answer on a kept connection is out: read and check its next request.
    void resume(HttpConnection *socket);
    // The connection is a stream from now on: no more requests are read from it here, and
    // the caller takes the socket. It is counted (as a reader) through setStreams().
    void release(HttpConnection *socket);

    // Every connection accepted and not yet closed, draining refusals included.
    int openConnections() const { return int(m_slots.size()) + streams(); }
    int readers() const { return m_readers + streams(); }
    // Streams are readers too, but once released they are their owner's to count.
    void setStreams(std::function<int()> streams) { m_streams = std::move(streams); }
    // Kept connections waiting for their next request.
    int idleConnections() const { return int(m_idle.size()); }

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    // Drains the kernel's accept queue every few requests (see the .cpp).
    void acceptBetweenRequests();
    // What a connection counts as, from accept until its socket is destroyed.
    enum class Slot { Reader, Privileged, Closing };
    // Where a guarded connection is: sending a request, waiting for its answer, or kept.
    enum class Phase { Reading, Serving, Idle };
    struct Connection
    {
        quint64 order = 0; // its key in m_reading and m_evictable (Reading) or m_idle (Idle)
        // When it began Reading or Idle: its deadline is a timeout past that.
        HttpRequest::Clock::time_point since;
        Phase phase = Phase::Reading;
        int requests = 0; // handed on so far
        bool continued = false; // "100 Continue" sent for this request
        bool classified = false; // this request's slot is decided
        HttpRequest::Clock::time_point headCompleteAt;
        // An upload being received: the bytes its request takes in all, which it waits for
        // before looking again (so a 10 MB body is not re-read at every packet); 0 otherwise.
        qsizetype awaiting = 0;
    };
    void watch(HttpConnection *socket);
    void startReading(HttpConnection *socket);
    void inspect(HttpConnection *socket);
    // Decides the slot once the head is read; false when it was refused for the cap.
    bool classify(HttpConnection *socket, const RequestHead::Result &head);
    // An upload's head is complete: from a client with the token, its body is awaited (a
    // larger read buffer, a longer deadline); from anyone else, refused before it is sent.
    // False when refused.
    bool admitUpload(HttpConnection *socket, const RequestHead::Result &head);
    void sendContinue(HttpConnection *socket);
    void handOver(HttpConnection *socket, const RequestHead::Result &head);
    void armDeadline(HttpRequest::Clock::time_point deadline);
    void expire();
    void timedOut(HttpConnection *socket);
    // Answers, stops sending, drains what the client still sends for a moment (so it reads
    // the answer instead of a reset), then closes.
    void reject(HttpConnection *socket, int status, const QString &message,
        const HttpResponse::Headers &headers = {});
    void refuseForTheCap(HttpConnection *socket);
    // Frees one connection for a newcomer past maxConnections + reserve; false if none can go.
    bool makeRoom();
    HttpConnection *victim();
    void forget(HttpConnection *socket);

    void track(HttpConnection *socket);
    void setSlot(HttpConnection *socket, Slot slot);
    void untrack(HttpConnection *socket);
    int &counter(Slot slot);

    const Limits m_limits;
    Privileged m_privileged;
    std::function<int()> m_streams;
    int m_handedOverSinceAccept = 0;
    int streams() const { return m_streams ? m_streams() : 0; }
    Handler m_handler;
    QHash<HttpConnection *, Connection> m_connections; // every connection under the guard
    QMap<quint64, HttpConnection *> m_reading; // reading a request: longest first
    QMap<quint64, HttpConnection *> m_evictable; // reading, not (yet) privileged: oldest first
    QMap<quint64, HttpConnection *> m_idle; // kept, waiting for a request: idle longest first
    QMap<quint64, HttpConnection *> m_uploads; // reading an admitted upload: longest first
    quint64 m_nextOrder = 0;
    QTimer m_deadlines; // the earliest deadline of m_reading's and m_idle's first entries
    HttpRequest::Clock::time_point m_armedFor;
    QHash<HttpConnection *, Slot> m_slots;
    QSet<HttpConnection *> m_closing;
    int m_readers = 0;
    int m_privilegedCount = 0;
    int m_closingCount = 0;
    const TlsContext *m_tls = nullptr;
};
