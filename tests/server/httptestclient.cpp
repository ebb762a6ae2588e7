#include "httptestclient.h"

#include <QBuffer>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;

QJsonObject HttpTestClient::Response::json() const
{
    return QJsonDocument::fromJson(body).object();
}

QByteArray HttpTestClient::Response::header(const QByteArray &name) const
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

HttpTestClient::Response HttpTestClient::send(
    const QByteArray &method, const QString &path, const Headers &headers, const QByteArray &body)
{
    QNetworkRequest request(m_baseUrl.resolved(QUrl(path)));
    for (const auto &[name, value] : headers)
        request.setRawHeader(name, value);
    auto buffer = std::make_unique<QBuffer>();
    buffer->setData(body);
    buffer->open(QIODevice::ReadOnly);
    // HEAD must go through head(): as a custom verb QNAM would wait for the announced body.
    std::unique_ptr<QNetworkReply> reply(method == "HEAD"
            ? m_network.head(request)
            : m_network.sendCustomRequest(
                request, method, body.isEmpty() ? nullptr : buffer.get()));
    // Waits by spinning the event loop, like QTRY_VERIFY, with a generous bound.
    QDeadlineTimer deadline(10000);
    while (!reply->isFinished() && !deadline.hasExpired())
        QTest::qWait(5);
    Response response;
    response.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    response.body = reply->readAll();
    response.headers = reply->rawHeaderPairs();
    return response;
}

HttpTestClient::Response HttpTestClient::publish(const QByteArray &token, const QByteArray &json)
{
    return send("POST", u"/api/events"_s,
        { { "Authorization", "Bearer " + token }, { "Content-Type", "application/json" } }, json);
}
