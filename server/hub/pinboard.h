#pragma once

#include "hub/hubevent.h"
#include "hub/statepolicy.h"

#include <QDateTime>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QSet>

#include <algorithm>
#include <functional>
#include <limits>
#include <optional>

// The pinned post of each channel: one at most, and the latest pin wins. A post is pinned by
// "pinned": true in its data when sent, or by a correction {"targetId", "pinned": true} later;
// it stays pinned until a correction says "pinned": false, a retraction takes it back, or
// another post of its channel is pinned. A correction of its words reaches the pin too.
//
// The hub keeps one: every snapshot (/api/state, resync) carries the pins, so a late joiner
// sees a post pinned at kick-off long after it left the replay window. The logs rebuild it on
// start from the events that touch a pin (EventLog::Restored::pinHistory).
class PinBoard final
{
public:
    // A post as its corrections so far have left it.
    struct Post
    {
        quint64 id = 0;
        QString type;
        QJsonObject data;
        QDateTime time;
    };
    // A post by id, or nullopt: a correction that pins names an earlier post.
    using Finder = std::function<std::optional<Post>(quint64 id)>;
    // The post `id` among `events` (HubEventPtrs in id order: the hub's window, a log's pin
    // history) with the corrections that follow it there, up to `upTo`, applied.
    template<typename Events>
    static std::optional<Post> find(
        const Events &events, quint64 id, quint64 upTo = std::numeric_limits<quint64>::max());

    // A draft that pins a post while another post of its channel is pinned gets
    // "unpins": "<that post's id>" in its data: the SSE stream names no channels, so this is
    // how the page, the viewer pane and a replay learn which pin the new one replaces.
    void markReplaced(EventDraft *draft) const;
    // Takes one stored event, in id order; returns true when a pin changed.
    bool take(const HubEvent &event, const Finder &find);
    // Whether `event` pins, unpins or rewrites a post: what a log keeps for the next start.
    // (A correction or retraction of a post pinned by a correction is found by its target.)
    static bool touchesPin(const QJsonValue &data);
    // True when `data` (a post's or a correction's) asks for a pin.
    static bool pins(const QJsonValue &data);

    // The pinned posts of `channels` (every channel when empty), oldest pin first, each as
    // EventHub::eventJson gives a post, with its corrections applied.
    QJsonArray json(const QSet<QString> &channels = {}) const;
    bool isPinned(quint64 id) const;
    qsizetype size() const { return m_pins.size(); }

private:
    struct Pin
    {
        Post post;
        quint64 pinnedBy = 0; // the id of the post or correction that pinned it
    };

    void amend(const HubEvent &amendment, quint64 target, const Finder &find, bool *changed);
    void pin(const QString &channel, const Pin &pin);

    QHash<QString, Pin> m_pins; // by channel
};

template<typename Events>
std::optional<PinBoard::Post> PinBoard::find(const Events &events, quint64 id, quint64 upTo)
{
    auto it = std::lower_bound(events.begin(), events.end(), id,
        [](const HubEventPtr &e, quint64 wanted) { return e->id < wanted; });
    if (it == events.end() || (*it)->id != id)
        return std::nullopt;
    Post post { id, (*it)->type, (*it)->data.toObject(), (*it)->time };
    post.data.remove(QStringLiteral("unpins"));
    for (++it; it != events.end() && (*it)->id < upTo; ++it) {
        if ((*it)->type == u"correction" && StatePolicy::targetOf((*it)->data) == id)
            post.data = StatePolicy::corrected(post.data, (*it)->data.toObject());
    }
    return post;
}
