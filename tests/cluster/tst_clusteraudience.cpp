#include "cluster/clusteraudience.h"
#include "cluster/redisconnection.h"
#include "redisserver.h"
#include "testeventloop.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

constexpr std::chrono::milliseconds Period { 50 };

// One node's audience report, its viewers set by the test.
struct Node
{
    NodeAudience now;
    std::unique_ptr<ClusterAudience> audience;

    Node(const QString &url, const QString &name, int viewers, QMap<QString, int> channels)
    {
        now.viewers = viewers;
        now.channels = std::move(channels);
        ClusterAudience::Options options;
        options.address = *RedisAddress::parse(url, nullptr);
        options.node = name;
        options.period = Period;
        audience = std::make_unique<ClusterAudience>(options, [this] { return now; });
        audience->start();
    }
    int viewers() const { return audience->toJson().value(u"viewers"_s).toInt(); }
    int nodes() const { return int(audience->nodes().size()); }
};

} // namespace

// The cluster's viewers, counted through a real redis-server.
class tst_ClusterAudience final : public QObject
{
    Q_OBJECT

public:
    static void initMain() { useTestEventLoop(); }

private Q_SLOTS:
    void reportsAreReadBack_data();
    void reportsAreReadBack();
    void init();
    void everyNodeSeesTheSum();
    void aNodeThatStopsReportingDropsOut();
    void whileRedisIsDownOnlyOurOwnCount();
    void aReportThatIsNotOursIsLeftOut();

private:
    std::unique_ptr<RedisServer> m_redis;
};

void tst_ClusterAudience::reportsAreReadBack_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<bool>("valid");
    QTest::newRow("report") << QByteArray(R"({"node":"a","viewers":3,"channels":{"news":2}})")
                            << true;
    QTest::newRow("no channels") << QByteArray(R"({"node":"a","viewers":3})") << false;
    QTest::newRow("negative") << QByteArray(R"({"node":"a","viewers":-1,"channels":{}})") << false;
    QTest::newRow("negative channel")
        << QByteArray(R"({"node":"a","viewers":1,"channels":{"news":-4}})") << false;
    QTest::newRow("text viewers") << QByteArray(R"({"node":"a","viewers":"3","channels":{}})")
                                  << false;
    QTest::newRow("not json") << QByteArray("3 viewers") << false;
    QTest::newRow("array") << QByteArray("[1,2]") << false;
}

void tst_ClusterAudience::reportsAreReadBack()
{
    QFETCH(QByteArray, json);
    QFETCH(bool, valid);
    const std::optional<NodeAudience> audience = NodeAudience::fromJson(json);
    QCOMPARE(audience.has_value(), valid);
    if (valid) {
        QCOMPARE(audience->viewers, 3);
        QCOMPARE(audience->channels.value(u"news"_s), 2);
        QCOMPARE(NodeAudience::fromJson(QJsonDocument(audience->toJson()).toJson())->viewers, 3);
    }
}

void tst_ClusterAudience::init()
{
    if (QByteArray(QTest::currentTestFunction()) == "reportsAreReadBack")
        return;
    LIVEDESK_START_REDIS(m_redis);
}

void tst_ClusterAudience::everyNodeSeesTheSum()
{
    Node a(m_redis->url(), u"a"_s, 3, { { u"news"_s, 2 }, { u"*"_s, 1 } });
    Node b(m_redis->url(), u"b"_s, 5, { { u"news"_s, 4 }, { u"match-x"_s, 1 } });
    QSignalSpy changed(a.audience.get(), &ClusterAudience::changed);
    QTRY_COMPARE(a.viewers(), 8);
    QTRY_COMPARE(b.viewers(), 8);
    const QJsonObject sum = a.audience->toJson();
    QCOMPARE(sum.value(u"channels"_s).toObject().value(u"news"_s).toInt(), 6);
    QCOMPARE(sum.value(u"channels"_s).toObject().value(u"match-x"_s).toInt(), 1);
    const QJsonArray nodes = sum.value(u"nodes"_s).toArray();
    QCOMPARE(nodes.size(), 2);
    QCOMPARE(nodes.at(0).toObject().value(u"node"_s).toString(), u"a"_s);
    QCOMPARE(nodes.at(1).toObject().value(u"viewers"_s).toInt(), 5);
    QVERIFY(!changed.isEmpty());
    QCOMPARE(changed.last().first().toJsonObject(), sum);

    b.now.viewers = 1; // b's viewers leave: a hears of it within a few periods
    QTRY_COMPARE(a.viewers(), 4);
}

void tst_ClusterAudience::aNodeThatStopsReportingDropsOut()
{
    Node a(m_redis->url(), u"a"_s, 3, {});
    auto b = std::make_unique<Node>(m_redis->url(), u"b"_s, 5, QMap<QString, int> {});
    QTRY_COMPARE(a.nodes(), 2);
    b.reset(); // as a kill -9 would: nobody removes its report, it expires
    QTRY_COMPARE_WITH_TIMEOUT(a.nodes(), 1, 10 * int(Period.count()) + 1000);
    QCOMPARE(a.viewers(), 3);
}

void tst_ClusterAudience::whileRedisIsDownOnlyOurOwnCount()
{
    Node a(m_redis->url(), u"a"_s, 3, {});
    Node b(m_redis->url(), u"b"_s, 5, {});
    QTRY_COMPARE(a.viewers(), 8);
    m_redis->kill();
    QTRY_COMPARE(a.viewers(), 3);
    QTRY_COMPARE(b.viewers(), 5);
    QVERIFY(m_redis->start());
    QTRY_COMPARE_WITH_TIMEOUT(a.viewers(), 8, 10000);
}

void tst_ClusterAudience::aReportThatIsNotOursIsLeftOut()
{
    // Another program (or a newer LiveDesk) wrote under the prefix: it is not summed.
    RedisConnection raw(*RedisAddress::parse(m_redis->url(), nullptr));
    raw.open();
    QTRY_VERIFY(raw.isConnected());
    int answered = 0;
    const auto count = [&answered](const RedisReply &) { ++answered; };
    raw.command({ "SADD", "livedesk:audience", "stranger" }, count);
    raw.command({ "SET", "livedesk:audience:stranger", "lots of viewers", "PX", "60000" }, count);
    QTRY_COMPARE(answered, 2);
    Node a(m_redis->url(), u"a"_s, 3, {});
    QTRY_COMPARE(a.nodes(), 1);
    QTest::qWait(3 * int(Period.count()));
    QCOMPARE(a.nodes(), 1);
    QCOMPARE(a.viewers(), 3);
}

QTEST_GUILESS_MAIN(tst_ClusterAudience)
#include "tst_clusteraudience.moc"
