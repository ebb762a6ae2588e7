#include "cluster/redisconnection.h"

#include "cluster/logging.h"

#include <QHostAddress>
#include <QHostInfo>
#include <QRandomGenerator>

// The one unit that includes the adapter hiredis ships. It is written for Qt 4/5: it connects
// QSocketNotifier's activated(int) by name, which Qt 6.4 still has (QT_MOC_COMPAT), and moc
// runs on the header from here (it is in this layer's sources).
#include <hiredis/adapters/qt.h>
#include <hiredis/async.h>
#include <hiredis/hiredis.h>
#include <vector>

using namespace Qt::StringLiterals;

namespace {

RedisConnection *owner(const redisAsyncContext *context)
{
    return static_cast<RedisConnection *>(context->data);
}

} // namespace

RedisConnection::RedisConnection(RedisAddress address, QObject *parent)
    : QObject(parent)
    , m_address(std::move(address))
    , m_parked(std::make_unique<redisAsyncContext>())
    , m_adapter(std::make_unique<RedisQtAdapter>())
    , m_retryTimer(this)
{
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, &RedisConnection::resolve);
}

RedisConnection::~RedisConnection()
{
    m_destroying = true;
    if (m_lookup >= 0)
        QHostInfo::abortHostLookup(m_lookup);
    if (m_context) {
        // Drops what is still owed (onReply sees m_destroying), then the adapter's cleanup
        // runs and the context is freed; the disconnect callback stays silent.
        redisAsyncContext *context = std::exchange(m_context, nullptr);
        redisAsyncFree(context);
    }
    park();
}

// Points the adapter at a context of ours once hiredis has freed (or is freeing) its own: the
// adapter keeps that pointer, and its destructor writes through it.
void RedisConnection::park()
{
    m_parked->ev.data = nullptr;
    m_adapter->setContext(m_parked.get());
}

void RedisConnection::open()
{
    if (m_state == State::Idle)
        resolve();
}

void RedisConnection::resolve()
{
    m_state = State::Resolving;
    const QHostAddress literal(m_address.host);
    if (!literal.isNull()) {
        connectTo(literal.toString());
        return;
    }
    m_lookup = QHostInfo::lookupHost(m_address.host, this, [this](const QHostInfo &info) {
        m_lookup = -1;
        if (info.error() != QHostInfo::NoError || info.addresses().isEmpty()) {
            lost(u"cannot resolve %1: %2"_s.arg(m_address.host, info.errorString()));
            return;
        }
        connectTo(info.addresses().constFirst().toString());
    });
}

void RedisConnection::connectTo(const QString &ip)
{
    m_state = State::Connecting;
    redisAsyncContext *context = redisAsyncConnect(ip.toUtf8().constData(), m_address.port);
    if (!context || context->err) {
        const QString why = context ? QString::fromUtf8(context->errstr) : u"out of memory"_s;
        if (context)
            redisAsyncFree(context); // no adapter attached yet: nothing else to undo
        lost(u"cannot connect to %1: %2"_s.arg(m_address.toString(), why));
        return;
    }
    context->data = this;
    m_context = context;
    m_adapter->setContext(context);
    redisAsyncSetConnectCallback(context, &RedisConnection::onConnect);
    redisAsyncSetDisconnectCallback(context, &RedisConnection::onDisconnect);
}

void RedisConnection::onConnect(const redisAsyncContext *context, int status)
{
    RedisConnection *self = owner(context);
    if (!self || self->m_destroying)
        return;
    if (status != REDIS_OK) {
        // hiredis frees the context right after this returns, and calls no disconnect.
        self->m_context = nullptr;
        self->park();
        self->lost(u"cannot connect to %1: %2"_s.arg(
            self->m_address.toString(), QString::fromUtf8(context->errstr)));
        return;
    }
    self->selectDatabase();
}

void RedisConnection::selectDatabase()
{
    m_state = State::Selecting;
    if (m_address.db == 0) {
        becameConnected();
        return;
    }
    // Sent before any command of ours, so every one runs in that database.
    const QByteArrayList select { "SELECT", QByteArray::number(m_address.db) };
    std::vector<const char *> argv { select[0].constData(), select[1].constData() };
    std::vector<size_t> lengths { size_t(select[0].size()), size_t(select[1].size()) };
    auto *done = new Done([this](const RedisReply &reply) {
        if (reply.isError()) {
            m_lastError = u"Redis refused database %1: %2"_s.arg(m_address.db)
                              .arg(QString::fromUtf8(reply.text));
            qCWarning(lcCluster).noquote() << m_lastError;
            if (m_context)
                redisAsyncDisconnect(m_context);
            return;
        }
        becameConnected();
    });
    redisAsyncCommandArgv(
        m_context, &RedisConnection::onReply, done, 2, argv.data(), lengths.data());
}

void RedisConnection::becameConnected()
{
    m_state = State::Connected;
    m_nextDelay = std::chrono::milliseconds(0);
    m_lastError.clear();
    qCInfo(lcCluster).noquote() << "connected to" << m_address.toString();
    Q_EMIT connected();
}

void RedisConnection::onDisconnect(const redisAsyncContext *context, int status)
{
    RedisConnection *self = owner(context);
    if (!self || self->m_destroying)
        return;
    // The adapter's cleanup has run; the context is freed right after this returns.
    self->m_context = nullptr;
    self->park();
    const bool wasConnected = self->m_state == State::Connected;
    const QString why
        = status == REDIS_OK ? u"the connection was closed"_s : QString::fromUtf8(context->errstr);
    self->lost(u"lost the connection to %1: %2"_s.arg(self->m_address.toString(), why));
    if (wasConnected)
        Q_EMIT self->disconnected(self->m_lastError);
}

void RedisConnection::lost(const QString &reason)
{
    // Said once per outage, not once per retry.
    if (m_lastError != reason)
        qCWarning(lcCluster).noquote() << reason;
    m_lastError = reason;
    retryLater();
}

void RedisConnection::retryLater()
{
    m_state = State::Waiting;
    using std::chrono::milliseconds;
    m_nextDelay = m_nextDelay.count() == 0 ? m_retry.min : std::min(m_nextDelay * 2, m_retry.max);
    // Half fixed, half random: spread out, but never sooner than half the delay.
    const auto half = m_nextDelay / 2;
    const milliseconds jitter(QRandomGenerator::global()->bounded(qint64(half.count()) + 1));
    m_retryTimer.start(half + jitter);
}

void RedisConnection::command(const QByteArrayList &args, Done done)
{
    if (m_state != State::Connected || !m_context) {
        done(RedisReply::failure(
            (m_lastError.isEmpty() ? u"not connected to Redis"_s : m_lastError).toUtf8()));
        return;
    }
    std::vector<const char *> argv;
    std::vector<size_t> lengths;
    argv.reserve(size_t(args.size()));
    lengths.reserve(size_t(args.size()));
    for (const QByteArray &arg : args) {
        argv.push_back(arg.constData());
        lengths.push_back(size_t(arg.size()));
    }
    auto *pending = new Done(std::move(done));
    if (redisAsyncCommandArgv(m_context, &RedisConnection::onReply, pending, int(argv.size()),
            argv.data(), lengths.data())
        != REDIS_OK) {
        const std::unique_ptr<Done> owned(pending);
        (*owned)(RedisReply::failure("the command could not be sent to Redis"));
    }
}

void RedisConnection::onReply(redisAsyncContext *context, void *reply, void *done)
{
    const std::unique_ptr<Done> owned(static_cast<Done *>(done));
    RedisConnection *self = owner(context);
    if (!owned || !self || self->m_destroying)
        return;
    if (!reply) {
        // The link failed with this command in flight (hiredis calls every pending one).
        (*owned)(RedisReply::failure(
            u"lost the connection to %1"_s.arg(self->m_address.toString()).toUtf8()));
        return;
    }
    (*owned)(RedisReply::from(*static_cast<const redisReply *>(reply)));
}
