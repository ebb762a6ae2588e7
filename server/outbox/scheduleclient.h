#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QObject>
#include <QSslCertificate>
#include <QUrl>

#include <functional>

// The console's side of scheduled posts: POST /api/events with "at", GET /api/scheduled,
// DELETE /api/scheduled/<id> and POST /api/scheduled/<id>/send, on the console's server
// (its own, or the one it publishes to from elsewhere). The server keeps them and publishes
// them on time, with or without the console.
class ScheduleClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ScheduleClient)

public:
    // The answer's JSON (a schedule, or {"scheduled": [...]}), or an empty one and why not.
    using Done = std::function<void(const QJsonObject &answer, const QString &error)>;

    explicit ScheduleClient(QObject *parent = nullptr);

    void setBaseUrl(const QUrl &url) { m_baseUrl = url; }
    void setToken(const QByteArray &token) { m_token = token; }
    void setPinnedCertificates(const QList<QSslCertificate> &certificates);

    // Each `done` runs once, unless `context` is gone by then.
    void schedule(const QString &channel, const QString &type, const QJsonObject &data,
        const QDateTime &at, QObject *context, Done done);
    void list(QObject *context, Done done);
    void cancel(const QString &id, QObject *context, Done done);
    void sendNow(const QString &id, QObject *context, Done done);

private:
    void call(const QByteArray &method, const QString &path, const QByteArray &body,
        QObject *context, Done done);

    QNetworkAccessManager m_network;
    QUrl m_baseUrl;
    QByteArray m_token;
    QList<QSslCertificate> m_pinned;
};
