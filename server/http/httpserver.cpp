#include "http/httpserver.h"

#include "http/httpresponse.h"
#include "http/logging.h"
#include "http/publishrequest.h"
#include "http/qt64httpserverbridge.h"
#include "http/ssebroadcaster.h"
#include "http/streamrequest.h"
#include "hub/eventhub.h"
#include "hub/statepolicy.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QFile>
#include <QHttpServerRequest>
#include <QJsonDocument>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>

using namespace Qt::StringLiterals;

namespace {

using Method = QHttpServerRequest::Method;

QByteArray mediaType(const QByteArray &contentType)
{
    const qsizetype semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.first(semicolon)).trimmed().toLower();
}

QByteArray methodName(Method method)
{
    switch (method) {
    case Method::Get:
        return "GET";
    case Method::Post:
        return "POST";
    case Method::Put:
        return "PUT";
    case Method::Delete:
        return "DELETE";
    case Method::Head:
        return "HEAD";
    case Method::Options:
        return "OPTIONS";
    case Method::Patch:
        return "PATCH";
    default:
        return "this method";
    }
}

// The answer to POST /api/events once the hub has an outcome. Every refusal says nothing was
// published; its kind picks the status: 422 for an event that cannot be published as it
// stands (an amendment of no post this server keeps, say), 409 for one that contradicts what
// was published (a second retraction), 503 with Retry-After when it could not be stored now.
HttpResponse publishResponse(const PublishOutcome &outcome)
{
    if (outcome.ok())
        return HttpResponse::json(201, QJsonObject { { u"id"_s, QString::number(outcome.id()) } });
    const QString error = u"nothing was published: %1"_s.arg(outcome.error);
    switch (outcome.refusal) {
    case PublishOutcome::Refusal::Invalid:
        return HttpResponse::error(422, error);
    case PublishOutcome::Refusal::Conflict:
        return HttpResponse::error(409, error);
    case PublishOutcome::Refusal::Unavailable:
        break;
    }
    return HttpResponse::error(503, error, { { "Retry-After", "5" } });
}

} // namespace

HttpServer::HttpServer(
    EventHub *hub, SseBroadcaster *broadcaster, QByteArray token, QObject *parent)
    : HttpServer(hub, broadcaster, std::move(token), Options(), parent)
{ }

HttpServer::HttpServer(
    EventHub *hub, SseBroadcaster *broadcaster, QByteArray token, Options options, QObject *parent)
    : QAbstractHttpServer(parent)
    , m_hub(hub)
    , m_broadcaster(broadcaster)
    , m_token(std::move(token))
    , m_startedAt(QDateTime::currentDateTimeUtc())
    , m_options(options)
{
    auto monotonic = std::make_shared<QElapsedTimer>();
    monotonic->start();
    m_clock = [monotonic] { return monotonic->elapsed(); };
    m_broadcaster->setSnapshotProvider(
        [this](const EventHub::ChannelSet &channels) { return state(channels); });
}

HttpServer::~HttpServer()
{
    m_broadcaster->setSnapshotProvider({});
}

bool HttpServer::listen(const QHostAddress &address, quint16 port, QString *error)
{
    auto *server = new GuardedTcpServer(m_options.limits, this);
    // Qt's default backlog of 50 overflows when a stadium's worth of browsers (re)connects
    // at once, and every overflowing client then waits a SYN retransmit (1 s, then 3 s).
    server->setListenBacklogSize(4096);
    if (!server->listen(address, port)) {
        *error = u"cannot listen on %1:%2: %3"_s.arg(address.toString())
                     .arg(port)
                     .arg(server->errorString());
        delete server;
        return false;
    }
    bind(server);
    m_tcpServer = server;
    qCInfo(lcHttp).noquote() << "listening on" << baseUrl().toString();
    return true;
}

quint16 HttpServer::port() const
{
    return m_tcpServer ? m_tcpServer->serverPort() : 0;
}

QUrl HttpServer::baseUrl() const
{
    QUrl url;
    url.setScheme(u"http"_s);
    if (m_tcpServer) {
        url.setHost(m_tcpServer->serverAddress().toString());
        url.setPort(m_tcpServer->serverPort());
    }
    url.setPath(u"/"_s);
    return url;
}

QJsonObject HttpServer::state(const QSet<QString> &channels) const
{
    QJsonObject state = m_hub->stateJson(50, channels);
    state.insert(u"server"_s,
        QJsonObject {
            { u"version"_s, QStringLiteral(LIVEDESK_VERSION) },
            { u"startedAt"_s, m_startedAt.toString(Qt::ISODateWithMs) },
            { u"clients"_s, m_broadcaster->clientCount() },
            { u"heartbeatSeconds"_s,
                qint64(std::chrono::duration_cast<std::chrono::seconds>(
                    m_broadcaster->heartbeatInterval())
                           .count()) },
        });
    return state;
}

bool HttpServer::tokenMatches(const QByteArray &presented, const QByteArray &expected)
{
    if (expected.isEmpty())
        return false;
    // Compare fixed-size digests so neither the length nor a common prefix shows in timing.
    const QByteArray a = QCryptographicHash::hash(presented, QCryptographicHash::Sha256);
    const QByteArray b = QCryptographicHash::hash(expected, QCryptographicHash::Sha256);
    unsigned char diff = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        diff |= static_cast<unsigned char>(a.at(i) ^ b.at(i));
    return diff == 0;
}

bool HttpServer::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    Qt64HttpServerBridge::stopParsing(this, socket);
    const QString path = request.url().path();
    const Method method = request.method();
    qCDebug(lcHttp) << methodName(method) << path << "from" << request.remoteAddress();

    struct Route
    {
        QString path;
        QByteArray allow;
    };
    static const QList<Route> routes {
        { u"/events"_s, "GET, OPTIONS" },
        { u"/api/events"_s, "POST, OPTIONS" },
        { u"/api/state"_s, "GET, HEAD, OPTIONS" },
        { u"/api/health"_s, "GET, HEAD, OPTIONS" },
        { u"/metrics"_s, "GET, HEAD" },
        { u"/"_s, "GET, HEAD" },
        { u"/embed"_s, "GET, HEAD" },
        { u"/app.js"_s, "GET, HEAD" },
        { u"/style.css"_s, "GET, HEAD" },
    };
    const auto route = std::find_if(
        routes.begin(), routes.end(), [&](const Route &r) { return r.path == path; });
    if (route == routes.end())
        return false; // missingHandler answers 404

    if (method == Method::Options && route->allow.contains("OPTIONS")) {
        preflight(request, socket, route->allow);
        return true;
    }
    const bool isPost = path == u"/api/events";
    // HEAD is answered like GET without the body (respond() drops it), except on the stream.
    const bool getLike
        = method == Method::Get || (method == Method::Head && route->allow.contains("HEAD"));
    if ((isPost && method != Method::Post) || (!isPost && !getLike)) {
        respond(request, socket,
            HttpResponse::error(405,
                u"%1 is not allowed on %2; use %3"_s.arg(QString::fromLatin1(methodName(method)),
                    path, QString::fromLatin1(route->allow)),
                { { "Allow", route->allow } }));
        return true;
    }
    dispatch(request, socket, path);
    return true;
}

void HttpServer::dispatch(
    const QHttpServerRequest &request, QTcpSocket *socket, const QString &path)
{
    if (path == u"/events")
        serveEvents(request, socket);
    else if (path == u"/api/events")
        servePublish(request, socket);
    else if (path == u"/api/state")
        serveState(request, socket);
    else if (path == u"/api/health")
        respond(request, socket, HttpResponse::json(200, QJsonObject { { u"status"_s, u"ok"_s } }));
    else if (path == u"/metrics")
        serveMetrics(request, socket);
    else if (path == u"/app.js")
        serveStatic(request, socket, u":/web/app.js"_s, "text/javascript; charset=utf-8");
    else if (path == u"/style.css")
        serveStatic(request, socket, u":/web/style.css"_s, "text/css; charset=utf-8");
    else // "/" and "/embed": one page, which switches to the widget layout by its path
        serveStatic(request, socket, u":/web/index.html"_s, "text/html; charset=utf-8");
}

void HttpServer::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    respond(request, socket,
        HttpResponse::error(404, u"no such resource: %1"_s.arg(request.url().path().left(200))));
}

void HttpServer::serveEvents(const QHttpServerRequest &request, QTcpSocket *socket)
{
    QString error;
    const auto stream
        = StreamRequest::parse(request.query(), request.value("Last-Event-ID"), &error);
    if (!stream) {
        // Validated before any byte of the stream: afterwards the status can no longer change.
        respond(request, socket, HttpResponse::error(400, error));
        return;
    }
    m_broadcaster->adopt(socket, stream->channels, stream->lastEventId, stream->heartbeatEvents);
}

bool HttpServer::authThrottled(const QHttpServerRequest &request, QTcpSocket *socket)
{
    const auto it = m_authFailures.constFind(request.remoteAddress());
    if (it == m_authFailures.cend())
        return false;
    const qint64 elapsed = m_clock() - it->windowStart;
    if (elapsed >= 60000 || it->count < m_options.authFailuresPerMinute)
        return false;
    const qint64 wait = (60000 - elapsed + 999) / 1000;
    respond(request, socket,
        HttpResponse::error(429,
            u"too many wrong tokens from this address; try again in %1 s"_s.arg(wait),
            { { "Retry-After", QByteArray::number(wait) } }));
    return true;
}

void HttpServer::noteAuthFailure(const QHostAddress &address)
{
    const qint64 now = m_clock();
    if (m_authFailures.size() > 10000) {
        // Bounded whatever the number of addresses: forget windows that have ended.
        m_authFailures.removeIf(
            [now](const auto &entry) { return now - entry.value().windowStart >= 60000; });
    }
    Failures &f = m_authFailures[address];
    if (f.count == 0 || now - f.windowStart >= 60000)
        f = { now, 0 };
    ++f.count;
}

bool HttpServer::authorized(const QHttpServerRequest &request, QTcpSocket *socket)
{
    if (authThrottled(request, socket))
        return false;
    const QByteArray authorization = request.value("Authorization").trimmed();
    const bool bearer = authorization.size() > 7
        && authorization.first(7).compare("bearer ", Qt::CaseInsensitive) == 0;
    if (bearer && tokenMatches(authorization.sliced(7).trimmed(), m_token))
        return true;
    noteAuthFailure(request.remoteAddress());
    respond(request, socket,
        HttpResponse::error(401,
            bearer ? u"the publish token is wrong"_s
                   : u"publishing needs the header \"Authorization: Bearer <token>\""_s,
            { { "WWW-Authenticate", R"(Bearer realm="livedesk")" } }));
    return false;
}

void HttpServer::servePublish(const QHttpServerRequest &request, QTcpSocket *socket)
{
    if (!authorized(request, socket))
        return;
    if (mediaType(request.value("Content-Type")) != "application/json") {
        respond(request, socket,
            HttpResponse::error(
                415, u"the body must be JSON, sent with \"Content-Type: application/json\""_s));
        return;
    }
    QString error;
    const auto publish = PublishRequest::parse(request.body(), &error);
    if (!publish) {
        respond(request, socket, HttpResponse::error(400, error));
        return;
    }
    // Answered once the event log has stored the event, or refused it: possibly after this
    // returns, so the answer keeps what it needs of the request. The socket may be gone by
    // then (the client hung up; QHttpServer deletes it): nothing is written.
    const QString peer = request.remoteAddress().toString();
    m_hub->publish(publish->channel, publish->type, publish->data, this,
        [socket = QPointer<QTcpSocket>(socket), peer](const PublishOutcome &outcome) {
            const HttpResponse response = publishResponse(outcome);
            if (response.status == 503)
                qCWarning(lcHttp).noquote()
                    << "503 POST /api/events from" << peer << "-" << outcome.error;
            else if (!outcome.ok())
                qCInfo(lcHttp).noquote()
                    << response.status << "POST /api/events from" << peer << "-" << outcome.error;
            if (socket) {
                socket->write(response.serialize());
                socket->disconnectFromHost();
            }
        });
}

void HttpServer::serveState(const QHttpServerRequest &request, QTcpSocket *socket)
{
    // Same channel rules as the stream, so a filtered page's snapshot matches its stream.
    QString error;
    const auto filter = StreamRequest::parse(request.query(), {}, &error);
    if (!filter) {
        respond(request, socket, HttpResponse::error(400, error));
        return;
    }
    respond(request, socket, HttpResponse::json(200, state(filter->channels)));
}

void HttpServer::serveMetrics(const QHttpServerRequest &request, QTcpSocket *socket)
{
    QByteArray text;
    auto metric = [&text](const char *name, const char *type, const char *help, quint64 value) {
        text += "# HELP " + QByteArray(name) + ' ' + help + '\n';
        text += "# TYPE " + QByteArray(name) + ' ' + type + '\n';
        text += QByteArray(name) + ' ' + QByteArray::number(value) + '\n';
    };
    metric("livedesk_clients", "gauge", "Open SSE streams.", quint64(m_broadcaster->clientCount()));
    metric("livedesk_events_published_total", "counter", "Events accepted by the hub.",
        m_hub->publishedTotal());
    metric("livedesk_events_delivered_total", "counter",
        "Events written to subscribers, counted once per subscriber.",
        m_broadcaster->eventsDelivered());
    metric("livedesk_bytes_sent_total", "counter", "Bytes of SSE streams accepted by the kernel.",
        m_broadcaster->bytesSent());
    metric("livedesk_slow_clients_dropped_total", "counter",
        "Subscribers disconnected because their unsent output passed the cap.",
        m_broadcaster->slowClientsDropped());
    respond(request, socket, { 200, "text/plain; version=0.0.4; charset=utf-8", text, {} });
}

void HttpServer::serveStatic(const QHttpServerRequest &request, QTcpSocket *socket,
    const QString &file, const QByteArray &mimeType)
{
    QFile resource(file);
    if (!resource.open(QIODevice::ReadOnly)) {
        respond(request, socket,
            HttpResponse::error(
                500, u"the page resource %1 is missing from this build"_s.arg(file)));
        return;
    }
    // The page runs only its own script and style: event data can never become code, even
    // if a bug put it into markup. It may be framed anywhere (the /embed widget).
    respond(request, socket,
        { 200, mimeType, resource.readAll(),
            { { "Content-Security-Policy",
                "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
                "img-src 'self' data:; base-uri 'none'; form-action 'none'" } } });
}

void HttpServer::preflight(
    const QHttpServerRequest &request, QTcpSocket *socket, const QByteArray &allow)
{
    respond(request, socket,
        { 204, {}, {},
            {
                { "Allow", allow },
                { "Access-Control-Allow-Methods", allow },
                { "Access-Control-Allow-Headers", "Authorization, Content-Type, Last-Event-ID" },
                { "Access-Control-Max-Age", "600" },
            } });
}

void HttpServer::respond(
    const QHttpServerRequest &request, QTcpSocket *socket, const HttpResponse &response)
{
    if (response.status >= 400) {
        qCInfo(lcHttp).noquote() << response.status << methodName(request.method())
                                 << request.url().path().left(200) << "from"
                                 << request.remoteAddress().toString() << "-"
                                 << QString::fromUtf8(response.body);
    }
    socket->write(response.serialize(request.method() == Method::Head));
    socket->disconnectFromHost();
}
