#pragma once

#include <QByteArrayView>
#include <QDateTime>
#include <QJsonValue>
#include <QString>

#include <optional>

// The body of POST /api/events, validated: {"channel": C, "type": T, "data": ANY}.
struct PublishRequest
{
    static constexpr qsizetype MaxDataBytes = 64 * 1024;

    QString channel;
    QString type;
    QJsonValue data;
    // "at": publish then, not now (a time with its offset or Z, ISO 8601); the route checks
    // that it lies ahead, within ScheduleDays.
    std::optional<QDateTime> at;
    static constexpr int ScheduleDays = 30;

    // Returns the request, or nullopt with a message fit to send back to the publisher.
    static std::optional<PublishRequest> parse(QByteArrayView body, QString *error);
};
