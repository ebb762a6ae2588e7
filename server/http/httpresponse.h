#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>

#include <chrono>

// One HTTP/1.1 answer, written whole: status, headers, body. Every answer LiveDesk gives
// outside a stream (the guard's refusals, the routes' answers, an API reply that completes
// after the event log has stored the event) is built and serialised here, so each carries the
// same common headers and every error has a JSON body {"error": "..."}.
struct HttpResponse
{
    using Headers = QList<QPair<QByteArray, QByteArray>>;

    int status = 200;
    QByteArray contentType;
    QByteArray body;
    Headers headers;

    static HttpResponse json(int status, const QJsonObject &json, Headers headers = {});
    static HttpResponse error(int status, const QString &message, Headers headers = {});

    // Status line, the common headers (Content-Length, CORS, no-store, nosniff, and
    // Connection), the extra headers, then the body unless `headOnly` (a HEAD answer keeps
    // Content-Length). With a `keepAlive` time the connection stays open for the next request
    // ("Connection: keep-alive", and "Keep-Alive: timeout=N" so that a client stops reusing
    // it before the server closes it); without one it says "Connection: close".
    QByteArray serialize(bool headOnly = false, std::chrono::seconds keepAlive = {}) const;
    static QByteArray reasonPhrase(int status);
};
