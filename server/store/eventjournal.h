#pragma once

#include "hub/eventlog.h"
#include "store/idfloor.h"

#include <QHash>
#include <QList>
#include <QSqlQuery>
#include <QString>

#include <chrono>
#include <optional>

class QIODevice;
class QSqlError;

// The durable record of everything published, and the hub's default event log: an SQLite file
// (Qt Sql, QSQLITE) in the data directory. The hub appends each event here, and the write has
// committed before anyone receives the event, so an event answered 201 survives a crash,
// kill -9 or power loss. A write that fails (a full disk, a file made read-only) is refused
// with SQLite's reason and consumes no id.
//
// WAL with synchronous=FULL: every commit is on disk when append() returns (measured here:
// about 0.2 ms per event, against 0.03 ms for NORMAL, which only survives a process crash).
// appendBatch() commits a group of events with one sync. The lock is held exclusively, so
// no other process can read the journal while it is open (see openAt()).
// Ids come from an AUTOINCREMENT table, so they are never reused, even after retention
// deleted the rows that carried them; and IdFloor keeps them from repeating when the journal
// itself is lost.
//
// Appends complete before append() returns; the server runs it behind ThreadedJournal, on a
// storage thread of its own with group commit. Used on one thread only: Qt's database
// connections are per thread.
class EventJournal final : public EventLog
{
public:
    struct Retention
    {
        qint64 maxEvents = 100000;
        std::chrono::hours maxAge { 24 * 30 };
    };

    explicit EventJournal(QString filePath);
    EventJournal(QString filePath, Retention retention);
    ~EventJournal() override;

    // Opens the journal, creating it if needed. A file that is not a journal (not SQLite,
    // damaged, or another program's database) is moved aside under a new name, never
    // overwritten, and a fresh journal is started above the highest id ever given; *notice
    // then says so. A journal that cannot be used for another reason (the directory is not
    // writable, a newer LiveDesk's schema, an I/O error) is left alone and open() fails.
    bool open(QString *error, QString *notice = nullptr);
    // Read-only, for tools such as --export that may run beside a live instance: no schema
    // changes, no retention, nothing moved; an unusable or missing file is just an error.
    bool openForReading(QString *error);
    bool isOpen() const { return m_open; }
    QString filePath() const { return m_filePath; }

    // The highest id ever given (0 for a new journal in a new place).
    quint64 lastId() const { return m_lastId; }

    // EventLog: the newest `recentCount` events, the newest event of each state type per
    // channel, per-channel counts, the oldest id kept and a record of every event that does
    // not carry state (for AmendmentGuard); and a commit per append, its id from
    // AUTOINCREMENT.
    Restored restore(int recentCount) override;
    void append(const EventDraft &draft, AppendDone done) override;
    // Reads at once (the journal answers on the caller's thread): ThreadedJournal runs it on
    // the storage thread.
    void fetch(const QList<quint64> &ids, FetchDone done) override;
    // The events with these ids that the journal holds, in id order; nullopt (and `error`)
    // when the read failed.
    std::optional<QList<HubEventPtr>> load(const QList<quint64> &ids, QString *error) const;

    // Group commit: every draft in one transaction, one sync. All are stored, with
    // consecutive ids from firstId, or none (error says why) and no id is used up.
    struct Batch
    {
        quint64 firstId = 0;
        int count = 0;
        QString error;
        bool ok() const { return error.isEmpty() && count > 0; }
    };
    Batch appendBatch(const QList<EventDraft> &drafts);
    // Copies the write-ahead log into the journal (SQLite's checkpoint), so the log stays
    // small. Never run inside a commit: the owner calls it when nothing waits.
    bool checkpoint(QString *error);

    // One JSON object per line, oldest first: {"id","channel","type","data","time"}.
    bool exportChannel(const QString &channel, QIODevice *out, qint64 *count, QString *error) const;
    // The same in pages: up to `limit` events after *afterId (then moved on); 0 at the end.
    std::optional<qint64> exportPage(
        const QString &channel, quint64 *afterId, int limit, QIODevice *out, QString *error) const;

    // Deletes what retention no longer keeps. Runs on open and every 1,000 appends.
    void prune();

private:
    enum class Opened { Ok, NotAJournal, Failed };
    Opened openAt(QString *error);
    static Opened failureOf(const QSqlError &error);
    Opened checkSchema(QSqlQuery &q, QString *error);
    bool setUp(QSqlQuery &q, QString *error);
    quint64 sequence() const;
    bool startAboveFloor(QString *error);
    bool prepareInsert(QString *error);
    quint64 insert(const EventDraft &draft, QString *error);
    bool insertKey(const EventDraft &draft, quint64 id, QString *error);
    void raiseFloorFromAside(const QString &movedTo);
    bool moveAside(QString *movedTo, QString *error);
    QList<HubEventPtr> loadRecent(int count) const;
    QList<HubEventPtr> loadLatestState() const;
    QList<ChannelInfo> channelStats() const;
    quint64 firstId() const;
    QList<EventRecord> loadRecords() const;
    // Restored::pinHistory.
    QList<HubEventPtr> loadPinHistory() const;
    QList<StoredKey> loadKeys() const;
    void close();

    const QString m_filePath;
    const Retention m_retention;
    const QString m_connection;
    bool m_open = false;
    bool m_readOnly = false;
    int m_appendsSincePrune = 0;
    IdFloor m_floor;
    quint64 m_lastId = 0;
    // Set when history was lost: the newest id the journal still knew of at open.
    std::optional<quint64> m_knownThrough;
    // Prepared once: SQLite compiling the INSERT again for every event cost about as much
    // as executing it.
    std::optional<QSqlQuery> m_insert;
    std::optional<QSqlQuery> m_insertKey;
};
