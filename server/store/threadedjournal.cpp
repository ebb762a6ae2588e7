#include "store/threadedjournal.h"

using namespace Qt::StringLiterals;

ThreadedJournal::ThreadedJournal(
    QString filePath, EventJournal::Retention retention, QObject *parent)
    : QObject(parent)
{
    m_thread.setObjectName(u"livedesk-storage"_s);
    // Commits are answered on this object's thread. `this` outlives every post: the
    // destructor waits for the worker to be gone, and ~QObject drops what is still queued.
    m_worker = new JournalWorker(
        std::move(filePath), retention, [this](const JournalWorker::Commit &commit) {
            QMetaObject::invokeMethod(
                this, [this, commit] { answer(commit); }, Qt::QueuedConnection);
        });
    // The journal's database connection is made by open(), on the storage thread.
    m_worker->moveToThread(&m_thread);
    m_thread.start();
}

ThreadedJournal::~ThreadedJournal()
{
    // What is queued was never answered: it is dropped, not stored after the fact. The
    // group being committed finishes; its answer, posted here, is dropped with this object.
    m_worker->discardQueued();
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker] { delete worker; }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

bool ThreadedJournal::open(QString *error, QString *notice)
{
    bool ok = false;
    QMetaObject::invokeMethod(
        m_worker, [&] { ok = m_worker->open(error, notice); }, Qt::BlockingQueuedConnection);
    return ok;
}

EventLog::Restored ThreadedJournal::restore(int recentCount)
{
    Restored restored;
    QMetaObject::invokeMethod(
        m_worker, [&] { restored = m_worker->restore(recentCount); }, Qt::BlockingQueuedConnection);
    return restored;
}

void ThreadedJournal::append(const EventDraft &draft, AppendDone done)
{
    m_waiting.push_back(std::move(done));
    m_worker->enqueue(draft);
}

void ThreadedJournal::fetch(const QList<quint64> &ids, FetchDone done)
{
    // The answer is posted to this object: dropped with it if it is destroyed first (the
    // destructor waits for the worker, so the post cannot outlive the queue it goes to).
    m_worker->addRead(ids,
        [this, done = std::move(done)](const QList<HubEventPtr> &events, const QString &error) {
            QMetaObject::invokeMethod(
                this, [done, events, error] { done(events, error); }, Qt::QueuedConnection);
        });
}

void ThreadedJournal::answer(const JournalWorker::Commit &commit)
{
    if (m_observer && commit.firstId != 0)
        m_observer(commit.seconds, commit.size);
    for (int i = 0; i < commit.size && !m_waiting.empty(); ++i) {
        AppendDone done = std::move(m_waiting.front());
        m_waiting.pop_front();
        done(commit.firstId == 0 ? 0 : commit.firstId + quint64(i), commit.error);
    }
}

void ThreadedJournal::exportChannel(
    const QString &channel, const QString &fileName, ExportDone done)
{
    m_worker->addExport(channel, fileName, std::move(done));
}
