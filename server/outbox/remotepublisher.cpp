#include "outbox/remotepublisher.h"

#include "outbox/logging.h"
#include "protocol/jsontext.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QSslError>

using namespace Qt::StringLiterals;

RemotePublisher::RemotePublisher(QObject *parent)
    : QObject(parent)
{
    acceptPinned(&m_network, this, &m_pinned);
}

void RemotePublisher::acceptPinned(
    QNetworkAccessManager *network, QObject *owner, const QList<QSslCertificate> *pinned)
{
    // A server with a certificate of its own, pinned by the operator, is accepted; anything
    // else the system does not trust fails the request (and says so, see networkFailure()).
    connect(network, &QNetworkAccessManager::sslErrors, owner,
        [pinned](QNetworkReply *reply, const QList<QSslError> &errors) {
            const QSslCertificate presented = reply->sslConfiguration().peerCertificate();
            if (!presented.isNull() && pinned->contains(presented))
                reply->ignoreSslErrors(errors);
        });
}

void RemotePublisher::setBaseUrl(const QUrl &url)
{
    m_baseUrl = url;
    if (!m_baseUrl.path().endsWith(u'/'))
        m_baseUrl.setPath(m_baseUrl.path() + u'/');
}

void RemotePublisher::setPinnedCertificates(const QList<QSslCertificate> &certificates)
{
    m_pinned = certificates;
}

void RemotePublisher::publish(const QString &channel, const QString &type, const QJsonValue &data,
    QObject *context, PublishCallback done)
{
    publishOnce(channel, type, data, QString(), context, std::move(done));
}

void RemotePublisher::publishOnce(const QString &channel, const QString &type,
    const QJsonValue &data, const QString &key, QObject *context, PublishCallback done)
{
    QNetworkRequest request(m_baseUrl.resolved(QUrl(u"api/events"_s)));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
    request.setRawHeader("Authorization", "Bearer " + m_token);
    if (!key.isEmpty())
        request.setRawHeader("Idempotency-Key", key.toLatin1());
    request.setTransferTimeout(m_timeoutMs);
    // A redirect would turn the POST into a GET somewhere else: never "sent".
    request.setAttribute(
        QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    const QJsonObject body { { u"channel"_s, channel }, { u"type"_s, type }, { u"data"_s, data } };
    QNetworkReply *reply
        = m_network.post(request, QJsonDocument(body).toJson(QJsonDocument::Compact));
    const bool hasContext = context != nullptr;
    const EventDraft draft { channel, type, data, QDateTime::currentDateTimeUtc(), key };
    connect(reply, &QNetworkReply::finished, this,
        [this, reply, draft, hasContext, guard = QPointer<QObject>(context),
            done = std::move(done)] {
            reply->deleteLater();
            const PublishOutcome outcome = outcomeOf(reply, draft);
            if (done && (!hasContext || guard))
                done(outcome);
        });
}

PublishOutcome RemotePublisher::outcomeOf(QNetworkReply *reply, const EventDraft &draft) const
{
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QJsonObject answer = QJsonDocument::fromJson(reply->readAll()).object();
    const bool json = reply->header(QNetworkRequest::ContentTypeHeader)
                          .toString()
                          .startsWith(u"application/json"_s);
    const QString error = answer.value(u"error"_s).toString();
    const QString where = m_baseUrl.toDisplayString();
    if (status == 0)
        return PublishOutcome::refused(networkFailure(reply), PublishOutcome::Refusal::Unavailable);
    if (status == 201 && json) {
        const quint64 id = answer.value(u"id"_s).toString().toULongLong();
        if (id == 0) {
            return PublishOutcome::refused(
                tr("%1 answered, but not as a LiveDesk does (no event id).").arg(where),
                PublishOutcome::Refusal::Unavailable);
        }
        return PublishOutcome::published(
            makeHubEvent(id, draft), answer.value(u"repeated"_s).toBool());
    }
    if (!json || error.isEmpty()) {
        return PublishOutcome::refused(
            tr("%1 is not a LiveDesk server (it answered HTTP %2 to a publish).")
                .arg(where)
                .arg(status),
            PublishOutcome::Refusal::Unavailable);
    }
    switch (status) {
    case 400:
    case 422:
        return PublishOutcome::refused(error, PublishOutcome::Refusal::Invalid);
    case 409:
        return PublishOutcome::refused(error, PublishOutcome::Refusal::Conflict);
    case 401:
        return PublishOutcome::refused(
            tr("%1 refused the publish token: %2. Check the token in Settings.").arg(where, error),
            PublishOutcome::Refusal::Unavailable);
    default:
        return PublishOutcome::refused(
            tr("%1 answered HTTP %2: %3").arg(where).arg(status).arg(error),
            PublishOutcome::Refusal::Unavailable);
    }
}

QString RemotePublisher::networkFailure(QNetworkReply *reply)
{
    const QString host = reply->url().host();
    switch (reply->error()) {
    case QNetworkReply::HostNotFoundError:
        return tr("The server %1 was not found: check the address.").arg(host);
    case QNetworkReply::ConnectionRefusedError:
        return tr("%1 refused the connection: is LiveDesk running there, on that port?").arg(host);
    case QNetworkReply::SslHandshakeFailedError:
        return tr("The certificate of %1 is not one this computer trusts, or the connection "
                  "is not https: %2")
            .arg(host, reply->errorString());
    case QNetworkReply::OperationCanceledError:
    case QNetworkReply::TimeoutError:
        return tr("%1 did not answer in time.").arg(host);
    default:
        return tr("Cannot reach %1: %2").arg(host, reply->errorString());
    }
}
