#include "hub/eventhub.h"
#include "store/threadedjournal.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <atomic>
#include <memory>

using namespace Qt::StringLiterals;

namespace {

EventDraft draft(int n)
{
    return { u"news"_s, u"t"_s, n, QDateTime::currentDateTimeUtc() };
}

} // namespace

// The journal on its storage thread: group commit, answers in order and on the caller's
// thread, the server thread never waiting on the disk, exports between commits.
class tst_ThreadedJournal final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void aBurstIsCommittedInGroupsAndAnsweredInOrder();
    void answersComeBackOnTheCallersThread();
    void survivesARestartWithEverythingAnswered();
    void exportsBetweenCommits();
    void anExportToAnUnwritablePlaceSaysWhy();
    void destroyingItDropsWhatWasNeverAnswered();
    void fetchReadsOnTheStorageThreadAndAnswersHere();

private:
    QString path(const QString &name) const { return m_dir.filePath(name); }
    QTemporaryDir m_dir;
};

void tst_ThreadedJournal::aBurstIsCommittedInGroupsAndAnsweredInOrder()
{
    ThreadedJournal journal(path(u"burst.sqlite"_s), {});
    QString error;
    QVERIFY2(journal.open(&error, nullptr), qPrintable(error));
    int commits = 0;
    int largest = 0;
    journal.setCommitObserver([&](double seconds, int size) {
        QVERIFY(seconds >= 0);
        ++commits;
        largest = qMax(largest, size);
    });
    QList<quint64> ids;
    constexpr int Burst = 500;
    for (int n = 1; n <= Burst; ++n) {
        journal.append(draft(n), [&](quint64 id, const QString &why) {
            QVERIFY2(why.isEmpty(), qPrintable(why));
            ids.append(id);
        });
    }
    QVERIFY(ids.isEmpty()); // nothing answered before append() returns: the disk is elsewhere
    QTRY_COMPARE(ids.size(), Burst);
    for (int i = 0; i < Burst; ++i)
        QCOMPARE(ids.at(i), quint64(i + 1));
    // 500 appends queued at once cannot take 500 syncs: the first commit takes the first
    // append alone, the rest join groups behind it.
    QVERIFY2(commits < Burst / 2, qPrintable(u"%1 commits"_s.arg(commits)));
    QVERIFY(largest > 1);
}

void tst_ThreadedJournal::fetchReadsOnTheStorageThreadAndAnswersHere()
{
    ThreadedJournal journal(path(u"fetch.sqlite"_s), {});
    QString error;
    QVERIFY(journal.open(&error, nullptr));
    int answered = 0;
    for (int n = 1; n <= 300; ++n)
        journal.append(draft(n), [&](quint64, const QString &) { ++answered; });
    // Asked while the appends are still being committed: read between two commits, so it
    // sees whatever was committed before it, in id order, and an id never given is left out.
    QList<HubEventPtr> read;
    QString why = u"not answered"_s;
    QThread *answeredOn = nullptr;
    QTRY_COMPARE(answered, 300);
    journal.fetch({ 3, 1, 299, 1000 }, [&](const QList<HubEventPtr> &events, const QString &e) {
        read = events;
        why = e;
        answeredOn = QThread::currentThread();
    });
    QTRY_VERIFY(answeredOn != nullptr);
    QCOMPARE(answeredOn, QThread::currentThread());
    QVERIFY2(why.isEmpty(), qPrintable(why));
    QCOMPARE(read.size(), 3);
    QCOMPARE(read.at(0)->id, 1u);
    QCOMPARE(read.at(1)->id, 3u);
    QCOMPARE(read.at(2)->id, 299u);
    QCOMPARE(read.at(2)->data.toInt(), 299);
    QCOMPARE(read.at(2)->channel, u"news"_s);
    QCOMPARE(read.at(2)->wire.contains("id: 299\n"), true);
    // Nothing asked, nothing read.
    bool empty = false;
    journal.fetch({}, [&](const QList<HubEventPtr> &events, const QString &e) {
        empty = events.isEmpty() && e.isEmpty();
    });
    QTRY_VERIFY(empty);
}

void tst_ThreadedJournal::answersComeBackOnTheCallersThread()
{
    ThreadedJournal journal(path(u"thread.sqlite"_s), {});
    QString error;
    QVERIFY(journal.open(&error, nullptr));
    QThread *answeredOn = nullptr;
    journal.append(
        draft(1), [&](quint64, const QString &) { answeredOn = QThread::currentThread(); });
    QTRY_VERIFY(answeredOn);
    QCOMPARE(answeredOn, QThread::currentThread());
}

void tst_ThreadedJournal::survivesARestartWithEverythingAnswered()
{
    {
        ThreadedJournal journal(path(u"restart.sqlite"_s), {});
        QString error;
        QVERIFY(journal.open(&error, nullptr));
        EventHub hub(100, static_cast<EventLog *>(&journal));
        QSignalSpy published(&hub, &EventHub::published);
        for (int n = 1; n <= 50; ++n)
            hub.publish(u"news"_s, u"t"_s, n, nullptr, {});
        QTRY_COMPARE(published.count(), 50);
    }
    ThreadedJournal again(path(u"restart.sqlite"_s), {});
    QString error;
    QVERIFY(again.open(&error, nullptr));
    const EventLog::Restored restored = again.restore(100);
    QCOMPARE(restored.lastId, 50u);
    QCOMPARE(restored.recent.size(), 50);
    QCOMPARE(restored.recent.constLast()->data.toInt(), 50);
}

void tst_ThreadedJournal::exportsBetweenCommits()
{
    ThreadedJournal journal(path(u"export.sqlite"_s), {});
    QString error;
    QVERIFY(journal.open(&error, nullptr));
    int answered = 0;
    for (int n = 1; n <= 5000; ++n)
        journal.append(draft(n), [&](quint64, const QString &) { ++answered; });
    QTRY_COMPARE(answered, 5000);
    // An export of 5,000 events with publishes going on: both finish, nothing is lost.
    // Answered on the storage thread (the caller posts it on): atomics, read after the flag.
    std::atomic<bool> finished = false;
    std::atomic<qint64> exported = 0;
    const QString file = path(u"news.jsonl"_s);
    journal.exportChannel(u"news"_s, file, [&](bool ok, qint64 count, const QString &why) {
        QVERIFY2(ok, qPrintable(why));
        exported = count;
        finished = true;
    });
    for (int n = 5001; n <= 5100; ++n)
        journal.append(draft(n), [&](quint64, const QString &) { ++answered; });
    QTRY_VERIFY(finished);
    QTRY_COMPARE(answered, 5100);
    QVERIFY(exported >= 5000);
    QFile out(file);
    QVERIFY(out.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = out.readAll().trimmed().split('\n');
    QCOMPARE(qint64(lines.size()), exported.load());
    QCOMPARE(
        QJsonDocument::fromJson(lines.constFirst()).object().value(u"id"_s).toString(), u"1"_s);
}

void tst_ThreadedJournal::anExportToAnUnwritablePlaceSaysWhy()
{
    ThreadedJournal journal(path(u"unwritable.sqlite"_s), {});
    QString error;
    QVERIFY(journal.open(&error, nullptr));
    std::atomic<bool> finished = false, ok = true;
    QString why; // written before `finished`, read after it
    journal.exportChannel(u"news"_s, path(u"missing-dir/x.jsonl"_s),
        [&](bool success, qint64, const QString &reason) {
            ok = success;
            why = reason;
            finished = true;
        });
    QTRY_VERIFY(finished);
    QVERIFY(!ok);
    QVERIFY(!why.isEmpty());
    QVERIFY(!QFile::exists(path(u"missing-dir"_s)));
}

void tst_ThreadedJournal::destroyingItDropsWhatWasNeverAnswered()
{
    int answered = 0;
    {
        auto journal
            = std::make_unique<ThreadedJournal>(path(u"drop.sqlite"_s), EventJournal::Retention());
        QString error;
        QVERIFY(journal->open(&error, nullptr));
        for (int n = 1; n <= 1000; ++n)
            journal->append(draft(n), [&](quint64, const QString &) { ++answered; });
    } // gone before its answers were delivered: none may run on a dead object
    QTest::qWait(50);
    QCOMPARE(answered, 0);
    ThreadedJournal again(path(u"drop.sqlite"_s), {});
    QString error;
    QVERIFY(again.open(&error, nullptr));
    // Whatever was stored was a whole group; the unanswered rest was dropped, not stored.
    QVERIFY(again.restore(10).lastId <= 1000u);
}

QTEST_GUILESS_MAIN(tst_ThreadedJournal)
#include "tst_threadedjournal.moc"
