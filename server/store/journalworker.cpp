#include "store/journalworker.h"

#include "store/logging.h"

#include <QElapsedTimer>
#include <QSaveFile>

namespace {

// A group is one transaction; past this many drafts the rest wait for the next one, so a
// burst does not make the first publish of it wait for the last.
constexpr int MaxGroup = 2048;
constexpr int ExportPage = 2000;
// Checkpoint when nothing waits and this much went into the write-ahead log, or regardless
// once it grew this far (a publish flood must not grow the log without bound).
constexpr qint64 IdleCheckpointEvents = 500;
constexpr qint64 ForcedCheckpointEvents = 20000;

} // namespace

struct JournalWorker::Export
{
    QString channel;
    std::unique_ptr<QSaveFile> file;
    quint64 afterId = 0;
    qint64 count = 0;
    ExportDone done;
};

JournalWorker::JournalWorker(QString filePath, EventJournal::Retention retention, Deliver deliver)
    : m_journal(std::move(filePath), retention)
    , m_deliver(std::move(deliver))
{ }

JournalWorker::~JournalWorker()
{
    // Unfinished exports leave no partial file behind (QSaveFile discards it).
    for (const auto &job : m_exports) {
        if (job->done)
            job->done(false, job->count, QStringLiteral("the server stopped during the export"));
    }
}

bool JournalWorker::open(QString *error, QString *notice)
{
    return m_journal.open(error, notice);
}

EventLog::Restored JournalWorker::restore(int recentCount)
{
    return m_journal.restore(recentCount);
}

void JournalWorker::enqueue(const EventDraft &draft)
{
    QMutexLocker lock(&m_mutex);
    m_queue.append(draft);
    schedule();
}

void JournalWorker::discardQueued()
{
    QMutexLocker lock(&m_mutex);
    m_queue.clear();
}

void JournalWorker::addExport(const QString &channel, const QString &fileName, ExportDone done)
{
    auto job = std::make_unique<Export>();
    job->channel = channel;
    job->file = std::make_unique<QSaveFile>(fileName);
    job->done = std::move(done);
    // The file is made here, but used only on the storage thread.
    job->file->moveToThread(thread());
    QMutexLocker lock(&m_mutex);
    m_exports.push_back(std::move(job));
    schedule();
}

void JournalWorker::addRead(const QList<quint64> &ids, EventLog::FetchDone done)
{
    QMutexLocker lock(&m_mutex);
    m_reads.push_back({ ids, std::move(done) });
    schedule();
}

// Every read queued so far, answered now: each is one indexed SELECT of a few hundred rows,
// shorter than a commit's sync, so a reader waits at most for the commit in flight.
bool JournalWorker::readStep()
{
    std::deque<Read> reads;
    {
        QMutexLocker lock(&m_mutex);
        reads.swap(m_reads);
    }
    for (Read &read : reads)
        m_journal.fetch(read.ids, std::move(read.done));
    return !reads.empty();
}

// Called with m_mutex held. One drain() at a time is queued: appends that arrive while it
// runs are found by its loop, which is what groups them.
void JournalWorker::schedule()
{
    if (m_scheduled)
        return;
    m_scheduled = true;
    QMetaObject::invokeMethod(this, &JournalWorker::drain, Qt::QueuedConnection);
}

void JournalWorker::drain()
{
    for (;;) {
        const QList<EventDraft> group = takeGroup();
        if (!group.isEmpty()) {
            commit(group);
            checkpointIfDue(false);
        }
        const bool read = readStep();
        const bool exported = exportStep();
        if (!group.isEmpty() || read || exported)
            continue;
        checkpointIfDue(true);
        QMutexLocker lock(&m_mutex);
        if (m_queue.isEmpty() && m_exports.empty() && m_reads.empty()) {
            m_scheduled = false;
            return;
        }
    }
}

QList<EventDraft> JournalWorker::takeGroup()
{
    QMutexLocker lock(&m_mutex);
    if (m_queue.size() <= MaxGroup)
        return std::exchange(m_queue, {});
    QList<EventDraft> group = m_queue.first(MaxGroup);
    m_queue.remove(0, MaxGroup);
    return group;
}

void JournalWorker::commit(const QList<EventDraft> &group)
{
    QElapsedTimer timer;
    timer.start();
    const EventJournal::Batch batch = m_journal.appendBatch(group);
    Commit result;
    result.size = int(group.size());
    result.firstId = batch.ok() ? batch.firstId : 0;
    result.error = batch.error;
    result.seconds = double(timer.nsecsElapsed()) / 1e9;
    if (batch.ok()) {
        ++m_commitsSinceCheckpoint;
        m_eventsSinceCheckpoint += group.size();
    }
    m_deliver(result);
}

bool JournalWorker::exportStep()
{
    Export *job = nullptr;
    {
        QMutexLocker lock(&m_mutex);
        if (m_exports.empty())
            return false;
        job = m_exports.front().get();
    }
    QString error;
    if (!job->file->isOpen() && !job->file->open(QIODevice::WriteOnly)) {
        finishExport(false, job->file->errorString());
        return true;
    }
    const std::optional<qint64> written
        = m_journal.exportPage(job->channel, &job->afterId, ExportPage, job->file.get(), &error);
    if (!written)
        finishExport(false, error);
    else if ((job->count += *written, *written == 0))
        finishExport(job->file->commit(), job->file->errorString());
    return true;
}

void JournalWorker::finishExport(bool ok, const QString &error)
{
    std::unique_ptr<Export> job;
    {
        QMutexLocker lock(&m_mutex);
        job = std::move(m_exports.front());
        m_exports.pop_front();
    }
    if (!ok)
        job->file->cancelWriting();
    if (job->done)
        job->done(ok, job->count, ok ? QString() : error);
}

void JournalWorker::checkpointIfDue(bool idle)
{
    const qint64 threshold = idle ? IdleCheckpointEvents : ForcedCheckpointEvents;
    if (m_commitsSinceCheckpoint == 0 || m_eventsSinceCheckpoint < threshold)
        return;
    QString error;
    if (!m_journal.checkpoint(&error))
        qCWarning(lcStore).noquote() << "journal checkpoint failed:" << error;
    m_commitsSinceCheckpoint = 0;
    m_eventsSinceCheckpoint = 0;
}
