#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QObject>
#include <QSslCertificate>
#include <QUrl>

#include <functional>

// Sends a photo to a LiveDesk server (POST /api/media) for a post the console is about to
// publish: the console's own server, or the one it publishes to from elsewhere. The answer,
// {"url","width","height"}, goes into the post's data.photo with the operator's words.
//
// Unlike a post, a photo is not kept in the outbox while the link is down: 10 MB would not
// fit the outbox's promise of an fsync'd row per post, so the operator is told at once.
class PhotoUpload final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PhotoUpload)

public:
    // `photo` is the server's answer; empty with `error` saying why when it was not stored.
    using Done = std::function<void(const QJsonObject &photo, const QString &error)>;

    explicit PhotoUpload(QObject *parent = nullptr);

    void setBaseUrl(const QUrl &url) { m_baseUrl = url; }
    QUrl baseUrl() const { return m_baseUrl; }
    void setToken(const QByteArray &token) { m_token = token; }
    // Certificates accepted though the system does not trust them (RemotePublisher's).
    void setPinnedCertificates(const QList<QSslCertificate> &certificates);

    // `done` runs once, unless `context` is gone by then.
    void upload(const QByteArray &bytes, const QByteArray &mimeType, QObject *context, Done done);

private:
    QNetworkAccessManager m_network;
    QUrl m_baseUrl;
    QByteArray m_token;
    QList<QSslCertificate> m_pinned;
};
