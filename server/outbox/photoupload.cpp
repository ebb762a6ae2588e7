#include "outbox/photoupload.h"

#include "outbox/apicall.h"
#include "outbox/remotepublisher.h"

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
    ApiCall::send(&m_network, this, m_baseUrl, m_token, "POST", u"api/media"_s, mimeType, bytes,
        TimeoutMs, context,
        [done = std::move(done)](const QJsonObject &answer, const QString &error) {
            if (error.isEmpty() && !answer.value(u"url"_s).isString())
                done({}, u"the server's answer names no photo"_s);
            else
                done(answer, error);
        });
}
