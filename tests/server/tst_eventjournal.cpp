#include "fulldisk.h"
#include "hub/eventhub.h"
#include "publishwaiter.h"
#include "store/eventjournal.h"

#include <QBuffer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

EventDraft makeEvent(const QString &channel, const QString &type, const QJsonValue &data,
    const QDateTime &time = QDateTime::currentDateTimeUtc())
{
    return { channel, type, data, time };
}

// The journal answers before append() returns; this returns what it said (0: refused).
quint64 append(EventJournal &journal, const EventDraft &draft, QString *error = nullptr)
{
    quint64 stored = 0;
    bool answered = false;
    journal.append(draft, [&](quint64 id, const QString &why) {
        answered = true;
        stored = id;
        if (error)
            *error = why;
    });
    Q_ASSERT(answered);
    return stored;
}

QList<HubEventPtr> loadRecent(EventJournal &journal, int count)
{
    return journal.restore(count).recent;
}

HubEventPtr publish(
    EventHub &hub, const QString &channel, const QString &type, const QJsonValue &data)
{
    return PublishWaiter::publish(hub, channel, type, data).event;
}

} // namespace

class tst_EventJournal final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void appendAndReloadEveryKindOfValue();
    void idsAreNeverReusedAfterRetention();
    void retentionByAge();
    void unusableFilesAreMovedAsideNeverOverwritten_data();
    void unusableFilesAreMovedAsideNeverOverwritten();
    void aNewerSchemaIsNeverMovedAside();
    void anUnwritableDirectoryIsNamedAndNothingMoves();
    void anUnrecordableIdIsRefusedAndConsumesNothing();
    void exportsAChannelAsJsonLines();
    void hubRestoresWindowScoreboardsAndIds();
    void failedWritePublishesNothing();
    void aFullDiskRefusesAndLosesNothing();
    void restoresWhatMayBeAmended();
    void anAmendmentOfAPrunedPostIsRefused();
    void pinsAreRestoredHoweverOld();

private:
    QTemporaryDir m_dir;
    QString path(const QString &name) const { return m_dir.filePath(name); }
};

void tst_EventJournal::appendAndReloadEveryKindOfValue()
{
    auto journal = std::make_unique<EventJournal>(path(u"values.sqlite"_s));
    QString error;
    QVERIFY2(journal->open(&error), qPrintable(error));
    const QList<QJsonValue> values { QJsonObject { { u"headline"_s, u"进球 ⚽"_s } },
        QJsonArray { 1, u"x"_s }, u"plain\ntext"_s, 42, 1.5, true, QJsonValue(QJsonValue::Null) };
    quint64 id = 0;
    for (const auto &v : values)
        QCOMPARE(append(*journal, makeEvent(u"c"_s, u"t"_s, v), &error), ++id);
    QCOMPARE(journal->lastId(), id);
    // Held exclusively while open: nobody else may even read it.
    EventJournal reader(path(u"values.sqlite"_s));
    QVERIFY(!reader.openForReading(&error));
    journal.reset();

    EventJournal again(path(u"values.sqlite"_s));
    QVERIFY(again.open(&error));
    const QList<HubEventPtr> loaded = loadRecent(again, 100);
    QCOMPARE(loaded.size(), values.size());
    for (int i = 0; i < values.size(); ++i) {
        QCOMPARE(loaded.at(i)->data, values.at(i));
        QCOMPARE(loaded.at(i)->id, quint64(i + 1));
    }
    // Restored events carry the same wire bytes the hub would have made.
    EventHub hub(10);
    QCOMPARE(loaded.at(2)->wire,
        QByteArray(publish(hub, u"c"_s, u"t"_s, u"plain\ntext"_s)->wire).replace("id: 1", "id: 3"));
    QCOMPARE(loadRecent(again, 2).constFirst()->id, 6u);
}

void tst_EventJournal::idsAreNeverReusedAfterRetention()
{
    EventJournal::Retention keepTwo;
    keepTwo.maxEvents = 2;
    QString error;
    {
        EventJournal journal(path(u"retention.sqlite"_s), keepTwo);
        QVERIFY(journal.open(&error));
        for (quint64 id = 1; id <= 5; ++id)
            QVERIFY(append(journal, makeEvent(u"c"_s, u"t"_s, 1), &error));
        journal.prune();
        QCOMPARE(loadRecent(journal, 10).size(), 2);
    }
    EventJournal::Retention keepNone;
    keepNone.maxEvents = 0;
    EventJournal empty(path(u"retention.sqlite"_s), keepNone);
    QVERIFY(empty.open(&error)); // prunes everything on open
    QVERIFY(loadRecent(empty, 10).isEmpty());
    QCOMPARE(empty.lastId(), 5u); // but remembers where ids stand
}

void tst_EventJournal::retentionByAge()
{
    EventJournal::Retention week;
    week.maxAge = std::chrono::hours(24 * 7);
    EventJournal journal(path(u"age.sqlite"_s), week);
    QString error;
    QVERIFY(journal.open(&error));
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QVERIFY(append(journal, makeEvent(u"c"_s, u"t"_s, 1, now.addDays(-8)), &error));
    QVERIFY(append(journal, makeEvent(u"c"_s, u"t"_s, 2, now.addDays(-6)), &error));
    journal.prune();
    const QList<HubEventPtr> left = loadRecent(journal, 10);
    QCOMPARE(left.size(), 1);
    QCOMPARE(left.constFirst()->id, 2u);
}

void tst_EventJournal::unusableFilesAreMovedAsideNeverOverwritten_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addRow("garbage bytes") << u"garbage"_s;
    QTest::addRow("another program's database") << u"foreign"_s;
    QTest::addRow("truncated journal") << u"truncated"_s;
}

void tst_EventJournal::unusableFilesAreMovedAsideNeverOverwritten()
{
    QFETCH(QString, kind);
    QTemporaryDir dir;
    const QString file = dir.filePath(u"journal.sqlite"_s);
    if (kind == u"garbage") {
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(5000, '\x7f'));
    } else if (kind == u"foreign") {
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"foreign"_s);
            db.setDatabaseName(file);
            QVERIFY(db.open());
            QSqlQuery(db).exec(u"CREATE TABLE invoices (n INTEGER)"_s);
        }
        QSqlDatabase::removeDatabase(u"foreign"_s);
    } else {
        {
            EventJournal good(file);
            QString error;
            QVERIFY(good.open(&error));
            for (quint64 id = 1; id <= 200; ++id)
                append(good, makeEvent(u"c"_s, u"t"_s, QString(500, u'x')), &error);
        }
        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadWrite));
        QVERIFY(f.size() > 8192);
        f.resize(3000); // cut mid-page
    }
    QFile original(file);
    QVERIFY(original.open(QIODevice::ReadOnly));
    const QByteArray bytes = original.readAll();
    original.close();

    EventJournal journal(file);
    QString error, notice;
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"could not be used"_s));
    QVERIFY2(journal.open(&error, &notice), qPrintable(error));
    QVERIFY2(notice.contains(u"moved to"_s), qPrintable(notice));
    // The new journal goes on above every id the old one gave (issue 13, item 5).
    QCOMPARE(journal.lastId(), kind == u"truncated" ? 200u : 0u);
    QVERIFY(append(journal, makeEvent(u"c"_s, u"t"_s, 1), &error));
    const QStringList aside = QDir(dir.path()).entryList({ u"journal.sqlite.unusable-*"_s });
    QVERIFY(!aside.isEmpty());
    QFile kept(dir.filePath(aside.constFirst()));
    QVERIFY(kept.open(QIODevice::ReadOnly));
    QCOMPARE(kept.readAll(), bytes);
}

void tst_EventJournal::aNewerSchemaIsNeverMovedAside()
{
    const QString file = path(u"newer.sqlite"_s);
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"newer"_s);
        db.setDatabaseName(file);
        QVERIFY(db.open());
        QVERIFY(QSqlQuery(db).exec(u"CREATE TABLE events (n INTEGER)"_s));
        QVERIFY(QSqlQuery(db).exec(u"PRAGMA user_version=2"_s));
    }
    QSqlDatabase::removeDatabase(u"newer"_s);
    EventJournal journal(file);
    QString error;
    QVERIFY(!journal.open(&error));
    QVERIFY2(error.contains(u"schema version 2"_s), qPrintable(error));
    QVERIFY(QFile::exists(file));
    QVERIFY(QDir(QFileInfo(file).path()).entryList({ u"newer.sqlite.unusable-*"_s }).isEmpty());
}

// Issue 13, item 9: with an unwritable data directory holding a valid journal, the start-up
// message told the operator to move the journal away by hand.
void tst_EventJournal::anUnwritableDirectoryIsNamedAndNothingMoves()
{
    QTemporaryDir source;
    {
        EventJournal journal(source.filePath(u"journal.sqlite"_s));
        QString error;
        QVERIFY(journal.open(&error));
        QVERIFY(append(journal, makeEvent(u"c"_s, u"t"_s, 1)));
    }
    QTemporaryDir mountPoint;
    QProcess bind;
    bind.start(u"mount"_s, { u"--bind"_s, u"-o"_s, u"ro"_s, source.path(), mountPoint.path() });
    if (!bind.waitForFinished(10000) || bind.exitCode() != 0)
        QSKIP("cannot bind-mount read-only here (needs root)");
    const auto unmount
        = qScopeGuard([&] { QProcess::execute(u"umount"_s, { mountPoint.path() }); });
    const QStringList before = QDir(source.path()).entryList(QDir::Files);
    EventJournal journal(mountPoint.filePath(u"journal.sqlite"_s));
    QString error;
    QVERIFY(!journal.open(&error));
    QVERIFY2(error.contains(u"is not writable"_s), qPrintable(error));
    QVERIFY2(error.contains(mountPoint.path()), qPrintable(error));
    QVERIFY2(!error.contains(u"by hand"_s), qPrintable(error));
    QCOMPARE(QDir(source.path()).entryList(QDir::Files), before);
}

// A journal gives no id its floor file does not cover: if the floor cannot be written, the
// append is refused (the hub answers 503) and the id is not used up.
void tst_EventJournal::anUnrecordableIdIsRefusedAndConsumesNothing()
{
    QTemporaryDir dir;
    const QString floorFile = dir.filePath(u"journal.ids"_s);
    EventJournal journal(dir.filePath(u"journal.sqlite"_s));
    QString error;
    QVERIFY(journal.open(&error));
    QVERIFY(QDir().mkdir(floorFile)); // a directory where the file must go
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"cannot record the event ids"_s));
    QCOMPARE(append(journal, makeEvent(u"c"_s, u"t"_s, 1), &error), 0u);
    QVERIFY2(error.contains(u"journal.ids"_s), qPrintable(error));
    QVERIFY(QDir().rmdir(floorFile));
    QCOMPARE(append(journal, makeEvent(u"c"_s, u"t"_s, 2), &error), 1u);
    QCOMPARE(loadRecent(journal, 10).size(), 1);
}

void tst_EventJournal::exportsAChannelAsJsonLines()
{
    EventJournal journal(path(u"export.sqlite"_s));
    QString error;
    QVERIFY(journal.open(&error));
    append(journal, makeEvent(u"match-1"_s, u"score"_s, QJsonObject { { u"homeScore"_s, 1 } }),
        &error);
    append(journal,
        makeEvent(u"news"_s, u"news-flash"_s, QJsonObject { { u"headline"_s, u"x"_s } }), &error);
    append(journal, makeEvent(u"match-1"_s, u"commentary"_s, u"line one\nline two"_s), &error);
    QBuffer out;
    out.open(QIODevice::WriteOnly);
    qint64 count = 0;
    QVERIFY(journal.exportChannel(u"match-1"_s, &out, &count, &error));
    QCOMPARE(count, 2);
    const QList<QByteArray> lines = out.data().trimmed().split('\n');
    QCOMPARE(lines.size(), 2);
    const QJsonObject first = QJsonDocument::fromJson(lines.at(0)).object();
    QCOMPARE(first.value(u"id"_s).toString(), u"1"_s);
    QCOMPARE(first.value(u"type"_s).toString(), u"score"_s);
    QCOMPARE(QJsonDocument::fromJson(lines.at(1)).object().value(u"data"_s).toString(),
        u"line one\nline two"_s);
}

void tst_EventJournal::hubRestoresWindowScoreboardsAndIds()
{
    const QString file = path(u"hub.sqlite"_s);
    {
        EventJournal journal(file);
        QString error;
        QVERIFY(journal.open(&error));
        EventHub hub(100, &journal);
        publish(hub, u"match-1"_s, u"score"_s, QJsonObject { { u"homeScore"_s, 2 } });
        for (int i = 0; i < 10; ++i)
            publish(hub, u"news"_s, u"news-flash"_s, i);
    }
    EventJournal journal(file);
    QString error;
    QVERIFY(journal.open(&error));
    EventHub hub(5, &journal);
    QCOMPARE(hub.lastId(), 11u);
    QCOMPARE(hub.retainedCount(), 5);
    // A client that saw everything resumes exactly; one that is behind the window resyncs.
    QVERIFY(!hub.since(11, {}).gap);
    QVERIFY(!hub.since(6, {}).gap);
    QCOMPARE(hub.since(6, {}).events.size(), 5);
    QVERIFY(hub.since(3, {}).gap);
    const QJsonObject state = hub.stateJson(50);
    QCOMPARE(state.value(u"latest"_s).toArray().size(), 1); // the score, though out of the window
    QCOMPARE(state.value(u"channels"_s).toArray().size(), 2);
    QCOMPARE(publish(hub, u"news"_s, u"t"_s, 1)->id, 12u);
}

// Issue 13, item 6: with the write-ahead log's index (journal.sqlite-shm, a file SQLite maps
// into memory) made unwritable or cut, the next publish died with SIGBUS. The lock is held
// exclusively now, so the index lives in the process and no journal file is mapped: a fault
// in any of them is an error that refuses the publish, and the process lives.
void tst_EventJournal::failedWritePublishesNothing()
{
    const QString file = path(u"failing.sqlite"_s);
    EventJournal journal(file);
    QString error;
    QVERIFY(journal.open(&error));
    EventHub hub(10, &journal);
    QCOMPARE(publish(hub, u"news"_s, u"t"_s, 1)->id, 1u);
    QVERIFY2(!QFile::exists(file + u"-shm"_s), "nothing to map, nothing to cut");
    // Someone cuts the journal and its log to nothing under us.
    for (const QString &name : QStringList { file, file + u"-wal"_s }) {
        QFile cut(name);
        QVERIFY(cut.open(QIODevice::ReadWrite));
        QVERIFY(cut.resize(0));
    }
    // SQLite may go on writing to the files it has open, or refuse; either way each publish
    // is answered, a refusal says why and uses up no id, and the process lives.
    QSignalSpy published(&hub, &EventHub::published);
    QTest::failOnWarning(QRegularExpression(u"^(?!journal append failed|the event could not)"_s));
    quint64 stored = 1;
    for (int n = 2; n <= 5; ++n) {
        const PublishOutcome outcome = PublishWaiter::publish(hub, u"news"_s, u"t"_s, n);
        if (outcome.ok()) {
            QCOMPARE(outcome.event->id, ++stored);
        } else {
            QCOMPARE(outcome.refusal, PublishOutcome::Refusal::Unavailable); // 503 over HTTP
            QVERIFY2(!outcome.error.isEmpty(), "refused with SQLite's reason");
        }
    }
    QCOMPARE(quint64(published.count()), stored - 1);
    QCOMPARE(hub.lastId(), stored);
}

void tst_EventJournal::aFullDiskRefusesAndLosesNothing()
{
    FullDisk disk;
    QString why;
    if (!disk.mount(&why))
        QSKIP(qPrintable(why));
    auto journal = std::make_unique<EventJournal>(disk.path() + u"/journal.sqlite"_s);
    QString error;
    QVERIFY2(journal->open(&error), qPrintable(error));
    auto hub = std::make_unique<EventHub>(100, journal.get());
    QSignalSpy published(hub.get(), &EventHub::published);
    QVERIFY(publish(*hub, u"news"_s, u"t"_s, 0));
    disk.fill();
    // The WAL may still have room from earlier commits; the disk refuses soon after.
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"journal append failed"_s));
    QTest::ignoreMessage(QtCriticalMsg, QRegularExpression(u"could not be stored"_s));
    PublishOutcome outcome;
    const QString big(2000, u'x');
    for (int i = 1;
         i <= 500 && (outcome = PublishWaiter::publish(*hub, u"news"_s, u"t"_s, big)).ok(); ++i) { }
    QVERIFY2(!outcome.ok(), "the full disk never refused an append");
    QVERIFY2(outcome.error.contains(u"full"_s), qPrintable(outcome.error));
    const quint64 stored = hub->lastId();
    QCOMPARE(quint64(published.count()), stored); // the refused one was never emitted

    disk.free();
    QCOMPARE(publish(*hub, u"news"_s, u"t"_s, 1)->id, stored + 1); // no id was consumed
    // And everything stored is there after a restart, the refused event nowhere.
    hub.reset();
    journal.reset();
    EventJournal again(disk.path() + u"/journal.sqlite"_s);
    QVERIFY(again.open(&error));
    QCOMPARE(again.lastId(), stored + 1);
    QCOMPARE(quint64(loadRecent(again, 1000).size()), stored + 1);
}

void tst_EventJournal::restoresWhatMayBeAmended()
{
    EventJournal journal(path(u"records.sqlite"_s));
    QString error;
    QVERIFY2(journal.open(&error), qPrintable(error));
    const QString big(60000, u'x'); // a post's data is never read for this
    append(journal, makeEvent(u"news"_s, u"news-flash"_s, QJsonObject { { u"body"_s, big } }));
    append(journal, makeEvent(u"match-1"_s, u"score"_s, QJsonObject { { u"homeScore"_s, 1 } }));
    append(journal, makeEvent(u"match-1"_s, u"clock"_s, QJsonObject { { u"second"_s, 1 } }));
    append(journal,
        makeEvent(u"news"_s, u"correction"_s,
            QJsonObject { { u"targetId"_s, u"1"_s }, { u"headline"_s, u"h"_s } }));
    append(journal, makeEvent(u"news"_s, u"retraction"_s, QJsonObject { { u"targetId"_s, 1 } }));
    append(journal, makeEvent(u"notes"_s, u"note"_s, u"text"_s));

    const EventLog::Restored restored = journal.restore(10);
    QCOMPARE(restored.firstId, 1u);
    // Everything but the score and the clock, in id order; the targets of amendments whose
    // "targetId" is a decimal string.
    QList<quint64> recordIds;
    for (const EventRecord &r : restored.records)
        recordIds << r.id;
    QCOMPARE(recordIds, (QList<quint64> { 1, 4, 5, 6 }));
    QCOMPARE(restored.records.at(0).channel, u"news"_s);
    QCOMPARE(restored.records.at(0).type, u"news-flash"_s);
    QCOMPARE(restored.records.at(0).targetId, 0u);
    QCOMPARE(restored.records.at(1).targetId, 1u);
    QCOMPARE(restored.records.at(2).targetId, 0u); // a number is not an id
    QCOMPARE(restored.records.at(3).type, u"note"_s);
}

void tst_EventJournal::anAmendmentOfAPrunedPostIsRefused()
{
    EventJournal::Retention keepTwo;
    keepTwo.maxEvents = 2;
    const QString file = path(u"pruned.sqlite"_s);
    {
        EventJournal journal(file, keepTwo);
        QString error;
        QVERIFY(journal.open(&error));
        EventHub hub(10, &journal);
        for (int i = 0; i < 4; ++i)
            publish(hub, u"news"_s, u"news-flash"_s, QJsonObject { { u"n"_s, i } });
    }
    EventJournal journal(file, keepTwo); // prunes #1 and #2 on open
    QString error;
    QVERIFY(journal.open(&error));
    QCOMPARE(journal.restore(10).firstId, 3u);
    EventHub hub(10, &journal);
    const PublishOutcome refused = PublishWaiter::publish(
        hub, u"news"_s, u"retraction"_s, QJsonObject { { u"targetId"_s, u"2"_s } });
    QCOMPARE(refused.refusal, PublishOutcome::Refusal::Invalid);
    QVERIFY2(refused.error.contains(u"#2 is no longer kept"_s), qPrintable(refused.error));
    QVERIFY(publish(hub, u"news"_s, u"retraction"_s, QJsonObject { { u"targetId"_s, u"3"_s } }));
}

QTEST_GUILESS_MAIN(tst_EventJournal)
#include "tst_eventjournal.moc"

// A post pinned at kick-off and one pinned by a correction later, each corrected, then many
// events: after a restart with a small window the pins and their corrected words are back.
void tst_EventJournal::pinsAreRestoredHoweverOld()
{
    const QString file = path(u"pins.sqlite"_s);
    const auto pinnedHeadlines = [](const EventHub &hub) {
        QStringList out;
        const QJsonArray pins = hub.stateJson(10).value(u"pinned"_s).toArray();
        for (const auto &pin : pins)
            out << pin[u"channel"_s].toString() + u':' + pin[u"id"_s].toString() + u':'
                    + pin[u"data"_s][u"headline"_s].toString();
        return out;
    };
    QStringList before;
    {
        EventJournal journal(file);
        QString error;
        QVERIFY(journal.open(&error));
        EventHub hub(100, &journal);
        publish(hub, u"news"_s, u"news-flash"_s,
            QJsonObject { { u"headline"_s, u"Tyop"_s }, { u"pinned"_s, true } });
        publish(
            hub, u"match-1"_s, u"news-flash"_s, QJsonObject { { u"headline"_s, u"Line-ups"_s } });
        publish(hub, u"news"_s, u"correction"_s,
            QJsonObject { { u"targetId"_s, u"1"_s }, { u"headline"_s, u"Typo"_s } });
        publish(hub, u"match-1"_s, u"correction"_s,
            QJsonObject { { u"targetId"_s, u"2"_s }, { u"pinned"_s, true } });
        publish(hub, u"match-1"_s, u"correction"_s,
            QJsonObject { { u"targetId"_s, u"2"_s }, { u"headline"_s, u"Line-ups: 4-4-2"_s } });
        // A third post pinned and unpinned again leaves no pin behind.
        publish(hub, u"other"_s, u"news-flash"_s,
            QJsonObject { { u"headline"_s, u"Gone"_s }, { u"pinned"_s, true } });
        publish(hub, u"other"_s, u"correction"_s,
            QJsonObject { { u"targetId"_s, u"6"_s }, { u"pinned"_s, false } });
        for (int i = 0; i < 20; ++i)
            publish(hub, u"match-1"_s, u"clock"_s, QJsonObject { { u"minute"_s, i + 1 } });
        before = pinnedHeadlines(hub);
    }
    QCOMPARE(before, QStringList({ u"news:1:Typo"_s, u"match-1:2:Line-ups: 4-4-2"_s }));
    EventJournal journal(file);
    QString error;
    QVERIFY(journal.open(&error));
    EventHub hub(5, &journal);
    QCOMPARE(pinnedHeadlines(hub), before);
}
