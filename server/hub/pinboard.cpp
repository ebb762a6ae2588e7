#include "hub/pinboard.h"

using namespace Qt::StringLiterals;

bool PinBoard::pins(const QJsonValue &data)
{
    return data.toObject().value(u"pinned"_s).toBool(false);
}

bool PinBoard::touchesPin(const QJsonValue &data)
{
    return data.toObject().contains(u"pinned"_s);
}

void PinBoard::markReplaced(EventDraft *draft) const
{
    if (StatePolicy::carriesState(draft->type) || !draft->data.isObject())
        return;
    // "unpins" is the server's to write: one a sender made up would unpin another's post.
    QJsonObject data = draft->data.toObject();
    const bool madeUp = data.contains(u"unpins"_s);
    data.remove(u"unpins"_s);
    const auto current = m_pins.constFind(draft->channel);
    // Pinning the pinned post again replaces nothing.
    if (pins(data) && current != m_pins.cend() && StatePolicy::targetOf(data) != current->post.id)
        data.insert(u"unpins"_s, QString::number(current->post.id));
    if (madeUp || data.contains(u"unpins"_s))
        draft->data = data;
}

bool PinBoard::take(const HubEvent &event, const Finder &find)
{
    if (StatePolicy::isAmendment(event.type)) {
        const std::optional<quint64> target = StatePolicy::targetOf(event.data);
        bool changed = false;
        if (target)
            amend(event, *target, find, &changed);
        return changed;
    }
    if (StatePolicy::carriesState(event.type) || !pins(event.data))
        return false;
    QJsonObject data = event.data.toObject();
    data.remove(u"unpins"_s);
    pin(event.channel, { { event.id, event.type, data, event.time }, event.id });
    return true;
}

void PinBoard::amend(const HubEvent &amendment, quint64 target, const Finder &find, bool *changed)
{
    const auto current = m_pins.find(amendment.channel);
    const bool targetIsPinned = current != m_pins.end() && current->post.id == target;
    if (StatePolicy::isRetraction(amendment.type)) {
        if (targetIsPinned) {
            m_pins.remove(amendment.channel);
            *changed = true;
        }
        return;
    }
    const QJsonObject fields = amendment.data.toObject();
    if (targetIsPinned) {
        if (fields.contains(u"pinned"_s) && !pins(fields))
            m_pins.remove(amendment.channel);
        else
            current->post.data = StatePolicy::corrected(current->post.data, fields);
        *changed = true;
        return;
    }
    if (!pins(fields))
        return;
    // Pinning an earlier post: its words come from the window (the hub refuses to pin one it
    // no longer retains, so a pin never lacks them).
    std::optional<Post> post = find ? find(target) : std::nullopt;
    if (!post)
        return;
    post->data = StatePolicy::corrected(post->data, fields);
    pin(amendment.channel, { std::move(*post), amendment.id });
    *changed = true;
}

void PinBoard::pin(const QString &channel, const Pin &pin)
{
    m_pins.insert(channel, pin);
}

bool PinBoard::isPinned(quint64 id) const
{
    return std::any_of(
        m_pins.cbegin(), m_pins.cend(), [id](const Pin &p) { return p.post.id == id; });
}

QJsonArray PinBoard::json(const QSet<QString> &channels) const
{
    QList<std::pair<QString, const Pin *>> chosen;
    for (auto it = m_pins.cbegin(); it != m_pins.cend(); ++it) {
        if (channels.isEmpty() || channels.contains(it.key()))
            chosen.append({ it.key(), &it.value() });
    }
    std::sort(chosen.begin(), chosen.end(),
        [](const auto &a, const auto &b) { return a.second->pinnedBy < b.second->pinnedBy; });
    QJsonArray list;
    for (const auto &[channel, pin] : std::as_const(chosen)) {
        list.append(QJsonObject {
            { u"id"_s, QString::number(pin->post.id) },
            { u"channel"_s, channel },
            { u"type"_s, pin->post.type },
            { u"data"_s, pin->post.data },
            { u"time"_s, pin->post.time.toString(Qt::ISODateWithMs) },
        });
    }
    return list;
}
