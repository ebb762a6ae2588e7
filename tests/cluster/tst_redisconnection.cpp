#include "cluster/redisconnection.h"
#include "redisserver.h"
#include "testeventloop.h"

#include <QSignalSpy>
#include <QTest>

#include <memory>
#include <optional>

using namespace Qt::StringLiterals;

namespace {

// Sends one command and waits (spinning the event loop) for its reply.
std::optional<RedisReply> call(RedisConnection &redis, const QByteArrayList &args)
{
    std::optional<RedisReply> got;
    redis.command(args, [&got](const RedisReply &reply) { got = reply; });
    if (!QTest::qWaitFor([&got] { return got.has_value(); }, 5000))
        return std::nullopt;
    return got;
}

std::unique_ptr<RedisConnection> open(const QString &url)
{
    auto redis = std::make_unique<RedisConnection>(*RedisAddress::parse(url, nullptr));
    redis->setRetry({ std::chrono::milliseconds(20), std::chrono::milliseconds(200) });
    redis->open();
    return redis;
}

} // namespace

class tst_RedisConnection final : public QObject
{
    Q_OBJECT

public:
    static void initMain() { useTestEventLoop(); }

private Q_SLOTS:
    void init();
    void commandsAndReplies();
    void repliesAreBinarySafe();
    void selectsItsDatabase();
    void resolvesAHostName();
    void commandWhileDownFailsAtOnce();
    void reconnectsAfterRedisComesBack();
    void commandInFlightFailsWhenTheLinkDrops();
    void destroyedWithRepliesOwedCallsNone();

private:
    std::unique_ptr<RedisServer> m_redis;
};

void tst_RedisConnection::init()
{
    LIVEDESK_START_REDIS(m_redis);
}

void tst_RedisConnection::commandsAndReplies()
{
    const auto redis = open(m_redis->url());
    QSignalSpy connected(redis.get(), &RedisConnection::connected);
    QTRY_COMPARE(connected.count(), 1);
    QVERIFY(redis->isConnected());
    QVERIFY(redis->lastError().isEmpty());

    auto reply = call(*redis, { "SET", "k", "v" });
    QVERIFY(reply);
    QCOMPARE(reply->type, RedisReply::Type::Status);
    QCOMPARE(reply->text, QByteArray("OK"));
    reply = call(*redis, { "GET", "k" });
    QCOMPARE(reply->type, RedisReply::Type::String);
    QCOMPARE(reply->text, QByteArray("v"));
    reply = call(*redis, { "GET", "missing" });
    QCOMPARE(reply->type, RedisReply::Type::Nil);
    reply = call(*redis, { "INCRBY", "n", "41" });
    QCOMPARE(reply->type, RedisReply::Type::Integer);
    QCOMPARE(reply->integer, 41);
    reply = call(*redis, { "RPUSH", "l", "a", "b" });
    reply = call(*redis, { "LRANGE", "l", "0", "-1" });
    QCOMPARE(reply->type, RedisReply::Type::Array);
    QCOMPARE(reply->elements.size(), 2);
    QCOMPARE(reply->elements.at(1).text, QByteArray("b"));
    reply = call(*redis, { "NOSUCHCOMMAND" });
    QVERIFY(reply->isError());
    QVERIFY2(reply->text.contains("unknown command"), reply->text.constData());
    QVERIFY(redis->isConnected()); // an error reply is not a failed link
}

void tst_RedisConnection::repliesAreBinarySafe()
{
    const auto redis = open(m_redis->url());
    QTRY_VERIFY(redis->isConnected());
    static const char raw[] = "a\0b\r\n\"%s %d";
    const QByteArray value(raw, sizeof raw - 1); // the NUL inside counts, the last one not
    QCOMPARE(call(*redis, { "SET", "bin", value })->text, QByteArray("OK"));
    QCOMPARE(call(*redis, { "GET", "bin" })->text, value);
}

void tst_RedisConnection::selectsItsDatabase()
{
    const auto three = open(m_redis->url(3));
    const auto zero = open(m_redis->url(0));
    QTRY_VERIFY(three->isConnected() && zero->isConnected());
    QCOMPARE(call(*three, { "SET", "where", "three" })->text, QByteArray("OK"));
    QCOMPARE(call(*zero, { "GET", "where" })->type, RedisReply::Type::Nil);
    QCOMPARE(call(*three, { "GET", "where" })->text, QByteArray("three"));
}

void tst_RedisConnection::resolvesAHostName()
{
    const auto redis = open(u"redis://localhost:%1/0"_s.arg(m_redis->port()));
    QTRY_VERIFY(redis->isConnected());
    QCOMPARE(call(*redis, { "PING" })->text, QByteArray("PONG"));
}

void tst_RedisConnection::commandWhileDownFailsAtOnce()
{
    m_redis->kill();
    const auto redis = open(m_redis->url());
    QTRY_VERIFY(!redis->lastError().isEmpty());
    QVERIFY2(redis->lastError().contains(u"cannot connect"_s), qPrintable(redis->lastError()));
    bool called = false;
    redis->command({ "PING" }, [&called](const RedisReply &reply) {
        called = true;
        QVERIFY(reply.isError());
    });
    QVERIFY(called); // no waiting on a link that is not there
}

void tst_RedisConnection::reconnectsAfterRedisComesBack()
{
    const auto redis = open(m_redis->url());
    QSignalSpy connected(redis.get(), &RedisConnection::connected);
    QSignalSpy disconnected(redis.get(), &RedisConnection::disconnected);
    QTRY_COMPARE(connected.count(), 1);
    QCOMPARE(call(*redis, { "SET", "kept", "yes" })->text, QByteArray("OK"));

    m_redis->kill();
    QTRY_COMPARE(disconnected.count(), 1);
    QVERIFY(!redis->isConnected());
    QVERIFY2(disconnected.first().at(0).toString().contains(u"lost the connection"_s),
        qPrintable(disconnected.first().at(0).toString()));
    QTest::qWait(300); // a few failed attempts, said once
    QCOMPARE(disconnected.count(), 1);

    QVERIFY(m_redis->start()); // the same port, from its append-only file
    QTRY_COMPARE_WITH_TIMEOUT(connected.count(), 2, 5000);
    QCOMPARE(call(*redis, { "GET", "kept" })->text, QByteArray("yes"));
}

void tst_RedisConnection::commandInFlightFailsWhenTheLinkDrops()
{
    const auto redis = open(m_redis->url());
    QTRY_VERIFY(redis->isConnected());
    // A command that blocks in Redis until the link is cut under it.
    std::optional<RedisReply> got;
    redis->command({ "BLPOP", "never", "0" }, [&got](const RedisReply &reply) { got = reply; });
    QTest::qWait(50);
    QVERIFY(!got);
    m_redis->kill();
    QTRY_VERIFY(got.has_value());
    QVERIFY(got->isError());
    QVERIFY2(got->text.contains("lost the connection"), got->text.constData());
}

void tst_RedisConnection::destroyedWithRepliesOwedCallsNone()
{
    auto redis = open(m_redis->url());
    QTRY_VERIFY(redis->isConnected());
    bool called = false;
    redis->command({ "BLPOP", "never", "0" }, [&called](const RedisReply &) { called = true; });
    QTest::qWait(20);
    redis.reset();
    QTest::qWait(50);
    QVERIFY(!called);
}

QTEST_GUILESS_MAIN(tst_RedisConnection)
#include "tst_redisconnection.moc"
