#include "store/eventjournal.h"

#include "hub/eventhub.h"
#include "hub/statepolicy.h"
#include "store/logging.h"

#include <QDateTime>
#include <QFile>
#include <QIODevice>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace {

constexpr int SchemaVersion = 1;

// Any JSON value, stored as text: wrapped in an array, since a document holds only containers.
QString toText(const QJsonValue &value)
{
    return QString::fromUtf8(QJsonDocument(QJsonArray { value }).toJson(QJsonDocument::Compact));
}

QJsonValue fromText(const QString &text)
{
    const QJsonArray array = QJsonDocument::fromJson(text.toUtf8()).array();
    return array.isEmpty() ? QJsonValue(QJsonValue::Null) : array.at(0);
}

HubEventPtr eventFrom(const QSqlQuery &q)
{
    const EventDraft draft { q.value(1).toString(), q.value(2).toString(),
        fromText(q.value(3).toString()),
        QDateTime::fromMSecsSinceEpoch(q.value(4).toLongLong(), Qt::UTC) };
    return makeHubEvent(q.value(0).toULongLong(), draft);
}

// "'score', 'clock'": the state types, for SQL. They are names ([A-Za-z0-9._-]), so quoting
// is all they need.
QString stateTypesSql()
{
    QStringList quoted;
    for (const QString &type : StatePolicy::stateTypes())
        quoted << u"'"_s + type + u"'"_s;
    return quoted.join(u", "_s);
}

// The same for the amendment types, from the policy the page gets too.
QString amendmentTypesSql()
{
    QStringList quoted;
    const QJsonArray types = StatePolicy::json().value(u"amendmentTypes"_s).toArray();
    for (const QJsonValue &type : types)
        quoted << u"'"_s + type.toString() + u"'"_s;
    return quoted.join(u", "_s);
}

} // namespace

EventJournal::EventJournal(QString filePath)
    : EventJournal(std::move(filePath), Retention())
{ }

EventJournal::EventJournal(QString filePath, Retention retention)
    : m_filePath(std::move(filePath))
    , m_retention(retention)
    , m_connection(u"journal-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces))
{ }

EventJournal::~EventJournal()
{
    close();
}

void EventJournal::close()
{
    m_insert.reset(); // before its connection goes
    if (QSqlDatabase::contains(m_connection)) {
        QSqlDatabase::database(m_connection, false).close();
        QSqlDatabase::removeDatabase(m_connection);
    }
    m_open = false;
}

bool EventJournal::open(QString *error, QString *notice)
{
    QString why;
    if (openAt(&why))
        return true;
    close();
    if (!QFile::exists(m_filePath)) {
        *error = u"cannot create the journal %1: %2"_s.arg(m_filePath, why);
        return false;
    }
    // Keep the damaged file for whoever wants to look at it, and start afresh.
    QString movedTo;
    if (!moveAside(&movedTo, error))
        return false;
    const QString message = u"the journal %1 could not be used (%2); it was moved to %3 and a "
                            "new, empty journal was started"_s.arg(m_filePath, why, movedTo);
    qCWarning(lcStore).noquote() << message;
    if (notice)
        *notice = message;
    if (!openAt(&why)) {
        close();
        *error = u"cannot create the journal %1: %2"_s.arg(m_filePath, why);
        return false;
    }
    return true;
}

bool EventJournal::openForReading(QString *error)
{
    if (!QFile::exists(m_filePath)) {
        *error = u"there is no journal at %1"_s.arg(m_filePath);
        return false;
    }
    QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_connection);
    db.setDatabaseName(m_filePath);
    db.setConnectOptions(u"QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=5000"_s);
    QSqlQuery q(db);
    if (!db.open() || !q.exec(u"PRAGMA user_version"_s) || !q.next()
        || q.value(0).toInt() != SchemaVersion) {
        *error = u"%1 is not a readable LiveDesk journal"_s.arg(m_filePath);
        close();
        return false;
    }
    m_open = true;
    return true;
}

bool EventJournal::openAt(QString *error)
{
    QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_connection);
    db.setDatabaseName(m_filePath);
    // Another process (an --export beside the running app) may briefly hold a lock.
    db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=5000"_s);
    if (!db.open()) {
        *error = db.lastError().text();
        return false;
    }
    QSqlQuery q(db);
    // The first statement reads the file: a non-SQLite file fails here.
    if (!q.exec(u"PRAGMA quick_check"_s) || !q.next() || q.value(0).toString() != u"ok") {
        *error = q.lastError().isValid() ? q.lastError().text() : u"integrity check failed"_s;
        return false;
    }
    if (!q.exec(u"PRAGMA user_version"_s) || !q.next()) {
        *error = q.lastError().text();
        return false;
    }
    const int version = q.value(0).toInt();
    if (version == 0) {
        // New, or an empty SQLite file: only then may we create our tables. A database with
        // other tables in it belongs to someone else.
        if (!q.exec(u"SELECT count(*) FROM sqlite_master"_s) || !q.next()) {
            *error = q.lastError().text();
            return false;
        }
        if (q.value(0).toInt() != 0) {
            *error = u"it is another program's database"_s;
            return false;
        }
    } else if (version != SchemaVersion) {
        *error
            = u"it has schema version %1, this LiveDesk knows %2"_s.arg(version).arg(SchemaVersion);
        return false;
    }
    const QStringList setup {
        u"PRAGMA journal_mode=WAL"_s,
        u"PRAGMA synchronous=FULL"_s,
        u"CREATE TABLE IF NOT EXISTS events ("
        " id INTEGER PRIMARY KEY AUTOINCREMENT,"
        " channel TEXT NOT NULL, type TEXT NOT NULL, data TEXT NOT NULL,"
        " time INTEGER NOT NULL)"_s,
        u"CREATE INDEX IF NOT EXISTS events_by_channel ON events(channel, id)"_s,
        u"CREATE INDEX IF NOT EXISTS events_by_type ON events(type, channel, id)"_s,
        u"PRAGMA user_version=%1"_s.arg(SchemaVersion),
    };
    for (const QString &statement : setup) {
        if (!q.exec(statement)) {
            *error = q.lastError().text();
            return false;
        }
    }
    if (!q.exec(u"PRAGMA journal_mode"_s) || !q.next() || q.value(0).toString() != u"wal") {
        *error = u"the file system does not support SQLite's write-ahead log"_s;
        return false;
    }
    m_open = true;
    prune();
    return true;
}

bool EventJournal::moveAside(QString *movedTo, QString *error)
{
    const QString stamp = QDateTime::currentDateTimeUtc().toString(u"yyyyMMdd-HHmmss"_s);
    QString target = m_filePath + u".unusable-"_s + stamp;
    for (int n = 2; QFile::exists(target); ++n)
        target = m_filePath + u".unusable-%1-%2"_s.arg(stamp).arg(n);
    if (!QFile::rename(m_filePath, target)) {
        *error = u"the journal %1 cannot be used and cannot be moved aside; move it away by "
                 "hand"_s.arg(m_filePath);
        return false;
    }
    for (const QString &suffix : { u"-wal"_s, u"-shm"_s }) {
        if (QFile::exists(m_filePath + suffix))
            QFile::rename(m_filePath + suffix, target + suffix);
    }
    *movedTo = target;
    return true;
}

quint64 EventJournal::lastId() const
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    if (q.exec(u"SELECT seq FROM sqlite_sequence WHERE name = 'events'"_s) && q.next())
        return q.value(0).toULongLong();
    return 0;
}

EventLog::Restored EventJournal::restore(int recentCount)
{
    Restored restored;
    restored.lastId = lastId();
    restored.recent = loadRecent(recentCount);
    restored.latestState = loadLatestState();
    restored.channels = channelStats();
    restored.firstId = firstId();
    restored.records = loadRecords();
    qCInfo(lcStore).noquote() << "journal" << m_filePath << "holds events up to id"
                              << restored.lastId;
    return restored;
}

void EventJournal::append(const EventDraft &draft, AppendDone done)
{
    if (!m_insert) {
        QSqlQuery q(QSqlDatabase::database(m_connection, false));
        if (!q.prepare(u"INSERT INTO events (channel, type, data, time) VALUES (?, ?, ?, ?)"_s)) {
            done(0, q.lastError().text());
            return;
        }
        m_insert = std::move(q);
    }
    QSqlQuery &q = *m_insert;
    q.bindValue(0, draft.channel);
    q.bindValue(1, draft.type);
    q.bindValue(2, toText(draft.data));
    q.bindValue(3, draft.time.toMSecsSinceEpoch());
    const bool ok = q.exec();
    // AUTOINCREMENT: ids are never reused, and a failed INSERT rolls the sequence back.
    const quint64 id = ok ? q.lastInsertId().toULongLong() : 0;
    const QString error = ok ? QString() : q.lastError().text();
    // Release the statement's read snapshot and locks now, not at the next event.
    q.finish();
    if (!ok) {
        qCWarning(lcStore).noquote() << "journal append failed:" << error;
        done(0, error);
        return;
    }
    if (++m_appendsSincePrune >= 1000)
        prune();
    done(id, {});
}

QList<HubEventPtr> EventJournal::loadRecent(int count) const
{
    QList<HubEventPtr> events;
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(u"SELECT id, channel, type, data, time FROM events ORDER BY id DESC LIMIT ?"_s);
    q.addBindValue(qMax(0, count));
    if (q.exec()) {
        while (q.next())
            events.prepend(eventFrom(q));
    }
    return events;
}

QList<HubEventPtr> EventJournal::loadLatestState() const
{
    QList<HubEventPtr> events;
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    if (q.exec(u"SELECT id, channel, type, data, time FROM events WHERE id IN ("
               " SELECT MAX(id) FROM events WHERE type IN (%1) GROUP BY channel, type)"
               " ORDER BY id"_s.arg(stateTypesSql()))) {
        while (q.next())
            events.append(eventFrom(q));
    }
    return events;
}

quint64 EventJournal::firstId() const
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    if (q.exec(u"SELECT MIN(id) FROM events"_s) && q.next())
        return q.value(0).toULongLong(); // NULL, so 0, when there are none
    return 0;
}

QList<EventRecord> EventJournal::loadRecords() const
{
    QList<EventRecord> records;
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.setForwardOnly(true);
    // Only an amendment's data is read (for its target): the posts' may be large.
    if (!q.exec(
            u"SELECT id, channel, type, CASE WHEN type IN (%1) THEN data END FROM events"
            " WHERE type NOT IN (%2) ORDER BY id"_s.arg(amendmentTypesSql(), stateTypesSql()))) {
        qCWarning(lcStore) << "journal: cannot read what may be amended:" << q.lastError().text();
        return records;
    }
    while (q.next()) {
        const QString data = q.value(3).toString();
        records.append({ q.value(0).toULongLong(), q.value(1).toString(), q.value(2).toString(),
            data.isEmpty() ? 0 : StatePolicy::targetOf(fromText(data)).value_or(0) });
    }
    return records;
}

QList<ChannelInfo> EventJournal::channelStats() const
{
    QList<ChannelInfo> stats;
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    if (q.exec(u"SELECT channel, MAX(id), COUNT(*) FROM events GROUP BY channel"_s)) {
        while (q.next())
            stats.append(
                { q.value(0).toString(), q.value(1).toULongLong(), q.value(2).toULongLong() });
    }
    return stats;
}

bool EventJournal::exportChannel(
    const QString &channel, QIODevice *out, qint64 *count, QString *error) const
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.setForwardOnly(true);
    q.prepare(u"SELECT id, channel, type, data, time FROM events WHERE channel = ? ORDER BY id"_s);
    q.addBindValue(channel);
    if (!q.exec()) {
        *error = q.lastError().text();
        return false;
    }
    *count = 0;
    while (q.next()) {
        const HubEventPtr event = eventFrom(q);
        QByteArray line = QJsonDocument(EventHub::eventJson(*event)).toJson(QJsonDocument::Compact);
        line += '\n';
        if (out->write(line) != line.size()) {
            *error = out->errorString();
            return false;
        }
        ++*count;
    }
    return true;
}

void EventJournal::prune()
{
    m_appendsSincePrune = 0;
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(
        u"DELETE FROM events WHERE id <= (SELECT id FROM events ORDER BY id DESC LIMIT 1 OFFSET ?)"_s);
    q.addBindValue(m_retention.maxEvents);
    if (!q.exec())
        qCWarning(lcStore) << "journal retention by count failed:" << q.lastError().text();
    const qint64 cutoff = QDateTime::currentMSecsSinceEpoch()
        - std::chrono::duration_cast<std::chrono::milliseconds>(m_retention.maxAge).count();
    q.prepare(u"DELETE FROM events WHERE time < ?"_s);
    q.addBindValue(cutoff);
    if (!q.exec())
        qCWarning(lcStore) << "journal retention by age failed:" << q.lastError().text();
}
