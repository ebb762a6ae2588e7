#include "cluster/rediseventlog.h"

#include "cluster/logging.h"
#include "cluster/redisconnection.h"
#include "hub/idempotencyindex.h"
#include "hub/pinboard.h"
#include "hub/statepolicy.h"
#include "protocol/jsontext.h"

#include <QRandomGenerator>
#include <QScopeGuard>
#include <QSet>

#include <hiredis/hiredis.h>
#include <memory>
#include <sys/time.h>
#include <vector>

using namespace Qt::StringLiterals;

namespace {

// How many entries one tail read takes at most.
constexpr int TailBatch = 1000;
// How long restore() waits for Redis at start before it gives up.
constexpr int RestoreTimeoutMs = 5000;

quint64 streamId(const QByteArray &entryId)
{
    return entryId.left(entryId.indexOf('-')).toULongLong();
}

// A stream entry's fields, from [id, [field, value, ...]].
QHash<QByteArray, QByteArray> fieldsOf(const RedisReply &entry)
{
    QHash<QByteArray, QByteArray> fields;
    if (entry.elements.size() < 2)
        return fields;
    const QList<RedisReply> &list = entry.elements.at(1).elements;
    for (qsizetype i = 0; i + 1 < list.size(); i += 2)
        fields.insert(list.at(i).text, list.at(i + 1).text);
    return fields;
}

HubEventPtr eventOf(quint64 id, const QHash<QByteArray, QByteArray> &fields)
{
    EventDraft draft;
    draft.channel = QString::fromUtf8(fields.value("channel"));
    draft.type = QString::fromUtf8(fields.value("type"));
    draft.data = JsonText::parse(fields.value("data"));
    draft.time = QDateTime::fromString(QString::fromUtf8(fields.value("time")), Qt::ISODateWithMs);
    draft.key = QString::fromUtf8(fields.value("key"));
    return makeHubEvent(id, draft);
}

// Redis, synchronously, for restore() only: it runs once at start, before anything is
// served, and the interface says it blocks.
class BlockingRedis final
{
public:
    explicit BlockingRedis(const RedisAddress &address)
    {
        const timeval timeout { RestoreTimeoutMs / 1000, (RestoreTimeoutMs % 1000) * 1000 };
        m_context
            = redisConnectWithTimeout(address.host.toUtf8().constData(), address.port, timeout);
        if (m_context && !m_context->err && address.db != 0)
            run({ "SELECT", QByteArray::number(address.db) });
    }
    ~BlockingRedis()
    {
        if (m_context)
            redisFree(m_context);
    }
    BlockingRedis(const BlockingRedis &) = delete;
    BlockingRedis &operator=(const BlockingRedis &) = delete;

    QString error() const
    {
        if (!m_context)
            return u"out of memory"_s;
        return m_context->err ? QString::fromUtf8(m_context->errstr) : QString();
    }

    RedisReply run(const QByteArrayList &args)
    {
        if (!error().isEmpty())
            return RedisReply::failure(error().toUtf8());
        std::vector<const char *> argv;
        std::vector<size_t> lengths;
        for (const QByteArray &arg : args) {
            argv.push_back(arg.constData());
            lengths.push_back(size_t(arg.size()));
        }
        auto *reply = static_cast<redisReply *>(
            redisCommandArgv(m_context, int(argv.size()), argv.data(), lengths.data()));
        if (!reply)
            return RedisReply::failure(error().toUtf8());
        RedisReply out = RedisReply::from(*reply);
        freeReplyObject(reply);
        return out;
    }

private:
    redisContext *m_context = nullptr;
};

// The node's name and this life of it: a restarted node never takes an entry of its previous
// life for one of its own appends.
QByteArray originFor(const QString &node)
{
    const QByteArray life = QByteArray::number(QRandomGenerator::global()->generate64(), 16);
    return (node.isEmpty() ? QByteArray("node") : node.toUtf8()) + '/' + life + ':';
}

} // namespace

QByteArray RedisEventLog::appendScript()
{
    // KEYS: counter, stream, latest state, channels' last ids, channels' counts, the
    // idempotency key's own key (unused without one).
    // ARGV: max length, channel, type, data, time, origin, carries state ("1" or "0"),
    // idempotency key ("" for none), its window in seconds.
    // A key already stored answers {"repeat", id of the original}: checked and set in the
    // one script, so two nodes taking the same retry at once cannot both store it.
    return R"lua(
if ARGV[8] ~= '' then
  local prior = redis.call('GET', KEYS[6])
  if prior then
    return {'repeat', tonumber(prior)}
  end
end
local id = redis.call('INCR', KEYS[1])
local top = redis.call('XREVRANGE', KEYS[2], '+', '-', 'COUNT', 1)
if #top > 0 then
  local last = tonumber(string.match(top[1][1], '^(%d+)'))
  if last >= id then
    id = last + 1
    redis.call('SET', KEYS[1], id)
  end
end
redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[1], id .. '-0',
  'channel', ARGV[2], 'type', ARGV[3], 'data', ARGV[4], 'time', ARGV[5], 'origin', ARGV[6],
  'key', ARGV[8])
if ARGV[8] ~= '' then
  redis.call('SET', KEYS[6], id, 'EX', ARGV[9])
end
if ARGV[7] == '1' then
  redis.call('HSET', KEYS[3], ARGV[2] .. '\n' .. ARGV[3], id)
end
redis.call('HSET', KEYS[4], ARGV[2], id)
redis.call('HINCRBY', KEYS[5], ARGV[2], 1)
return id
)lua";
}

RedisEventLog::RedisEventLog(Options options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_commands(new RedisConnection(m_options.address, this))
    , m_tail(new RedisConnection(m_options.address, this))
    , m_origin(originFor(m_options.node))
{
    connect(m_tail, &RedisConnection::connected, this, &RedisEventLog::tail);
    m_tailRetry.setSingleShot(true);
    m_tailRetry.setInterval(std::chrono::milliseconds(200));
    connect(&m_tailRetry, &QTimer::timeout, this, &RedisEventLog::tail);
    connect(m_tail, &RedisConnection::connected, this,
        [this] { Q_EMIT connectedChanged(isConnected()); });
    connect(m_commands, &RedisConnection::connected, this,
        [this] { Q_EMIT connectedChanged(isConnected()); });
    connect(m_commands, &RedisConnection::connected, this, &RedisEventLog::checkDurability);
    connect(m_tail, &RedisConnection::disconnected, this, [this] {
        m_tailing = false;
        Q_EMIT connectedChanged(false);
    });
    connect(m_commands, &RedisConnection::disconnected, this,
        [this] { Q_EMIT connectedChanged(false); });
}

RedisEventLog::~RedisEventLog() = default;

// "Acknowledged" means stored only if Redis writes each event to disk before it answers:
// said at every (re)connect when the server is set up weaker (docs/cluster.md).
void RedisEventLog::checkDurability()
{
    m_commands->command({ "CONFIG", "GET", "append*" }, [this](const RedisReply &reply) {
        if (!reply.fromRedis)
            return; // the link went; asked again at the next connect
        QHash<QByteArray, QByteArray> config;
        for (qsizetype i = 0; i + 1 < reply.elements.size(); i += 2)
            config.insert(reply.elements.at(i).text, reply.elements.at(i + 1).text);
        if (reply.isError() || !config.contains("appendonly")) {
            m_durabilityWarning = u"cannot tell how %1 stores events (CONFIG GET: %2); an "
                                  "acknowledged publish survives a Redis crash only with "
                                  "appendonly yes and appendfsync always"_s.arg(
                                      m_options.address.toString(), QString::fromUtf8(reply.text));
        } else if (config.value("appendonly") != "yes" || config.value("appendfsync") != "always") {
            m_durabilityWarning
                = u"%1 has appendonly %2 and appendfsync %3: an acknowledged publish is lost "
                  "if Redis crashes; set appendonly yes and appendfsync always "
                  "(docs/cluster.md)"_s.arg(m_options.address.toString(),
                      QString::fromUtf8(config.value("appendonly")),
                      QString::fromUtf8(config.value("appendfsync")));
        } else {
            m_durabilityWarning.clear();
            return;
        }
        qCWarning(lcCluster).noquote() << m_durabilityWarning;
    });
}

QByteArray RedisEventLog::key(const char *name) const
{
    return m_options.cluster.toUtf8() + ':' + name;
}

bool RedisEventLog::isConnected() const
{
    return m_commands->isConnected() && m_tail->isConnected();
}

// Restored::pinHistory, from the whole stream.
static QList<HubEventPtr> pinHistoryOf(const RedisReply &all)
{
    // Two passes over the stream, parsing only what mentions a pin or a target: the events
    // that pin or unpin and the posts they name, then the amendments of those posts.
    QSet<quint64> posts;
    for (const RedisReply &entry : all.elements) {
        const auto fields = fieldsOf(entry);
        const QByteArray data = fields.value("data");
        if (!data.contains("\"pinned\"") || !PinBoard::touchesPin(JsonText::parse(data)))
            continue;
        const QString type = QString::fromUtf8(fields.value("type"));
        if (StatePolicy::isAmendment(type))
            posts.insert(StatePolicy::targetOf(JsonText::parse(data)).value_or(0));
        else if (!StatePolicy::carriesState(type))
            posts.insert(streamId(entry.elements.value(0).text));
    }
    QList<HubEventPtr> history;
    for (const RedisReply &entry : all.elements) {
        const quint64 id = streamId(entry.elements.value(0).text);
        const auto fields = fieldsOf(entry);
        const bool amends = StatePolicy::isAmendment(QString::fromUtf8(fields.value("type")))
            && posts.contains(
                StatePolicy::targetOf(JsonText::parse(fields.value("data"))).value_or(0));
        if (posts.contains(id) || amends)
            history.append(eventOf(id, fields));
    }
    return history;
}

EventLog::Restored RedisEventLog::restore(int recentCount)
{
    Restored restored;
    BlockingRedis redis(m_options.address);
    if (!redis.error().isEmpty()) {
        qCWarning(lcCluster).noquote() << "cannot read the cluster's history from"
                                       << m_options.address.toString() << "-" << redis.error();
        start(0);
        return restored;
    }
    const RedisReply top = redis.run({ "XREVRANGE", key("events"), "+", "-", "COUNT", "1" });
    const quint64 streamTop
        = top.elements.isEmpty() ? 0 : streamId(top.elements.at(0).elements.value(0).text);
    restored.lastId = qMax(streamTop, redis.run({ "GET", key("counter") }).text.toULongLong());
    restored.knownThrough = restored.lastId;

    const RedisReply recent = redis.run({ "XREVRANGE", key("events"), "+", "-", "COUNT",
        QByteArray::number(qMax(recentCount, 0)) });
    for (auto it = recent.elements.crbegin(); it != recent.elements.crend(); ++it)
        restored.recent.append(eventOf(streamId(it->elements.value(0).text), fieldsOf(*it)));

    const RedisReply all = redis.run({ "XRANGE", key("events"), "-", "+" });
    restored.pinHistory = pinHistoryOf(all);
    for (const RedisReply &entry : all.elements) {
        const quint64 id = streamId(entry.elements.value(0).text);
        const auto fields = fieldsOf(entry);
        if (restored.firstId == 0)
            restored.firstId = id;
        const QString type = QString::fromUtf8(fields.value("type"));
        if (const QByteArray stored = fields.value("key"); !stored.isEmpty())
            restored.keys.append(
                { QString::fromUtf8(stored), id, QString::fromUtf8(fields.value("channel")), type,
                    QDateTime::fromString(
                        QString::fromUtf8(fields.value("time")), Qt::ISODateWithMs) });
        if (StatePolicy::carriesState(type))
            continue;
        EventRecord record { id, QString::fromUtf8(fields.value("channel")), type, 0 };
        if (StatePolicy::isAmendment(type))
            record.targetId
                = StatePolicy::targetOf(JsonText::parse(fields.value("data"))).value_or(0);
        restored.records.append(record);
    }

    // The newest state event of each channel and type, by id, even once trimmed from view.
    const RedisReply state = redis.run({ "HVALS", key("state") });
    for (const RedisReply &idText : state.elements) {
        const QByteArray id = idText.text + "-0";
        const RedisReply entry = redis.run({ "XRANGE", key("events"), id, id });
        if (!entry.elements.isEmpty())
            restored.latestState.append(
                eventOf(idText.text.toULongLong(), fieldsOf(entry.elements.at(0))));
    }
    const RedisReply lasts = redis.run({ "HGETALL", key("channel-last") });
    const RedisReply counts = redis.run({ "HGETALL", key("channel-count") });
    QHash<QByteArray, quint64> countOf;
    for (qsizetype i = 0; i + 1 < counts.elements.size(); i += 2)
        countOf.insert(counts.elements.at(i).text, counts.elements.at(i + 1).text.toULongLong());
    for (qsizetype i = 0; i + 1 < lasts.elements.size(); i += 2) {
        const QByteArray &name = lasts.elements.at(i).text;
        restored.channels.append({ QString::fromUtf8(name),
            lasts.elements.at(i + 1).text.toULongLong(), countOf.value(name) });
    }
    m_head = restored.lastId;
    m_headKnown = true;
    m_ready = true;
    start(restored.lastId);
    return restored;
}

void RedisEventLog::start(quint64 afterId)
{
    if (m_started)
        return;
    m_started = true;
    m_lastSeen = afterId;
    m_commands->open();
    m_tail->open();
}

QByteArray RedisEventLog::fetchScript()
{
    // KEYS: the stream. ARGV: plain ids. XRANGE of one id each, so a page costs one round
    // trip and Redis a lookup per id, however long the stream.
    return QByteArrayLiteral(R"lua(
local found = {}
for _, id in ipairs(ARGV) do
  local entry = redis.call('XRANGE', KEYS[1], id .. '-0', id .. '-0')
  if entry[1] then found[#found + 1] = entry[1] end
end
return found
)lua");
}

void RedisEventLog::fetch(const QList<quint64> &ids, FetchDone done)
{
    if (!m_commands->isConnected()) {
        const QString why = m_commands->lastError();
        done({}, why.isEmpty() ? u"not connected to the cluster's Redis"_s : why);
        return;
    }
    static const QByteArray script = fetchScript();
    QByteArrayList args { "EVAL", script, "1", key("events") };
    for (const quint64 id : ids)
        args.append(QByteArray::number(id));
    m_commands->command(args, [done = std::move(done)](const RedisReply &reply) {
        if (!reply.fromRedis || reply.isError()) {
            done({},
                u"the cluster's Redis could not read the history: %1"_s.arg(
                    QString::fromUtf8(reply.text)));
            return;
        }
        QList<HubEventPtr> events;
        for (const RedisReply &entry : reply.elements)
            events.append(eventOf(streamId(entry.elements.value(0).text), fieldsOf(entry)));
        done(events, {});
    });
}

void RedisEventLog::append(const EventDraft &draft, AppendDone done)
{
    if (!isConnected()) {
        const QString why
            = !m_commands->lastError().isEmpty() ? m_commands->lastError() : m_tail->lastError();
        done(0, why.isEmpty() ? u"not connected to the cluster's Redis"_s : why);
        return;
    }
    const quint64 sequence = m_nextSequence++;
    m_pending.push_back({ sequence, std::move(done), false, {} });
    static const QByteArray script = appendScript();
    const QByteArray origin = m_origin + QByteArray::number(sequence);
    const QByteArray idempotencyKey = draft.key.toUtf8();
    m_commands->command(
        { "EVAL", script, "6", key("counter"), key("events"), key("state"), key("channel-last"),
            key("channel-count"), key("key:") + idempotencyKey,
            QByteArray::number(m_options.maxLength), draft.channel.toUtf8(), draft.type.toUtf8(),
            JsonText::of(draft.data), draft.time.toString(Qt::ISODateWithMs).toUtf8(), origin,
            StatePolicy::carriesState(draft.type) ? "1" : "0", idempotencyKey,
            QByteArray::number(qint64(IdempotencyIndex::DefaultWindow.count()) * 3600) },
        [this, sequence](const RedisReply &reply) { onAppendReply(sequence, reply); });
}

void RedisEventLog::onAppendReply(quint64 sequence, const RedisReply &reply)
{
    if (!reply.isError() && reply.type == RedisReply::Type::Integer)
        return; // stored: it completes when the tail reads it back, in stream order
    const bool repeat = reply.type == RedisReply::Type::Array && reply.elements.size() == 2
        && reply.elements.at(0).text == "repeat";
    for (Pending &pending : m_pending) {
        if (pending.sequence == sequence) {
            pending.failed = !repeat;
            pending.repeatOf = repeat ? quint64(reply.elements.at(1).integer) : 0;
            pending.error = repeat ? QString() : QString::fromUtf8(reply.text);
            break;
        }
    }
    completeAnsweredAtHead();
}

void RedisEventLog::tail()
{
    if (m_tailing || !m_tail->isConnected())
        return;
    m_tailing = true;
    // Answered before the read blocks: how far the stream goes now, for behind() and for
    // telling when a late node has caught up.
    m_tail->command({ "GET", key("counter") }, [this](const RedisReply &reply) {
        if (reply.type == RedisReply::Type::String || reply.type == RedisReply::Type::Nil)
            noteHead(reply.text.toULongLong());
    });
    m_tail->command({ "XREAD", "COUNT", QByteArray::number(TailBatch), "BLOCK", "0", "STREAMS",
                        key("events"), QByteArray::number(m_lastSeen) + "-0" },
        [this](const RedisReply &reply) { onTail(reply); });
}

void RedisEventLog::onTail(const RedisReply &reply)
{
    m_tailing = false;
    if (reply.isError()) {
        // The link went (connected() starts the next read), or Redis refused, for instance
        // while it loads its append-only file after a restart ("LOADING"): say it, and read
        // again shortly, or this node would stop following the cluster.
        if (m_tail->isConnected()) {
            qCWarning(lcCluster).noquote()
                << "reading the cluster's stream failed:" << QString::fromUtf8(reply.text);
            m_tailRetry.start();
        }
        return;
    }
    // [[stream, [entry, entry, …]]]
    for (const RedisReply &stream : reply.elements) {
        if (stream.elements.size() < 2)
            continue;
        for (const RedisReply &entry : stream.elements.at(1).elements)
            onEntry(entry);
    }
    checkCaughtUp();
    tail();
}

void RedisEventLog::noteHead(quint64 head)
{
    m_head = qMax(m_head, head);
    m_headKnown = true;
    checkCaughtUp();
}

void RedisEventLog::checkCaughtUp()
{
    if (m_ready || !m_headKnown || m_lastSeen < m_head)
        return;
    m_ready = true;
    qCInfo(lcCluster) << "caught up with the cluster's stream at id" << m_lastSeen;
    Q_EMIT ready();
}

void RedisEventLog::onEntry(const RedisReply &entry)
{
    const quint64 id = streamId(entry.elements.value(0).text);
    if (id <= m_lastSeen)
        return;
    if (m_lastSeen != 0 && id != m_lastSeen + 1)
        qCWarning(lcCluster) << "the cluster's stream skips from" << m_lastSeen << "to" << id;
    m_lastSeen = id;
    const auto fields = fieldsOf(entry);
    // Whatever this entry is, a repeat waiting at the head for it may now be answered (after
    // the observer below has handed the hub the original).
    const auto answerRepeats = qScopeGuard([this] { completeAnsweredAtHead(); });
    const QByteArray origin = fields.value("origin");
    if (origin.startsWith(m_origin) && completeOwn(origin.mid(m_origin.size()).toULongLong(), id))
        return;
    // Another node's, or ours whose answer was lost with the link: the hub has it either way.
    if (m_observer)
        m_observer(eventOf(id, fields));
}

bool RedisEventLog::completeOwn(quint64 sequence, quint64 id)
{
    // Redis runs one connection's scripts in order: an earlier append of ours that is not in
    // the stream before this one failed (its error may still be on its way).
    while (!m_pending.empty() && m_pending.front().sequence < sequence) {
        Pending failed = std::move(m_pending.front());
        m_pending.pop_front();
        failed.done(0, failed.error.isEmpty() ? u"Redis did not store the event"_s : failed.error);
    }
    if (m_pending.empty() || m_pending.front().sequence != sequence)
        return false; // already failed (its answer was lost with the link)
    Pending stored = std::move(m_pending.front());
    m_pending.pop_front();
    stored.done(id, {});
    completeAnsweredAtHead();
    return true;
}

void RedisEventLog::completeAnsweredAtHead()
{
    // A repeat completes once the tail has read its original, so the hub holds that event
    // (and its key) when told.
    while (!m_pending.empty()
        && (m_pending.front().failed
            || (m_pending.front().repeatOf != 0 && m_pending.front().repeatOf <= m_lastSeen))) {
        Pending answered = std::move(m_pending.front());
        m_pending.pop_front();
        answered.done(answered.failed ? 0 : answered.repeatOf, answered.error);
    }
}
