#pragma once

#include <QByteArrayView>
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

    // Returns the request, or nullopt with a message fit to send back to the publisher.
    static std::optional<PublishRequest> parse(QByteArrayView body, QString *error);
};
