#include "http/guardedtcpserver.h"

#include "http/httpconnection.h"
#include "http/httpresponse.h"
#include "http/logging.h"
#include "http/tlschannel.h"
#include "http/tlscontext.h"

#include <unistd.h>

using namespace Qt::StringLiterals;

GuardedTcpServer::GuardedTcpServer(const Limits &limits, QObject *parent)
    : QTcpServer(parent)
    , m_limits(limits)
    , m_deadlines(this)
{
    m_deadlines.setSingleShot(true);
    connect(&m_deadlines, &QTimer::timeout, this, &GuardedTcpServer::expire);
}

GuardedTcpServer::~GuardedTcpServer()
{
    // Every connection still tracked is ours (a released stream is no longer tracked).
    const QList<HttpConnection *> connections = m_slots.keys();
    for (HttpConnection *socket : connections)
        QObject::disconnect(socket, nullptr, this, nullptr);
    m_connections.clear();
    qDeleteAll(connections);
}

int &GuardedTcpServer::counter(Slot slot)
{
    switch (slot) {
    case Slot::Privileged:
        return m_privilegedCount;
    case Slot::Closing:
        return m_closingCount;
    case Slot::Reader:
        break;
    }
    return m_readers;
}

void GuardedTcpServer::track(HttpConnection *socket)
{
    m_slots.insert(socket, Slot::Reader);
    ++m_readers;
    // Counted until the socket object dies, whoever owns it by then (a stream reparents it).
    connect(socket, &QObject::destroyed, this, [this, socket] { untrack(socket); });
}

void GuardedTcpServer::setSlot(HttpConnection *socket, Slot slot)
{
    const auto it = m_slots.find(socket);
    if (it == m_slots.end() || *it == slot)
        return;
    --counter(*it);
    ++counter(slot);
    if (*it == Slot::Closing)
        m_closing.remove(socket);
    if (slot == Slot::Closing)
        m_closing.insert(socket);
    *it = slot;
}

void GuardedTcpServer::untrack(HttpConnection *socket)
{
    const auto it = m_slots.constFind(socket);
    if (it == m_slots.cend())
        return;
    --counter(*it);
    m_closing.remove(socket);
    m_slots.erase(it);
}

void GuardedTcpServer::incomingConnection(qintptr descriptor)
{
    // No QObject parent: the guard owns it through m_slots (see the destructor), and a
    // parent's child list would be searched on every delete, a stadium's worth long.
    std::unique_ptr<TlsChannel> tls = m_tls ? m_tls->accept(int(descriptor)) : nullptr;
    if (m_tls && !tls) {
        qCWarning(lcHttp) << "cannot set up TLS for a new connection (out of memory?)";
        ::close(int(descriptor));
        return;
    }
    auto *socket = new HttpConnection(int(descriptor), std::move(tls));
    // What a client sends ahead of its turn (pipelined behind a publish being stored) waits
    // in the kernel beyond what the check can look at, not in our memory.
    socket->setReadBufferSize(RequestHead::window(m_limits.head));
    track(socket);
    if (openConnections() > m_limits.maxConnections + m_limits.reserve && !makeRoom()) {
        refuseForTheCap(socket);
        return;
    }
    watch(socket);
}

HttpConnection *GuardedTcpServer::victim()
{
    if (!m_closing.isEmpty())
        return *m_closing.cbegin(); // already answered: it loses only its drain
    if (!m_idle.isEmpty()) {
        // Between requests nothing is lost: its client opens a new connection when it has
        // something to ask (RFC 9112 §9.3.1 has it ready for that).
        qCDebug(lcHttp).noquote() << "no room for a new connection: resetting the kept"
                                  << "connection idle for longest, from"
                                  << m_idle.first()->peerAddress().toString();
        return m_idle.first();
    }
    if (!m_evictable.isEmpty()) {
        qCInfo(lcHttp).noquote() << "no room for a new connection: resetting the oldest one"
                                 << "still sending its request, from"
                                 << m_evictable.first()->peerAddress().toString();
        return m_evictable.first();
    }
    return nullptr;
}

bool GuardedTcpServer::makeRoom()
{
    HttpConnection *socket = victim();
    if (!socket)
        return false;
    forget(socket);
    untrack(socket);
    QObject::disconnect(socket, nullptr, this, nullptr);
    socket->abort();
    socket->deleteLater();
    return true;
}

void GuardedTcpServer::refuseForTheCap(HttpConnection *socket)
{
    reject(socket, 503,
        u"the server is at its limit of %1 connections; try again shortly"_s.arg(
            m_limits.maxConnections),
        { { "Retry-After", "5" } });
}

void GuardedTcpServer::watch(HttpConnection *socket)
{
    m_connections.insert(socket, Connection());
    connect(socket, &HttpConnection::readyRead, this, [this, socket] { inspect(socket); });
    connect(socket, &HttpConnection::disconnected, this, [this, socket] {
        if (m_connections.contains(socket)) {
            forget(socket);
            socket->deleteLater();
        }
    });
    startReading(socket);
}

void GuardedTcpServer::startReading(HttpConnection *socket)
{
    Connection &connection = m_connections[socket];
    m_idle.remove(connection.order);
    connection.phase = Phase::Reading;
    connection.continued = false;
    connection.classified = false;
    connection.awaiting = 0;
    connection.order = m_nextOrder++;
    connection.since = HttpRequest::Clock::now();
    m_reading.insert(connection.order, socket);
    m_evictable.insert(connection.order, socket);
    armDeadline(connection.since + m_limits.requestTimeout);
}

// One timer for every connection's deadline, not one per connection (a QTimer is an object,
// a registration with the event loop and a signal connection each). Every connection that
// is reading waits at most requestTimeout, every kept one at most idleTimeout, so each of
// m_reading and m_idle is ordered by deadline too: only their first entries can be due.
void GuardedTcpServer::armDeadline(HttpRequest::Clock::time_point deadline)
{
    if (m_deadlines.isActive() && m_armedFor <= deadline)
        return; // it wakes up in time, and looks again then
    m_armedFor = deadline;
    const auto wait
        = std::chrono::ceil<std::chrono::milliseconds>(deadline - HttpRequest::Clock::now());
    m_deadlines.start(std::max(wait, std::chrono::milliseconds(0)));
}

void GuardedTcpServer::expire()
{
    const auto now = HttpRequest::Clock::now();
    QList<HttpConnection *> due;
    for (HttpConnection *socket : std::as_const(m_reading)) {
        if (m_connections.value(socket).since + m_limits.requestTimeout > now)
            break;
        due.append(socket);
    }
    for (HttpConnection *socket : std::as_const(m_idle)) {
        if (m_connections.value(socket).since + m_limits.idleTimeout > now)
            break;
        due.append(socket);
    }
    for (HttpConnection *socket : std::as_const(m_uploads)) {
        if (m_connections.value(socket).since + m_limits.uploadTimeout > now)
            break;
        due.append(socket);
    }
    for (HttpConnection *socket : std::as_const(due))
        timedOut(socket);
    if (!m_reading.isEmpty())
        armDeadline(m_connections.value(m_reading.first()).since + m_limits.requestTimeout);
    if (!m_idle.isEmpty())
        armDeadline(m_connections.value(m_idle.first()).since + m_limits.idleTimeout);
    if (!m_uploads.isEmpty())
        armDeadline(m_connections.value(m_uploads.first()).since + m_limits.uploadTimeout);
}

void GuardedTcpServer::timedOut(HttpConnection *socket)
{
    const auto it = m_connections.constFind(socket);
    if (it == m_connections.cend())
        return;
    if (it->phase == Phase::Reading && !socket->isHandshakeDone()) {
        // A TLS handshake that never finished (the slowloris of https): nothing could be
        // answered in a language the client has agreed to, so it is just closed.
        qCDebug(lcHttp).noquote() << "TLS handshake unfinished after"
                                  << m_limits.requestTimeout.count() << "ms: closing";
        socket->abort();
    } else if (it->phase == Phase::Reading) {
        const auto limit = it->awaiting > 0 ? m_limits.uploadTimeout : m_limits.requestTimeout;
        reject(socket, 408, u"the request did not arrive within %1 ms"_s.arg(limit.count()));
    } else if (it->phase == Phase::Idle) {
        // Nothing was asked, so nothing is answered (RFC 9112 §9.5); the client was told
        // the timeout in Keep-Alive. Closing emits disconnected: forgotten and deleted there.
        socket->disconnectFromHost();
    }
}

void GuardedTcpServer::forget(HttpConnection *socket)
{
    const auto it = m_connections.constFind(socket);
    if (it == m_connections.cend())
        return;
    m_reading.remove(it->order);
    m_evictable.remove(it->order);
    m_idle.remove(it->order);
    m_uploads.remove(it->order);
    m_connections.erase(it);
}

void GuardedTcpServer::inspect(HttpConnection *socket)
{
    const auto it = m_connections.find(socket);
    // Serving: the next request waits for this one's answer (it is not even looked at).
    if (it == m_connections.end() || it->phase == Phase::Serving)
        return;
    if (it->phase == Phase::Idle)
        startReading(socket);
    if (it->awaiting > 0 && socket->bytesAvailable() < it->awaiting)
        return;
    const qsizetype window = it->awaiting > 0 ? it->awaiting : RequestHead::window(m_limits.head);
    const QByteArray bytes = socket->peek(qMin<qint64>(socket->bytesAvailable(), window));
    const RequestHead::Result result = RequestHead::check(bytes, m_limits.head);
    if (result.headComplete && !classify(socket, result))
        return;
    if (result.upload && result.verdict == RequestHead::Verdict::Incomplete
        && !admitUpload(socket, result))
        return;
    switch (result.verdict) {
    case RequestHead::Verdict::Incomplete:
        if (result.expectsContinue)
            sendContinue(socket);
        return; // wait for more (the timer bounds how long)
    case RequestHead::Verdict::Reject:
        reject(socket, result.status, result.message, result.headers);
        return;
    case RequestHead::Verdict::Complete:
        handOver(socket, result);
        return;
    }
}

bool GuardedTcpServer::classify(HttpConnection *socket, const RequestHead::Result &head)
{
    Connection &connection = m_connections[socket];
    if (connection.classified)
        return true;
    connection.classified = true;
    connection.headCompleteAt = HttpRequest::Clock::now();
    if (m_privileged && m_privileged(head)) {
        // Out of the readers' count, and never evicted for a newcomer.
        m_evictable.remove(connection.order);
        setSlot(socket, Slot::Privileged);
        return true;
    }
    // A kept connection whose last request was privileged is a reader again.
    setSlot(socket, Slot::Reader);
    if (readers() > m_limits.maxConnections) {
        refuseForTheCap(socket);
        return false;
    }
    return true;
}

bool GuardedTcpServer::admitUpload(HttpConnection *socket, const RequestHead::Result &head)
{
    Connection &connection = m_connections[socket];
    if (connection.awaiting > 0)
        return true;
    if (!m_privileged || !m_privileged(head)) {
        reject(socket, 401,
            u"uploading a photo needs the publish token (Authorization: Bearer <token>)"_s,
            { { "WWW-Authenticate", "Bearer" } });
        return false;
    }
    connection.awaiting = head.headBytes + qsizetype(head.contentLength);
    socket->setReadBufferSize(connection.awaiting);
    // Its own deadline: out of m_reading, whose entries all share requestTimeout.
    m_reading.remove(connection.order);
    m_uploads.insert(connection.order, socket);
    armDeadline(connection.since + m_limits.uploadTimeout);
    return true;
}

void GuardedTcpServer::sendContinue(HttpConnection *socket)
{
    Connection &connection = m_connections[socket];
    if (connection.continued)
        return;
    connection.continued = true;
    // An interim answer (RFC 9110 §15.2.1): the final one follows once the body is checked.
    socket->write("HTTP/1.1 100 Continue\r\n\r\n");
}

void GuardedTcpServer::handOver(HttpConnection *socket, const RequestHead::Result &head)
{
    Connection &connection = m_connections[socket];
    m_reading.remove(connection.order);
    m_evictable.remove(connection.order);
    if (connection.awaiting > 0) {
        m_uploads.remove(connection.order);
        connection.awaiting = 0;
        socket->setReadBufferSize(RequestHead::window(m_limits.head));
    }
    connection.phase = Phase::Serving;
    ++connection.requests;
    // Exactly the bytes the check judged: whatever follows stays for the next check.
    HttpRequest request
        = HttpRequest::fromHead(head, socket->read(head.length), socket->peerAddress());
    request.keepAlive
        = request.keepAlive && connection.requests < m_limits.maxRequestsPerConnection;
    request.headCompleteAt = connection.headCompleteAt;
    if (!m_handler) {
        reject(socket, 503, u"the server is not ready to answer requests"_s);
        return;
    }
    // It may answer and close, release the socket to a stream, or answer later (a publish).
    m_handler(socket, std::move(request));
    acceptBetweenRequests();
}

// In a burst (a stadium reconnecting at once) the event loop can be busy with thousands of
// requests before it gets back to the listening socket, and the kernel's accept queue
// (somaxconn, 4,096 here) overflows: every connection past it waits a 1 s, then 3 s, SYN
// retransmit. So every few requests the queue is drained from here as well.
void GuardedTcpServer::acceptBetweenRequests()
{
    if (++m_handedOverSinceAccept < 32)
        return;
    m_handedOverSinceAccept = 0;
    waitForNewConnection(0);
}

void GuardedTcpServer::resume(HttpConnection *socket)
{
    const auto it = m_connections.find(socket);
    if (it == m_connections.end() || it->phase != Phase::Serving)
        return;
    if (socket->bytesAvailable() > 0) { // pipelined: its turn now, and no readyRead will say so
        startReading(socket);
        inspect(socket);
        return;
    }
    it->phase = Phase::Idle;
    it->order = m_nextOrder++;
    it->since = HttpRequest::Clock::now();
    m_idle.insert(it->order, socket);
    armDeadline(it->since + m_limits.idleTimeout);
}

void GuardedTcpServer::release(HttpConnection *socket)
{
    // The stream's owner counts it from here (setStreams): the socket itself goes away.
    forget(socket);
    untrack(socket);
    QObject::disconnect(socket, nullptr, this, nullptr);
}

void GuardedTcpServer::reject(HttpConnection *socket, int status, const QString &message,
    const HttpResponse::Headers &headers)
{
    forget(socket);
    // No longer a reader or privileged: what is left is a short drain, the first thing to
    // go when a newcomer needs the room.
    setSlot(socket, Slot::Closing);
    qCInfo(lcHttp).noquote() << status << "from" << socket->peerAddress().toString() << "-"
                             << message;
    socket->write(HttpResponse::error(status, message, headers).serialize());
    // Stop sending, but keep reading (and dropping) for a moment: closing with unread data
    // would send a reset, and the client might never see the answer.
    socket->shutdownWrite();
    QObject::disconnect(socket, &HttpConnection::readyRead, this, nullptr);
    connect(socket, &HttpConnection::readyRead, socket,
        [socket] { socket->skip(socket->bytesAvailable()); });
    socket->skip(socket->bytesAvailable());
    connect(socket, &HttpConnection::disconnected, socket, &QObject::deleteLater);
    QTimer::singleShot(2000, socket, [socket] {
        socket->abort();
        socket->deleteLater();
    });
}
