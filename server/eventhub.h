#pragma once

#include "hubevent.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QSet>
#include <QStringView>

#include <deque>
#include <functional>
#include <limits>

// The relay between domain sources and the SSE server: the Qt form of the NestJS Subject.
// It validates, assigns ids (decimal, strictly increasing, never reused), encodes each event
// once, keeps a bounded replay window for Last-Event-ID resume, and emits published().
//
// It lives on the server thread. Sources on other threads (GUI, demo ticker) reach publish()
// through queued signal/slot connections, so the hub needs no locks.
class EventJournal;

class EventHub final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EventHub)

public:
    // A set of channel names; empty means "every channel".
    using ChannelSet = QSet<QString>;

    struct ChannelInfo
    {
        QString name;
        quint64 lastId = 0;
        quint64 events = 0;
    };

    struct Replay
    {
        // True when events the client asked for (matching its channels) are no longer
        // retained, or the id is unknown to this server: the client must resync.
        bool gap = false;
        QList<HubEventPtr> events;
        // Every retained event up to this id was examined; continue from here.
        quint64 scannedTo = 0;
    };

    explicit EventHub(int replayCapacity, QObject *parent = nullptr);

    // Makes every publish durable first: an event is committed to the journal before it is
    // emitted (and so before any subscriber can see it). Restores the window, the ids, the
    // per-channel counts and the scoreboards from it. Call before the first publish.
    void useJournal(EventJournal *journal);
    // Why the last publish() returned null.
    QString lastError() const { return m_lastError; }

    // [A-Za-z0-9._-]{1,64}: names can never smuggle a line break into the SSE framing.
    static bool isValidName(QStringView name);
    // The text sent in data: lines. Objects and arrays are compact JSON, a string is its raw
    // text (NestJS MessageEvent rule), other scalars are their JSON literal.
    static QByteArray payloadText(const QJsonValue &data);

    quint64 lastId() const { return m_lastId; }
    quint64 publishedTotal() const { return m_publishedTotal; }
    int replayCapacity() const { return m_capacity; }
    qsizetype retainedCount() const { return qsizetype(m_window.size()); }

    // Retained events after `afterId` that match `channels`, at most `maxEvents` of them.
    Replay since(quint64 afterId, const ChannelSet &channels, int maxEvents = -1) const;
    QList<ChannelInfo> channels() const;
    // Types that carry state rather than news: the newest of each per channel is always part
    // of the snapshot ("latest"), and clock ticks are left out of "recent" so that one tick a
    // second cannot push the news out of a late joiner's view.
    static bool isStateType(const QString &type);

    // {"lastId","channels":[...],"recent":[...],"latest":[...]}: the hub's part of /api/state,
    // limited to `channels` when given (a resync only describes what the stream subscribed to).
    QJsonObject stateJson(int recentCount, const ChannelSet &channels = {}) const;
    static QJsonObject eventJson(const HubEvent &event);

public Q_SLOTS:
    // Returns the accepted event, or null when channel or type is invalid (then nothing
    // changes: no id is consumed, nothing is emitted).
    HubEventPtr publish(const QString &channel, const QString &type, const QJsonValue &data);

Q_SIGNALS:
    void published(const HubEventPtr &event);

private:
    bool gapFor(quint64 afterId, const ChannelSet &channels) const;

    int m_capacity;
    quint64 m_lastId = 0;
    // Ids up to here belong to earlier runs; this hub holds none of their events.
    quint64 m_baseline = 0;
    EventJournal *m_journal = nullptr;
    QString m_lastError;
    quint64 m_publishedTotal = 0;
    std::deque<HubEventPtr> m_window;
    QHash<QString, ChannelInfo> m_channels;
    // Per channel, the newest id that fell out of the window; a client behind it has a gap.
    QHash<QString, quint64> m_evictedUpTo;
    // Newest event of each state type per channel, keyed "channel\ntype".
    QHash<QString, HubEventPtr> m_latest;
    quint64 m_evictedUpToAny = 0;
};
