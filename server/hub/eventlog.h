#pragma once

#include "hub/hubevent.h"

#include <QDateTime>
#include <QList>
#include <QString>

#include <functional>
#include <optional>

struct ChannelInfo
{
    QString name;
    quint64 lastId = 0;
    quint64 events = 0;
};

// An idempotency key and the event it was stored with.
struct StoredKey
{
    QString key;
    quint64 id = 0;
    QString channel;
    QString type;
    QDateTime time; // UTC, when it was accepted
};

// What the hub remembers of a stored event to judge amendments of it (AmendmentGuard): no
// data, except the target an amendment names.
struct EventRecord
{
    quint64 id = 0;
    QString channel;
    QString type;
    quint64 targetId = 0; // an amendment's target (StatePolicy::targetOf); 0 otherwise
};

// Where the hub's events are kept: it gives each event its id and stores it before anyone
// may see it. The hub knows only this interface; the SQLite journal (store/) is one
// implementation, MemoryEventLog (nothing persists) another.
//
// Appends are asynchronous, because real logs answer later (a storage thread with group
// commit, a Redis stream). Contract:
//   - `done` runs exactly once per append, on the thread that called append(), with the new
//     id, or with 0 and the reason nothing was stored;
//   - completions arrive in the order of the appends, and ids strictly increase;
//   - a failed append consumes no id: the next stored event gets the next one;
//   - `done` may run before append() returns;
//   - a log others write too (a cluster) may find a draft's key (EventDraft::key) already
//     stored by another writer: it answers with that original's id, which is then at or
//     below an id it already reported, never above;
//   - a log being destroyed drops the completions it still owes (the hub guards its own
//     lifetime, so an owner may destroy the hub first).
class EventLog
{
public:
    struct Restored
    {
        quint64 lastId = 0; // the highest id ever given (0: none)
        // When the log lost history (a journal moved aside, a write-ahead log deleted): the
        // newest id it still knows of. Ids above it, up to lastId, may have been given, and
        // whoever holds one must resync. Equal to lastId when nothing was lost.
        std::optional<quint64> knownThrough;
        QList<HubEventPtr> recent; // the newest events, oldest first
        QList<HubEventPtr> latestState; // the newest event of each state type per channel
        QList<ChannelInfo> channels;
        // The oldest id the log still holds (0: it holds none); nothing older can be amended.
        quint64 firstId = 0;
        // Every event the log holds that does not carry state (StatePolicy::carriesState),
        // oldest first: what may be amended, and the amendments, whose targets tell which
        // posts are retracted. Read once at start, so the hub never reads the log to judge
        // an amendment.
        QList<EventRecord> records;
        // The idempotency keys of the events stored within the retention window
        // (IdempotencyIndex), oldest first, so a repeat after a restart is still known.
        QList<StoredKey> keys;
        // Every event that pins or unpins a post (PinBoard::touchesPin), each post such an
        // event names, and the corrections and retractions of those posts, oldest first:
        // enough to rebuild the channels' pins (PinBoard) however old they are.
        QList<HubEventPtr> pinHistory;
    };
    using AppendDone = std::function<void(quint64 id, const QString &error)>;
    // An event another writer stored (a cluster's other nodes share the log).
    using Observer = std::function<void(const HubEventPtr &event)>;

    virtual ~EventLog() = default;

    // What the hub restores on start (it blocks: nothing is served before history is back).
    virtual Restored restore(int recentCount) = 0;
    virtual void append(const EventDraft &draft, AppendDone done) = 0;
    // A log that others write to as well reports their events here, in its one order among
    // this writer's own completions (ids still strictly increase across both). A log only
    // this process writes never calls it; the default ignores the observer. An empty one
    // stops the reports.
    // (The callbacks here are taken by value, sinks that the logs which queue them move from;
    // a default that only drops one, or calls it, is the exception clazy's
    // function-args-by-ref and clang-tidy's unnecessary-value-param see.)
    // NOLINTBEGIN(performance-unnecessary-value-param)
    virtual void setObserver(Observer observer) // clazy:exclude=function-args-by-ref
    {
        Q_UNUSED(observer)
    }

    // The stored events with these ids (ascending), for history pages: those the log still
    // holds, in id order; an id it no longer holds (retention, trimming) is left out. `done`
    // runs exactly once, on the thread that called fetch(), possibly before it returns; an
    // error means nothing could be read. It must not make the caller wait on a disk or a
    // network (the hub's thread fans out). A log that keeps no history answers with an error.
    using FetchDone = std::function<void(const QList<HubEventPtr> &events, const QString &error)>;
    virtual void fetch(
        const QList<quint64> &ids, FetchDone done) // clazy:exclude=function-args-by-ref
    {
        Q_UNUSED(ids)
        done({}, QStringLiteral("this server keeps no history"));
    }
    // NOLINTEND(performance-unnecessary-value-param)

    EventLog(const EventLog &) = delete;
    EventLog &operator=(const EventLog &) = delete;

protected:
    EventLog() = default;
};
