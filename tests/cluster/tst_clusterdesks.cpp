#include "domain/desk.h"
#include "host/serverhost.h"
#include "outbox/outbox.h"
#include "publishwaiter.h"
#include "redisserver.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

// One operator's console without its window: a server node joined to the cluster and the
// desk behind the console's panels, publishing through an outbox on disk in `dataDir` and
// following the node's events, as app/ wires it.
struct Console
{
    std::unique_ptr<ServerHost> host;
    std::unique_ptr<Outbox> outbox;
    std::unique_ptr<Desk> desk;

    Console(const QString &redisUrl, const QString &node, const QString &dataDir)
    {
        ServerConfig config;
        config.port = 0;
        config.token = "token";
        config.redis = RedisAddress::parse(redisUrl, nullptr);
        config.node = node;
        host = std::make_unique<ServerHost>(config);
        QString error;
        if (!host->start(&error))
            qFatal("node %s did not start: %s", qPrintable(node), qPrintable(error));
        outbox = std::make_unique<Outbox>(host.get());
        if (!outbox->open(dataDir + u"/outbox.sqlite"_s, &error))
            qFatal("outbox of %s: %s", qPrintable(node), qPrintable(error));
        outbox->start();
        desk = std::make_unique<Desk>(outbox.get());
        QObject::connect(host.get(), &ServerHost::published, desk.get(), &Desk::follow);
    }

    Match *match(const QString &channel) const
    {
        for (Match *m : desk->matches()) {
            if (m->channel() == channel)
                return m;
        }
        return nullptr;
    }

    // The node's newest stored score of `channel` (its /api/state), as viewers get it.
    QJsonObject storedScore(const QString &channel) const
    {
        QSignalSpy ready(host.get(), &ServerHost::snapshotReady);
        host->requestSnapshot();
        if (!ready.wait(5000))
            return {};
        const QJsonArray latest = ready.first().first().toJsonObject().value(u"latest"_s).toArray();
        for (const auto &event : latest) {
            const QJsonObject e = event.toObject();
            if (e.value(u"channel"_s) == channel && e.value(u"type"_s) == u"score"_s)
                return e.value(u"data"_s).toObject();
        }
        return {};
    }
};

QString board(const Match *match)
{
    return match ? u"%1-%2"_s.arg(match->homeScore()).arg(match->awayScore()) : u"none"_s;
}

QString board(const QJsonObject &score)
{
    return u"%1-%2"_s.arg(score.value(u"homeScore"_s).toInt())
        .arg(score.value(u"awayScore"_s).toInt());
}

} // namespace

// Two operators on two machines cover one match: two consoles, each on its own node of one
// cluster (a real redis-server), each following the cluster's log.
class tst_ClusterDesks final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void aGoalOnOneConsoleShowsOnTheOther();
    void bothPressingPlusOneAgreeEverywhere();
    void correctionsReachTheOtherConsole();
    void theOtherConsoleTakesOverThePausedClock();
    void whileRedisIsDownPostsWaitOnDiskAndGoOnce();

private:
    std::unique_ptr<RedisServer> m_redis;
    std::unique_ptr<QTemporaryDir> m_dirA;
    std::unique_ptr<QTemporaryDir> m_dirB;
    std::unique_ptr<Console> m_a;
    std::unique_ptr<Console> m_b;
};

void tst_ClusterDesks::init()
{
    LIVEDESK_START_REDIS(m_redis);
    m_dirA = std::make_unique<QTemporaryDir>();
    m_dirB = std::make_unique<QTemporaryDir>();
    m_a = std::make_unique<Console>(m_redis->url(), u"a"_s, m_dirA->path());
    m_b = std::make_unique<Console>(m_redis->url(), u"b"_s, m_dirB->path());
}

void tst_ClusterDesks::cleanup()
{
    m_a.reset();
    m_b.reset();
    m_redis.reset();
    m_dirA.reset();
    m_dirB.reset();
}

void tst_ClusterDesks::aGoalOnOneConsoleShowsOnTheOther()
{
    Match *home = m_a->desk->addMatch(u"Riverside"_s, u"Harbour City"_s);
    home->changeScore(Match::Side::Home, +1);
    // Within a second, as the issue asks, on the other console's own board.
    QTRY_COMPARE_WITH_TIMEOUT(board(m_b->match(home->channel())), u"1-0"_s, 1000);
    Match *away = m_b->match(home->channel());
    QCOMPARE(away->home(), u"Riverside"_s);
    away->changeScore(Match::Side::Away, +1);
    QTRY_COMPARE_WITH_TIMEOUT(board(home), u"1-1"_s, 1000);
    QCOMPARE(board(away), u"1-1"_s);
}

void tst_ClusterDesks::bothPressingPlusOneAgreeEverywhere()
{
    Match *a = m_a->desk->addMatch(u"Riverside"_s, u"Harbour City"_s);
    a->changeScore(Match::Side::Home, +1);
    QTRY_VERIFY(m_b->match(a->channel()));
    Match *b = m_b->match(a->channel());
    QTRY_COMPARE(board(b), u"1-0"_s);

    // The same goal, seen by both: each console sends the score it now shows, 2-0, and the
    // cluster stores both in one order. The board is the score (not a count of presses),
    // so it is 2-0 on both consoles and both nodes: one goal, not two.
    a->changeScore(Match::Side::Home, +1);
    b->changeScore(Match::Side::Home, +1);
    QTRY_COMPARE(board(m_a->storedScore(a->channel())), u"2-0"_s);
    QTRY_COMPARE(board(m_b->storedScore(a->channel())), u"2-0"_s);
    QTRY_COMPARE(board(a), u"2-0"_s);
    QTRY_COMPARE(board(b), u"2-0"_s);

    // Different changes at once: the one stored last is the board everywhere.
    a->changeScore(Match::Side::Home, +1); // 3-0 from a
    b->changeScore(Match::Side::Away, +1); // 2-1 from b
    QTRY_VERIFY(!m_a->storedScore(a->channel()).isEmpty());
    QTRY_COMPARE(board(a), board(b));
    const QString last = board(b);
    QVERIFY2(last == u"3-0"_s || last == u"2-1"_s, qPrintable(last));
    QTRY_COMPARE(board(m_a->storedScore(a->channel())), last);
    QCOMPARE(board(m_b->storedScore(a->channel())), last);
}

void tst_ClusterDesks::correctionsReachTheOtherConsole()
{
    QSignalSpy seenOnA(m_a->host.get(), &ServerHost::published);
    PublishWaiter waiter;
    m_b->desk->publishNewsFlash(u"Kick-off delayed"_s, {}, false, nullptr, waiter.callback());
    QVERIFY(waiter.wait());
    QVERIFY(waiter.outcome().ok());
    const quint64 flash = waiter.outcome().id();
    m_b->desk->correct(flash, u"news"_s, QJsonObject { { u"headline"_s, u"Kick-off at 8"_s } },
        nullptr, waiter.callback());
    QVERIFY(waiter.wait());
    m_b->desk->retract(flash, u"news"_s, nullptr, waiter.callback());
    QVERIFY(waiter.wait());
    QTRY_COMPARE_WITH_TIMEOUT(seenOnA.count(), 3, 1000);
    QStringList types;
    for (const QList<QVariant> &args : std::as_const(seenOnA))
        types.append(args.first().value<HubEventPtr>()->type);
    QCOMPARE(types, (QStringList { u"news-flash"_s, u"correction"_s, u"retraction"_s }));
}

void tst_ClusterDesks::theOtherConsoleTakesOverThePausedClock()
{
    Match *a = m_a->desk->addMatch(u"Riverside"_s, u"Harbour City"_s);
    a->changeScore(Match::Side::Home, +1);
    QTRY_VERIFY(m_b->match(a->channel()));
    Match *b = m_b->match(a->channel());
    a->clock()->set(40, 0);
    a->clock()->start();
    QTRY_VERIFY_WITH_TIMEOUT(b->clock()->isRunning(), 1000);
    QVERIFY(qAbs(b->clock()->elapsedSeconds() - 40 * 60) <= 2);
    b->clock()->pause(); // half-time, called on the other console
    QTRY_VERIFY_WITH_TIMEOUT(!a->clock()->isRunning(), 1000);
    QCOMPARE(a->clock()->elapsedSeconds(), b->clock()->elapsedSeconds());
}

// A console on a cluster node whose Redis is away: what the operator sends waits in the
// outbox on disk, survives the console being closed and opened again, and is stored once
// when Redis is back.
void tst_ClusterDesks::whileRedisIsDownPostsWaitOnDiskAndGoOnce()
{
    m_redis->kill();
    QList<PublishOutcome> answers;
    m_a->desk->publishNewsFlash(u"Gates open at six"_s, QString(), false, nullptr,
        [&answers](const PublishOutcome &outcome) { answers << outcome; });
    QTRY_COMPARE(answers.size(), 1);
    QVERIFY2(answers.first().queued, qPrintable(answers.first().error));
    QCOMPARE(m_a->outbox->size(), 1);

    m_a.reset(); // the operator quits while Redis is still away
    m_a = std::make_unique<Console>(m_redis->url(), u"a"_s, m_dirA->path());
    QCOMPARE(m_a->outbox->restoredCount(), 1);
    QSignalSpy sent(m_a->outbox.get(), &Outbox::sent);
    QVERIFY2(m_redis->start(), qPrintable(m_redis->lastOutput()));
    QTRY_COMPARE_WITH_TIMEOUT(sent.count(), 1, 20000);
    QCOMPARE(m_a->outbox->size(), 0);
    // Once, on every node.
    for (const Console *console : { m_a.get(), m_b.get() }) {
        QSignalSpy ready(console->host.get(), &ServerHost::snapshotReady);
        console->host->requestSnapshot();
        QVERIFY(ready.wait(5000));
        int copies = 0;
        const QJsonArray recent = ready.first().first().toJsonObject().value(u"recent"_s).toArray();
        for (const auto &event : recent)
            copies += event[u"data"_s][u"headline"_s] == u"Gates open at six"_s;
        QCOMPARE(copies, 1);
    }
}

QTEST_GUILESS_MAIN(tst_ClusterDesks)
#include "tst_clusterdesks.moc"
