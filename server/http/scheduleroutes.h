#pragma once

#include "http/httprequest.h"
#include "http/httpresponse.h"
#include "http/publishrequest.h"
#include "hub/publishoutcome.h"

#include <functional>

class HttpConnection;
class ScheduleDesk;

// Scheduled posts over HTTP: POST /api/events with "at" (202), GET /api/scheduled,
// DELETE /api/scheduled/<id>, POST /api/scheduled/<id>/send. The caller has checked the
// token and the origin. Everything here is in memory on the server thread (ScheduleDesk);
// the disk is the scheduler's writer thread's.
class ScheduleRoutes final
{
public:
    using Respond
        = std::function<void(const HttpRequest &, HttpConnection *, const HttpResponse &)>;
    // How a publish's outcome is answered (HttpServer::answerPublish), for a post sent now.
    using AnswerPublish
        = std::function<void(const HttpRequest &, HttpConnection *, const PublishOutcome &)>;

    // `desk` null: a server that cannot schedule (503). Not owned.
    ScheduleRoutes(ScheduleDesk *desk, Respond respond, AnswerPublish answer);

    static bool isSchedulePath(QStringView path) { return path.startsWith(u"/api/scheduled"); }

    void schedule(const HttpRequest &request, HttpConnection *socket, const PublishRequest &post);
    void serve(const HttpRequest &request, HttpConnection *socket);

private:
    void list(const HttpRequest &request, HttpConnection *socket);
    void cancel(const HttpRequest &request, HttpConnection *socket, const QString &id);
    void sendNow(const HttpRequest &request, HttpConnection *socket, const QString &id);
    // Why `at` cannot be the time, or empty.
    QString refusal(const QDateTime &at) const;

    ScheduleDesk *const m_desk;
    const Respond m_respond;
    const AnswerPublish m_answer;
};
