// Scheduled posts ("at" in POST /api/events) over real loopback sockets, against a whole server
// with a data directory: a post arrives at its time and not before, gets its event id then,
// survives a restart, and one whose time passed while the server was down waits to be sent.
#include "host/serverhost.h"
#include "httptestclient.h"
#include "ssetestclient.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

const QByteArray Token = "schedule-token";

std::unique_ptr<ServerHost> startHost(const QString &dataDir, quint16 port = 0)
{
    ServerConfig config;
    config.port = port;
    config.token = Token;
    config.dataDir = dataDir;
    auto host = std::make_unique<ServerHost>(config);
    QString error;
    if (!host->start(&error))
        qFatal("server did not start: %s", qPrintable(error));
    return host;
}

QByteArray body(const QString &headline, const QDateTime &at, const QString &type = u"news-flash"_s)
{
    const QJsonObject data = type == u"news-flash"
        ? QJsonObject { { u"headline"_s, headline } }
        : QJsonObject { { u"targetId"_s, u"1"_s }, { u"headline"_s, headline } };
    return QJsonDocument(QJsonObject { { u"channel"_s, u"news"_s }, { u"type"_s, type },
                             { u"data"_s, data }, { u"at"_s, at.toString(Qt::ISODateWithMs) } })
        .toJson(QJsonDocument::Compact);
}

QDateTime in(int ms)
{
    return QDateTime::currentDateTimeUtc().addMSecs(ms);
}

QStringList headlines(const SseTestClient &viewer)
{
    QStringList out;
    for (const SseEvent &event : viewer.events())
        out << QJsonDocument::fromJson(event.data).object().value(u"headline"_s).toString();
    return out;
}

QJsonArray scheduled(ServerHost &host)
{
    HttpTestClient client(host.baseUrl());
    return client.send("GET", u"/api/scheduled"_s, { { "Authorization", "Bearer " + Token } })
        .json()
        .value(u"scheduled"_s)
        .toArray();
}

} // namespace

class tst_Scheduler final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void aPostArrivesAtItsTimeNotBefore();
    void aScheduledPostSurvivesARestart();
    void oneMissedWhileStoppedWaitsToBeSent();
    void aCancelledPostNeverArrives();
    void badSchedulesAreRefused_data();
    void badSchedulesAreRefused();
};

void tst_Scheduler::aPostArrivesAtItsTimeNotBefore()
{
    QTemporaryDir dir;
    auto host = startHost(dir.path());
    SseTestClient viewer;
    viewer.open(quint16(host->baseUrl().port()), "/events?channel=news");
    QTRY_VERIFY(viewer.headComplete());
    HttpTestClient client(host->baseUrl());
    const HttpTestClient::Response answer = client.publish(Token, body(u"Line-ups"_s, in(1500)));
    QCOMPARE(answer.status, 202);
    const QString id = answer.json().value(u"id"_s).toString();
    QVERIFY2(id.startsWith(u"s-"_s), answer.body.constData());
    QCOMPARE(answer.header("Location"), "/api/scheduled/" + id.toLatin1());
    QCOMPARE(scheduled(*host).size(), 1);
    // Not before: a post sent now arrives, and is given the next id; the scheduled one
    // has none yet.
    QCOMPARE(
        client.publish(Token, R"({"channel":"news","type":"news-flash","data":{"headline":"Now"}})")
            .status,
        201);
    QTRY_COMPARE(headlines(viewer), QStringList { u"Now"_s });
    QTRY_COMPARE_WITH_TIMEOUT(headlines(viewer), (QStringList { u"Now"_s, u"Line-ups"_s }), 5000);
    QCOMPARE(viewer.eventIds(), (QByteArrayList { "1", "2" }));
    QTRY_COMPARE(scheduled(*host).size(), 0);
}

void tst_Scheduler::aScheduledPostSurvivesARestart()
{
    QTemporaryDir dir;
    auto host = startHost(dir.path());
    const quint16 port = quint16(host->baseUrl().port());
    QCOMPARE(HttpTestClient(host->baseUrl())
                 .publish(Token, body(u"Half-time reminder"_s, in(2500)))
                 .status,
        202);
    host->stop();
    host = startHost(dir.path(), port);
    const QJsonArray waiting = scheduled(*host);
    QCOMPARE(waiting.size(), 1);
    QVERIFY(!waiting.at(0)[u"missed"_s].toBool());
    SseTestClient viewer;
    viewer.open(port, "/events?channel=news");
    QTRY_COMPARE_WITH_TIMEOUT(headlines(viewer), QStringList { u"Half-time reminder"_s }, 6000);
}

void tst_Scheduler::oneMissedWhileStoppedWaitsToBeSent()
{
    QTemporaryDir dir;
    auto host = startHost(dir.path());
    const quint16 port = quint16(host->baseUrl().port());
    QCOMPARE(
        HttpTestClient(host->baseUrl()).publish(Token, body(u"Kick-off"_s, in(600))).status, 202);
    host->stop();
    QTest::qWait(900);
    host = startHost(dir.path(), port);
    const QJsonArray waiting = scheduled(*host);
    QCOMPARE(waiting.size(), 1);
    QVERIFY(waiting.at(0)[u"missed"_s].toBool());
    SseTestClient viewer;
    viewer.open(port, "/events?channel=news");
    QTRY_VERIFY(viewer.headComplete());
    HttpTestClient client(host->baseUrl());
    // Not sent on its own: a post sent now is the first the viewer gets.
    QCOMPARE(client
                 .publish(Token,
                     R"({"channel":"news","type":"news-flash","data":{"headline":"Sentinel"}})")
                 .status,
        201);
    QTRY_COMPARE(headlines(viewer), QStringList { u"Sentinel"_s });
    const QString id = waiting.at(0)[u"id"_s].toString();
    const HttpTestClient::Response sent = client.send(
        "POST", u"/api/scheduled/%1/send"_s.arg(id), { { "Authorization", "Bearer " + Token } });
    QCOMPARE(sent.status, 201);
    QTRY_COMPARE(headlines(viewer), (QStringList { u"Sentinel"_s, u"Kick-off"_s }));
    QCOMPARE(scheduled(*host).size(), 0);
}

void tst_Scheduler::aCancelledPostNeverArrives()
{
    QTemporaryDir dir;
    auto host = startHost(dir.path());
    SseTestClient viewer;
    viewer.open(quint16(host->baseUrl().port()), "/events?channel=news");
    QTRY_VERIFY(viewer.headComplete());
    HttpTestClient client(host->baseUrl());
    const QString id
        = client.publish(Token, body(u"Wrong"_s, in(700))).json().value(u"id"_s).toString();
    const HttpTestClient::Headers auth { { "Authorization", "Bearer " + Token } };
    QCOMPARE(client.send("DELETE", u"/api/scheduled/"_s + id, auth).status, 204);
    QCOMPARE(client.send("DELETE", u"/api/scheduled/"_s + id, auth).status, 404);
    QCOMPARE(client.send("GET", u"/api/scheduled"_s).status, 401);
    QTest::qWait(1000);
    QCOMPARE(client
                 .publish(Token,
                     R"({"channel":"news","type":"news-flash","data":{"headline":"Sentinel"}})")
                 .status,
        201);
    QTRY_COMPARE(headlines(viewer), QStringList { u"Sentinel"_s });
}

void tst_Scheduler::badSchedulesAreRefused_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<QString>("error");
    QTest::newRow("in the past") << body(u"x"_s, in(-60'000)) << u"is in the past"_s;
    QTest::newRow("31 days ahead") << QByteArray() << u""_s;
    QTest::newRow("a correction") << body(u"x"_s, in(60'000), u"correction"_s)
                                  << u"a correction cannot be scheduled"_s;
    QTest::newRow("no offset") << QByteArray(
        R"({"channel":"news","type":"news-flash","data":{"headline":"x"},"at":"2030-01-01T10:00:00"})")
                               << u"with its offset"_s;
    QTest::newRow("not a time") << QByteArray(
        R"({"channel":"news","type":"news-flash","data":{"headline":"x"},"at":"tomorrow"})")
                                << u"with its offset"_s;
    QTest::newRow("a number") << QByteArray(
        R"({"channel":"news","type":"news-flash","data":{"headline":"x"},"at":1767261600})")
                              << u"with its offset"_s;
    QTest::newRow("a post that does not fit its schema") << QByteArray(
        R"({"channel":"news","type":"news-flash","data":{"body":"x"},"at":"2030-01-01T10:00:00Z"})")
                                                         << u"\"data.headline\" is required"_s;
}

void tst_Scheduler::badSchedulesAreRefused()
{
    QFETCH(QByteArray, request);
    QFETCH(QString, error);
    if (error.isEmpty()) { // 31 days: built here, where the date is known
        request = body(u"x"_s, QDateTime::currentDateTimeUtc().addDays(31));
        error = u"more than 30 days ahead"_s;
    }
    QTemporaryDir dir;
    auto host = startHost(dir.path());
    const HttpTestClient::Response answer = HttpTestClient(host->baseUrl()).publish(Token, request);
    QCOMPARE(answer.status, 400);
    QVERIFY2(answer.json().value(u"error"_s).toString().contains(error), answer.body.constData());
    QCOMPARE(scheduled(*host).size(), 0);
}

QTEST_GUILESS_MAIN(tst_Scheduler)
#include "tst_scheduler.moc"
