#pragma once

#include "http/answerwriter.h"
#include "http/guardedtcpserver.h"
#include "http/httprequest.h"
#include "http/httpresponse.h"
#include "http/scheduleroutes.h"
#include "http/trustedproxies.h"
#include "hub/latencyhistogram.h"
#include "hub/publishoutcome.h"
#include "page/pagerenderer.h"

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QHostAddress>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPair>
#include <QSet>
#include <QUrl>

#include <array>
#include <functional>
#include <memory>

class EventHub;
class MediaRoutes;
class MediaStore;
class ScheduleDesk;
class SseBroadcaster;
class TlsContext;
class QTcpServer;

// LiveDesk's HTTP front: routes requests to the feed (/events), the publish API, state,
// health, metrics and the page. Requests come from the connection guard (GuardedTcpServer),
// which parsed and checked each one; answers are HttpResponses, so every one carries the
// same headers and a JSON error body, and an answer can be written after the route has
// returned (a publish is answered once the event log has stored the event). Every answer
// outside a stream keeps its connection open for the next request (HTTP/1.1 keep-alive)
// unless the client, the request limit or the guard says otherwise.
class HttpServer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpServer)

public:
    struct Options
    {
        GuardedTcpServer::Limits limits;
        AnswerWriter::Limits answers;
        // Wrong tokens from one client within a minute before its wrong ones get 429. The
        // right token is never refused: guessing is made pointless by the token's strength.
        int authFailuresPerMinute = 10;
        // Proxies whose X-Forwarded-For names the client (for counting wrong tokens).
        TrustedProxies trustedProxies;
        // Web origins ("https://desk.example.org") whose pages may publish; any other page
        // is refused, and its preflight does not allow the Authorization header.
        QList<QByteArray> allowedOrigins;
        // https on the listening port (--tls-cert, --tls-key); null: plain http. Not owned.
        const TlsContext *tls = nullptr;
        // The posts' photos (POST /api/media, GET /media/); null: no data directory, so
        // uploads get 503. Not owned; it outlives the server.
        const MediaStore *media = nullptr;
        // Scheduled posts ("at", /api/scheduled); null: refused with 503. Not owned.
        ScheduleDesk *schedule = nullptr;
    };
    using Clock = std::function<qint64()>; // monotonic milliseconds
    // Lines for /metrics in the Prometheus text format, each ending in a newline.
    using MetricsSource = std::function<QByteArray()>;
    // Why a publish was refused, as /metrics counts it (livedesk_publish_refused_total).
    enum class Refusal { Auth, Throttle, Origin, Validation, Conflict, Storage, Count };

    HttpServer(
        EventHub *hub, SseBroadcaster *broadcaster, QByteArray token, QObject *parent = nullptr);
    HttpServer(EventHub *hub, SseBroadcaster *broadcaster, QByteArray token, const Options &options,
        QObject *parent = nullptr);

    void setClock(Clock clock) { m_clock = std::move(clock); }
    int openConnections() const { return m_tcpServer ? m_tcpServer->openConnections() : 0; }
    const AnswerWriter &answers() const { return m_answers; }
    // Kept connections waiting for their next request.
    int idleConnections() const { return m_tcpServer ? m_tcpServer->idleConnections() : 0; }
    // Appends `source`'s text to every /metrics answer (the store's commit histogram, say).
    // It is called on this server's thread.
    void addMetricsSource(MetricsSource source) { m_metricsSources.append(std::move(source)); }
    // Merged into every /api/health answer (a cluster node's link to Redis, say), or every
    // /api/state answer and resync event (the cluster's viewers); called on this thread.
    using Detail = std::function<QJsonObject()>;
    void setHealthDetail(Detail detail) { m_healthDetail = std::move(detail); }
    void setStateDetail(Detail detail) { m_stateDetail = std::move(detail); }
    // Empty while this server can serve its readers; else why not (a cluster node that has
    // not caught up with the cluster yet). Until then streams and /api/state answer 503
    // with that reason and Retry-After (a load balancer tries another node), and
    // /api/health answers 503 too, so a readiness probe waits. Publishing is not held back:
    // an event is answered once stored, in the cluster's order.
    using Readiness = std::function<QString()>;
    void setReadiness(Readiness readiness) { m_readiness = std::move(readiness); }
    ~HttpServer() override;

    // Listens on address:port (port 0 picks a free one). On failure returns false and says why.
    bool listen(const QHostAddress &address, quint16 port, QString *error);
    QUrl baseUrl() const;
    quint16 port() const;

    // The /api/state document, limited to `channels` when given.
    QJsonObject state(const QSet<QString> &channels = {}) const;

    // Constant-time in the token's content: the publish token must not leak through timing.
    static bool tokenMatches(const QByteArray &presented, const QByteArray &expected);

private:
    // The guard's handler: every request that passed it.
    void handle(HttpConnection *socket, const HttpRequest &request);
    void dispatch(const HttpRequest &request, HttpConnection *socket);
    QJsonObject health() const;
    void serveEvents(const HttpRequest &request, HttpConnection *socket);
    void serveWebSocket(const HttpRequest &request, HttpConnection *socket);
    void servePublish(const HttpRequest &request, HttpConnection *socket);
    void serveUpload(const HttpRequest &request, HttpConnection *socket);
    void answerPublish(const HttpRequest &request, HttpConnection *socket, const QString &peer,
        const PublishOutcome &outcome);
    // True when the request carries the publish token; otherwise it has been answered.
    bool authorized(const HttpRequest &request, HttpConnection *socket);
    void serveMetrics(const HttpRequest &request, HttpConnection *socket);
    QByteArray publishMetrics() const;
    void serveState(const HttpRequest &request, HttpConnection *socket);
    // GET /api/events: a page of older posts (HistoryRequest, EventHub::history).
    void serveHistory(const HttpRequest &request, HttpConnection *socket);
    // 503: unsent answers hold the whole budget (AnswerWriter).
    static HttpResponse busy();
    // /metrics: livedesk_channel_viewers{channel="…"}, one line per channel.
    QByteArray channelViewers() const;
    void serveStatic(const HttpRequest &request, HttpConnection *socket, const QString &file,
        const QByteArray &mimeType);
    void servePage(const HttpRequest &request, HttpConnection *socket);
    QList<PageRenderer::Channel> pickerChannels() const;
    void preflight(const HttpRequest &request, HttpConnection *socket, const QByteArray &allow);
    void preflightPublish(const HttpRequest &request, HttpConnection *socket);
    // True when the request comes from no web page, or from one --allow-origin names;
    // otherwise it has been answered (403).
    bool originAllowed(const HttpRequest &request, HttpConnection *socket);
    // Whether a complete request head may use the connections kept beyond the readers' cap.
    bool isPrivileged(const RequestHead::Result &head) const;
    bool hasToken(QByteArrayView authorization) const;

    // Writes the answer (a HEAD answer has no body), then keeps or closes the connection.
    void respond(const HttpRequest &request, HttpConnection *socket, const HttpResponse &response);
    // How long the connection may then wait for the next request; zero: it closes.
    std::chrono::seconds keepAlive(const HttpRequest &request) const;
    QByteArray serialize(const HttpRequest &request, const HttpResponse &response) const;
    bool send(const HttpRequest &request, HttpConnection *socket, const QByteArray &bytes,
        AnswerWriter::Cost cost = AnswerWriter::Cost::Cheap, const QByteArray &tag = {});
    void refused(Refusal why) { ++m_refusals[std::size_t(why)]; }

    EventHub *const m_hub;
    SseBroadcaster *const m_broadcaster;
    const QByteArray m_token;
    // The key wrong tokens are counted under: the client (behind a trusted proxy, the one it
    // names), by its address, an IPv6 one by its /64.
    QHostAddress throttleKey(const HttpRequest &request) const;
    // True (after answering 429) when this client has sent too many wrong tokens lately.
    bool authThrottled(const QHostAddress &key, const HttpRequest &request, HttpConnection *socket);
    void noteAuthFailure(const QHostAddress &key);

    const QDateTime m_startedAt;
    const Options m_options;
    Clock m_clock;
    struct Failures
    {
        qint64 windowStart = 0;
        int count = 0;
        bool logged = false; // this window's 429 was logged
    };
    QHash<QHostAddress, Failures> m_authFailures;
    AnswerWriter m_answers; // child of this
    QHash<QString, QByteArray> m_staticAnswers; // path (+ HEAD, + kept, + gzip) -> the answer
    std::unique_ptr<PageRenderer> m_page; // made from the template on first use
    QByteArray m_pagePolicy; // its Content-Security-Policy: the inline style by its hash
    // The pages made for the current event and second (m_pageMoment), by their answer tag.
    QHash<QByteArray, QByteArray> m_pages;
    QByteArray m_pageMoment;
    LatencyHistogram m_publishLatency; // complete head to 201 queued
    std::array<quint64, std::size_t(Refusal::Count)> m_refusals {};
    QList<MetricsSource> m_metricsSources;
    Detail m_healthDetail;
    Detail m_stateDetail;
    Readiness m_readiness;
    GuardedTcpServer *m_tcpServer = nullptr; // child of this (bind() reparents it)
    MediaRoutes *m_media; // child of this
    ScheduleRoutes m_schedule;
};
