#pragma once

#include "hub/publishoutcome.h"

#include <QDateTime>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>

#include <functional>
#include <optional>

// A post to publish later ("at" in POST /api/events). It has no event id until it goes out:
// ids are given in the order events are stored, and a post waiting for kick-off minus one
// hour must not hold one back.
struct ScheduledPost
{
    QString id; // the schedule's own id, "s-" and 12 hex digits
    QString channel;
    QString type;
    QJsonValue data;
    QDateTime at; // UTC
    QDateTime createdAt; // UTC
    // Its time passed while the server was not running: it waits for someone to send or
    // cancel it (the console asks), never goes out late on its own.
    bool missed = false;

    QJsonObject json() const;
    static std::optional<ScheduledPost> fromJson(const QJsonObject &object);
};

// The scheduled posts of a server, as the HTTP routes see them. Implemented by the host's
// Scheduler (which keeps them on disk and publishes them on time); on the server thread.
class ScheduleDesk
{
public:
    using SendDone = std::function<void(const PublishOutcome &outcome)>;

    virtual ~ScheduleDesk() = default;

    virtual ScheduledPost add(
        const QString &channel, const QString &type, const QJsonValue &data, const QDateTime &at)
        = 0;
    // Soonest first.
    virtual QList<ScheduledPost> list() const = 0;
    virtual bool cancel(const QString &id) = 0;
    // Publishes it now (a missed one, say); false when there is no such post.
    virtual bool sendNow(const QString &id, SendDone done) = 0;
    virtual QDateTime now() const = 0;

    ScheduleDesk(const ScheduleDesk &) = delete;
    ScheduleDesk &operator=(const ScheduleDesk &) = delete;

protected:
    ScheduleDesk() = default;
};
