#pragma once

#include "hub/publisher.h"

#include <QByteArray>
#include <QList>
#include <QNetworkAccessManager>
#include <QObject>
#include <QSslCertificate>
#include <QUrl>

class QNetworkReply;

// Publishes to a LiveDesk elsewhere, through its POST /api/events, with the publish token and
// the sender's idempotency key: what a console at a stadium uses to reach the servers that
// readers read from.
//
// The outcome tells the outbox what to do with the post:
//   - published: the server stored it (or had already: PublishOutcome::repeated);
//   - Invalid or Conflict: the server refused the post itself (400, 422, 409); sending it
//     again will not change that;
//   - Unavailable: nothing is known to be stored, and sending again may work: no network, a
//     timeout, a 5xx, but also a wrong token, a certificate the system does not trust, a
//     URL that is not a LiveDesk. `error` says which in words for the operator; none of
//     these is ever taken for "sent".
class RemotePublisher final : public QObject, public Publisher
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RemotePublisher)

public:
    static constexpr int DefaultTimeoutMs = 10000;

    explicit RemotePublisher(QObject *parent = nullptr);

    // The server's base URL, e.g. https://feed.example.org/.
    void setBaseUrl(const QUrl &url);
    QUrl baseUrl() const { return m_baseUrl; }
    void setToken(const QByteArray &token) { m_token = token; }
    // No answer within this long is a failure (the post may or may not be stored: the key
    // makes sending it again safe).
    void setTimeoutMs(int ms) { m_timeoutMs = ms; }
    // Certificates accepted whatever signed them (a server with its own certificate).
    void setPinnedCertificates(const QList<QSslCertificate> &certificates);

    // Without a key: one attempt, nothing retried by anyone.
    void publish(const QString &channel, const QString &type, const QJsonValue &data,
        QObject *context, PublishCallback done) override;
    void publishOnce(const QString &channel, const QString &type, const QJsonValue &data,
        const QString &key, QObject *context, PublishCallback done) override;

    // Why a request to the server got no HTTP answer, in words for the operator.
    static QString networkFailure(QNetworkReply *reply);
    // `network`'s requests accept a certificate in `pinned` (which outlives `owner`) though
    // the system does not trust it; every other certificate error fails the request.
    static void acceptPinned(
        QNetworkAccessManager *network, QObject *owner, const QList<QSslCertificate> *pinned);

private:
    PublishOutcome outcomeOf(QNetworkReply *reply, const EventDraft &draft) const;

    QNetworkAccessManager m_network;
    QUrl m_baseUrl;
    QByteArray m_token;
    int m_timeoutMs = DefaultTimeoutMs;
    QList<QSslCertificate> m_pinned;
};
