#pragma once

#include "http/answerwriter.h"
#include "http/guardedtcpserver.h"
#include "http/httpresponse.h"
#include "http/trustedproxies.h"

#include <QAbstractHttpServer>
#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QHostAddress>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QSet>
#include <QUrl>

#include <functional>

class EventHub;
class SseBroadcaster;
class QTcpServer;

// LiveDesk's HTTP front: routes requests to the feed (/events), the publish API, state,
// health, metrics and the page. Built on Qt 6.4's QAbstractHttpServer for request parsing;
// answers are HttpResponses, so every one carries the same headers and a JSON error body,
// and an answer can be written after handleRequest() has returned (a publish is answered
// once the event log has stored the event).
class HttpServer final : public QAbstractHttpServer
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
    };
    using Clock = std::function<qint64()>; // monotonic milliseconds

    HttpServer(
        EventHub *hub, SseBroadcaster *broadcaster, QByteArray token, QObject *parent = nullptr);
    HttpServer(EventHub *hub, SseBroadcaster *broadcaster, QByteArray token, Options options,
        QObject *parent = nullptr);

    void setClock(Clock clock) { m_clock = std::move(clock); }
    int openConnections() const { return m_tcpServer ? m_tcpServer->openConnections() : 0; }
    const AnswerWriter &answers() const { return m_answers; }
    ~HttpServer() override;

    // Listens on address:port (port 0 picks a free one). On failure returns false and says why.
    bool listen(const QHostAddress &address, quint16 port, QString *error);
    QUrl baseUrl() const;
    quint16 port() const;

    // The /api/state document, limited to `channels` when given.
    QJsonObject state(const QSet<QString> &channels = {}) const;

    // Constant-time in the token's content: the publish token must not leak through timing.
    static bool tokenMatches(const QByteArray &presented, const QByteArray &expected);

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    void dispatch(const QHttpServerRequest &request, QTcpSocket *socket, const QString &path);
    void serveEvents(const QHttpServerRequest &request, QTcpSocket *socket);
    void servePublish(const QHttpServerRequest &request, QTcpSocket *socket);
    // True when the request carries the publish token; otherwise it has been answered.
    bool authorized(const QHttpServerRequest &request, QTcpSocket *socket);
    void serveMetrics(const QHttpServerRequest &request, QTcpSocket *socket);
    void serveState(const QHttpServerRequest &request, QTcpSocket *socket);
    void serveStatic(const QHttpServerRequest &request, QTcpSocket *socket, const QString &file,
        const QByteArray &mimeType);
    void preflight(const QHttpServerRequest &request, QTcpSocket *socket, const QByteArray &allow);
    void preflightPublish(const QHttpServerRequest &request, QTcpSocket *socket);
    // True when the request comes from no web page, or from one --allow-origin names;
    // otherwise it has been answered (403).
    bool originAllowed(const QHttpServerRequest &request, QTcpSocket *socket);
    // Whether a complete request head may use the connections kept beyond the readers' cap.
    bool isPrivileged(const RequestHead::Result &head) const;
    bool hasToken(QByteArrayView authorization) const;

    // Writes the answer and closes; a HEAD answer has no body.
    void respond(
        const QHttpServerRequest &request, QTcpSocket *socket, const HttpResponse &response);

    EventHub *const m_hub;
    SseBroadcaster *const m_broadcaster;
    const QByteArray m_token;
    // The key wrong tokens are counted under: the client (behind a trusted proxy, the one it
    // names), by its address, an IPv6 one by its /64.
    QHostAddress throttleKey(const QHttpServerRequest &request) const;
    // True (after answering 429) when this client has sent too many wrong tokens lately.
    bool authThrottled(
        const QHostAddress &key, const QHttpServerRequest &request, QTcpSocket *socket);
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
    QHash<QString, QByteArray> m_staticAnswers; // path (+ HEAD) -> the serialised answer
    GuardedTcpServer *m_tcpServer = nullptr; // child of this (bind() reparents it)
};
