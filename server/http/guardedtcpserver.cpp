#include "http/guardedtcpserver.h"

#include "http/httpresponse.h"
#include "http/logging.h"
#include "http/qt64httpserverbridge.h"

#include <QTcpSocket>
#include <QTimer>

using namespace Qt::StringLiterals;

GuardedTcpServer::GuardedTcpServer(Limits limits, QObject *parent)
    : QTcpServer(parent)
    , m_limits(limits)
{ }

GuardedTcpServer::~GuardedTcpServer() = default;

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

void GuardedTcpServer::track(QTcpSocket *socket)
{
    m_slots.insert(socket, Slot::Reader);
    ++m_readers;
    // Counted until the socket object dies, whoever owns it by then (a stream reparents it).
    connect(socket, &QObject::destroyed, this, [this, socket] { untrack(socket); });
}

void GuardedTcpServer::setSlot(QTcpSocket *socket, Slot slot)
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

void GuardedTcpServer::untrack(QTcpSocket *socket)
{
    const auto it = m_slots.find(socket);
    if (it == m_slots.end())
        return;
    --counter(*it);
    m_closing.remove(socket);
    m_slots.erase(it);
}

void GuardedTcpServer::incomingConnection(qintptr descriptor)
{
    auto *socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        return;
    }
    track(socket);
    if (openConnections() > m_limits.maxConnections + m_limits.reserve && !makeRoom()) {
        refuseForTheCap(socket);
        return;
    }
    watch(socket);
}

bool GuardedTcpServer::makeRoom()
{
    QTcpSocket *victim = nullptr;
    if (!m_closing.isEmpty()) {
        victim = *m_closing.cbegin(); // already answered: it loses only its drain
    } else if (!m_evictable.isEmpty()) {
        victim = m_evictable.first();
        qCInfo(lcHttp).noquote() << "no room for a new connection: resetting the oldest one"
                                 << "still sending its request, from"
                                 << victim->peerAddress().toString();
    } else {
        return false;
    }
    forgetPending(victim);
    untrack(victim);
    QObject::disconnect(victim, nullptr, this, nullptr);
    victim->abort();
    victim->deleteLater();
    return true;
}

void GuardedTcpServer::refuseForTheCap(QTcpSocket *socket)
{
    reject(socket, 503,
        u"the server is at its limit of %1 connections; try again shortly"_s.arg(
            m_limits.maxConnections),
        { { "Retry-After", "5" } });
}

void GuardedTcpServer::watch(QTcpSocket *socket)
{
    Pending pending;
    pending.order = m_nextOrder++;
    pending.timer = new QTimer(socket);
    pending.timer->setSingleShot(true);
    connect(pending.timer, &QTimer::timeout, socket, [this, socket] {
        reject(socket, 408,
            u"the request did not arrive within %1 ms"_s.arg(m_limits.requestTimeout.count()));
    });
    pending.timer->start(m_limits.requestTimeout);
    m_pending.insert(socket, pending);
    m_evictable.insert(pending.order, socket);
    connect(socket, &QIODevice::readyRead, this, [this, socket] { inspect(socket); });
    connect(socket, &QAbstractSocket::disconnected, this, [this, socket] {
        if (m_pending.contains(socket)) {
            forgetPending(socket);
            socket->deleteLater();
        }
    });
}

void GuardedTcpServer::forgetPending(QTcpSocket *socket)
{
    const auto it = m_pending.find(socket);
    if (it == m_pending.end())
        return;
    m_evictable.remove(it->order);
    delete it->timer;
    m_pending.erase(it);
}

void GuardedTcpServer::inspect(QTcpSocket *socket)
{
    if (!m_pending.contains(socket))
        return;
    const QByteArray bytes
        = socket->peek(qMin<qint64>(socket->bytesAvailable(), RequestHead::window(m_limits.head)));
    const RequestHead::Result result = RequestHead::check(bytes, m_limits.head);
    if (result.headComplete && !classify(socket, result))
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
        handOver(socket);
        return;
    }
}

bool GuardedTcpServer::classify(QTcpSocket *socket, const RequestHead::Result &head)
{
    Pending &pending = m_pending[socket];
    if (pending.classified)
        return true;
    pending.classified = true;
    if (m_privileged && m_privileged(head)) {
        // Out of the readers' count, and never evicted for a newcomer.
        m_evictable.remove(pending.order);
        setSlot(socket, Slot::Privileged);
        return true;
    }
    if (m_readers > m_limits.maxConnections) {
        refuseForTheCap(socket);
        return false;
    }
    return true;
}

void GuardedTcpServer::sendContinue(QTcpSocket *socket)
{
    Pending &pending = m_pending[socket];
    if (pending.continued)
        return;
    pending.continued = true;
    // An interim answer (RFC 9110 §15.2.1): the final one follows once the body is checked.
    socket->write("HTTP/1.1 100 Continue\r\n\r\n");
}

void GuardedTcpServer::handOver(QTcpSocket *socket)
{
    forgetPending(socket);
    QObject::disconnect(socket, nullptr, this, nullptr);
    connect(socket, &QObject::destroyed, this, [this, socket] { untrack(socket); });
    // QAbstractHttpServer takes it from here: pendingConnectionAvailable reaches it directly
    // (same thread), and it hooks its reader to readyRead. The request is already buffered,
    // so the reader is nudged at once. Not queued: in a burst of 10,000 connects the queue
    // held thousands of handed-over sockets, each hooked to the HTTP server, and Qt 6.4's
    // QAbstractHttpServer calls sender(), which walks that list, on every new connection.
    // Handled now, a stream is adopted (unhooked) or a request answered before the next
    // socket is looked at. We are inside the guard's own readyRead handler, which was
    // disconnected above and does nothing with the socket afterwards.
    addPendingConnection(socket);
    Q_EMIT socket->readyRead();
}

void GuardedTcpServer::reject(
    QTcpSocket *socket, int status, const QString &message, const HttpResponse::Headers &headers)
{
    forgetPending(socket);
    // No longer a reader or privileged: what is left is a short drain, the first thing to
    // go when a newcomer needs the room.
    setSlot(socket, Slot::Closing);
    qCInfo(lcHttp).noquote() << status << "from" << socket->peerAddress().toString() << "-"
                             << message;
    socket->write(HttpResponse::error(status, message, headers).serialize());
    socket->flush();
    // Stop sending, but keep reading (and dropping) for a moment: closing with unread data
    // would send a reset, and the client might never see the answer.
    Qt64HttpServerBridge::shutdownWrite(socket);
    QObject::disconnect(socket, &QIODevice::readyRead, this, nullptr);
    connect(socket, &QIODevice::readyRead, socket,
        [socket] { socket->skip(socket->bytesAvailable()); });
    connect(socket, &QAbstractSocket::disconnected, socket, &QObject::deleteLater);
    QTimer::singleShot(2000, socket, [socket] {
        socket->abort();
        socket->deleteLater();
    });
}
