#include "guardedtcpserver.h"

#include "logging.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>
#include <QTimer>

#include <sys/socket.h>

using namespace Qt::StringLiterals;

namespace {

bool isToken(QByteArrayView s)
{
    if (s.isEmpty())
        return false;
    for (const char c : s) {
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
            || QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
        if (!ok)
            return false;
    }
    return true;
}

bool isHex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// Printable ASCII with every % followed by two hex digits.
bool isValidTarget(QByteArrayView target)
{
    if (target.isEmpty() || target.front() != '/')
        return false;
    for (qsizetype i = 0; i < target.size(); ++i) {
        const char c = target[i];
        if (c <= 0x20 || c >= 0x7f)
            return false;
        if (c == '%' && (i + 2 >= target.size() || !isHex(target[i + 1]) || !isHex(target[i + 2])))
            return false;
    }
    return true;
}

const QList<QByteArray> KnownMethods { "GET", "POST", "HEAD", "OPTIONS", "PUT", "DELETE", "PATCH" };

} // namespace

GuardedTcpServer::GuardedTcpServer(Limits limits, QObject *parent)
    : QTcpServer(parent)
    , m_limits(limits)
{ }

GuardedTcpServer::~GuardedTcpServer() = default;

void GuardedTcpServer::track(QTcpSocket *socket)
{
    ++m_open;
    // Counted until the socket object dies, whoever owns it by then (a stream reparents it).
    connect(socket, &QObject::destroyed, this, [this] { --m_open; });
}

void GuardedTcpServer::incomingConnection(qintptr descriptor)
{
    auto *socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        return;
    }
    track(socket);
    if (m_open > m_limits.maxConnections) {
        reject(socket, 503, "Service Unavailable",
            u"the server is at its limit of %1 connections; try again shortly"_s.arg(
                m_limits.maxConnections),
            "Retry-After: 5\r\n");
        return;
    }
    Pending pending;
    pending.timer = new QTimer(socket);
    pending.timer->setSingleShot(true);
    connect(pending.timer, &QTimer::timeout, socket, [this, socket] {
        reject(socket, 408, "Request Timeout",
            u"the request did not arrive within %1 ms"_s.arg(m_limits.requestTimeout.count()));
    });
    pending.timer->start(m_limits.requestTimeout);
    m_pending.insert(socket, pending);
    connect(socket, &QIODevice::readyRead, this, [this, socket] { inspect(socket); });
    connect(socket, &QAbstractSocket::disconnected, this, [this, socket] {
        if (m_pending.remove(socket))
            socket->deleteLater();
    });
}

void GuardedTcpServer::inspect(QTcpSocket *socket)
{
    if (!m_pending.contains(socket))
        return;
    const qsizetype limit = m_limits.maxHeadBytes + m_limits.maxBodyBytes + 1;
    const QByteArray bytes = socket->peek(qMin<qint64>(socket->bytesAvailable(), limit));

    // The request line can be judged as soon as its first word is there.
    const qsizetype space = bytes.indexOf(' ');
    const QByteArrayView method
        = QByteArrayView(bytes).first(space < 0 ? qMin<qsizetype>(bytes.size(), 17) : space);
    if ((space < 0 && bytes.size() > 16) || (!method.isEmpty() && !isToken(method))) {
        reject(socket, 400, "Bad Request", u"this is not an HTTP request"_s);
        return;
    }
    const qsizetype headEnd = bytes.indexOf("\r\n\r\n");
    if (headEnd < 0) {
        if (bytes.size() > m_limits.maxHeadBytes)
            reject(socket, 431, "Request Header Fields Too Large",
                u"the request line and headers are over %1 bytes"_s.arg(m_limits.maxHeadBytes));
        return; // wait for more (the timer bounds how long)
    }
    if (headEnd + 4 > m_limits.maxHeadBytes) {
        reject(socket, 431, "Request Header Fields Too Large",
            u"the request line and headers are over %1 bytes"_s.arg(m_limits.maxHeadBytes));
        return;
    }

    const QList<QByteArray> lines = bytes.first(headEnd).split('\n');
    const QList<QByteArray> requestLine = lines.constFirst().trimmed().split(' ');
    if (requestLine.size() != 3 || !requestLine.at(2).startsWith("HTTP/1.")
        || requestLine.at(2).size() != 8) {
        reject(socket, 400, "Bad Request", u"the request line is not \"METHOD /path HTTP/1.1\""_s);
        return;
    }
    if (!KnownMethods.contains(requestLine.at(0))) {
        reject(socket, 405, "Method Not Allowed",
            u"the method %1 is not supported"_s.arg(
                QString::fromLatin1(requestLine.at(0).left(16))),
            "Allow: GET, POST, HEAD, OPTIONS\r\n");
        return;
    }
    if (!isValidTarget(requestLine.at(1))) {
        reject(socket, 400, "Bad Request",
            u"the request target is not a valid, percent-encoded path"_s);
        return;
    }
    qint64 contentLength = 0;
    bool sawLength = false;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).endsWith('\r') ? lines.at(i).chopped(1) : lines.at(i);
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0 || !isToken(QByteArrayView(line).first(colon))) {
            reject(socket, 400, "Bad Request", u"a header line is malformed"_s);
            return;
        }
        const QByteArray name = line.first(colon).toLower();
        const QByteArray value = line.sliced(colon + 1).trimmed();
        if (name == "transfer-encoding") {
            reject(socket, 411, "Length Required",
                u"send the body with Content-Length; chunked bodies are not accepted"_s);
            return;
        }
        if (name == "content-length") {
            bool ok = !value.isEmpty() && value.size() <= 18;
            for (const char c : value)
                ok = ok && c >= '0' && c <= '9';
            const qint64 length = ok ? value.toLongLong(&ok) : -1;
            if (!ok || (sawLength && length != contentLength)) {
                reject(socket, 400, "Bad Request", u"the Content-Length header is invalid"_s);
                return;
            }
            if (length > m_limits.maxBodyBytes || value.size() > 18) {
                reject(socket, 413, "Payload Too Large",
                    u"the body is %1 bytes; at most %2 are accepted"_s
                        .arg(QString::fromLatin1(value.left(24)))
                        .arg(m_limits.maxBodyBytes));
                return;
            }
            contentLength = length;
            sawLength = true;
        }
    }
    if (socket->bytesAvailable() < headEnd + 4 + contentLength)
        return; // the body is on its way (bounded: limit and timer)
    handOver(socket);
}

void GuardedTcpServer::handOver(QTcpSocket *socket)
{
    const Pending pending = m_pending.take(socket);
    delete pending.timer;
    QObject::disconnect(socket, nullptr, this, nullptr);
    connect(socket, &QObject::destroyed, this, [this] { --m_open; });
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

void GuardedTcpServer::reject(QTcpSocket *socket, int status, const QByteArray &reason,
    const QString &message, const QByteArray &extraHeaders)
{
    if (const auto it = m_pending.find(socket); it != m_pending.end()) {
        delete it->timer;
        m_pending.erase(it);
    }
    ++m_rejected;
    qCInfo(lcHttp).noquote() << status << "from" << socket->peerAddress().toString() << "-"
                             << message;
    const QByteArray body
        = QJsonDocument(QJsonObject { { u"error"_s, message } }).toJson(QJsonDocument::Compact);
    socket->write("HTTP/1.1 " + QByteArray::number(status) + ' ' + reason
        + "\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size())
        + "\r\nAccess-Control-Allow-Origin: *\r\nConnection: close\r\n" + extraHeaders + "\r\n"
        + body);
    socket->flush();
    // Stop sending, but keep reading (and dropping) for a moment: closing with unread data
    // would send a reset, and the client might never see the answer.
    ::shutdown(int(socket->socketDescriptor()), SHUT_WR);
    QObject::disconnect(socket, &QIODevice::readyRead, this, nullptr);
    connect(socket, &QIODevice::readyRead, socket,
        [socket] { socket->skip(socket->bytesAvailable()); });
    connect(socket, &QAbstractSocket::disconnected, socket, &QObject::deleteLater);
    QTimer::singleShot(2000, socket, [socket] {
        socket->abort();
        socket->deleteLater();
    });
}
