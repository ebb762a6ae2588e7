#include "hub/eventhub.h"

#include "hub/historypage.h"
#include "hub/logging.h"
#include "hub/memoryeventlog.h"
#include "hub/statepolicy.h"

#include <QJsonArray>
#include <QPointer>

#include <algorithm>

using namespace Qt::StringLiterals;

EventHub::EventHub(int replayCapacity, QObject *parent)
    : QObject(parent)
    , m_capacity(qMax(0, replayCapacity))
    , m_ownLog(std::make_unique<MemoryEventLog>())
    , m_log(m_ownLog.get())
{
    qRegisterMetaType<HubEventPtr>();
    restoreFrom(m_log->restore(m_capacity));
}

EventHub::EventHub(int replayCapacity, EventLog *log, QObject *parent)
    : QObject(parent)
    , m_capacity(qMax(0, replayCapacity))
    , m_log(log)
{
    qRegisterMetaType<HubEventPtr>();
    restoreFrom(m_log->restore(m_capacity));
    qCInfo(lcHub) << "restored" << m_window.size() << "events; next id" << m_lastId + 1;
    // Others' events in a shared log (a cluster): the log outlives this hub, so it is told to
    // stop in the destructor.
    m_log->setObserver([this](const HubEventPtr &event) { takeStored(event); });
}

EventHub::~EventHub()
{
    m_log->setObserver({});
}

void EventHub::restoreFrom(EventLog::Restored restored)
{
    m_amendments.restore(restored);
    m_window.assign(restored.recent.cbegin(), restored.recent.cend());
    m_lastId = restored.lastId;
    // Nothing before the restored window is replayable, whatever the channel.
    m_baseline = m_window.empty() ? m_lastId : m_window.front()->id - 1;
    m_knownThrough = restored.knownThrough.value_or(m_lastId);
    m_lostThrough = m_lastId;
    for (const HubEventPtr &e : std::as_const(restored.latestState))
        m_latest.insert(e->channel + u'\n' + e->type, e);
    for (const ChannelInfo &info : std::as_const(restored.channels))
        m_channels.insert(info.name, info);
    for (const StoredKey &stored : std::as_const(restored.keys))
        m_keys.remember(stored.key, { stored.id, stored.channel, stored.type, stored.time });
    for (const HubEventPtr &e : std::as_const(restored.pinHistory)) {
        // A pinning correction finds the post as the corrections before it left it.
        m_pins.take(*e, [&restored, upTo = e->id](quint64 id) {
            return PinBoard::find(restored.pinHistory, id, upTo);
        });
    }
}

bool EventHub::isValidName(QStringView name)
{
    if (name.isEmpty() || name.size() > 64)
        return false;
    return std::all_of(name.begin(), name.end(), [](QChar c) {
        const char16_t u = c.unicode();
        return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9')
            || u == '.' || u == '_' || u == '-';
    });
}

void EventHub::publish(const QString &channel, const QString &type, const QJsonValue &data,
    QObject *context, PublishCallback done)
{
    publishOnce(channel, type, data, QString(), context, std::move(done));
}

void EventHub::publishOnce(const QString &channel, const QString &type, const QJsonValue &data,
    const QString &key, QObject *context, PublishCallback done)
{
    // The caller's context may go away before the log answers; then `done` is dropped.
    const bool hasContext = context != nullptr;
    PublishCallback finish = [guard = QPointer<QObject>(context), hasContext,
                                 done = std::move(done)](const PublishOutcome &outcome) {
        if (done && (!hasContext || guard))
            done(outcome);
    };
    if (!isValidName(channel) || !isValidName(type)) {
        qCWarning(lcHub) << "rejected event with invalid channel or type" << channel << type;
        finish(PublishOutcome::refused(u"invalid channel or type"_s));
        return;
    }
    const EventDraft draft { channel, type, data, QDateTime::currentDateTimeUtc(), key };
    if (!key.isEmpty()) {
        if (!IdempotencyIndex::isValidKey(key)) {
            finish(PublishOutcome::refused(
                u"an idempotency key is 1 to %1 printable ASCII characters without spaces"_s.arg(
                    IdempotencyIndex::MaxKeyLength)));
            return;
        }
        m_keys.expire(draft.time);
        if (const auto original = m_keys.find(key, draft.time)) {
            qCInfo(lcHub) << "repeat of key" << key << "answered with event" << original->id;
            finish(PublishOutcome::published(originalOf(*original), true));
            return;
        }
        if (const auto waiting = m_inFlight.find(key); waiting != m_inFlight.end()) {
            waiting->append(std::move(finish));
            return;
        }
        m_inFlight.insert(key, {});
    }
    store(draft, std::move(finish));
}

void EventHub::store(EventDraft draft, PublishCallback finish)
{
    auto settled
        = [this, key = draft.key, finish = std::move(finish)](const PublishOutcome &outcome) {
              finish(outcome);
              settle(key, outcome);
          };
    if (const QString why = pinRefusal(draft); !why.isEmpty()) {
        settled(PublishOutcome::refused(why));
        return;
    }
    if (std::optional<PublishOutcome> refusal = m_amendments.admit(draft, m_lastId)) {
        qCInfo(lcHub).noquote() << "refused" << draft.type << "on" << draft.channel << "-"
                                << refusal->error;
        settled(*refusal);
        return;
    }
    m_pins.markReplaced(&draft);
    const auto acceptedAt = std::chrono::steady_clock::now();
    // Durable before visible: the event is accepted (emitted) only once the log has stored
    // it. The log may answer after this hub is gone (its owner destroys the hub first).
    m_log->append(draft,
        [self = QPointer<EventHub>(this), draft, acceptedAt, settled](
            quint64 id, const QString &error) {
            if (!self)
                return;
            if (id == 0) {
                const QString reason = u"the event could not be stored: %1"_s.arg(error);
                qCCritical(lcHub).noquote() << reason;
                self->m_amendments.withdraw(draft);
                settled(PublishOutcome::refused(reason, PublishOutcome::Refusal::Unavailable));
                return;
            }
            if (!draft.key.isEmpty() && id <= self->m_lastId) {
                // Another writer of a shared log stored this key first (see EventLog).
                self->m_amendments.withdraw(draft);
                const auto original = self->m_keys.find(draft.key, draft.time);
                settled(PublishOutcome::published(
                    self->originalOf(original.value_or(
                        IdempotencyIndex::Entry { id, draft.channel, draft.type, draft.time })),
                    true));
                return;
            }
            settled(PublishOutcome::published(self->accept(id, draft, acceptedAt)));
        });
}

void EventHub::settle(const QString &key, const PublishOutcome &outcome)
{
    if (key.isEmpty())
        return;
    const QList<PublishCallback> waiting = m_inFlight.take(key);
    PublishOutcome repeat = outcome;
    repeat.repeated = outcome.ok();
    for (const PublishCallback &done : waiting)
        done(repeat);
}

HubEventPtr EventHub::originalOf(const IdempotencyIndex::Entry &entry) const
{
    const auto it = std::lower_bound(m_window.begin(), m_window.end(), entry.id,
        [](const HubEventPtr &e, quint64 id) { return e->id < id; });
    if (it != m_window.end() && (*it)->id == entry.id)
        return *it;
    return makeHubEvent(
        entry.id, EventDraft { entry.channel, entry.type, QJsonValue(), entry.time, {} });
}

HubEventPtr EventHub::accept(
    quint64 id, const EventDraft &draft, std::chrono::steady_clock::time_point acceptedAt)
{
    Q_ASSERT(id > m_lastId); // the log's contract: ids strictly increase
    HubEventPtr event = makeHubEvent(id, draft, acceptedAt);
    take(event);
    return event;
}

void EventHub::takeStored(const HubEventPtr &event)
{
    // The log's one order covers both kinds; an id at or below ours was taken already.
    if (!event || event->id <= m_lastId)
        return;
    take(event);
}

void EventHub::take(const HubEventPtr &event)
{
    m_lastId = event->id;
    ChannelInfo &info = m_channels[event->channel];
    info.name = event->channel;
    info.lastId = event->id;
    ++info.events;
    ++m_publishedTotal;
    if (StatePolicy::carriesState(event->type))
        m_latest.insert(event->channel + u'\n' + event->type, event);
    m_amendments.remember(*event);
    m_pins.take(*event, [this](quint64 id) { return PinBoard::find(m_window, id); });
    if (!event->key.isEmpty())
        m_keys.remember(event->key, { event->id, event->channel, event->type, event->time });
    retain(event);
    qCDebug(lcHub) << "published" << event->id << event->channel << event->type;
    Q_EMIT published(event);
}

void EventHub::retain(const HubEventPtr &event)
{
    if (m_capacity == 0) {
        m_evictedUpTo[event->channel] = m_evictedUpToAny = event->id;
        return;
    }
    m_window.push_back(event);
    while (qsizetype(m_window.size()) > m_capacity) {
        const HubEventPtr &oldest = m_window.front();
        m_evictedUpTo[oldest->channel] = oldest->id;
        m_evictedUpToAny = oldest->id;
        m_window.pop_front();
    }
}

HubEventPtr EventHub::retained(quint64 id) const
{
    const auto it = std::lower_bound(m_window.cbegin(), m_window.cend(), id,
        [](const HubEventPtr &e, quint64 wanted) { return e->id < wanted; });
    return it != m_window.cend() && (*it)->id == id ? *it : nullptr;
}

QString EventHub::pinRefusal(const EventDraft &draft) const
{
    // Pinning an earlier post needs its words, which the hub has only while it retains it.
    if (draft.type != u"correction" || !PinBoard::pins(draft.data))
        return {};
    const std::optional<quint64> target = StatePolicy::targetOf(draft.data);
    if (!target || m_pins.isPinned(*target) || retained(*target))
        return {};
    return u"#%1 is too old to pin (only the newest %2 events can be); send it again with "
           "\"pinned\": true"_s.arg(*target)
               .arg(m_capacity);
}

bool EventHub::gapFor(quint64 afterId, const ChannelSet &channels) const
{
    // An id from the future, or from before this run, belongs to another server lifetime:
    // this hub cannot say what followed it.
    if (afterId > m_lastId || afterId < m_baseline)
        return true;
    // An id the lost history may have given: what followed it is lost too. (Nothing was
    // ever given after the newest id, so a client holding that one missed nothing.)
    if (afterId > m_knownThrough && afterId < m_lostThrough)
        return true;
    if (channels.isEmpty())
        return m_evictedUpToAny > afterId;
    return std::any_of(channels.begin(), channels.end(),
        [&](const QString &c) { return m_evictedUpTo.value(c) > afterId; });
}

EventHub::Replay EventHub::since(quint64 afterId, const ChannelSet &channels, int maxEvents) const
{
    Replay replay;
    replay.scannedTo = afterId;
    if (gapFor(afterId, channels)) {
        replay.gap = true;
        return replay;
    }
    auto it = std::upper_bound(m_window.begin(), m_window.end(), afterId,
        [](quint64 id, const HubEventPtr &e) { return id < e->id; });
    for (; it != m_window.end(); ++it) {
        if (maxEvents >= 0 && replay.events.size() >= maxEvents)
            return replay;
        const HubEventPtr &e = *it;
        replay.scannedTo = e->id;
        if (channels.isEmpty() || channels.contains(e->channel))
            replay.events.append(e);
    }
    // The whole window was scanned. No gap means every later event of these channels is in
    // it, so nothing up to the newest id is missing, even when the newest ids (of other
    // channels) were never retained (a window of 0): a caller continuing from here is live.
    replay.scannedTo = m_lastId;
    return replay;
}

QList<ChannelInfo> EventHub::channels() const
{
    QList<ChannelInfo> list = m_channels.values();
    std::sort(list.begin(), list.end(),
        [](const ChannelInfo &a, const ChannelInfo &b) { return a.name < b.name; });
    return list;
}

void EventHub::history(const HistoryQuery &query, QObject *context, HistoryDone done) const
{
    const quint64 before = query.before == 0 ? m_lastId + 1 : query.before;
    QList<quint64> posts = m_amendments.postsBefore(query.channels, before, query.limit + 1);
    const bool more = posts.size() > query.limit;
    if (more)
        posts.removeLast();
    const std::optional<quint64> next = more ? std::optional(posts.last()) : std::nullopt;
    QList<HubEventPtr> held;
    QList<quint64> missing;
    for (const QList<quint64> &ids : { posts, m_amendments.correctionsOf(posts) }) {
        for (const quint64 id : ids) {
            if (HubEventPtr event = retained(id))
                held.append(std::move(event));
            else
                missing.append(id);
        }
    }
    std::sort(missing.begin(), missing.end());
    EventLog::FetchDone finish
        = [guard = QPointer<QObject>(context), hasContext = context != nullptr, posts, next, held,
              done = std::move(done)](const QList<HubEventPtr> &read, const QString &error) {
              if (hasContext && !guard)
                  return;
              if (!error.isEmpty())
                  done({}, error);
              else
                  done(HistoryPage::json(posts, held + read, next), {});
          };
    if (missing.isEmpty())
        finish({}, {});
    else
        m_log->fetch(missing, std::move(finish));
}

QJsonObject EventHub::eventJson(const HubEvent &event)
{
    return QJsonObject {
        { u"id"_s, QString::number(event.id) },
        { u"channel"_s, event.channel },
        { u"type"_s, event.type },
        { u"data"_s, event.data },
        { u"time"_s, event.time.toString(Qt::ISODateWithMs) },
    };
}

QJsonObject EventHub::stateJson(int recentCount, const ChannelSet &filter) const
{
    const auto wanted = [&filter](const QString &channel) {
        return filter.isEmpty() || filter.contains(channel);
    };
    QJsonArray channelList;
    for (const ChannelInfo &c : channels()) {
        if (!wanted(c.name))
            continue;
        channelList.append(QJsonObject {
            { u"name"_s, c.name },
            { u"lastId"_s, QString::number(c.lastId) },
            { u"events"_s, qint64(c.events) },
        });
    }
    QList<HubEventPtr> newest;
    for (auto it = m_window.rbegin(); it != m_window.rend() && newest.size() < recentCount; ++it) {
        if (!StatePolicy::isTicker((*it)->type) && wanted((*it)->channel))
            newest.append(*it);
    }
    QJsonArray recentList;
    for (auto it = newest.crbegin(); it != newest.crend(); ++it)
        recentList.append(eventJson(**it));
    QList<HubEventPtr> latest;
    for (const HubEventPtr &e : m_latest) {
        if (wanted(e->channel))
            latest.append(e);
    }
    std::sort(latest.begin(), latest.end(),
        [](const HubEventPtr &a, const HubEventPtr &b) { return a->id < b->id; });
    QJsonArray latestList;
    for (const HubEventPtr &e : std::as_const(latest))
        latestList.append(eventJson(*e));
    return QJsonObject {
        { u"lastId"_s, QString::number(m_lastId) },
        { u"channels"_s, channelList },
        { u"recent"_s, recentList },
        { u"latest"_s, latestList },
        { u"pinned"_s, m_pins.json(filter) },
        { u"policy"_s, StatePolicy::json() },
    };
}
