#include "client/feedclient.h"
#include "eventloop/epolleventdispatcher.h"
#include "fulldisk.h"
#include "host/serverhost.h"
#include "http/ssebroadcaster.h"
#include "httptestclient.h"
#include "hub/eventhub.h"
#include "publishwaiter.h"
#include "ssetestclient.h"
#include "testhost.h"

#include <QDir>
#include <QFile>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;

class tst_ServerHost final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void servesFromItsOwnThread_data();
    void servesFromItsOwnThread();
    void busyPortFailsWithAReason();
    void stopClosesStreams();
    void idsContinueAcrossRestartsAndClientsResume();
    void damagedJournalIsMovedAsideAndServingGoesOn();
    void aStoppedServerRefusesAPublish();
    void commitsAreInTheMetrics();
    void aFullDiskIsRefusedOverTheApiAndLosesNothing();
};

void tst_ServerHost::aStoppedServerRefusesAPublish()
{
    ServerConfig config;
    config.port = 0;
    ServerHost host(config);
    const PublishOutcome outcome = PublishWaiter::publish(host, u"news"_s, u"t"_s, 1);
    QVERIFY(!outcome.ok());
    QVERIFY2(outcome.error.contains(u"stopped"_s), qPrintable(outcome.error));
}

void tst_ServerHost::aFullDiskIsRefusedOverTheApiAndLosesNothing()
{
    FullDisk disk;
    QString why;
    if (!disk.mount(&why))
        QSKIP(qPrintable(why));
    ServerConfig config;
    config.port = 0;
    config.token = "token";
    config.dataDir = disk.path();
    ServerHost host(config);
    QString error;
    QVERIFY2(host.start(&error), qPrintable(error));
    SseTestClient stream;
    stream.open(quint16(host.baseUrl().port()));
    QTRY_VERIFY(stream.headComplete());
    HttpTestClient http(host.baseUrl());
    QCOMPARE(http.publish("token", R"({"channel":"news","type":"t","data":0})").status, 201);

    disk.fill();
    const QByteArray big
        = R"({"channel":"news","type":"t","data":")" + QByteArray(2000, 'x') + "\"}";
    HttpTestClient::Response refused;
    int stored = 1;
    for (int i = 0; i < 500; ++i) {
        refused = http.publish("token", big);
        if (refused.status != 201)
            break;
        ++stored;
    }
    QCOMPARE(refused.status, 503);
    QVERIFY2(
        refused.json().value(u"error"_s).toString().contains(u"full"_s), refused.body.constData());
    QVERIFY(!refused.header("Retry-After").isEmpty());

    disk.free();
    const auto after = http.publish("token", R"({"channel":"news","type":"t","data":"sentinel"})");
    QCOMPARE(after.status, 201);
    QCOMPARE(after.json().value(u"id"_s).toString(), QString::number(stored + 1));
    // The stream saw every stored event, then the sentinel, and never the refused one.
    QTRY_COMPARE(stream.events().size(), stored + 1);
    QByteArrayList expected;
    for (int id = 1; id <= stored + 1; ++id)
        expected << QByteArray::number(id);
    QCOMPARE(stream.eventIds(), expected);
    QCOMPARE(stream.events().constLast().data, QByteArray("sentinel"));
}

void tst_ServerHost::servesFromItsOwnThread_data()
{
    QTest::addColumn<bool>("epollEventLoop");
    QTest::addColumn<bool>("relayPublished");
    QTest::addRow("epoll loop, events relayed") << true << true;
    QTest::addRow("Qt's loop, events relayed") << false << true;
    QTest::addRow("epoll loop, nothing relayed (headless)") << true << false;
}

void tst_ServerHost::servesFromItsOwnThread()
{
    QFETCH(bool, epollEventLoop);
    QFETCH(bool, relayPublished);
    ServerConfig config;
    config.port = 0;
    config.token = "token";
    config.epollEventLoop = epollEventLoop;
    config.relayPublished = relayPublished;
    ServerHost host(config);
    QSignalSpy relayed(&host, &ServerHost::published);
    QString error;
    QVERIFY2(host.start(&error), qPrintable(error));
    QVERIFY(host.hub()->thread() != QThread::currentThread());
    QVERIFY(host.baseUrl().port() > 0);
    const bool onEpoll = qobject_cast<EpollEventDispatcher *>(
        QAbstractEventDispatcher::instance(host.hub()->thread()));
    QCOMPARE(onEpoll, epollEventLoop);

    QSignalSpy published(host.hub(), &EventHub::published);

    FeedClient client;
    client.setBaseUrl(host.baseUrl());
    QSignalSpy events(&client, &FeedClient::eventReceived);
    client.start();
    QTRY_COMPARE(client.state(), FeedClient::State::Open);

    // Published from this (the GUI) thread through the host: a queued hop to the hub, and the
    // outcome back here, on this thread.
    PublishWaiter waiter;
    const QThread *answeredOn = nullptr;
    PublishCallback record = waiter.callback();
    host.publish(u"news"_s, u"news-flash"_s,
        QJsonObject { { u"headline"_s, u"From the GUI thread"_s } }, this,
        [&](const PublishOutcome &outcome) {
            answeredOn = QThread::currentThread();
            record(outcome);
        });
    QVERIFY(waiter.wait());
    QCOMPARE(waiter.outcome().id(), 1u);
    QCOMPARE(answeredOn, QThread::currentThread());
    QTRY_COMPARE(events.count(), 1);
    QCOMPARE(events.first().at(0).value<SseEvent>().data,
        QByteArray(R"({"headline":"From the GUI thread"})"));
    // The hub's signal reached this thread queued, carrying the shared event.
    QTRY_COMPARE(published.count(), 1);
    QCOMPARE(published.first().at(0).value<HubEventPtr>()->id, 1u);
    // And was re-emitted by the host, unless the relay is off.
    if (relayPublished) {
        QTRY_COMPARE(relayed.count(), 1);
    } else {
        // A sentinel: once the hub's signal for a second event has arrived here, a relay of
        // the first (queued earlier, to the same thread) would have arrived before it.
        QCOMPARE(PublishWaiter::publish(host, u"news"_s, u"sentinel"_s, 1).id(), 2u);
        QTRY_COMPARE(published.count(), 2);
        QCOMPARE(relayed.count(), 0);
    }

    HttpTestClient http(host.baseUrl());
    QCOMPARE(http.get(u"/api/health"_s).status, 200);
    host.stop();
    QVERIFY(!host.isRunning());
}

// Issue 14: the storage thread's commits in /metrics, with how many events each one carried.
void tst_ServerHost::commitsAreInTheMetrics()
{
    QTemporaryDir dir;
    const std::unique_ptr<ServerHost> host = startHost(dir.path());
    for (int n = 1; n <= 5; ++n)
        QVERIFY(PublishWaiter::publish(*host, u"news"_s, u"t"_s, n).ok());
    HttpTestClient http(host->baseUrl());
    const QByteArray metrics = http.get(u"/metrics"_s).body;
    QVERIFY2(metrics.contains("# TYPE livedesk_commit_latency_seconds histogram"), metrics);
    QVERIFY2(metrics.contains("livedesk_commit_group_size_sum 5\n"), metrics);
    const auto count = [&](const QByteArray &name) {
        const qsizetype at = metrics.indexOf(QByteArray('\n' + name + ' ')) + name.size() + 2;
        return metrics.mid(at, metrics.indexOf('\n', at) - at).toInt();
    };
    QVERIFY(count("livedesk_commit_latency_seconds_count") >= 1);
    QCOMPARE(
        count("livedesk_commit_latency_seconds_count"), count("livedesk_commit_group_size_count"));
    QVERIFY2(metrics.contains("livedesk_publish_refused_total{reason=\"storage\"} 0"), metrics);
}

void tst_ServerHost::busyPortFailsWithAReason()
{
    ServerConfig config;
    config.port = 0;
    ServerHost first(config);
    QString error;
    QVERIFY(first.start(&error));

    config.port = quint16(first.baseUrl().port());
    ServerHost second(config);
    QVERIFY(!second.start(&error));
    QVERIFY2(
        error.contains(u"cannot listen on 127.0.0.1:%1"_s.arg(config.port)), qPrintable(error));
    QVERIFY(!second.isRunning());
}

void tst_ServerHost::stopClosesStreams()
{
    ServerConfig config;
    config.port = 0;
    ServerHost host(config);
    QString error;
    QVERIFY(host.start(&error));
    FeedClient client;
    client.setBaseUrl(host.baseUrl());
    client.setDefaultRetryMs(60000);
    client.start();
    QTRY_COMPARE(client.state(), FeedClient::State::Open);
    host.stop();
    QTRY_COMPARE(client.state(), FeedClient::State::Reconnecting);
}

void tst_ServerHost::idsContinueAcrossRestartsAndClientsResume()
{
    QTemporaryDir dir;
    ServerConfig config;
    config.port = 0;
    config.token = "token";
    config.retryMs = 50;
    config.dataDir = dir.path();

    auto host = std::make_unique<ServerHost>(config);
    QString error;
    QVERIFY2(host->start(&error), qPrintable(error));
    const quint16 port = quint16(host->baseUrl().port());
    FeedClient client;
    client.setBaseUrl(host->baseUrl());
    QSignalSpy events(&client, &FeedClient::eventReceived);
    client.start();
    QTRY_COMPARE(client.state(), FeedClient::State::Open);
    HttpTestClient http(host->baseUrl());
    for (int i = 0; i < 3; ++i)
        QCOMPARE(http.publish("token", R"({"channel":"news","type":"t","data":1})").status, 201);
    QTRY_COMPARE(events.count(), 3);

    host.reset(); // clean stop: streams close, the last id is recorded
    config.port = port;
    host = std::make_unique<ServerHost>(config);
    QVERIFY2(host->start(&error), qPrintable(error));
    // The client comes back with Last-Event-ID 3, which this run continues from: no resync.
    QTRY_COMPARE_WITH_TIMEOUT(host->broadcaster() ? client.state() : FeedClient::State::Idle,
        FeedClient::State::Open, 10000);
    HttpTestClient again(host->baseUrl());
    const auto response = again.publish("token", R"({"channel":"news","type":"t","data":2})");
    QCOMPARE(response.json().value(u"id"_s).toString(), u"4"_s);
    QTRY_COMPARE(events.count(), 4);
    QByteArrayList ids;
    for (const auto &args : std::as_const(events))
        ids << args.at(0).value<SseEvent>().id.value_or(QByteArray());
    QCOMPARE(ids, (QByteArrayList { "1", "2", "3", "4" }));
    QCOMPARE(events.last().at(0).value<SseEvent>().type, QByteArray("t"));
}

void tst_ServerHost::damagedJournalIsMovedAsideAndServingGoesOn()
{
    QTemporaryDir dir;
    QFile file(dir.filePath(u"journal.sqlite"_s));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("this is not an SQLite file, and it must not be overwritten");
    file.close();
    ServerConfig config;
    config.port = 0;
    config.token = "token";
    config.dataDir = dir.path();
    ServerHost host(config);
    QString error;
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"could not be used"_s));
    QVERIFY2(host.start(&error), qPrintable(error));
    QVERIFY2(host.startNotice().contains(u"moved to"_s), qPrintable(host.startNotice()));
    const QStringList aside = QDir(dir.path()).entryList({ u"journal.sqlite.unusable-*"_s });
    QCOMPARE(aside.size(), 1);
    QFile kept(dir.filePath(aside.constFirst()));
    QVERIFY(kept.open(QIODevice::ReadOnly));
    QCOMPARE(
        kept.readAll(), QByteArray("this is not an SQLite file, and it must not be overwritten"));
    HttpTestClient http(host.baseUrl());
    QCOMPARE(http.publish("token", R"({"channel":"news","type":"t","data":1})").status, 201);
}

QTEST_MAIN(tst_ServerHost)
#include "tst_serverhost.moc"
