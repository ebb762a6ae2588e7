#pragma once

#include "hub/eventhub.h"

#include <QString>
#include <QUrlQuery>

#include <optional>

// What a GET /api/events asks for, parsed from untrusted input: the channels, by the
// stream's own rules (StreamRequest), `before` (a positive event id; absent: from the
// newest post) and `limit` (1 to MaxLimit; DefaultLimit when absent). Each may be given once.
struct HistoryRequest
{
    static constexpr int DefaultLimit = 50;
    static constexpr int MaxLimit = 200;

    // The query, or nullopt with a message fit to answer 400 with.
    static std::optional<EventHub::HistoryQuery> parse(const QUrlQuery &query, QString *error);
};
