#pragma once

#include "http/guardedtcpserver.h"
#include "http/httpresponse.h"

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
        // Wrong tokens from one address within a minute before it gets 429.
        int authFailuresPerMinute = 10;
    };
    using Clock = std::function<qint64()>; // monotonic milliseconds

    HttpServer(
        EventHub *hub, SseBroadcaster *broadcaster, QByteArray token, QObject *parent = nullptr);
    HttpServer(EventHub *hub, SseBroadcaster *broadcaster, QByteArray token, Options options,
        QObject *parent = nullptr);

    void setClock(Clock clock) { m_clock = std::move(clock); }
    int openConnections() const { return m_tcpServer ? m_tcpServer->openConnections() : 0; }
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

    // Writes the answer and closes; a HEAD answer has no body.
    void respond(
        const QHttpServerRequest &request, QTcpSocket *socket, const HttpResponse &response);

    EventHub *const m_hub;
    SseBroadcaster *const m_broadcaster;
    const QByteArray m_token;
    // True (after answering 429) when this address has failed too often lately.
    bool authThrottled(const QHttpServerRequest &request, QTcpSocket *socket);
    void noteAuthFailure(const QHostAddress &address);

    const QDateTime m_startedAt;
    const Options m_options;
    Clock m_clock;
    struct Failures
    {
        qint64 windowStart = 0;
        int count = 0;
    };
    QHash<QHostAddress, Failures> m_authFailures;
    GuardedTcpServer *m_tcpServer = nullptr; // child of this (bind() reparents it)
};
