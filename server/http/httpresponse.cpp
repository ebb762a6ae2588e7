#include "http/httpresponse.h"

#include <QJsonDocument>

#include <algorithm>

using namespace Qt::StringLiterals;

HttpResponse HttpResponse::json(int status, const QJsonObject &json, Headers headers)
{
    return { status, "application/json", QJsonDocument(json).toJson(QJsonDocument::Compact),
        std::move(headers) };
}

HttpResponse HttpResponse::error(int status, const QString &message, Headers headers)
{
    return json(status, QJsonObject { { u"error"_s, message } }, std::move(headers));
}

QByteArray HttpResponse::reasonPhrase(int status)
{
    switch (status) {
    case 100:
        return "Continue";
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 204:
        return "No Content";
    case 202:
        return "Accepted";
    case 304:
        return "Not Modified";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 408:
        return "Request Timeout";
    case 409:
        return "Conflict";
    case 411:
        return "Length Required";
    case 413:
        return "Payload Too Large";
    case 415:
        return "Unsupported Media Type";
    case 417:
        return "Expectation Failed";
    case 422:
        return "Unprocessable Content";
    case 429:
        return "Too Many Requests";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 501:
        return "Not Implemented";
    case 503:
        return "Service Unavailable";
    case 505:
        return "HTTP Version Not Supported";
    case 507:
        return "Insufficient Storage";
    default:
        return status < 400 ? "OK" : "Error";
    }
}

QByteArray HttpResponse::serialize(bool headOnly, std::chrono::seconds keepAlive) const
{
    QByteArray out = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) + "\r\n";
    const auto header = [&out](QByteArrayView name, QByteArrayView value) {
        out += name;
        out += ": ";
        out += value;
        out += "\r\n";
    };
    if (!contentType.isEmpty())
        header("Content-Type", contentType);
    // A 304 has no body, and its length would be taken for the cached copy's (RFC 9110 §8.6).
    if (status != 304)
        header("Content-Length", QByteArray::number(body.size()));
    // Public to any page, unless the answer names its one origin (a publish preflight).
    const bool namesOrigin = std::any_of(headers.begin(), headers.end(), [](const auto &h) {
        return h.first.compare("Access-Control-Allow-Origin", Qt::CaseInsensitive) == 0;
    });
    if (!namesOrigin)
        header("Access-Control-Allow-Origin", "*");
    // Nothing is cached unless the answer says otherwise (a photo, named by its hash).
    const bool namesCaching = std::any_of(headers.begin(), headers.end(),
        [](const auto &h) { return h.first.compare("Cache-Control", Qt::CaseInsensitive) == 0; });
    if (!namesCaching)
        header("Cache-Control", "no-store");
    header("X-Content-Type-Options", "nosniff");
    if (keepAlive.count() > 0) {
        header("Connection", "keep-alive");
        header(
            "Keep-Alive", QByteArray("timeout=" + QByteArray::number(qint64(keepAlive.count()))));
    } else {
        header("Connection", "close");
    }
    for (const auto &[name, value] : headers)
        header(name, value);
    out += "\r\n";
    if (!headOnly)
        out += body;
    return out;
}
