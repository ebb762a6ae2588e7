#include "outbox/photoupload.h"

#include "outbox/logging.h"
#include "outbox/remotepublisher.h"
#include "protocol/jsontext.h"

#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>

using namespace Qt::StringLiterals;

namespace {

// 10 MB over a stadium's 1 Mbit/s uplink takes 80 s; the server waits 120 s for it.
constexpr int TimeoutMs = 120'000;

} // namespace

PhotoUpload::PhotoUpload(QObject *parent)
    : QObject(parent)
{
    RemotePublisher::acceptPinned(&m_network, this, &m_pinned);
}

void PhotoUpload::setPinnedCertificates(const QList<QSslCertificate> &certificates)
{
    m_pinned = certificates;
}

void PhotoUpload::upload(
    const QByteArray &bytes, const QByteArray &mimeType, QObject *context, Done done)
{
    QUrl base = m_baseUrl;
    if (!base.path().endsWith(u'/'))
        base.setPath(base.path() + u'/');
    QNetworkRequest request(base.resolved(QUrl(u"api/media"_s)));
    request.setHeader(QNetworkRequest::ContentTypeHeader, mimeType);
    request.setRawHeader("Authorization", "Bearer " + m_token);
    request.setTransferTimeout(TimeoutMs);
    request.setAttribute(
        QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    QNetworkReply *reply = m_network.post(request, bytes);
    connect(reply, &QNetworkReply::finished, this,
        [reply, guard = QPointer<QObject>(context), hasContext = context != nullptr,
            done = std::move(done)] {
            reply->deleteLater();
            if (hasContext && !guard)
                return;
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            const QJsonObject answer = JsonText::parse(reply->readAll()).toObject();
            if (status == 201 && answer.value(u"url"_s).isString()) {
                done(answer, {});
                return;
            }
            const QString why = status > 0 ? u"the server answered %1: %2"_s.arg(status).arg(
                                    answer.value(u"error"_s).toString())
                                           : RemotePublisher::networkFailure(reply);
            qCWarning(lcOutbox).noquote() << "photo not stored:" << why;
            done({}, why);
        });
}
