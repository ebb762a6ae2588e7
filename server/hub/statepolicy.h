#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QStringList>
#include <QStringView>

#include <optional>

// Which event types carry state and how an amendment applies: defined here once and used by
// the hub (the snapshot's "latest" and "recent"), the store (what it restores), the console
// (history and viewer pane) and, through /api/state's "policy", the viewer page.
class StatePolicy final
{
public:
    StatePolicy() = delete;

    // Types whose newest event per channel is the channel's present state (a scoreboard, a
    // match clock) rather than news: every snapshot carries the newest of each ("latest").
    static const QStringList &stateTypes();
    static bool carriesState(QStringView type);
    // State that changes so often it would bury the news (one clock tick a second per
    // match): left out of a snapshot's "recent" and of the console's history.
    static bool isTicker(QStringView type);
    // Types that amend an earlier event, named by "targetId" in their data.
    static bool isAmendment(QStringView type);
    static bool isRetraction(QStringView type);
    // The id an amendment names in "targetId": a string holding a canonical decimal id (digits
    // only, no sign, space or leading zero, nonzero, within 64 bits); nullopt otherwise.
    static std::optional<quint64> targetOf(const QJsonValue &amendment);
    // The target's data after a correction: the correction's fields replace the target's
    // (a target that was not an object becomes the fields); "targetId" and "unpins" (which
    // name other posts, PinBoard) are not carried over.
    static QJsonObject corrected(const QJsonValue &original, const QJsonObject &correction);

    // {"stateTypes", "tickerTypes", "amendmentTypes"}: the same rules for the page.
    static QJsonObject json();
};
