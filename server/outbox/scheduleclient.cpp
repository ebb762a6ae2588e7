#include "outbox/scheduleclient.h"

#include "outbox/apicall.h"
#include "outbox/remotepublisher.h"

#include <QJsonDocument>

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
    ApiCall::send(&m_network, this, m_baseUrl, m_token, method, path, "application/json", body,
        TimeoutMs, context, std::move(done));
}
