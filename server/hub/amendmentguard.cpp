#include "hub/amendmentguard.h"

#include "hub/statepolicy.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

PublishOutcome invalid(const QString &reason)
{
    return PublishOutcome::refused(reason, PublishOutcome::Refusal::Invalid);
}

PublishOutcome conflict(const QString &reason)
{
    return PublishOutcome::refused(reason, PublishOutcome::Refusal::Conflict);
}

// Whether a correction names anything to change besides its target.
bool changesAField(const QJsonValue &correction)
{
    const QJsonObject fields = correction.toObject();
    return fields.size() > (fields.contains(u"targetId"_s) ? 1 : 0);
}

} // namespace

void AmendmentGuard::restore(const EventLog::Restored &restored)
{
    m_firstKnown = restored.firstId > 0 ? restored.firstId : restored.lastId + 1;
    for (const EventRecord &record : restored.records) {
        if (record.id >= m_firstKnown && !StatePolicy::carriesState(record.type))
            add(record.id, record.channel, record.type, record.targetId);
    }
}

std::optional<PublishOutcome> AmendmentGuard::admit(const EventDraft &draft, quint64 lastId)
{
    if (!StatePolicy::isAmendment(draft.type))
        return std::nullopt;
    const std::optional<quint64> target = StatePolicy::targetOf(draft.data);
    if (!target) {
        return invalid(u"a %1 needs \"targetId\": the id of the post it amends, as a decimal "
                       "string such as \"42\""_s.arg(draft.type));
    }
    if (auto refusal = check(draft, *target, lastId))
        return refusal;
    if (StatePolicy::isRetraction(draft.type))
        m_retractedBy.insert(*target, 0);
    return std::nullopt;
}

std::optional<PublishOutcome> AmendmentGuard::check(
    const EventDraft &draft, quint64 target, quint64 lastId) const
{
    const bool retraction = StatePolicy::isRetraction(draft.type);
    if (!retraction && !changesAField(draft.data))
        return invalid(u"a correction needs at least one field to change besides \"targetId\""_s);
    if (target > lastId)
        return invalid(u"there is no event #%1 yet"_s.arg(target));
    if (target < m_firstKnown)
        return invalid(
            u"event #%1 is no longer kept by this server, so it cannot be amended"_s.arg(target));
    const Entry *entry = find(target);
    if (!entry) {
        return invalid(u"#%1 is a score or clock update, which cannot be amended; publish the "
                       "right one instead"_s.arg(target));
    }
    const QString &targetType = m_names.at(entry->type);
    if (StatePolicy::isAmendment(targetType)) {
        const quint64 original = m_targetOf.value(target);
        return invalid(u"#%1 is itself a %2; amend %3 instead"_s.arg(target).arg(targetType,
            original ? u"the post it names, #%1,"_s.arg(original) : u"the original post"_s));
    }
    const QString &channel = m_names.at(entry->channel);
    if (channel != draft.channel) {
        return invalid(
            u"#%1 is on channel \"%2\"; its %3 must be sent there, not on \"%4\""_s.arg(target).arg(
                channel, draft.type, draft.channel));
    }
    return checkRetracted(draft, target);
}

std::optional<PublishOutcome> AmendmentGuard::checkRetracted(
    const EventDraft &draft, quint64 target) const
{
    const auto it = m_retractedBy.constFind(target);
    if (it == m_retractedBy.cend())
        return std::nullopt;
    const QString by = *it ? u"by #%1"_s.arg(*it) : u"a retraction of it is being stored"_s;
    if (StatePolicy::isRetraction(draft.type))
        return conflict(u"#%1 has already been retracted (%2)"_s.arg(target).arg(by));
    return conflict(
        u"#%1 has been retracted (%2), so it can no longer be corrected"_s.arg(target).arg(by));
}

void AmendmentGuard::withdraw(const EventDraft &draft)
{
    if (!StatePolicy::isRetraction(draft.type))
        return;
    const std::optional<quint64> target = StatePolicy::targetOf(draft.data);
    if (target && m_retractedBy.value(*target, 1) == 0)
        m_retractedBy.remove(*target);
}

void AmendmentGuard::remember(const HubEvent &event)
{
    if (StatePolicy::carriesState(event.type))
        return;
    const quint64 target
        = StatePolicy::isAmendment(event.type) ? StatePolicy::targetOf(event.data).value_or(0) : 0;
    add(event.id, event.channel, event.type, target);
}

void AmendmentGuard::add(quint64 id, const QString &channel, const QString &type, quint64 target)
{
    Q_ASSERT(m_entries.empty() || id > m_entries.back().id);
    m_entries.push_back({ id, nameIndex(channel), nameIndex(type) });
    if (StatePolicy::isAmendment(type))
        m_targetOf.insert(id, target);
    if (StatePolicy::isAmendment(type) && !StatePolicy::isRetraction(type) && find(target))
        m_correctedBy.insert(target, id);
    if (StatePolicy::isRetraction(type) && find(target)) {
        // The first retraction of a post is the one that counts (a journal written before
        // this guard existed may hold more).
        const auto it = m_retractedBy.find(target);
        if (it == m_retractedBy.end())
            m_retractedBy.insert(target, id);
        else if (*it == 0)
            *it = id;
    }
    if (qsizetype(m_entries.size()) > MaxRemembered)
        forgetOldest();
}

void AmendmentGuard::forgetOldest()
{
    const quint64 id = m_entries.front().id;
    m_entries.pop_front();
    m_retractedBy.remove(id);
    m_correctedBy.remove(m_targetOf.value(id), id);
    m_correctedBy.remove(id);
    m_targetOf.remove(id);
    m_firstKnown = id + 1;
}

QList<quint64> AmendmentGuard::postsBefore(
    const QSet<QString> &channels, quint64 before, int count) const
{
    // Per name (channels and types share m_names): asked for, or an amendment type. A few
    // dozen names, so the walk below tests indexes, not strings.
    QList<bool> asked(m_names.size());
    QList<bool> amends(m_names.size());
    for (qsizetype i = 0; i < m_names.size(); ++i) {
        asked[i] = channels.isEmpty() || channels.contains(m_names.at(i));
        amends[i] = StatePolicy::isAmendment(m_names.at(i));
    }
    QList<quint64> posts;
    auto it = std::lower_bound(m_entries.cbegin(), m_entries.cend(), before,
        [](const Entry &e, quint64 wanted) { return e.id < wanted; });
    while (it != m_entries.cbegin() && posts.size() < count) {
        --it;
        if (asked.at(it->channel) && !amends.at(it->type) && m_retractedBy.value(it->id) == 0)
            posts.append(it->id);
    }
    return posts;
}

QList<quint64> AmendmentGuard::correctionsOf(const QList<quint64> &posts) const
{
    QList<quint64> corrections;
    for (const quint64 post : posts) {
        for (auto it = m_correctedBy.constFind(post);
             it != m_correctedBy.cend() && it.key() == post; ++it)
            corrections.append(it.value());
    }
    std::sort(corrections.begin(), corrections.end());
    return corrections;
}

const AmendmentGuard::Entry *AmendmentGuard::find(quint64 id) const
{
    const auto it = std::lower_bound(m_entries.cbegin(), m_entries.cend(), id,
        [](const Entry &e, quint64 wanted) { return e.id < wanted; });
    return it != m_entries.cend() && it->id == id ? &*it : nullptr;
}

quint32 AmendmentGuard::nameIndex(const QString &name)
{
    const auto it = m_nameIndex.constFind(name);
    if (it != m_nameIndex.cend())
        return *it;
    const auto index = quint32(m_names.size());
    m_names.append(name);
    m_nameIndex.insert(name, index);
    return index;
}
