#include "http/scheduleroutes.h"

#include "http/httpconnection.h"
#include "hub/scheduledesk.h"
#include "hub/statepolicy.h"

#include <QJsonArray>
#include <QPointer>

using namespace Qt::StringLiterals;

ScheduleRoutes::ScheduleRoutes(ScheduleDesk *desk, Respond respond, AnswerPublish answer)
    : m_desk(desk)
    , m_respond(std::move(respond))
    , m_answer(std::move(answer))
{ }

QString ScheduleRoutes::refusal(const QDateTime &at) const
{
    const QDateTime now = m_desk->now();
    if (at <= now)
        return u"\"at\" (%1) is in the past; send it without \"at\" to publish now"_s.arg(
            at.toString(Qt::ISODate));
    if (at > now.addDays(PublishRequest::ScheduleDays))
        return u"\"at\" (%1) is more than %2 days ahead"_s.arg(at.toString(Qt::ISODate))
            .arg(PublishRequest::ScheduleDays);
    return {};
}

void ScheduleRoutes::schedule(
    const HttpRequest &request, HttpConnection *socket, const PublishRequest &post)
{
    if (!m_desk) {
        m_respond(
            request, socket, HttpResponse::error(503, u"this server cannot schedule posts"_s));
        return;
    }
    QString why = refusal(*post.at);
    // A correction applies to what readers see now; a score or the clock is the present.
    if (StatePolicy::isAmendment(post.type) || StatePolicy::carriesState(post.type))
        why = u"a %1 cannot be scheduled; send it without \"at\""_s.arg(post.type);
    if (request.has("Idempotency-Key"))
        why = u"an Idempotency-Key cannot be used with \"at\": the schedule's id names it"_s;
    if (!why.isEmpty()) {
        m_respond(request, socket, HttpResponse::error(400, why));
        return;
    }
    const ScheduledPost scheduled = m_desk->add(post.channel, post.type, post.data, *post.at);
    m_respond(request, socket,
        HttpResponse::json(202, scheduled.json(),
            { { "Location", "/api/scheduled/" + scheduled.id.toLatin1() } }));
}

// /api/scheduled, /api/scheduled/<id>, /api/scheduled/<id>/send
void ScheduleRoutes::serve(const HttpRequest &request, HttpConnection *socket)
{
    if (!m_desk) {
        m_respond(
            request, socket, HttpResponse::error(503, u"this server cannot schedule posts"_s));
        return;
    }
    const QStringList parts = request.path.split(u'/', Qt::SkipEmptyParts); // api, scheduled, …
    const QString id = parts.value(2);
    const bool send = parts.size() == 4 && parts.at(3) == u"send";
    if (parts.size() == 2 && (request.method == "GET" || request.isHead()))
        list(request, socket);
    else if (parts.size() == 3 && request.method == "DELETE")
        cancel(request, socket, id);
    else if (send && request.method == "POST")
        sendNow(request, socket, id);
    else if (parts.size() > 4 || (parts.size() == 4 && !send))
        m_respond(request, socket,
            HttpResponse::error(404, u"no such resource: %1"_s.arg(request.path.left(200))));
    else
        m_respond(request, socket,
            HttpResponse::error(405,
                u"%1 is not allowed on %2"_s.arg(
                    QString::fromLatin1(request.method), request.path.left(200)),
                { { "Allow", parts.size() == 2 ? "GET, HEAD" : (send ? "POST" : "DELETE") } }));
}

void ScheduleRoutes::list(const HttpRequest &request, HttpConnection *socket)
{
    QJsonArray posts;
    for (const ScheduledPost &post : m_desk->list())
        posts.append(post.json());
    m_respond(request, socket, HttpResponse::json(200, QJsonObject { { u"scheduled"_s, posts } }));
}

void ScheduleRoutes::cancel(const HttpRequest &request, HttpConnection *socket, const QString &id)
{
    if (m_desk->cancel(id))
        m_respond(request, socket, { 204, {}, {}, {} });
    else
        m_respond(request, socket,
            HttpResponse::error(
                404, u"no scheduled post %1 (sent, or cancelled)"_s.arg(id.left(40))));
}

void ScheduleRoutes::sendNow(const HttpRequest &request, HttpConnection *socket, const QString &id)
{
    HttpRequest answered;
    answered.method = request.method;
    answered.path = request.path;
    answered.keepAlive = request.keepAlive;
    answered.headCompleteAt = request.headCompleteAt;
    answered.remoteAddress = request.remoteAddress;
    const bool found = m_desk->sendNow(id,
        [this, answered, socket = QPointer<HttpConnection>(socket)](const PublishOutcome &outcome) {
            if (socket)
                m_answer(answered, socket, outcome);
        });
    if (!found)
        m_respond(request, socket,
            HttpResponse::error(
                404, u"no scheduled post %1 (sent, or cancelled)"_s.arg(id.left(40))));
}
