#include "hub/scheduledesk.h"

using namespace Qt::StringLiterals;

QJsonObject ScheduledPost::json() const
{
    QJsonObject object {
        { u"id"_s, id },
        { u"channel"_s, channel },
        { u"type"_s, type },
        { u"data"_s, data },
        { u"at"_s, at.toString(Qt::ISODateWithMs) },
        { u"createdAt"_s, createdAt.toString(Qt::ISODateWithMs) },
    };
    if (missed)
        object.insert(u"missed"_s, true);
    return object;
}

std::optional<ScheduledPost> ScheduledPost::fromJson(const QJsonObject &object)
{
    ScheduledPost post;
    post.id = object.value(u"id"_s).toString();
    post.channel = object.value(u"channel"_s).toString();
    post.type = object.value(u"type"_s).toString();
    post.data = object.value(u"data"_s);
    post.at = QDateTime::fromString(object.value(u"at"_s).toString(), Qt::ISODateWithMs).toUTC();
    post.createdAt
        = QDateTime::fromString(object.value(u"createdAt"_s).toString(), Qt::ISODateWithMs).toUTC();
    post.missed = object.value(u"missed"_s).toBool();
    if (post.id.isEmpty() || post.channel.isEmpty() || post.type.isEmpty() || !post.at.isValid())
        return std::nullopt;
    return post;
}
