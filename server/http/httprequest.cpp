#include "http/httprequest.h"

#include <QUrl>

#include <algorithm>

HttpRequest HttpRequest::fromHead(
    const RequestHead::Result &head, const QByteArray &bytes, QHostAddress remoteAddress)
{
    // The guard has checked the target: printable ASCII, a path, valid percent-encoding.
    const QUrl url = QUrl::fromEncoded(head.target);
    HttpRequest request;
    request.method = head.method;
    request.path = url.path();
    request.query = QUrlQuery(url);
    request.headers = head.fields;
    request.body = bytes.sliced(head.headBytes, head.length - head.headBytes);
    request.remoteAddress = std::move(remoteAddress);
    request.keepAlive = head.keepAlive;
    return request;
}

bool HttpRequest::has(QByteArrayView name) const
{
    return std::any_of(headers.cbegin(), headers.cend(), [name](const auto &header) {
        return QByteArrayView(header.first).compare(name, Qt::CaseInsensitive) == 0;
    });
}

HttpRequest HttpRequest::forLaterAnswer() const
{
    HttpRequest answered;
    answered.method = method;
    answered.path = path;
    answered.remoteAddress = remoteAddress;
    answered.keepAlive = keepAlive;
    answered.headCompleteAt = headCompleteAt;
    return answered;
}

QByteArray HttpRequest::value(QByteArrayView name) const
{
    for (const auto &[key, value] : headers) {
        if (QByteArrayView(key).compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}
