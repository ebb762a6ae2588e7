#include "outbox/outbox.h"

#include "outbox/logging.h"
#include "protocol/jsontext.h"

#include <QPointer>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

using namespace Qt::StringLiterals;

Outbox::Outbox(Publisher *upstream, QObject *parent)
    : QObject(parent)
    , m_upstream(upstream)
{
    qRegisterMetaType<Outbox::Entry>();
    m_retry.setSingleShot(true);
    connect(&m_retry, &QTimer::timeout, this, &Outbox::sendHead);
}

Outbox::~Outbox()
{
    if (!m_connection.isEmpty()) {
        QSqlDatabase::database(m_connection, false).close();
        QSqlDatabase::removeDatabase(m_connection);
    }
}

bool Outbox::open(const QString &filePath, QString *error)
{
    m_connection = u"outbox-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces);
    QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_connection);
    db.setDatabaseName(filePath);
    QSqlQuery q(db);
    // Durable when publish() returns: the operator was told "queued", so a crash or a pulled
    // plug must not take it back.
    const bool ok = db.open() && q.exec(u"PRAGMA journal_mode=WAL"_s)
        && q.exec(u"PRAGMA synchronous=FULL"_s)
        && q.exec(u"CREATE TABLE IF NOT EXISTS outbox (seq INTEGER PRIMARY KEY, key TEXT NOT NULL,"
                  " channel TEXT NOT NULL, type TEXT NOT NULL, data TEXT NOT NULL,"
                  " queued_at INTEGER NOT NULL)"_s);
    if (!ok) {
        *error = tr("Cannot keep the outbox in %1: %2")
                     .arg(filePath, db.isOpen() ? q.lastError().text() : db.lastError().text());
        db.close();
        m_connection.clear();
        QSqlDatabase::removeDatabase(db.connectionName());
        return false;
    }
    return load(error);
}

bool Outbox::load(QString *error)
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    if (!q.exec(u"SELECT seq, key, channel, type, data, queued_at FROM outbox ORDER BY seq"_s)) {
        *error = q.lastError().text();
        return false;
    }
    while (q.next()) {
        Entry entry;
        entry.seq = q.value(0).toLongLong();
        entry.key = q.value(1).toString();
        entry.channel = q.value(2).toString();
        entry.type = q.value(3).toString();
        entry.data = JsonText::parse(q.value(4).toByteArray());
        entry.queuedAt = QDateTime::fromMSecsSinceEpoch(q.value(5).toLongLong(), Qt::UTC);
        m_nextSeq = entry.seq + 1;
        m_entries.push_back(std::move(entry));
    }
    m_restored = int(m_entries.size());
    if (m_restored > 0)
        qCInfo(lcOutbox) << m_restored << "posts were still queued from the last run";
    return true;
}

void Outbox::start()
{
    m_started = true;
    sendHead();
}

void Outbox::setRetryDelays(int firstMs, int maxMs)
{
    m_firstRetryMs = qMax(1, firstMs);
    m_maxRetryMs = qMax(m_firstRetryMs, maxMs);
    m_nextRetryMs = m_firstRetryMs;
}

QList<Outbox::Entry> Outbox::entries() const
{
    return QList<Entry>(m_entries.cbegin(), m_entries.cend());
}

void Outbox::publish(const QString &channel, const QString &type, const QJsonValue &data,
    QObject *context, PublishCallback done)
{
    const bool ahead = !m_entries.empty();
    const qint64 seq = enqueue(channel, type, data);
    if (seq == 0) {
        done(PublishOutcome::refused(m_lastError, PublishOutcome::Refusal::Unavailable));
        return;
    }
    Q_EMIT changed();
    if (ahead || !m_started) {
        // Behind others: it goes in its turn, and the caller knows now that it waits.
        done(PublishOutcome::queuedFor(
            m_lastError.isEmpty() ? tr("Queued behind earlier posts.") : m_lastError));
        return;
    }
    const bool hasContext = context != nullptr;
    m_waiting.insert(seq,
        [guard = QPointer<QObject>(context), hasContext, done = std::move(done)](
            const PublishOutcome &outcome) {
            if (done && (!hasContext || guard))
                done(outcome);
        });
    sendHead();
}

qint64 Outbox::enqueue(const QString &channel, const QString &type, const QJsonValue &data)
{
    Entry entry;
    entry.seq = m_nextSeq;
    entry.key = QUuid::createUuid().toString(QUuid::WithoutBraces);
    entry.channel = channel;
    entry.type = type;
    entry.data = data;
    entry.queuedAt = QDateTime::currentDateTimeUtc();
    QString error;
    if (!store(entry, &error)) {
        // Not kept, so not promised: the caller hears it was not sent.
        m_lastError = tr("The outbox cannot be written: %1").arg(error);
        return 0;
    }
    ++m_nextSeq;
    m_entries.push_back(std::move(entry));
    return m_entries.back().seq;
}

void Outbox::sendHead()
{
    if (!m_started || m_inFlight != 0 || m_entries.empty() || m_retry.isActive())
        return;
    Entry &head = m_entries.front();
    ++head.attempts;
    m_inFlight = head.seq;
    qCDebug(lcOutbox) << "sending" << head.seq << head.type << "on" << head.channel << "attempt"
                      << head.attempts;
    m_upstream->publishOnce(head.channel, head.type, head.data, head.key, this,
        [this, seq = head.seq](const PublishOutcome &outcome) { onOutcome(seq, outcome); });
}

void Outbox::onOutcome(qint64 seq, const PublishOutcome &outcome)
{
    m_inFlight = 0;
    if (m_entries.empty() || m_entries.front().seq != seq)
        return; // cannot happen: only the head is sent, and it cannot be removed meanwhile
    Entry &head = m_entries.front();
    if (!outcome.ok() && outcome.refusal == PublishOutcome::Refusal::Unavailable) {
        head.lastError = outcome.error;
        const bool wasStalled = isStalled();
        m_lastError = outcome.error;
        if (!wasStalled)
            qCWarning(lcOutbox).noquote()
                << "cannot send, keeping" << m_entries.size() << "posts queued:" << outcome.error;
        if (const PublishCallback done = m_waiting.take(seq))
            done(PublishOutcome::queuedFor(outcome.error));
        Q_EMIT changed();
        scheduleRetry();
        return;
    }
    const Entry settled = std::move(head);
    m_entries.pop_front();
    erase(settled.seq);
    m_nextRetryMs = m_firstRetryMs;
    m_lastError.clear();
    settle(settled, outcome);
    Q_EMIT changed();
    sendHead();
}

void Outbox::settle(const Entry &entry, const PublishOutcome &outcome)
{
    if (const PublishCallback done = m_waiting.take(entry.seq))
        done(outcome);
    if (outcome.ok()) {
        qCDebug(lcOutbox) << "sent" << entry.seq << "as" << outcome.id()
                          << (outcome.repeated ? "(stored before)" : "");
        Q_EMIT sent(entry, outcome.event);
    } else {
        qCWarning(lcOutbox).noquote()
            << "the server refused" << entry.type << "on" << entry.channel << "-" << outcome.error;
        Q_EMIT refused(entry, outcome.error);
    }
}

void Outbox::scheduleRetry()
{
    // Full back-off, half of it random: consoles that lost the same link do not all come
    // back in the same millisecond.
    const int delay
        = m_nextRetryMs / 2 + int(QRandomGenerator::global()->bounded(m_nextRetryMs / 2 + 1));
    m_nextRetryMs = qMin(m_maxRetryMs, m_nextRetryMs * 2);
    m_retry.start(delay);
}

void Outbox::retryNow()
{
    m_retry.stop();
    m_nextRetryMs = m_firstRetryMs;
    sendHead();
}

bool Outbox::remove(qint64 seq)
{
    if (seq == m_inFlight)
        return false;
    const auto it = std::find_if(
        m_entries.begin(), m_entries.end(), [seq](const Entry &e) { return e.seq == seq; });
    if (it == m_entries.end())
        return false;
    m_entries.erase(it);
    erase(seq);
    if (const PublishCallback done = m_waiting.take(seq))
        done(PublishOutcome::refused(tr("Deleted from the outbox before it was sent.")));
    if (m_entries.empty())
        m_lastError.clear();
    Q_EMIT changed();
    return true;
}

bool Outbox::store(const Entry &entry, QString *error)
{
    if (m_connection.isEmpty())
        return true;
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(u"INSERT INTO outbox (seq, key, channel, type, data, queued_at)"
              " VALUES (?, ?, ?, ?, ?, ?)"_s);
    q.addBindValue(entry.seq);
    q.addBindValue(entry.key);
    q.addBindValue(entry.channel);
    q.addBindValue(entry.type);
    q.addBindValue(QString::fromUtf8(JsonText::of(entry.data)));
    q.addBindValue(entry.queuedAt.toMSecsSinceEpoch());
    if (q.exec())
        return true;
    *error = q.lastError().text();
    return false;
}

void Outbox::erase(qint64 seq)
{
    if (m_connection.isEmpty())
        return;
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(u"DELETE FROM outbox WHERE seq = ?"_s);
    q.addBindValue(seq);
    if (!q.exec())
        qCWarning(lcOutbox) << "cannot take a sent post out of the outbox:" << q.lastError().text();
}
