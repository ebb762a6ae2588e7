#include "http/httpserver.h"

#include "http/descriptortable.h"
#include "http/gzip.h"
#include "http/historyrequest.h"
#include "http/httpconnection.h"
#include "http/httpresponse.h"
#include "http/logging.h"
#include "http/mediaroutes.h"
#include "http/publishrequest.h"
#include "http/ssebroadcaster.h"
#include "http/streamrequest.h"
#include "hub/eventhub.h"
#include "hub/idempotencyindex.h"
#include "hub/statepolicy.h"
#include "page/pagerenderer.h"
#include "protocol/wsframe.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>
#include <QTcpServer>

#include <optional>

using namespace Qt::StringLiterals;

namespace {

// The page runs only its own script and style: event data can never become code, even if a
// bug put it into markup. It may be framed anywhere (the /embed widget).
constexpr char ContentSecurityPolicy[]
    = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
      "img-src 'self' data:; base-uri 'none'; form-action 'none'";

QByteArray mediaType(const QByteArray &contentType)
{
    const qsizetype semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.first(semicolon)).trimmed().toLower();
}

// The token of "Authorization: Bearer <token>" (the scheme in any case), or nullopt.
std::optional<QByteArrayView> bearerToken(QByteArrayView authorization)
{
    authorization = authorization.trimmed();
    if (authorization.size() <= 7
        || authorization.first(7).compare("bearer ", Qt::CaseInsensitive) != 0)
        return std::nullopt;
    return authorization.sliced(7).trimmed();
}

// The answer to POST /api/events once the hub has an outcome. Every refusal says nothing was
// published; its kind picks the status: 422 for an event that cannot be published as it
// stands (an amendment of no post this server keeps, say), 409 for one that contradicts what
// was published (a second retraction), 503 with Retry-After when it could not be stored now.
HttpResponse publishResponse(const PublishOutcome &outcome)
{
    if (outcome.ok() && outcome.repeated) {
        // The original's answer again, marked so a script can tell (as Stripe's API does).
        return HttpResponse::json(201,
            QJsonObject { { u"id"_s, QString::number(outcome.id()) }, { u"repeated"_s, true } },
            { { "Idempotent-Replayed", "true" } });
    }
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

HttpServer::HttpServer(EventHub *hub, SseBroadcaster *broadcaster, QByteArray token,
    const Options &options, QObject *parent)
    : QObject(parent)
    , m_hub(hub)
    , m_broadcaster(broadcaster)
    , m_token(std::move(token))
    , m_startedAt(QDateTime::currentDateTimeUtc())
    , m_options(options)
    , m_answers(options.answers, this)
    , m_media(new MediaRoutes(
          options.media,
          [this](const HttpRequest &request, HttpConnection *socket, const HttpResponse &response) {
              respond(request, socket, response);
          },
          this))
    , m_schedule(
          options.schedule,
          [this](const HttpRequest &request, HttpConnection *socket, const HttpResponse &response) {
              respond(request, socket, response);
          },
          [this](
              const HttpRequest &request, HttpConnection *socket, const PublishOutcome &outcome) {
              answerPublish(request, socket, request.remoteAddress.toString(), outcome);
          })
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
    server->setPrivileged([this](const RequestHead::Result &head) { return isPrivileged(head); });
    server->setStreams([this] { return m_broadcaster ? m_broadcaster->clientCount() : 0; });
    // Qt's default backlog of 50 overflows when a stadium's worth of browsers (re)connects
    // at once, and every overflowing client then waits a SYN retransmit (1 s, then 3 s).
    server->setListenBacklogSize(4096);
    server->setTls(m_options.tls);
    server->setHandler(
        [this](HttpConnection *socket, const HttpRequest &request) { handle(socket, request); });
    if (!server->listen(address, port)) {
        *error = u"cannot listen on %1:%2: %3"_s.arg(address.toString())
                     .arg(port)
                     .arg(server->errorString());
        delete server;
        return false;
    }
    // Every reader, the reserve and a margin for the journal, the export socket and logs.
    const GuardedTcpServer::Limits &limits = m_options.limits;
    DescriptorTable::reserve(limits.maxConnections + limits.reserve + 64);
    // A kept connection's answer is out: its next request meets the guard like a first one.
    connect(&m_answers, &AnswerWriter::delivered, server, &GuardedTcpServer::resume);
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
    url.setScheme(m_options.tls ? u"https"_s : u"http"_s);
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
    QJsonArray list = state.value(u"channels"_s).toArray();
    for (qsizetype i = 0; i < list.size(); ++i) {
        QJsonObject channel = list.at(i).toObject();
        channel.insert(u"viewers"_s, m_broadcaster->viewersOf(channel.value(u"name"_s).toString()));
        list.replace(i, channel);
    }
    state.insert(u"channels"_s, list);
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
    if (m_stateDetail) {
        const QJsonObject detail = m_stateDetail();
        for (auto it = detail.begin(); it != detail.end(); ++it)
            state.insert(it.key(), it.value());
    }
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

void HttpServer::handle(HttpConnection *socket, const HttpRequest &request)
{
    const QString &path = request.path;
    const QByteArray &method = request.method;
    qCDebug(lcHttp) << method << path << "from" << request.remoteAddress;

    struct Route
    {
        QString path;
        QByteArray allow;
    };
    static const QList<Route> routes {
        { u"/events"_s, "GET, OPTIONS" },
        { u"/ws"_s, "GET" },
        { u"/api/events"_s, "GET, HEAD, POST, OPTIONS" },
        { u"/api/media"_s, "POST, OPTIONS" },
        { u"/api/state"_s, "GET, HEAD, OPTIONS" },
        { u"/api/health"_s, "GET, HEAD, OPTIONS" },
        { u"/metrics"_s, "GET, HEAD" },
        { u"/"_s, "GET, HEAD" },
        { u"/embed"_s, "GET, HEAD" },
        { u"/app.js"_s, "GET, HEAD" },
        { u"/style.css"_s, "GET, HEAD" },
        { u"/overlay"_s, "GET, HEAD" },
        { u"/overlay.js"_s, "GET, HEAD" },
        { u"/overlay.css"_s, "GET, HEAD" },
    };
    if (ScheduleRoutes::isSchedulePath(path)) {
        if (originAllowed(request, socket) && authorized(request, socket))
            m_schedule.serve(request, socket);
        return;
    }
    if (MediaRoutes::isMediaPath(path)) {
        if (method == "GET" || method == "HEAD")
            m_media->serve(request, socket);
        else
            respond(request, socket,
                HttpResponse::error(405,
                    u"%1 is not allowed on %2; use GET, HEAD"_s.arg(
                        QString::fromLatin1(method), path.left(200)),
                    { { "Allow", "GET, HEAD" } }));
        return;
    }
    const auto route = std::find_if(
        routes.begin(), routes.end(), [&](const Route &r) { return r.path == path; });
    if (route == routes.end()) {
        respond(request, socket,
            HttpResponse::error(404, u"no such resource: %1"_s.arg(path.left(200))));
        return;
    }

    if (method == "OPTIONS" && route->allow.contains("OPTIONS")) {
        if (path == u"/api/events" || path == u"/api/media")
            preflightPublish(request, socket);
        else
            preflight(request, socket, route->allow);
        return;
    }
    // HEAD is answered like GET without the body (respond() drops it), except on the stream.
    const bool allowed = (method == "POST" || method == "GET" || method == "HEAD")
        && route->allow.contains(method);
    if (!allowed) {
        respond(request, socket,
            HttpResponse::error(405,
                u"%1 is not allowed on %2; use %3"_s.arg(
                    QString::fromLatin1(method), path, QString::fromLatin1(route->allow)),
                { { "Allow", route->allow } }));
        return;
    }
    dispatch(request, socket);
}

void HttpServer::dispatch(const HttpRequest &request, HttpConnection *socket)
{
    const QString &path = request.path;
    const QString notReady = m_readiness ? m_readiness() : QString();
    const bool page = path == u"/" || path == u"/embed";
    const bool history = path == u"/api/events" && request.method != "POST";
    if (!notReady.isEmpty()
        && (path == u"/events" || path == u"/ws" || path == u"/api/state" || page || history)) {
        respond(request, socket, HttpResponse::error(503, notReady, { { "Retry-After", "2" } }));
        return;
    }
    if (path == u"/api/health" && !notReady.isEmpty()) {
        QJsonObject health = this->health();
        health.insert(u"status"_s, u"starting"_s);
        health.insert(u"error"_s, notReady);
        respond(request, socket, HttpResponse::json(503, health));
        return;
    }
    if (path == u"/events")
        serveEvents(request, socket);
    else if (path == u"/ws")
        serveWebSocket(request, socket);
    else if (history)
        serveHistory(request, socket);
    else if (path == u"/api/events")
        servePublish(request, socket);
    else if (path == u"/api/media")
        serveUpload(request, socket);
    else if (path == u"/api/state")
        serveState(request, socket);
    else if (path == u"/api/health")
        respond(request, socket, HttpResponse::json(200, health()));
    else if (path == u"/metrics")
        serveMetrics(request, socket);
    else if (path == u"/app.js" || path == u"/overlay.js")
        serveStatic(request, socket, u":/web"_s + path, "text/javascript; charset=utf-8");
    else if (path == u"/style.css" || path == u"/overlay.css")
        serveStatic(request, socket, u":/web"_s + path, "text/css; charset=utf-8");
    else if (path == u"/overlay") // the scorebug for a video stream's browser source
        serveStatic(request, socket, u":/web/overlay.html"_s, "text/html; charset=utf-8");
    else // "/" and "/embed": one page, in the widget layout on /embed
        servePage(request, socket);
}

QJsonObject HttpServer::health() const
{
    QJsonObject health { { u"status"_s, u"ok"_s } };
    if (m_healthDetail) {
        const QJsonObject detail = m_healthDetail();
        for (auto it = detail.begin(); it != detail.end(); ++it)
            health.insert(it.key(), it.value());
    }
    return health;
}

namespace {

// Whether a comma-separated header value lists `token` (case-insensitive), as Connection
// may: "keep-alive, Upgrade".
bool listsToken(const QByteArray &value, QByteArrayView token)
{
    for (const QByteArray &part : value.split(',')) {
        if (part.trimmed().compare(token, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

} // namespace

// GET /ws: the same stream as /events, as a WebSocket (RFC 6455 §4.2). The upgrade is
// checked completely before anything is answered, so a bad one gets a status and a reason.
void HttpServer::serveWebSocket(const HttpRequest &request, HttpConnection *socket)
{
    QString error;
    const auto stream = StreamRequest::parse(request.query, request.value("Last-Event-ID"), &error);
    const QByteArray key = request.value("Sec-WebSocket-Key");
    if (!stream) {
        respond(request, socket, HttpResponse::error(400, error));
    } else if (!listsToken(request.value("Upgrade"), "websocket")
        || !listsToken(request.value("Connection"), "upgrade")) {
        respond(request, socket,
            HttpResponse::error(426,
                u"/ws is a WebSocket: send Upgrade: websocket and Connection: Upgrade (or read "
                "the same events as SSE from /events)"_s,
                { { "Upgrade", "websocket" } }));
    } else if (request.value("Sec-WebSocket-Version") != "13") {
        respond(request, socket,
            HttpResponse::error(426, u"only WebSocket version 13 is spoken"_s,
                { { "Sec-WebSocket-Version", "13" } }));
    } else if (!WsFrame::isValidClientKey(key)) {
        respond(request, socket,
            HttpResponse::error(400, u"Sec-WebSocket-Key must be 16 bytes in base64"_s));
    } else {
        m_tcpServer->release(socket);
        m_broadcaster->adoptWebSocket(
            socket, stream->channels, stream->lastEventId, WsFrame::acceptKey(key));
    }
}

void HttpServer::serveEvents(const HttpRequest &request, HttpConnection *socket)
{
    QString error;
    const auto stream = StreamRequest::parse(request.query, request.value("Last-Event-ID"), &error);
    if (!stream) {
        // Validated before any byte of the stream: afterwards the status can no longer change.
        respond(request, socket, HttpResponse::error(400, error));
        return;
    }
    // A stream for good: nothing it sends is read as a request again.
    m_tcpServer->release(socket);
    m_broadcaster->adopt(
        socket, stream->channels, stream->lastEventId, stream->heartbeatEvents, stream->envelope);
}

QHostAddress HttpServer::throttleKey(const HttpRequest &request) const
{
    QByteArrayList forwardedFor;
    if (!m_options.trustedProxies.isEmpty()) {
        for (const auto &[name, value] : request.headers) {
            if (name.compare("X-Forwarded-For", Qt::CaseInsensitive) == 0)
                forwardedFor.append(value);
        }
    }
    return TrustedProxies::throttleKey(
        m_options.trustedProxies.clientOf(request.remoteAddress, forwardedFor));
}

bool HttpServer::authThrottled(
    const QHostAddress &key, const HttpRequest &request, HttpConnection *socket)
{
    const auto it = m_authFailures.find(key);
    if (it == m_authFailures.end())
        return false;
    const qint64 elapsed = m_clock() - it->windowStart;
    if (elapsed >= 60000 || it->count < m_options.authFailuresPerMinute)
        return false;
    const qint64 wait = (60000 - elapsed + 999) / 1000;
    const HttpResponse response = HttpResponse::error(429,
        u"too many wrong tokens from this client; try again in %1 s"_s.arg(wait),
        { { "Retry-After", QByteArray::number(wait) } });
    // Logged once a window: a guesser must not be able to flood the log either.
    if (!it->logged) {
        it->logged = true;
        qCWarning(lcHttp).noquote() << "429 POST /api/events from" << key.toString()
                                    << "- too many wrong tokens; the rest of this minute's"
                                    << "are not logged";
    }
    refused(Refusal::Throttle);
    send(request, socket, serialize(request, response));
    return true;
}

void HttpServer::noteAuthFailure(const QHostAddress &key)
{
    const qint64 now = m_clock();
    if (m_authFailures.size() > 10000) {
        // Bounded whatever the number of clients: forget windows that have ended.
        m_authFailures.removeIf(
            [now](const auto &entry) { return now - entry.value().windowStart >= 60000; });
    }
    Failures &f = m_authFailures[key];
    if (f.count == 0 || now - f.windowStart >= 60000)
        f = { now, 0, false };
    ++f.count;
}

bool HttpServer::hasToken(QByteArrayView authorization) const
{
    const auto token = bearerToken(authorization);
    return token && tokenMatches(token->toByteArray(), m_token);
}

bool HttpServer::authorized(const HttpRequest &request, HttpConnection *socket)
{
    // The right token is never refused, however many wrong ones came from anywhere: a wrong
    // guess from a process on this machine, a web page or a client behind the same proxy
    // must not lock the publisher out. Guessing is pointless (PublishToken); counting wrong
    // ones per client only keeps a guesser's noise cheap and out of the log.
    if (hasToken(request.value("Authorization")))
        return true;
    const QHostAddress key = throttleKey(request);
    if (authThrottled(key, request, socket))
        return false;
    noteAuthFailure(key);
    refused(Refusal::Auth);
    respond(request, socket,
        HttpResponse::error(401,
            bearerToken(request.value("Authorization"))
                ? u"the publish token is wrong"_s
                : u"publishing needs the header \"Authorization: Bearer <token>\""_s,
            { { "WWW-Authenticate", R"(Bearer realm="livedesk")" } }));
    return false;
}

bool HttpServer::isPrivileged(const RequestHead::Result &head) const
{
    // /api/health answers whatever the load; a publish with the token gets through however
    // many readers there are. Nothing else: a stream with the token is still a reader.
    if (head.path == "/api/health")
        return true;
    return (head.path == "/api/events" || RequestHead::isUpload(head.method, head.path))
        && head.method == "POST" && hasToken(head.authorization);
}

bool HttpServer::originAllowed(const HttpRequest &request, HttpConnection *socket)
{
    // Browsers send Origin with every cross-origin POST (and scripts, curl and the console
    // send none). LiveDesk serves no page that publishes, so any page is another origin.
    const QByteArray origin = request.value("Origin").trimmed();
    if (origin.isEmpty() || m_options.allowedOrigins.contains(origin))
        return true;
    const QString name = QString::fromLatin1(origin.left(200));
    refused(Refusal::Origin);
    respond(request, socket,
        HttpResponse::error(403,
            u"publishing from the web page at %1 is not allowed; start LiveDesk with "
            "--allow-origin %1 to allow it"_s.arg(name)));
    return false;
}

// POST /api/media: a photo for a post, with the same token and origin rules as a publish.
void HttpServer::serveUpload(const HttpRequest &request, HttpConnection *socket)
{
    if (originAllowed(request, socket) && authorized(request, socket))
        m_media->upload(request, socket);
}

void HttpServer::servePublish(const HttpRequest &request, HttpConnection *socket)
{
    if (!originAllowed(request, socket) || !authorized(request, socket))
        return;
    if (mediaType(request.value("Content-Type")) != "application/json") {
        refused(Refusal::Validation);
        respond(request, socket,
            HttpResponse::error(
                415, u"the body must be JSON, sent with \"Content-Type: application/json\""_s));
        return;
    }
    QString error;
    const auto publish = PublishRequest::parse(request.body, &error);
    const QString key = QString::fromLatin1(request.value("Idempotency-Key"));
    if (publish && request.has("Idempotency-Key") && !IdempotencyIndex::isValidKey(key))
        error = u"the Idempotency-Key header must be 1 to %1 printable ASCII characters "
                "without spaces (a UUID, say)"_s.arg(IdempotencyIndex::MaxKeyLength);
    if (!publish || !error.isEmpty()) {
        refused(Refusal::Validation);
        respond(request, socket, HttpResponse::error(400, error));
        return;
    }
    if (publish->at) {
        m_schedule.schedule(request, socket, *publish);
        return;
    }
    // Answered once the event log has stored the event, or refused it: possibly after this
    // returns, so the answer keeps what it needs of the request (not its body). The socket
    // may be gone by then (the client hung up; the guard deletes it): nothing is written.
    const HttpRequest answered = request.forLaterAnswer();
    m_hub->publishOnce(publish->channel, publish->type, publish->data, key, this,
        [this, answered, socket = QPointer<HttpConnection>(socket),
            peer = request.remoteAddress.toString()](
            const PublishOutcome &outcome) { answerPublish(answered, socket, peer, outcome); });
}

void HttpServer::answerPublish(const HttpRequest &request, HttpConnection *socket,
    const QString &peer, const PublishOutcome &outcome)
{
    const HttpResponse response = publishResponse(outcome);
    if (outcome.ok()) {
        m_publishLatency.observe(HttpRequest::Clock::now() - request.headCompleteAt);
    } else {
        refused(outcome.refusal == PublishOutcome::Refusal::Invalid    ? Refusal::Validation
                : outcome.refusal == PublishOutcome::Refusal::Conflict ? Refusal::Conflict
                                                                       : Refusal::Storage);
        if (response.status == 503)
            qCWarning(lcHttp).noquote()
                << "503 POST /api/events from" << peer << "-" << outcome.error;
        else
            qCInfo(lcHttp).noquote()
                << response.status << "POST /api/events from" << peer << "-" << outcome.error;
    }
    // Through the answer writer, as every other answer: a publisher that never reads its
    // answer is reset after the write timeout like anyone else.
    if (socket)
        send(request, socket, serialize(request, response));
}

void HttpServer::serveState(const HttpRequest &request, HttpConnection *socket)
{
    // Same channel rules as the stream, so a filtered page's snapshot matches its stream.
    QString error;
    const auto filter = StreamRequest::parse(request.query, {}, &error);
    if (!filter) {
        respond(request, socket, HttpResponse::error(400, error));
        return;
    }
    const bool headOnly = request.isHead();
    QStringList channels = filter->channels.values();
    channels.sort();
    // Named by what the document depends on, so that a request for it while an earlier
    // copy is still being sent (a stadium reloading at once) shares that copy, unbuilt. The
    // number of streams changes all through such a storm: it may be up to a second old.
    const QByteArray tag = "state " + QByteArray::number(m_hub->lastId()) + ' '
        + QByteArray::number(m_clock() / 1000) + (headOnly ? " HEAD " : " GET ")
        + (keepAlive(request).count() > 0 ? "kept " : "closed ") + channels.join(u',').toUtf8();
    if (const QByteArray held = m_answers.held(tag); !held.isNull()) {
        send(request, socket, held);
        return;
    }
    // Its size follows the events (50 of up to 64 KiB each): within the budget, or refused
    // before it is even built.
    const auto cost = headOnly ? AnswerWriter::Cost::Cheap : AnswerWriter::Cost::Expensive;
    if (cost == AnswerWriter::Cost::Cheap || m_answers.hasRoom()) {
        const QByteArray bytes
            = serialize(request, HttpResponse::json(200, state(filter->channels)));
        if (send(request, socket, bytes, cost, tag))
            return;
    }
    respond(request, socket, busy());
}

void HttpServer::serveHistory(const HttpRequest &request, HttpConnection *socket)
{
    QString error;
    const auto query = HistoryRequest::parse(request.query, &error);
    if (!query) {
        respond(request, socket, HttpResponse::error(400, error));
        return;
    }
    // Up to 200 posts of up to 64 KiB each: refused before anything is read while unsent
    // answers hold the whole budget.
    if (!request.isHead() && !m_answers.hasRoom()) {
        respond(request, socket, busy());
        return;
    }
    // Answered once the posts are read: from the hub's window at once, or from the log
    // later (the journal's storage thread, the cluster's Redis), so the answer keeps what it
    // needs of the request, and is dropped if the client hung up meanwhile.
    const HttpRequest answered = request.forLaterAnswer();
    m_hub->history(*query, this,
        [this, answered, socket = QPointer<HttpConnection>(socket)](
            const QJsonObject &page, const QString &error) {
            if (!socket)
                return;
            if (!error.isEmpty()) {
                respond(
                    answered, socket, HttpResponse::error(503, error, { { "Retry-After", "2" } }));
                return;
            }
            const auto cost
                = answered.isHead() ? AnswerWriter::Cost::Cheap : AnswerWriter::Cost::Expensive;
            if (!send(answered, socket, serialize(answered, HttpResponse::json(200, page)), cost))
                respond(answered, socket, busy());
        });
}

QByteArray HttpServer::channelViewers() const
{
    // Every channel with events or with a stream that named it; a stream of every channel
    // counts under each. Names are [A-Za-z0-9._-], so they need no escaping as label values.
    QStringList names;
    for (const ChannelInfo &channel : m_hub->channels())
        names.append(channel.name);
    const QMap<QString, int> streams = m_broadcaster->viewersByChannel();
    for (auto it = streams.cbegin(); it != streams.cend(); ++it) {
        if (it.key() != u"*")
            names.append(it.key());
    }
    names.sort();
    names.removeDuplicates();
    QByteArray text = "# HELP livedesk_channel_viewers Open subscribers that receive a channel "
                      "(a stream of every channel counts under each).\n"
                      "# TYPE livedesk_channel_viewers gauge\n";
    for (const QString &name : std::as_const(names)) {
        text += "livedesk_channel_viewers{channel=\"" + name.toUtf8() + "\"} "
            + QByteArray::number(m_broadcaster->viewersOf(name)) + '\n';
    }
    return text;
}

HttpResponse HttpServer::busy()
{
    return HttpResponse::error(503,
        u"the server is still sending earlier answers to clients that read slowly; try "
        "again shortly"_s,
        { { "Retry-After", "2" } });
}

void HttpServer::serveMetrics(const HttpRequest &request, HttpConnection *socket)
{
    QByteArray text;
    auto metric = [&text](const char *name, const char *type, const char *help, quint64 value) {
        text += "# HELP " + QByteArray(name) + ' ' + help + '\n';
        text += "# TYPE " + QByteArray(name) + ' ' + type + '\n';
        text += QByteArray(name) + ' ' + QByteArray::number(value) + '\n';
    };
    metric("livedesk_clients", "gauge", "Open subscribers: SSE streams and WebSockets.",
        quint64(m_broadcaster->clientCount()));
    const quint64 webSockets = quint64(m_broadcaster->webSocketCount());
    text += "# HELP livedesk_subscribers Open subscribers by transport.\n"
            "# TYPE livedesk_subscribers gauge\n"
            "livedesk_subscribers{transport=\"sse\"} "
        + QByteArray::number(quint64(m_broadcaster->clientCount()) - webSockets)
        + "\nlivedesk_subscribers{transport=\"websocket\"} " + QByteArray::number(webSockets)
        + '\n';
    text += channelViewers();
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
    metric("livedesk_answer_bytes_held", "gauge",
        "Bytes of answers outside streams not yet taken by their clients, each distinct "
        "answer counted once.",
        quint64(m_answers.heldBytes()));
    metric("livedesk_answer_connections", "gauge",
        "Connections whose answer (outside a stream) is not yet all taken by the kernel.",
        quint64(m_answers.connections()));
    metric("livedesk_answers_refused_total", "counter",
        "Answers refused with 503 because unsent answers held the whole budget.",
        m_answers.refused());
    metric("livedesk_answers_reset_total", "counter",
        "Connections reset because their client took nothing of its answer for the write "
        "timeout.",
        m_answers.reset());
    metric("livedesk_http_connections_idle", "gauge",
        "Kept (keep-alive) connections waiting for their next request.",
        quint64(idleConnections()));
    text += publishMetrics();
    for (const MetricsSource &source : std::as_const(m_metricsSources))
        text += source();
    respond(request, socket, { 200, "text/plain; version=0.0.4; charset=utf-8", text, {} });
}

QByteArray HttpServer::publishMetrics() const
{
    QByteArray text = m_publishLatency.text("livedesk_publish_latency_seconds",
        "Time from a complete POST /api/events head to its 201 being queued (stored first).");
    text += "# HELP livedesk_publish_refused_total Publishes refused over HTTP, by reason.\n"
            "# TYPE livedesk_publish_refused_total counter\n";
    static const char *const reasons[]
        = { "auth", "throttle", "origin", "validation", "conflict", "storage" };
    static_assert(std::size(reasons) == std::size_t(Refusal::Count));
    for (std::size_t i = 0; i < std::size(reasons); ++i) {
        text += QByteArray("livedesk_publish_refused_total{reason=\"") + reasons[i] + "\"} "
            + QByteArray::number(m_refusals[i]) + '\n';
    }
    return text;
}

void HttpServer::serveStatic(const HttpRequest &request, HttpConnection *socket,
    const QString &file, const QByteArray &mimeType)
{
    // Built once: every request for a file shares the same bytes, so the page costs
    // nothing per client however slowly it reads. The gzip copy was made at build time.
    const bool gzip = Gzip::accepted(request.value("Accept-Encoding"));
    const QString key = file + (request.isHead() ? u" HEAD"_s : QString())
        + (keepAlive(request).count() > 0 ? u" kept"_s : QString())
        + (gzip ? u" gzip"_s : QString());
    QByteArray answer = m_staticAnswers.value(key); // shared, not copied
    if (answer.isNull()) {
        const QString compressed = u":/webgz/"_s + file.mid(file.lastIndexOf(u'/') + 1) + u".gz"_s;
        QFile resource(gzip && QFile::exists(compressed) ? compressed : file);
        if (!resource.open(QIODevice::ReadOnly)) {
            respond(request, socket,
                HttpResponse::error(
                    500, u"the page resource %1 is missing from this build"_s.arg(file)));
            return;
        }
        HttpResponse response { 200, mimeType, resource.readAll(),
            { { "Content-Security-Policy", ContentSecurityPolicy },
                { "Vary", "Accept-Encoding" } } };
        if (resource.fileName() == compressed)
            response.headers.append(qMakePair(QByteArray("Content-Encoding"), QByteArray("gzip")));
        answer = serialize(request, response);
        m_staticAnswers.insert(key, answer);
    }
    send(request, socket, answer);
}

// "/" and "/embed": the page with the present already in it (PageRenderer), made once per
// event, language, layout and channel set, and shared by every reader who asks meanwhile.
void HttpServer::servePage(const HttpRequest &request, HttpConnection *socket)
{
    QString error;
    const auto filter = StreamRequest::parse(request.query, {}, &error);
    if (!filter) {
        respond(request, socket, HttpResponse::error(400, error));
        return;
    }
    if (!m_page) {
        QFile html(u":/web/index.html"_s);
        QFile style(u":/web/style.css"_s);
        if (!html.open(QIODevice::ReadOnly) || !style.open(QIODevice::ReadOnly)) {
            respond(request, socket,
                HttpResponse::error(500, u"the page is missing from this build"_s));
            return;
        }
        m_page = std::make_unique<PageRenderer>(html.readAll(), style.readAll());
        const QByteArray styleSource = "style-src 'self' " + m_page->styleHash();
        m_pagePolicy = QByteArray(ContentSecurityPolicy).replace("style-src 'self'", styleSource);
    }
    PageRenderer::Page page;
    page.layout
        = request.path == u"/embed" ? PageRenderer::Layout::Embed : PageRenderer::Layout::Full;
    page.language = PageWords::fromAcceptLanguage(request.value("Accept-Language"));
    page.channels = filter->channels.values();
    page.channels.sort();
    const bool gzip = Gzip::accepted(request.value("Accept-Encoding"));
    const QByteArray now
        = QByteArray::number(m_hub->lastId()) + ' ' + QByteArray::number(m_clock() / 1000);
    const QByteArray tag = "page " + now + (request.isHead() ? " HEAD " : " GET ")
        + (keepAlive(request).count() > 0 ? "kept " : "closed ") + (gzip ? "gzip " : "identity ")
        + (page.layout == PageRenderer::Layout::Embed ? "embed " : "full ")
        + (page.language == PageWords::Language::Chinese ? "zh " : "en ")
        + page.channels.join(u',').toUtf8();
    // Rendering costs a millisecond or two: a stadium reloading at once must not pay it per
    // reader. What was made this second for this event stays current until either moves.
    if (m_pageMoment != now) {
        m_pages.clear();
        m_pageMoment = now;
    }
    if (const auto made = m_pages.constFind(tag); made != m_pages.cend()) {
        send(request, socket, *made, AnswerWriter::Cost::Expensive, tag);
        return;
    }
    if (const QByteArray held = m_answers.held(tag); !held.isNull()) {
        send(request, socket, held);
        return;
    }
    if (!m_answers.hasRoom()) {
        respond(request, socket, busy());
        return;
    }
    page.state = state(filter->channels);
    page.everyChannel = pickerChannels();
    QByteArray body = m_page->render(page);
    HttpResponse response { 200, "text/html; charset=utf-8", {},
        { { "Content-Security-Policy", m_pagePolicy }, { "Vary", "Accept-Encoding" },
            { "Cache-Control", "no-cache" } } };
    if (gzip) {
        response.body = Gzip::compress(body);
        response.headers.append(qMakePair(QByteArray("Content-Encoding"), QByteArray("gzip")));
    } else {
        response.body = std::move(body);
    }
    const QByteArray bytes = serialize(request, response);
    if (m_pages.size() < 64) // channel sets are the readers' choice: keep a bounded few
        m_pages.insert(tag, bytes);
    send(request, socket, bytes, AnswerWriter::Cost::Expensive, tag);
}

// Every channel, with a match's teams for its label (from its newest score or clock).
QList<PageRenderer::Channel> HttpServer::pickerChannels() const
{
    const QJsonObject all = m_hub->stateJson(0, {});
    QHash<QString, QString> teams;
    const QJsonArray latest = all.value(u"latest").toArray();
    for (const auto &value : latest) {
        const QJsonObject event = value.toObject();
        const QJsonObject data = event.value(u"data").toObject();
        const QString home = data.value(u"home").toString();
        const QString away = data.value(u"away").toString();
        if (!home.isEmpty() && !away.isEmpty())
            teams.insert(event.value(u"channel").toString(), home + u" – "_s + away);
    }
    QList<PageRenderer::Channel> list;
    const QJsonArray channels = all.value(u"channels").toArray();
    for (const auto &value : channels) {
        const QString name = value.toObject().value(u"name").toString();
        list.append({ name, teams.value(name) });
    }
    return list;
}

void HttpServer::preflight(
    const HttpRequest &request, HttpConnection *socket, const QByteArray &allow)
{
    respond(request, socket,
        { 204, {}, {},
            {
                { "Allow", allow },
                { "Access-Control-Allow-Methods", allow },
                // Reading needs no credentials, so a page anywhere may ask for the feed.
                { "Access-Control-Allow-Headers", "Last-Event-ID" },
                { "Access-Control-Max-Age", "600" },
            } });
}

void HttpServer::preflightPublish(const HttpRequest &request, HttpConnection *socket)
{
    const QByteArray allow = "POST, OPTIONS";
    const QByteArray origin = request.value("Origin").trimmed();
    if (origin.isEmpty()) { // not a browser's preflight: which methods there are
        respond(request, socket, { 204, {}, {}, { { "Allow", allow } } });
        return;
    }
    // A page may send Authorization only from an origin named with --allow-origin; for any
    // other the preflight fails, so the browser never sends the publish at all.
    if (!m_options.allowedOrigins.contains(origin)) {
        respond(request, socket,
            HttpResponse::error(403,
                u"the web page at %1 may not publish; start LiveDesk with --allow-origin %1 to "
                "allow it"_s.arg(QString::fromLatin1(origin.left(200))),
                { { "Allow", allow } }));
        return;
    }
    respond(request, socket,
        { 204, {}, {},
            {
                { "Allow", allow },
                { "Access-Control-Allow-Origin", origin },
                { "Vary", "Origin" },
                { "Access-Control-Allow-Methods", allow },
                { "Access-Control-Allow-Headers", "Authorization, Content-Type, Idempotency-Key" },
                { "Access-Control-Max-Age", "600" },
            } });
}

void HttpServer::respond(
    const HttpRequest &request, HttpConnection *socket, const HttpResponse &response)
{
    if (response.status >= 400) {
        qCInfo(lcHttp).noquote() << response.status << request.method << request.path.left(200)
                                 << "from" << request.remoteAddress.toString() << "-"
                                 << QString::fromUtf8(response.body);
    }
    send(request, socket, serialize(request, response));
}

std::chrono::seconds HttpServer::keepAlive(const HttpRequest &request) const
{
    if (!request.keepAlive)
        return {};
    // Told to the client in whole seconds; at least one, or "timeout=0" would mean close.
    const auto idle
        = std::chrono::duration_cast<std::chrono::seconds>(m_options.limits.idleTimeout);
    return std::max(idle, std::chrono::seconds(1));
}

QByteArray HttpServer::serialize(const HttpRequest &request, const HttpResponse &response) const
{
    if (!m_options.tls)
        return response.serialize(request.isHead(), keepAlive(request));
    // Only over TLS (RFC 6797 §7.2): a browser that reached us over https keeps to it.
    HttpResponse secure = response;
    secure.headers.append(
        qMakePair(QByteArray("Strict-Transport-Security"), QByteArray("max-age=31536000")));
    return secure.serialize(request.isHead(), keepAlive(request));
}

bool HttpServer::send(const HttpRequest &request, HttpConnection *socket, const QByteArray &bytes,
    AnswerWriter::Cost cost, const QByteArray &tag)
{
    return m_answers.send(socket, bytes, cost, tag,
        request.keepAlive ? AnswerWriter::After::KeepOpen : AnswerWriter::After::Close);
}
