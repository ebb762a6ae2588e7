#pragma once

#include "hub/eventhub.h"

#include <QByteArrayView>
#include <QString>
#include <QUrlQuery>

#include <optional>

// What a GET /events asks for, parsed from untrusted input: the query string and the
// Last-Event-ID header that browsers send on reconnect.
struct StreamRequest
{
    static constexpr int MaxChannels = 64;

    EventHub::ChannelSet channels; // empty: every channel
    std::optional<quint64> lastEventId;
    // heartbeat=event: keep-alives as "event: heartbeat" (visible to EventSource, so a page
    // can tell a silent feed from a dead one) instead of comments.
    bool heartbeatEvents = false;
    // envelope=1: each event's data is {"channel":…,"data":…} (HubEvent::envelopedWire).
    bool envelope = false;

    // `channel` may repeat (and may hold a comma-separated list). The Last-Event-ID header
    // wins over the `lastEventId` query parameter: on reconnect the browser sends the header
    // with its newest id while the URL still carries the one the page started from.
    // Returns the request, or nullopt with a message fit to answer 400 with.
    static std::optional<StreamRequest> parse(
        const QUrlQuery &query, QByteArrayView lastEventIdHeader, QString *error);
    // A decimal that fits in 64 bits, and nothing else; anything malformed is "absent".
    static std::optional<quint64> parseEventId(QByteArrayView text);
};
