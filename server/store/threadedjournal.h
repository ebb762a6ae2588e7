#pragma once

#include "hub/eventlog.h"
#include "store/eventjournal.h"
#include "store/journalworker.h"

#include <QObject>
#include <QThread>

#include <deque>
#include <functional>

// The server's event log: the SQLite journal on a storage thread of its own, with group
// commit. The server thread never waits on the disk: append() queues the draft and returns;
// every draft that arrives while a commit is in flight joins the next one (one sync for the
// group); the answers come back here, in order, only once the group is durable, and the hub
// broadcasts only then, so events still go out in id order and only once stored. Checkpoints
// and exports run on the storage thread between commits.
//
// Lives on the server thread (its appends are answered there); exportChannel() may be called
// from any thread.
class ThreadedJournal final : public QObject, public EventLog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ThreadedJournal)

public:
    using ExportDone = JournalWorker::ExportDone;
    // Told of each commit on the server thread: how long it took, and how many events it held.
    using CommitObserver = std::function<void(double seconds, int groupSize)>;

    ThreadedJournal(QString filePath, EventJournal::Retention retention, QObject *parent = nullptr);
    ~ThreadedJournal() override;

    // As EventJournal::open, on the storage thread; blocks until it is done.
    bool open(QString *error, QString *notice);
    void setCommitObserver(CommitObserver observer) { m_observer = std::move(observer); }

    // EventLog. restore() blocks (nothing is served before history is back).
    Restored restore(int recentCount) override;
    void append(const EventDraft &draft, AppendDone done) override;
    // Read on the storage thread between commits; answered here.
    void fetch(const QList<quint64> &ids, FetchDone done) override;

    // Writes the channel's history to `fileName` as JSON Lines, a page at a time between
    // commits. `done` runs on the storage thread: the caller posts it where it belongs.
    void exportChannel(const QString &channel, const QString &fileName, ExportDone done);

private:
    void answer(const JournalWorker::Commit &commit);

    QThread m_thread;
    // Lives on m_thread; made and destroyed there, so its database connection never leaves it.
    JournalWorker *m_worker = nullptr;
    // The appends not yet answered, in order (server thread only).
    std::deque<AppendDone> m_waiting;
    CommitObserver m_observer;
};
