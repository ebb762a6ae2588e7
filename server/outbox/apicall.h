#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QObject>
#include <QUrl>

#include <functional>

// One call of the console to its server's API beyond publishing (a photo, a schedule): the
// request with the token, no redirects (a POST turned into a GET elsewhere would never be
// "done") and a transfer timeout; the answer as JSON, or the reason in the operator's words.
class ApiCall final
{
public:
    // The answer's JSON on a 2xx, or an empty one and why not.
    using Done = std::function<void(const QJsonObject &answer, const QString &error)>;

    ApiCall() = delete;

    // `done` runs once on `owner`'s thread, unless `context` is gone by then.
    static void send(QNetworkAccessManager *network, QObject *owner, const QUrl &baseUrl,
        const QByteArray &token, const QByteArray &method, const QString &path,
        const QByteArray &contentType, const QByteArray &body, int timeoutMs, QObject *context,
        Done done);
};
