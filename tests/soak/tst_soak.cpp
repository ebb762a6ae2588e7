#include "httptestclient.h"
#include "ssetestclient.h"

#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <deque>
#include <memory>

using namespace Qt::StringLiterals;

namespace {

qint64 vmRssKb(qint64 pid)
{
    QFile status(u"/proc/%1/status"_s.arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    static const QRegularExpression rss(u"VmRSS:\\s+(\\d+) kB"_s);
    return rss.match(QString::fromLatin1(status.readAll())).captured(1).toLongLong();
}

} // namespace

// A bounded soak (LIVEDESK_SOAK_SECONDS, default 120): hundreds of subscribers connecting,
// resuming, reading and leaving while events flow. The app's connection count must return
// to zero and its memory must stop growing once warmed up.
class tst_Soak final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void churnWhileEventsFlow();
};

void tst_Soak::churnWhileEventsFlow()
{
    const int seconds = qEnvironmentVariableIsSet("LIVEDESK_SOAK_SECONDS")
        ? qEnvironmentVariableIntValue("LIVEDESK_SOAK_SECONDS")
        : 120;
    const int warmup = qMin(30, seconds / 4);

    QTemporaryDir dir;
    QProcess app;
    // Under AddressSanitizer freed memory waits in a quarantine (256 MB by default), which
    // would read as growth; keep it small so VmRSS measures LiveDesk, not the sanitizer.
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"ASAN_OPTIONS"_s,
        env.value(u"ASAN_OPTIONS"_s)
            + u":quarantine_size_mb=4:thread_local_quarantine_size_kb=64"_s);
    app.setProcessEnvironment(env);
    app.start(QStringLiteral(LIVEDESK_BINARY),
        { u"--headless"_s, u"--port"_s, u"0"_s, u"--token"_s, u"t"_s, u"--heartbeat"_s, u"1"_s,
            u"--data-dir"_s, dir.path() });
    QTRY_VERIFY_WITH_TIMEOUT(app.canReadLine(), 10000);
    const QUrl url(QString::fromUtf8(app.readLine()).trimmed().section(u' ', 2));
    QVERIFY(url.isValid());
    const quint16 port = quint16(url.port());

    // Publisher: about 20 events a second over three channels.
    QNetworkAccessManager network;
    int published = 0;
    int publishErrors = 0;
    const QStringList channels { u"news"_s, u"match-1"_s, u"match-2"_s };
    QTimer publisher;
    publisher.setInterval(50);
    connect(&publisher, &QTimer::timeout, this, [&] {
        QNetworkRequest request(url.resolved(QUrl(u"/api/events"_s)));
        request.setRawHeader("Authorization", "Bearer t");
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
        const QString &channel = channels.at(published % channels.size());
        QNetworkReply *reply = network.post(request,
            uR"({"channel":"%1","type":"t","data":{"n":%2,"pad":"%3"}})"_s.arg(channel)
                .arg(published)
                .arg(QString(200, u'x'))
                .toUtf8());
        ++published;
        connect(reply, &QNetworkReply::finished, reply, [&, reply] {
            if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() != 201)
                ++publishErrors;
            reply->deleteLater();
        });
    });

    // Churn: 20 arrivals every 200 ms, the oldest leave beyond 200 alive (100 per second).
    std::deque<std::unique_ptr<SseTestClient>> clients;
    qint64 arrivals = 0;
    qint64 received = 0;
    QTimer churn;
    churn.setInterval(200);
    connect(&churn, &QTimer::timeout, this, [&] {
        auto *random = QRandomGenerator::global();
        for (int i = 0; i < 20; ++i) {
            auto client = std::make_unique<SseTestClient>();
            const int kind = int(random->bounded(4));
            if (kind == 0)
                client->open(port, "/events");
            else if (kind == 1)
                client->open(port, "/events?channel=news");
            else if (kind == 2)
                client->open(port, "/events?channel=match-1&channel=match-2");
            else // resuming from a little while ago
                client->open(port, "/events?channel=news,match-1",
                    { { "Last-Event-ID", QByteArray::number(qMax(0, published - 40)) } });
            clients.push_back(std::move(client));
            ++arrivals;
        }
        while (clients.size() > 200) {
            received += clients.front()->events().size();
            clients.pop_front();
        }
    });

    publisher.start();
    churn.start();
    QTest::qWait(warmup * 1000);
    const qint64 warmRss = vmRssKb(app.processId());
    QTest::qWait((seconds - warmup) * 1000);
    const qint64 endRss = vmRssKb(app.processId());
    publisher.stop();
    churn.stop();
    for (const auto &client : clients)
        received += client->events().size();
    clients.clear();

    HttpTestClient http(url);
    QTRY_VERIFY_WITH_TIMEOUT(
        http.get(u"/metrics"_s).body.contains("\nlivedesk_clients 0\n"), 10000);
    qInfo("%d s: %lld subscribers came and went, %d events published, %lld deliveries read; "
          "VmRSS %lld kB after warm-up, %lld kB at the end (%+lld kB)",
        seconds, arrivals, published, received, warmRss, endRss, endRss - warmRss);
    QCOMPARE(publishErrors, 0);
    QVERIFY(received > published); // subscribers really were reading
    QVERIFY2(endRss - warmRss < 16 * 1024, "memory kept growing after warm-up");

    app.terminate();
    QVERIFY(app.waitForFinished(10000));
    QCOMPARE(app.exitCode(), 0);
}

QTEST_MAIN(tst_Soak)
#include "tst_soak.moc"
