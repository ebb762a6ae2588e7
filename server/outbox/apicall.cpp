#include "outbox/apicall.h"

#include "outbox/logging.h"
#include "outbox/remotepublisher.h"
#include "protocol/jsontext.h"

#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>

using namespace Qt::StringLiterals;

void ApiCall::send(QNetworkAccessManager *network, QObject *owner, const QUrl &baseUrl,
    const QByteArray &token, const QByteArray &method, const QString &path,
    const QByteArray &contentType, const QByteArray &body, int timeoutMs, QObject *context,
    Done done)
{
    QUrl base = baseUrl;
    if (!base.path().endsWith(u'/'))
        base.setPath(base.path() + u'/');
    QNetworkRequest request(base.resolved(QUrl(path)));
    request.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
    request.setRawHeader("Authorization", "Bearer " + token);
    request.setTransferTimeout(timeoutMs);
    request.setAttribute(
        QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    QNetworkReply *reply = network->sendCustomRequest(request, method, body);
    QObject::connect(reply, &QNetworkReply::finished, owner,
        [reply, guard = QPointer<QObject>(context), hasContext = context != nullptr, method, path,
            done = std::move(done)] {
            reply->deleteLater();
            if (hasContext && !guard)
                return;
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            const QJsonObject answer = JsonText::parse(reply->readAll()).toObject();
            if (status >= 200 && status < 300) {
                done(answer, {});
                return;
            }
            const QString why = status > 0
                ? answer.value(u"error"_s).toString(u"the server answered %1"_s.arg(status))
                : RemotePublisher::networkFailure(reply);
            qCWarning(lcOutbox).noquote() << method << path << "failed:" << why;
            done({}, why);
        });
}
