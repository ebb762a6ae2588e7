#pragma once

#include "hub/hubevent.h"

#include <QJsonObject>
#include <QList>

#include <optional>

// One page of GET /api/events: {"events": [...], "next": "ID" | null}. The posts come newest
// first, each as in /api/state ({"id","channel","type","data","time"}) with its corrections
// applied in id order, the way the page applies them live (StatePolicy::corrected), and
// "corrected": true when one changed its words (a change of pin alone does not count).
class HistoryPage final
{
public:
    HistoryPage() = delete;

    // `posts`: the page's ids, newest first. `events`: what was read of them and of their
    // corrections, in any order; a post that was not read (the log no longer holds it) is
    // left out. `next`: the id to ask for the next page before; nullopt at the first post.
    static QJsonObject json(
        const QList<quint64> &posts, const QList<HubEventPtr> &events, std::optional<quint64> next);
};
