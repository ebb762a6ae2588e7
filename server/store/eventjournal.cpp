#include "store/eventjournal.h"

#include "hub/eventhub.h"
#include "hub/idempotencyindex.h"
#include "hub/statepolicy.h"
#include "store/logging.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QIODevice>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTimeZone>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace {

constexpr int SchemaVersion = 1;

// SQLite's own word that the file is not a (sound) database, as opposed to a failure to
// reach it (permissions, I/O, locks), which must never get a journal moved aside.
bool isNotADatabase(const QSqlError &error)
{
    const int code = error.nativeErrorCode().toInt() & 0xff;
    return code == 11 /* SQLITE_CORRUPT */ || code == 26 /* SQLITE_NOTADB */;
}

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
    for (const auto &type : types)
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
    , m_floor(m_filePath)
{ }

EventJournal::~EventJournal()
{
    // A clean close records the exact last id, so the next start goes on without a gap.
    QString error;
    if (m_open && !m_readOnly)
        m_floor.settle(m_lastId, &error);
    close();
}

void EventJournal::close()
{
    m_insert.reset(); // before its connection goes
    m_insertKey.reset();
    if (QSqlDatabase::contains(m_connection)) {
        QSqlDatabase::database(m_connection, false).close();
        QSqlDatabase::removeDatabase(m_connection);
    }
    m_open = false;
}

bool EventJournal::open(QString *error, QString *notice)
{
    const QString dir = QFileInfo(m_filePath).absolutePath();
    if (!QFileInfo(dir).isWritable()) {
        *error = u"the data directory %1 is not writable; LiveDesk keeps its journal there"_s.arg(
            QDir::toNativeSeparators(dir));
        return false;
    }
    if (!m_floor.load(error))
        return false;
    QString why;
    const Opened opened = openAt(&why);
    if (opened == Opened::Ok)
        return true;
    close();
    if (opened == Opened::Failed || !QFile::exists(m_filePath)) {
        *error = u"cannot open the journal %1: %2"_s.arg(m_filePath, why);
        return false;
    }
    // Keep the damaged file for whoever wants to look at it, and start afresh.
    QString movedTo;
    if (!moveAside(&movedTo, error))
        return false;
    raiseFloorFromAside(movedTo);
    const QString message = u"the journal %1 could not be used (%2); it was moved to %3 and a "
                            "new, empty journal was started"_s.arg(m_filePath, why, movedTo);
    qCWarning(lcStore).noquote() << message;
    if (notice)
        *notice = message;
    if (openAt(&why) != Opened::Ok) {
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
    db.setConnectOptions(u"QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=1000"_s);
    QSqlQuery q(db);
    if (!db.open() || !q.exec(u"PRAGMA user_version"_s) || !q.next()
        || q.value(0).toInt() != SchemaVersion) {
        *error = u"%1 is not a readable LiveDesk journal"_s.arg(m_filePath);
        close();
        return false;
    }
    m_open = true;
    m_readOnly = true;
    m_lastId = sequence();
    return true;
}

EventJournal::Opened EventJournal::openAt(QString *error)
{
    QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_connection);
    db.setDatabaseName(m_filePath);
    // Another process (an --export of a stopped instance's journal) may briefly hold it.
    db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=2000"_s);
    if (!db.open()) {
        *error = db.lastError().text();
        return Opened::Failed;
    }
    QSqlQuery q(db);
    // Before the first read: with the lock held exclusively, SQLite keeps the write-ahead
    // log's index in this process's memory instead of mapping journal.sqlite-shm. A mapped
    // file that someone truncates (or whose disk goes away) kills the process with SIGBUS,
    // without a word; now every storage fault comes back as an error that refuses a publish.
    // The price: no other process may read the journal while this one has it (an export
    // goes through the running instance, see ThreadedJournal).
    if (!q.exec(u"PRAGMA locking_mode=EXCLUSIVE"_s)) {
        *error = q.lastError().text();
        return Opened::Failed;
    }
    // The first statement reads the file: a non-SQLite file fails here.
    if (!q.exec(u"PRAGMA quick_check"_s) || !q.next()) {
        *error = q.lastError().text();
        return failureOf(q.lastError());
    }
    if (q.value(0).toString() != u"ok") {
        *error = u"integrity check failed"_s;
        return Opened::NotAJournal;
    }
    const Opened schema = checkSchema(q, error);
    if (schema != Opened::Ok)
        return schema;
    if (!setUp(q, error))
        return Opened::Failed;
    m_open = true;
    if (!startAboveFloor(error))
        return Opened::Failed;
    prune();
    return Opened::Ok;
}

EventJournal::Opened EventJournal::failureOf(const QSqlError &error)
{
    return isNotADatabase(error) ? Opened::NotAJournal : Opened::Failed;
}

EventJournal::Opened EventJournal::checkSchema(QSqlQuery &q, QString *error)
{
    if (!q.exec(u"PRAGMA user_version"_s) || !q.next()) {
        *error = q.lastError().text();
        return failureOf(q.lastError());
    }
    const int version = q.value(0).toInt();
    if (version == 0) {
        // New, or an empty SQLite file: only then may we create our tables. A database with
        // other tables in it belongs to someone else.
        if (!q.exec(u"SELECT count(*) FROM sqlite_master"_s) || !q.next()) {
            *error = q.lastError().text();
            return failureOf(q.lastError());
        }
        if (q.value(0).toInt() != 0) {
            *error = u"it is another program's database"_s;
            return Opened::NotAJournal;
        }
    } else if (version != SchemaVersion) {
        // A newer LiveDesk's journal: an upgrade's data, never to be moved aside.
        *error
            = u"it has schema version %1, this LiveDesk knows %2"_s.arg(version).arg(SchemaVersion);
        return Opened::Failed;
    }
    return Opened::Ok;
}

bool EventJournal::setUp(QSqlQuery &q, QString *error)
{
    const QStringList setup {
        u"PRAGMA journal_mode=WAL"_s,
        u"PRAGMA synchronous=FULL"_s,
        // Checkpoints are the owner's to run (checkpoint()), between commits, never inside one.
        u"PRAGMA wal_autocheckpoint=0"_s,
        u"CREATE TABLE IF NOT EXISTS events ("
        " id INTEGER PRIMARY KEY AUTOINCREMENT,"
        " channel TEXT NOT NULL, type TEXT NOT NULL, data TEXT NOT NULL,"
        " time INTEGER NOT NULL)"_s,
        u"CREATE INDEX IF NOT EXISTS events_by_channel ON events(channel, id)"_s,
        u"CREATE INDEX IF NOT EXISTS events_by_type ON events(type, channel, id)"_s,
        // Retention by age deletes by time: without this it scanned the whole table.
        u"CREATE INDEX IF NOT EXISTS events_by_time ON events(time)"_s,
        // Idempotency keys (IdempotencyIndex), beside the events rather than in a column of
        // theirs: most events have none, and a journal of an earlier LiveDesk gains the table
        // without a migration (an earlier LiveDesk reading this one ignores it).
        u"CREATE TABLE IF NOT EXISTS publish_keys ("
        " key TEXT PRIMARY KEY, id INTEGER NOT NULL, time INTEGER NOT NULL) WITHOUT ROWID"_s,
        u"CREATE INDEX IF NOT EXISTS publish_keys_by_time ON publish_keys(time)"_s,
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
    return true;
}

// The journal's own sequence and the floor must agree on the highest id given: a fresh
// journal (or one that lost its write-ahead log) starts above the floor, and a journal
// from before the floor existed raises it.
bool EventJournal::startAboveFloor(QString *error)
{
    m_lastId = sequence();
    if (m_lastId > m_floor.floor())
        return m_floor.raise(m_lastId, error);
    if (m_lastId == m_floor.floor())
        return true;
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    const quint64 floor = m_floor.floor();
    const bool ok = q.exec(u"DELETE FROM sqlite_sequence WHERE name = 'events'"_s)
        && q.prepare(u"INSERT INTO sqlite_sequence (name, seq) VALUES ('events', ?)"_s)
        && (q.addBindValue(floor), q.exec());
    if (!ok) {
        *error = q.lastError().text();
        return false;
    }
    qCWarning(lcStore).noquote() << "journal" << m_filePath << "holds events up to id" << m_lastId
                                 << "but ids up to" << floor
                                 << "may have been given before; new events start after it";
    m_knownThrough = m_lastId;
    m_lastId = floor;
    return true;
}

// Best effort: a journal moved aside may still tell how far its ids went, which matters when
// the floor file is older than it (or missing).
void EventJournal::raiseFloorFromAside(const QString &movedTo)
{
    const QString connection = m_connection + u"-aside"_s;
    quint64 seq = 0;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, connection);
        db.setDatabaseName(movedTo);
        db.setConnectOptions(u"QSQLITE_OPEN_READONLY"_s);
        QSqlQuery q(db);
        if (db.open() && q.exec(u"SELECT seq FROM sqlite_sequence WHERE name = 'events'"_s)
            && q.next())
            seq = q.value(0).toULongLong();
    }
    QSqlDatabase::removeDatabase(connection);
    QString error;
    if (seq > 0)
        m_floor.raise(seq, &error);
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

quint64 EventJournal::sequence() const
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
    restored.knownThrough = m_knownThrough;
    restored.recent = loadRecent(recentCount);
    restored.latestState = loadLatestState();
    restored.channels = channelStats();
    restored.firstId = firstId();
    restored.records = loadRecords();
    restored.keys = loadKeys();
    restored.pinHistory = loadPinHistory();
    qCInfo(lcStore).noquote() << "journal" << m_filePath << "holds events up to id"
                              << restored.lastId;
    return restored;
}

// The interface's sinks are by value for the logs that queue them; this one answers at once.
void EventJournal::append(
    const EventDraft &draft, AppendDone done) // clazy:exclude=function-args-by-ref
{
    const Batch batch = appendBatch({ draft });
    done(batch.ok() ? batch.firstId : 0, batch.error);
}

void EventJournal::fetch(
    const QList<quint64> &ids, FetchDone done) // clazy:exclude=function-args-by-ref
{
    QString error;
    const std::optional<QList<HubEventPtr>> events = load(ids, &error);
    done(events.value_or(QList<HubEventPtr>()), events ? QString() : error);
}

std::optional<QList<HubEventPtr>> EventJournal::load(
    const QList<quint64> &ids, QString *error) const
{
    QList<HubEventPtr> events;
    if (ids.isEmpty())
        return events;
    // The ids are numbers, so they are written into the statement: one read for the page
    // (a history page asks for at most a few hundred) by the primary key.
    QStringList list;
    list.reserve(ids.size());
    for (const quint64 id : ids)
        list.append(QString::number(id));
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.setForwardOnly(true);
    if (!q.exec(
            u"SELECT id, channel, type, data, time FROM events WHERE id IN (%1) ORDER BY id"_s.arg(
                list.join(u',')))) {
        *error = u"the journal could not be read: %1"_s.arg(q.lastError().text());
        qCWarning(lcStore).noquote() << *error;
        return std::nullopt;
    }
    while (q.next())
        events.append(eventFrom(q));
    return events;
}

EventJournal::Batch EventJournal::appendBatch(const QList<EventDraft> &drafts)
{
    Batch batch;
    if (drafts.isEmpty())
        return batch;
    // Every id this transaction will give must be covered by the durable floor first.
    if (!m_floor.cover(m_lastId + quint64(drafts.size()), &batch.error))
        return batch;
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    if (!prepareInsert(&batch.error))
        return batch;
    if (!db.transaction()) {
        batch.error = db.lastError().text();
        qCWarning(lcStore).noquote() << "journal append failed:" << batch.error;
        return batch;
    }
    quint64 first = 0;
    for (const EventDraft &draft : drafts) {
        const quint64 id = insert(draft, &batch.error);
        if (id == 0)
            break;
        if (first == 0)
            first = id;
    }
    // One commit, one sync, for the whole group: synchronous=FULL makes it durable here.
    if (batch.error.isEmpty() && !db.commit())
        batch.error = db.lastError().text();
    if (!batch.error.isEmpty()) {
        // AUTOINCREMENT: the rollback takes the sequence back too, so no id is used up.
        db.rollback();
        qCWarning(lcStore).noquote() << "journal append failed:" << batch.error;
        return batch;
    }
    batch.firstId = first;
    batch.count = int(drafts.size());
    m_lastId = first + quint64(drafts.size()) - 1;
    m_appendsSincePrune += int(drafts.size());
    if (m_appendsSincePrune >= 1000)
        prune();
    return batch;
}

bool EventJournal::prepareInsert(QString *error)
{
    if (m_insert)
        return true;
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    QSqlQuery keyed(QSqlDatabase::database(m_connection, false));
    if (!q.prepare(u"INSERT INTO events (channel, type, data, time) VALUES (?, ?, ?, ?)"_s)
        || !keyed.prepare(
            u"INSERT OR REPLACE INTO publish_keys (key, id, time) VALUES (?, ?, ?)"_s)) {
        *error = q.lastError().isValid() ? q.lastError().text() : keyed.lastError().text();
        return false;
    }
    m_insert = std::move(q);
    m_insertKey = std::move(keyed);
    return true;
}

quint64 EventJournal::insert(const EventDraft &draft, QString *error)
{
    QSqlQuery &q = *m_insert;
    q.bindValue(0, draft.channel);
    q.bindValue(1, draft.type);
    q.bindValue(2, toText(draft.data));
    q.bindValue(3, draft.time.toMSecsSinceEpoch());
    const bool ok = q.exec();
    const quint64 id = ok ? q.lastInsertId().toULongLong() : 0;
    if (!ok)
        *error = q.lastError().text();
    q.finish();
    if (id != 0 && !draft.key.isEmpty() && !insertKey(draft, id, error))
        return 0;
    return id;
}

// In the event's transaction: the key is stored if and only if the event is.
bool EventJournal::insertKey(const EventDraft &draft, quint64 id, QString *error)
{
    QSqlQuery &q = *m_insertKey;
    q.bindValue(0, draft.key);
    q.bindValue(1, id);
    q.bindValue(2, draft.time.toMSecsSinceEpoch());
    const bool ok = q.exec();
    if (!ok)
        *error = q.lastError().text();
    q.finish();
    return ok;
}

bool EventJournal::checkpoint(QString *error)
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    // PASSIVE: copies what it can and never waits; the log is reused from its start after.
    if (!q.exec(u"PRAGMA wal_checkpoint(PASSIVE)"_s)) {
        *error = q.lastError().text();
        return false;
    }
    return true;
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

QList<HubEventPtr> EventJournal::loadPinHistory() const
{
    // Data is stored as a one-element JSON array ([value]), hence "$[0]". The LIKE is a cheap
    // filter in front of the JSON functions, which then see only the few rows it lets by.
    static const QString touchesPin = u"data LIKE '%\"pinned\"%' AND json_valid(data)"
                                      " AND json_type(data, '$[0].pinned') IS NOT NULL"_s;
    static const QString target = u"CAST(json_extract(data, '$[0].targetId') AS INTEGER)"_s;
    const QString sql = u"WITH posts(id) AS ("
                        " SELECT id FROM events WHERE type NOT IN (%1) AND %2"
                        " UNION SELECT %3 FROM events WHERE type IN (%4) AND %2)"
                        " SELECT id, channel, type, data, time FROM events"
                        " WHERE id IN (SELECT id FROM posts) OR (type IN (%4)"
                        " AND data LIKE '%targetId%' AND json_valid(data)"
                        " AND %3 IN (SELECT id FROM posts)) ORDER BY id"_s.arg(
                            stateTypesSql(), touchesPin, target, amendmentTypesSql());
    QList<HubEventPtr> events;
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.setForwardOnly(true);
    if (!q.exec(sql)) {
        qCWarning(lcStore) << "journal: cannot read the pinned posts:" << q.lastError().text();
        return events;
    }
    while (q.next())
        events.append(eventFrom(q));
    return events;
}

QList<StoredKey> EventJournal::loadKeys() const
{
    QList<StoredKey> keys;
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.setForwardOnly(true);
    if (!q.exec(u"SELECT k.key, k.id, e.channel, e.type, k.time FROM publish_keys k"
                " JOIN events e ON e.id = k.id ORDER BY k.time"_s)) {
        qCWarning(lcStore) << "journal: cannot read the idempotency keys:" << q.lastError().text();
        return keys;
    }
    while (q.next())
        keys.append({ q.value(0).toString(), q.value(1).toULongLong(), q.value(2).toString(),
            q.value(3).toString(),
            QDateTime::fromMSecsSinceEpoch(q.value(4).toLongLong(), Qt::UTC) });
    return keys;
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
    *count = 0;
    quint64 after = 0;
    for (;;) {
        const std::optional<qint64> written = exportPage(channel, &after, 5000, out, error);
        if (!written)
            return false;
        *count += *written;
        if (*written == 0)
            return true;
    }
}

std::optional<qint64> EventJournal::exportPage(
    const QString &channel, quint64 *afterId, int limit, QIODevice *out, QString *error) const
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.setForwardOnly(true);
    q.prepare(u"SELECT id, channel, type, data, time FROM events WHERE channel = ? AND id > ?"
              " ORDER BY id LIMIT ?"_s);
    q.addBindValue(channel);
    q.addBindValue(*afterId);
    q.addBindValue(limit);
    if (!q.exec()) {
        *error = q.lastError().text();
        return std::nullopt;
    }
    qint64 written = 0;
    while (q.next()) {
        const HubEventPtr event = eventFrom(q);
        QByteArray line = QJsonDocument(EventHub::eventJson(*event)).toJson(QJsonDocument::Compact);
        line += '\n';
        if (out->write(line) != line.size()) {
            *error = out->errorString();
            return std::nullopt;
        }
        *afterId = event->id;
        ++written;
    }
    return written;
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
    // A key outlives neither its window nor its event.
    const qint64 keyCutoff = QDateTime::currentMSecsSinceEpoch()
        - std::chrono::duration_cast<std::chrono::milliseconds>(IdempotencyIndex::DefaultWindow)
              .count();
    q.prepare(u"DELETE FROM publish_keys WHERE time < ? OR id < (SELECT MIN(id) FROM events)"_s);
    q.addBindValue(keyCutoff);
    if (!q.exec())
        qCWarning(lcStore) << "journal retention of keys failed:" << q.lastError().text();
}
