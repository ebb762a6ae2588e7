#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QNetworkAccessManager>
#include <QPair>
#include <QUrl>

// Plain request/response calls for tests, over QNetworkAccessManager on loopback.
class HttpTestClient final
{
public:
    using Headers = QList<QPair<QByteArray, QByteArray>>;

    struct Response
    {
        int status = 0;
        QByteArray body;
        QList<QPair<QByteArray, QByteArray>> headers;
        QJsonObject json() const;
        QByteArray header(const QByteArray &name) const;
    };

    explicit HttpTestClient(QUrl baseUrl)
        : m_baseUrl(std::move(baseUrl))
    { }

    Response send(const QByteArray &method, const QString &path, const Headers &headers = {},
        const QByteArray &body = {});
    Response get(const QString &path) { return send("GET", path); }
    // POST /api/events with the token and a JSON body.
    Response publish(const QByteArray &token, const QByteArray &json);

private:
    QUrl m_baseUrl;
    QNetworkAccessManager m_network;
};
