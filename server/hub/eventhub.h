#pragma once

#include "hub/amendmentguard.h"
#include "hub/eventlog.h"
#include "hub/hubevent.h"
#include "hub/idempotencyindex.h"
#include "hub/pinboard.h"
#include "hub/publisher.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QSet>
#include <QStringView>

#include <deque>
#include <functional>
#include <memory>

// The relay between domain sources and the SSE server: the Qt form of the NestJS Subject.
// It validates, has its event log store each event and give it its id (decimal, strictly
// increasing, never reused), encodes it once, keeps a bounded replay window for
// Last-Event-ID resume, and emits published() once the log has stored it. Amendments that
// make no sense (AmendmentGuard) never reach the log.
//
// It lives on the server thread. Sources on other threads reach it through ServerHost, which
// hops here with a queued call, so the hub needs no locks.
class EventHub final : public QObject, public Publisher
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EventHub)

public:
    // A set of channel names; empty means "every channel".
    using ChannelSet = QSet<QString>;

    struct Replay
    {
        // True when events the client asked for (matching its channels) are no longer
        // retained, or the id is unknown to this server: the client must resync.
        bool gap = false;
        QList<HubEventPtr> events;
        // Every retained event up to this id was examined; continue from here.
        quint64 scannedTo = 0;
    };

    // A page of GET /api/events: posts before `before` (0: the newest) on `channels`.
    struct HistoryQuery
    {
        ChannelSet channels;
        quint64 before = 0;
        int limit = 50;
    };
    // The page (HistoryPage::json), or an empty object and why it could not be read.
    using HistoryDone = std::function<void(const QJsonObject &page, const QString &error)>;

    // Keeps nothing beyond this object (a MemoryEventLog of its own).
    explicit EventHub(int replayCapacity, QObject *parent = nullptr);
    // Stores every event in `log` (which must outlive this hub's last append) and restores
    // the window, the ids, the per-channel counts and the scoreboards from it.
    EventHub(int replayCapacity, EventLog *log, QObject *parent = nullptr);
    ~EventHub() override;

    // [A-Za-z0-9._-]{1,64}: names can never smuggle a line break into the SSE framing.
    static bool isValidName(QStringView name);

    // Validates, then appends to the log; published() and `done` follow once it is stored.
    // A refusal consumes no id, emits nothing and reaches `done` with the reason and its
    // kind: Invalid for an invalid name or an amendment AmendmentGuard refuses as
    // meaningless, Conflict for one it refuses because its target was retracted,
    // Unavailable when the log could not store it.
    void publish(const QString &channel, const QString &type, const QJsonValue &data,
        QObject *context, PublishCallback done) override;
    // The same under the sender's idempotency key (IdempotencyIndex::isValidKey(), refused
    // as Invalid otherwise): a key stored within the window is answered with that original
    // event (PublishOutcome::repeated) and nothing new is stored; a repeat while the first is
    // still being stored waits for it and gets its outcome. Empty: no key.
    void publishOnce(const QString &channel, const QString &type, const QJsonValue &data,
        const QString &key, QObject *context, PublishCallback done) override;
    void publish(const QString &channel, const QString &type, const QJsonValue &data)
    {
        publish(channel, type, data, nullptr, {});
    }

    quint64 lastId() const { return m_lastId; }
    quint64 publishedTotal() const { return m_publishedTotal; }
    qsizetype retainedCount() const { return qsizetype(m_window.size()); }

    // Retained events after `afterId` that match `channels`, at most `maxEvents` of them.
    Replay since(quint64 afterId, const ChannelSet &channels, int maxEvents = -1) const;
    QList<ChannelInfo> channels() const;
    // The posts before query.before, newest first, at most query.limit, retracted ones left
    // out and corrections applied. Which posts is known here (AmendmentGuard); their words
    // come from the window where it retains them and from the log otherwise, so `done` may
    // run before this returns, or later on this thread; not at all if `context` (when given)
    // is gone by then.
    void history(const HistoryQuery &query, QObject *context, HistoryDone done) const;

    // {"lastId","channels":[...],"recent":[...],"latest":[...],"pinned":[...],"policy":{...}}:
    // the hub's
    // part of /api/state, limited to `channels` when given (a resync only describes what the
    // stream subscribed to).
    QJsonObject stateJson(int recentCount, const ChannelSet &filter = {}) const;
    static QJsonObject eventJson(const HubEvent &event);

Q_SIGNALS:
    void published(const HubEventPtr &event);

private:
    void restoreFrom(EventLog::Restored restored);
    HubEventPtr accept(
        quint64 id, const EventDraft &draft, std::chrono::steady_clock::time_point acceptedAt);
    // An event another writer of the log stored: taken in like one published here.
    void takeStored(const HubEventPtr &event);
    void take(const HubEventPtr &event);
    void store(EventDraft draft, PublishCallback finish);
    // The outcome of the first publish under a key, to the repeats that waited for it.
    void settle(const QString &key, const PublishOutcome &outcome);
    // The event a key was stored as: the retained one, or its id, channel and type alone.
    HubEventPtr originalOf(const IdempotencyIndex::Entry &entry) const;
    void retain(const HubEventPtr &event);
    bool gapFor(quint64 afterId, const ChannelSet &channels) const;
    // The retained event with this id, or null (the window is in id order).
    HubEventPtr retained(quint64 id) const;
    // Why `draft` may not be stored as it is for its pin; empty when it may.
    QString pinRefusal(const EventDraft &draft) const;

    const int m_capacity;
    std::unique_ptr<EventLog> m_ownLog; // only when no log was given
    EventLog *const m_log;
    quint64 m_lastId = 0;
    // Ids up to here belong to earlier runs; this hub holds none of their events.
    quint64 m_baseline = 0;
    // Ids above this one, up to m_lostThrough, may have been given by history the log lost.
    quint64 m_knownThrough = 0;
    quint64 m_lostThrough = 0;
    quint64 m_publishedTotal = 0;
    std::deque<HubEventPtr> m_window;
    QHash<QString, ChannelInfo> m_channels;
    // Per channel, the newest id that fell out of the window; a client behind it has a gap.
    QHash<QString, quint64> m_evictedUpTo;
    quint64 m_evictedUpToAny = 0;
    // Newest event of each state type per channel, keyed "channel\ntype".
    QHash<QString, HubEventPtr> m_latest;
    AmendmentGuard m_amendments;
    PinBoard m_pins;
    IdempotencyIndex m_keys;
    // Keys being stored now, and the repeats waiting for their outcome.
    QHash<QString, QList<PublishCallback>> m_inFlight;
};
