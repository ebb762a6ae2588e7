#include "eventhub.h"
#include "eventjournal.h"

#include <QBuffer>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

HubEvent makeEvent(quint64 id, const QString &channel, const QString &type, const QJsonValue &data,
    QDateTime time = QDateTime::currentDateTimeUtc())
{
    HubEvent e;
    e.id = id;
    e.channel = channel;
    e.type = type;
    e.data = data;
    e.time = time;
    return e;
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
    void exportsAChannelAsJsonLines();
    void hubRestoresWindowScoreboardsAndIds();
    void failedWritePublishesNothing();

private:
    QTemporaryDir m_dir;
    QString path(const QString &name) const { return m_dir.filePath(name); }
};

void tst_EventJournal::appendAndReloadEveryKindOfValue()
{
    EventJournal journal(path(u"values.sqlite"_s));
    QString error;
    QVERIFY2(journal.open(&error), qPrintable(error));
    const QList<QJsonValue> values { QJsonObject { { u"headline"_s, u"进球 ⚽"_s } },
        QJsonArray { 1, u"x"_s }, u"plain\ntext"_s, 42, 1.5, true, QJsonValue(QJsonValue::Null) };
    quint64 id = 0;
    for (const QJsonValue &v : values)
        QVERIFY(journal.append(makeEvent(++id, u"c"_s, u"t"_s, v), &error));
    QCOMPARE(journal.lastId(), id);

    EventJournal again(path(u"values.sqlite"_s));
    QVERIFY(again.open(&error));
    const QList<HubEventPtr> loaded = again.loadRecent(100);
    QCOMPARE(loaded.size(), values.size());
    for (int i = 0; i < values.size(); ++i) {
        QCOMPARE(loaded.at(i)->data, values.at(i));
        QCOMPARE(loaded.at(i)->id, quint64(i + 1));
    }
    // Restored events carry the same wire bytes the hub would have made.
    EventHub hub(10);
    QCOMPARE(loaded.at(2)->wire,
        QByteArray(hub.publish(u"c"_s, u"t"_s, u"plain\ntext"_s)->wire).replace("id: 1", "id: 3"));
    QCOMPARE(again.loadRecent(2).constFirst()->id, 6u);
}

void tst_EventJournal::idsAreNeverReusedAfterRetention()
{
    EventJournal::Retention keepTwo;
    keepTwo.maxEvents = 2;
    EventJournal journal(path(u"retention.sqlite"_s), keepTwo);
    QString error;
    QVERIFY(journal.open(&error));
    for (quint64 id = 1; id <= 5; ++id)
        QVERIFY(journal.append(makeEvent(id, u"c"_s, u"t"_s, 1), &error));
    journal.prune();
    QCOMPARE(journal.loadRecent(10).size(), 2);
    EventJournal::Retention keepNone;
    keepNone.maxEvents = 0;
    EventJournal empty(path(u"retention.sqlite"_s), keepNone);
    QVERIFY(empty.open(&error)); // prunes everything on open
    QVERIFY(empty.loadRecent(10).isEmpty());
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
    QVERIFY(journal.append(makeEvent(1, u"c"_s, u"t"_s, 1, now.addDays(-8)), &error));
    QVERIFY(journal.append(makeEvent(2, u"c"_s, u"t"_s, 2, now.addDays(-6)), &error));
    journal.prune();
    const QList<HubEventPtr> left = journal.loadRecent(10);
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
                good.append(makeEvent(id, u"c"_s, u"t"_s, QString(500, u'x')), &error);
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
    QCOMPARE(journal.lastId(), 0u);
    QVERIFY(journal.append(makeEvent(1, u"c"_s, u"t"_s, 1), &error));
    const QStringList aside = QDir(dir.path()).entryList({ u"journal.sqlite.unusable-*"_s });
    QVERIFY(!aside.isEmpty());
    QFile kept(dir.filePath(aside.constFirst()));
    QVERIFY(kept.open(QIODevice::ReadOnly));
    QCOMPARE(kept.readAll(), bytes);
}

void tst_EventJournal::exportsAChannelAsJsonLines()
{
    EventJournal journal(path(u"export.sqlite"_s));
    QString error;
    QVERIFY(journal.open(&error));
    journal.append(
        makeEvent(1, u"match-1"_s, u"score"_s, QJsonObject { { u"homeScore"_s, 1 } }), &error);
    journal.append(
        makeEvent(2, u"news"_s, u"news-flash"_s, QJsonObject { { u"headline"_s, u"x"_s } }),
        &error);
    journal.append(makeEvent(3, u"match-1"_s, u"commentary"_s, u"line one\nline two"_s), &error);
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
        EventHub hub(100);
        hub.useJournal(&journal);
        hub.publish(u"match-1"_s, u"score"_s, QJsonObject { { u"homeScore"_s, 2 } });
        for (int i = 0; i < 10; ++i)
            hub.publish(u"news"_s, u"news-flash"_s, i);
    }
    EventJournal journal(file);
    QString error;
    QVERIFY(journal.open(&error));
    EventHub hub(5);
    hub.useJournal(&journal);
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
    QCOMPARE(hub.publish(u"news"_s, u"t"_s, 1)->id, 12u);
}

void tst_EventJournal::failedWritePublishesNothing()
{
    const QString file = path(u"failing.sqlite"_s);
    EventJournal journal(file);
    QString error;
    QVERIFY(journal.open(&error));
    EventHub hub(10);
    hub.useJournal(&journal);
    QCOMPARE(hub.publish(u"news"_s, u"t"_s, 1)->id, 1u);
    {
        // Someone pulls the table from under us.
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"vandal"_s);
        db.setDatabaseName(file);
        QVERIFY(db.open());
        QVERIFY(QSqlQuery(db).exec(u"DROP TABLE events"_s));
    }
    QSqlDatabase::removeDatabase(u"vandal"_s);
    QSignalSpy published(&hub, &EventHub::published);
    QTest::ignoreMessage(QtCriticalMsg, QRegularExpression(u"could not store"_s));
    QVERIFY(!hub.publish(u"news"_s, u"t"_s, 2));
    QVERIFY(hub.lastError().contains(u"journal"_s));
    QCOMPARE(published.count(), 0);
    QCOMPARE(hub.lastId(), 1u); // no id consumed
}

QTEST_GUILESS_MAIN(tst_EventJournal)
#include "tst_eventjournal.moc"
