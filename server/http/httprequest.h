#pragma once

#include "http/httpresponse.h"
#include "http/requesthead.h"

#include <QByteArray>
#include <QHostAddress>
#include <QString>
#include <QUrlQuery>

#include <chrono>

// One request as the routes see it, built by the connection guard from its own parse
// (RequestHead::check) and exactly the bytes that parse covered: no other parser reads what a
// client sends, so nothing reaches a route that the guard did not judge.
struct HttpRequest
{
    using Clock = std::chrono::steady_clock;

    QByteArray method; // one of the methods RequestHead knows
    QString path; // percent-decoded, without the query
    QUrlQuery query;
    HttpResponse::Headers headers; // names as sent, values trimmed
    QByteArray body;
    QHostAddress remoteAddress;
    // Whether the answer may leave the connection open for the next request (the client
    // allows it and the connection has requests left); the answer says which it does.
    bool keepAlive = false;
    // When the guard saw the whole head: where a publish's latency starts.
    Clock::time_point headCompleteAt;

    // `bytes` is the whole request (head.length bytes) that `head` judged Complete.
    static HttpRequest fromHead(
        const RequestHead::Result &head, const QByteArray &bytes, QHostAddress remoteAddress);
    // The first value of the header `name` (in any case); empty when absent.
    QByteArray value(QByteArrayView name) const;
    bool has(QByteArrayView name) const;
    bool isHead() const { return method == "HEAD"; }
    // What an answer given later (once a log has answered) needs of the request: its method,
    // path, peer, keep-alive and arrival, without the body, query or headers it no longer
    // needs to hold.
    HttpRequest forLaterAnswer() const;
};
