#pragma once

#include "cluster/redisaddress.h"
#include "hub/eventlog.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QTimer>

#include <deque>
#include <functional>

class RedisConnection;
struct RedisReply;

// The cluster's event log: one Redis stream that every node appends to and reads from, so
// that every node serves the same events under the same plain decimal ids, in one order.
//
// - An append is one Lua script, run atomically by Redis: it increments the cluster's
//   counter and adds the event under the stream id `N-0` (raising the counter first if the
//   stream is ahead of it, so ids go on after a Redis that lost its counter), trims the
//   stream (MAXLEN ~), and keeps the newest state event per channel and type, and each
//   channel's count and last id, in hashes that trimming does not touch.
// - Every node tails the stream on a second connection (XREAD BLOCK from its last id). The
//   tail is the only way events reach the hub, its own included: an append completes when
//   the tail reads it back, so completions and other writers' events (the observer) come in
//   stream order, and the hub sees one sequence whoever wrote it. Each entry carries its
//   writer (`origin`: node and sequence), which is how a node knows its own entries.
// - While Redis is down an append fails at once; an append whose answer was lost with the
//   link may still have been stored (then the tail delivers it to everyone else, and the
//   caller was told it failed: the idempotency key of issue 17 closes that gap).
//
// Lives on one thread (the server thread); restore() blocks, as the interface says.
class RedisEventLog final : public QObject, public EventLog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RedisEventLog)

public:
    struct Options
    {
        RedisAddress address;
        QString cluster = QStringLiteral("livedesk"); // the key prefix
        QString node; // this node's name, unique in the cluster (origin of its entries)
        int maxLength = 100000; // the stream keeps about this many entries (MAXLEN ~)
    };
    explicit RedisEventLog(Options options, QObject *parent = nullptr);
    ~RedisEventLog() override;

    Restored restore(int recentCount) override;
    void append(const EventDraft &draft, AppendDone done) override;
    // One round trip (fetchScript()) on the command link; an id trimmed from the stream is
    // left out. Fails at once while Redis is down.
    void fetch(const QList<quint64> &ids, FetchDone done) override;

    // Another node's events (and ours whose answer was lost with the link).
    void setObserver(Observer observer) override { m_observer = std::move(observer); }
    // Connects both links and starts tailing after `afterId` (restore() does it itself).
    void start(quint64 afterId);
    bool isConnected() const;
    QString node() const { return m_options.node; }
    quint64 lastSeenId() const { return m_lastSeen; }
    // How many events the stream holds beyond the last one this node has read, as of the
    // tail's last round trip (the head is read before each blocking read).
    quint64 behind() const { return m_head > m_lastSeen ? m_head - m_lastSeen : 0; }
    // Whether this node has everything the stream held when it joined: at once when
    // restore() read it, else (Redis was down at start) once the tail has caught up.
    bool isReady() const { return m_ready; }
    // Empty when Redis writes every event to disk before it answers; else why it does not.
    QString durabilityWarning() const { return m_durabilityWarning; }

    // The Lua script, for the tests and docs (it is loaded with EVAL, cached by Redis).
    static QByteArray appendScript();
    // The entries with the ids in ARGV, in their order, those the stream still holds.
    static QByteArray fetchScript();

Q_SIGNALS:
    void connectedChanged(bool connected);
    void ready();

private:
    struct Pending
    {
        quint64 sequence = 0;
        AppendDone done;
        bool failed = false;
        QString error;
        // Redis already held the draft's idempotency key: the original's id.
        quint64 repeatOf = 0;
    };

    QByteArray key(const char *name) const;
    void checkDurability();
    void tail();
    void onTail(const RedisReply &reply);
    void noteHead(quint64 head);
    void checkCaughtUp();
    void onEntry(const RedisReply &entry);
    void onAppendReply(quint64 sequence, const RedisReply &reply);
    // False if that append is no longer waiting (it failed when its link was lost).
    bool completeOwn(quint64 sequence, quint64 id);
    // Answers the appends at the head that failed, or that repeat a key whose original the
    // tail has read.
    void completeAnsweredAtHead();

    const Options m_options;
    RedisConnection *m_commands = nullptr;
    RedisConnection *m_tail = nullptr;
    const QByteArray m_origin; // "node/life:", then the append's sequence
    Observer m_observer;
    std::deque<Pending> m_pending; // own appends, in the order they were sent
    quint64 m_nextSequence = 1;
    quint64 m_lastSeen = 0;
    quint64 m_head = 0; // the counter, as the tail last read it
    bool m_headKnown = false;
    bool m_ready = false;
    QString m_durabilityWarning;
    QTimer m_tailRetry; // after Redis refused a read (still loading, say)
    bool m_tailing = false;
    bool m_started = false;
};
