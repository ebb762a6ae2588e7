#include "clusterstatus.h"
#include "englishmain.h"
#include "host/serverhost.h"
#include "redisserver.h"
#include "ssetestclient.h"

#include <QApplication>
#include <QTest>
#include <QTranslator>

#include <memory>

using namespace Qt::StringLiterals;

// The status bar's cluster label, on a real node of a real redis-server.
class tst_ClusterStatus final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void hiddenForAConsoleAlone();
    void showsTheClusterAndSaysWhenRedisIsGone();
};

void tst_ClusterStatus::hiddenForAConsoleAlone()
{
    ServerConfig config;
    config.port = 0;
    ServerHost host(config);
    ClusterStatus status(&host);
    QString error;
    QVERIFY2(host.start(&error), qPrintable(error));
    QTest::qWait(50);
    QVERIFY(status.isHidden());
}

void tst_ClusterStatus::showsTheClusterAndSaysWhenRedisIsGone()
{
    if (RedisServer::binary().isEmpty())
        QSKIP("redis-server is not installed; ./livedesk.sh test installs it");
    RedisServer redis;
    QVERIFY2(redis.start(), qPrintable(redis.lastOutput()));
    ServerConfig config;
    config.port = 0;
    config.redis = RedisAddress::parse(redis.url(), nullptr);
    config.cluster = u"derby"_s;
    config.node = u"desk-1"_s;
    config.audiencePeriod = std::chrono::milliseconds(100);
    ServerHost host(config);
    QWidget window;
    auto *status = new ClusterStatus(&host, &window);
    window.show();
    QString error;
    QVERIFY2(host.start(&error), qPrintable(error));
    QTRY_VERIFY(status->isVisible());
    QTRY_COMPARE(status->text(), u"Cluster derby: 0 viewers on 1 node"_s);

    SseTestClient viewer;
    viewer.open(host.baseUrl().port());
    QTRY_COMPARE(status->text(), u"Cluster derby: 1 viewer on 1 node"_s);
    QCOMPARE(status->toolTip(), u"desk-1: 1 viewer (this console)"_s);

    redis.kill();
    QTRY_VERIFY2(status->text().contains(u"Redis cannot be reached"_s), qPrintable(status->text()));
    QVERIFY(redis.start());
    QTRY_COMPARE_WITH_TIMEOUT(status->text(), u"Cluster derby: 1 viewer on 1 node"_s, 10000);
    host.stop();
}

LIVEDESK_TEST_MAIN_IN_ENGLISH(tst_ClusterStatus)
#include "tst_clusterstatus.moc"
