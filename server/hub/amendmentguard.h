#pragma once

#include "hub/eventlog.h"
#include "hub/publishoutcome.h"

#include <QHash>
#include <QList>
#include <QSet>
#include <QStringList>

#include <deque>
#include <optional>

// Refuses the amendments that make no sense, before anything is stored: a correction or
// retraction that names no post (or a correction that changes nothing), or a post this
// server does not keep, a score or clock update, another amendment, or a post on another
// channel (Invalid); and a second retraction of a post, or a correction of a retracted one
// (Conflict).
//
// It runs on the hub's thread for every publish, so it never reads the log. What it needs it
// keeps in memory, from the log's Restored once at start and from each stored event after:
// 16 bytes for each event that does not carry state (its id, and its channel and type as
// indexes into names kept once), the retracted ids and the amendments' targets (both ways). Score
// and clock events, the bulk of a match, are not kept: an id it does not know between the oldest it
// knows and the newest is one of them. So every check is exact for every event the log still holds,
// up to MaxRemembered of them; an amendment of an older event is refused as no longer kept, like
// one of an event the log deleted (retention).
class AmendmentGuard final
{
public:
    static constexpr qsizetype MaxRemembered = 500000; // 8 MB

    AmendmentGuard() = default;

    void restore(const EventLog::Restored &restored);

    // nullopt when `draft` may go to the log (anything but an amendment may), `lastId` being
    // the newest stored id; otherwise the refusal. A retraction let through claims its target
    // at once, so a second one sent before the first is stored is refused too.
    std::optional<PublishOutcome> admit(const EventDraft &draft, quint64 lastId);
    // The log did not store what admit() let through: its claim is dropped.
    void withdraw(const EventDraft &draft);
    // The log stored it.
    void remember(const HubEvent &event);

    qsizetype rememberedCount() const { return qsizetype(m_entries.size()); }

    // What it remembers is also the hub's index of posts for history pages (EventHub::
    // history), which so never reads the log to choose them:
    // The posts (events that neither carry state nor amend) below `before` on `channels`
    // (empty: every channel), retracted ones left out, newest first, at most `count`.
    QList<quint64> postsBefore(const QSet<QString> &channels, quint64 before, int count) const;
    // The stored corrections of these posts, in id order (what a page applies to them).
    QList<quint64> correctionsOf(const QList<quint64> &posts) const;

private:
    struct Entry
    {
        quint64 id;
        quint32 channel; // into m_names
        quint32 type; // into m_names
    };

    std::optional<PublishOutcome> check(
        const EventDraft &draft, quint64 target, quint64 lastId) const;
    std::optional<PublishOutcome> checkRetracted(const EventDraft &draft, quint64 target) const;
    const Entry *find(quint64 id) const;
    quint32 nameIndex(const QString &name);
    void add(quint64 id, const QString &channel, const QString &type, quint64 target);
    void forgetOldest();

    std::deque<Entry> m_entries; // ascending ids
    QStringList m_names;
    QHash<QString, quint32> m_nameIndex;
    // Each retracted post and the retraction that did it (0 while that is being stored).
    QHash<quint64, quint64> m_retractedBy;
    // Each amendment and the post it names.
    QHash<quint64, quint64> m_targetOf;
    // Each post and its stored corrections (m_targetOf the other way, retractions aside).
    QMultiHash<quint64, quint64> m_correctedBy;
    // Every event from this id on that does not carry state is in m_entries.
    quint64 m_firstKnown = 1;
};
