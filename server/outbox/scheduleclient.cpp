#include "outbox/scheduleclient.h"

#include "outbox/remotepublisher.h"
#include "protocol/jsontext.h"

#include <QJsonDocument>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>

using namespace Qt::StringLiterals;

namespace {

constexpr int TimeoutMs = 15'000;

} // namespace

ScheduleClient::ScheduleClient(QObject *parent)
    : QObject(parent)
{
    RemotePublisher::acceptPinned(&m_network, this, &m_pinned);
}

void ScheduleClient::setPinnedCertificates(const QList<QSslCertificate> &certificates)
{
    m_pinned = certificates;
}

void ScheduleClient::schedule(const QString &channel, const QString &type, const QJsonObject &data,
    const QDateTime &at, QObject *context, Done done)
{
    const QJsonObject body { { u"channel"_s, channel }, { u"type"_s, type }, { u"data"_s, data },
        { u"at"_s, at.toUTC().toString(Qt::ISODateWithMs) } };
    call("POST", u"api/events"_s, QJsonDocument(body).toJson(QJsonDocument::Compact), context,
        std::move(done));
}

void ScheduleClient::list(QObject *context, Done done)
{
    call("GET", u"api/scheduled"_s, {}, context, std::move(done));
}

void ScheduleClient::cancel(const QString &id, QObject *context, Done done)
{
    call("DELETE", u"api/scheduled/"_s + id, {}, context, std::move(done));
}

void ScheduleClient::sendNow(const QString &id, QObject *context, Done done)
{
    call("POST", u"api/scheduled/%1/send"_s.arg(id), {}, context, std::move(done));
}

void ScheduleClient::call(const QByteArray &method, const QString &path, const QByteArray &body,
    QObject *context, Done done)
{
    QUrl base = m_baseUrl;
    if (!base.path().endsWith(u'/'))
        base.setPath(base.path() + u'/');
    QNetworkRequest request(base.resolved(QUrl(path)));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
    request.setRawHeader("Authorization", "Bearer " + m_token);
    request.setTransferTimeout(TimeoutMs);
    request.setAttribute(
        QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    QNetworkReply *reply = m_network.sendCustomRequest(request, method, body);
    connect(reply, &QNetworkReply::finished, this,
        [reply, guard = QPointer<QObject>(context), hasContext = context != nullptr,
            done = std::move(done)] {
            reply->deleteLater();
            if (hasContext && !guard)
                return;
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            const QJsonObject answer = JsonText::parse(reply->readAll()).toObject();
            if (status >= 200 && status < 300)
                done(answer, {});
            else if (status > 0)
                done(
                    {}, answer.value(u"error"_s).toString(u"the server answered %1"_s.arg(status)));
            else
                done({}, RemotePublisher::networkFailure(reply));
        });
}
