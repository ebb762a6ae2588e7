#pragma once

#include "store/eventjournal.h"

#include <QMutex>
#include <QObject>

#include <deque>
#include <functional>
#include <memory>

class QSaveFile;

// The storage thread's half of ThreadedJournal: it owns the EventJournal (its SQLite
// connection belongs to this thread) and turns whatever publishes have queued up while the
// last commit was in flight into the next transaction: one sync for the whole group. It also
// runs the checkpoints between commits, writes exports a page at a time and reads history
// pages, so none holds up a commit for long, and none ever runs on the server thread.
//
// enqueue(), addExport() and addRead() may be called from any thread; everything else runs
// here.
class JournalWorker final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(JournalWorker)

public:
    // What one commit did, for the owner, which answers the appends in order.
    struct Commit
    {
        int size = 0; // drafts in the group
        quint64 firstId = 0; // 0: none stored, see error
        QString error;
        double seconds = 0; // the transaction, sync included
    };
    using Deliver = std::function<void(const Commit &commit)>;
    using ExportDone = std::function<void(bool ok, qint64 count, const QString &error)>;

    JournalWorker(QString filePath, EventJournal::Retention retention, Deliver deliver);
    ~JournalWorker() override;

    bool open(QString *error, QString *notice);
    EventLog::Restored restore(int recentCount);

    void enqueue(const EventDraft &draft);
    // Forgets what is queued and not yet being committed (nobody was told it is stored).
    void discardQueued();
    // `done` runs on this thread; the caller posts it where it belongs.
    void addExport(const QString &channel, const QString &fileName, ExportDone done);
    // A history page's events (EventJournal::load), read between commits. `done` runs on
    // this thread too.
    void addRead(const QList<quint64> &ids, EventLog::FetchDone done);

private:
    struct Export;
    struct Read
    {
        QList<quint64> ids;
        EventLog::FetchDone done;
    };
    void schedule();
    void drain();
    QList<EventDraft> takeGroup();
    void commit(const QList<EventDraft> &group);
    bool exportStep();
    bool readStep();
    void finishExport(bool ok, const QString &error);
    void checkpointIfDue(bool idle);

    EventJournal m_journal;
    const Deliver m_deliver;

    QMutex m_mutex; // guards the four below
    QList<EventDraft> m_queue;
    std::deque<std::unique_ptr<Export>> m_exports;
    std::deque<Read> m_reads;
    bool m_scheduled = false; // a drain() is queued or running

    int m_commitsSinceCheckpoint = 0;
    qint64 m_eventsSinceCheckpoint = 0;
};
