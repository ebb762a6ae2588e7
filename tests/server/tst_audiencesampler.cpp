#include "host/audiencesampler.h"
#include "http/httpserver.h"
#include "http/ssebroadcaster.h"
#include "hub/eventhub.h"
#include "publishwaiter.h"
#include "ssetestclient.h"
#include "testeventloop.h"

#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

// The audience as the console's charts get it: real streams on 127.0.0.1, an injected clock.
class tst_AudienceSampler final : public QObject
{
    Q_OBJECT

public:
    static void initMain() { useTestEventLoop(); }

private Q_SLOTS:
    void countsStreamsPerChannelAndTheCounters();
    void reportsOncePerPeriod();
};

namespace {

struct Server
{
    Server()
        : hub(100)
        , streams(&hub, SseBroadcaster::Options {})
        , http(&hub, &streams, "s3cret-token")
        , sampler(&hub, &streams, [this] { return now; })
    {
        QString error;
        if (!http.listen(QHostAddress::LocalHost, 0, &error))
            qFatal("listen failed: %s", qPrintable(error));
    }

    QDateTime now = QDateTime(QDate(2026, 12, 2), QTime(15, 0), Qt::UTC);
    EventHub hub;
    SseBroadcaster streams;
    HttpServer http;
    AudienceSampler sampler;
};

} // namespace

void tst_AudienceSampler::countsStreamsPerChannelAndTheCounters()
{
    Server s;
    PublishWaiter::publish(s.hub, u"news"_s, u"t"_s, 1);
    PublishWaiter::publish(s.hub, u"m1"_s, u"t"_s, 2);
    SseTestClient m1;
    SseTestClient both;
    SseTestClient every;
    m1.open(s.http.port(), "/events?channel=m1");
    both.open(s.http.port(), "/events?channel=m1,m2");
    every.open(s.http.port(), "/events");
    QTRY_COMPARE(s.streams.clientCount(), 3);

    const AudienceSample sample = s.sampler.sample();
    QCOMPARE(sample.time, s.now);
    QCOMPARE(sample.viewers, 3);
    // A stream of every channel counts under each; m2 has a viewer and no event yet.
    const QMap<QString, int> expected { { u"m1"_s, 3 }, { u"m2"_s, 2 }, { u"news"_s, 1 } };
    QCOMPARE(sample.channels, expected);
    QCOMPARE(sample.published, 2u);
    QCOMPARE(sample.dropped, 0u);
}

void tst_AudienceSampler::reportsOncePerPeriod()
{
    Server s;
    QSignalSpy spy(&s.sampler, &AudienceSampler::sampled);
    s.sampler.start(20ms);
    QTRY_VERIFY(spy.count() >= 3);
    QCOMPARE(spy.at(0).at(0).value<AudienceSample>().viewers, 0);
}

QTEST_GUILESS_MAIN(tst_AudienceSampler)
#include "tst_audiencesampler.moc"
