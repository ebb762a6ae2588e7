// The console's outbox, publishing to the real livedesk binary through a proxy the test
// cuts, and that drops the server's answers after the server has stored the post.
#include "httptestclient.h"
#include "outbox/outbox.h"
#include "outbox/remotepublisher.h"
#include "testservers.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

// What the server holds on "news", oldest first: each post's text.
QStringList storedTexts(quint16 port)
{
    HttpTestClient http(QUrl(u"http://127.0.0.1:%1/"_s.arg(port)));
    const QJsonArray recent
        = http.get(u"/api/state?channel=news"_s).json().value(u"recent"_s).toArray();
    QStringList texts;
    for (const auto &event : recent)
        texts.append(event.toObject().value(u"data"_s).toObject().value(u"text"_s).toString());
    return texts;
}

QStringList numbered(int count, int from = 1)
{
    QStringList texts;
    for (int n = from; n < from + count; ++n)
        texts.append(u"post %1"_s.arg(n));
    return texts;
}

// A console's sending half: the outbox, over HTTP, to the proxy in front of the server.
struct Console
{
    RemotePublisher remote;
    Outbox outbox { &remote };
    QList<PublishOutcome> answers;

    Console(quint16 port, const QByteArray &token)
    {
        remote.setBaseUrl(QUrl(u"http://127.0.0.1:%1/"_s.arg(port)));
        remote.setToken(token);
        remote.setTimeoutMs(2000);
    }
    void post(const QString &text)
    {
        outbox.publish(u"news"_s, u"note"_s, QJsonObject { { u"text"_s, text } }, nullptr,
            [this](const PublishOutcome &outcome) { answers.append(outcome); });
    }
};

} // namespace

class tst_Outbox final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void postsGoOutAtOnceWhileTheLinkIsUp();
    void aCutLinkQueuesAndDrainsInOrder();
    void lostAnswersAreNeverDuplicated();
    void aCutMidPublishLosesNothing();
    void aQueueOnDiskOutlivesTheConsole();
    void aQueuedPostCanBeDeleted();
    void aPostTheServerRefusesLeavesTheQueue();
    void wrongServersAreSaidAndNothingIsSent_data();
    void wrongServersAreSaidAndNothingIsSent();

private:
    std::unique_ptr<ProxiedServer> m_at;
};

void tst_Outbox::init()
{
    m_at = std::make_unique<ProxiedServer>();
    QVERIFY2(m_at->start(), m_at->server.output().constData());
}

void tst_Outbox::cleanup()
{
    m_at.reset();
}

void tst_Outbox::postsGoOutAtOnceWhileTheLinkIsUp()
{
    Console console(m_at->proxy->port(), LivedeskProcess::strongToken());
    console.outbox.start();
    QSignalSpy sent(&console.outbox, &Outbox::sent);
    console.post(u"post 1"_s);
    QTRY_COMPARE(console.answers.size(), 1);
    QVERIFY(console.answers.at(0).ok());
    QCOMPARE(console.answers.at(0).id(), 1u);
    QCOMPARE(sent.count(), 1);
    QCOMPARE(console.outbox.size(), 0);
    QCOMPARE(storedTexts(m_at->server.port()), numbered(1));
}

void tst_Outbox::aCutLinkQueuesAndDrainsInOrder()
{
    Console console(m_at->proxy->port(), LivedeskProcess::strongToken());
    console.outbox.start();
    m_at->proxy->setMode(FaultyProxy::Mode::Cut);
    for (const QString &text : numbered(10))
        console.post(text);
    QTRY_COMPARE(console.answers.size(), 10);
    for (const PublishOutcome &answer : std::as_const(console.answers))
        QVERIFY(answer.queued);
    QVERIFY(console.outbox.isStalled());
    QVERIFY2(console.outbox.lastError().contains(u"127.0.0.1"_s),
        qPrintable(console.outbox.lastError()));
    // Thirty seconds without a link, retried all along, with the shipped back-off.
    QTest::qWait(30000);
    QCOMPARE(console.outbox.size(), 10);
    QVERIFY(console.outbox.entries().constFirst().attempts > 3);
    QCOMPARE(storedTexts(m_at->server.port()), QStringList());
    m_at->proxy->setMode(FaultyProxy::Mode::Pass);
    // Back within the ceiling of the back-off (10 s), in the order written.
    QTRY_COMPARE_WITH_TIMEOUT(console.outbox.size(), 0, 15000);
    QVERIFY(!console.outbox.isStalled());
    QCOMPARE(storedTexts(m_at->server.port()), numbered(10));
}

void tst_Outbox::lostAnswersAreNeverDuplicated()
{
    Console console(m_at->proxy->port(), LivedeskProcess::strongToken());
    console.outbox.setRetryDelays(100, 400);
    console.outbox.start();
    m_at->proxy->setMode(FaultyProxy::Mode::DropAnswers);
    for (const QString &text : numbered(5))
        console.post(text);
    // The first post reaches the server, again and again; the console never hears.
    QTRY_VERIFY(m_at->proxy->answersDropped() >= 3);
    QCOMPARE(storedTexts(m_at->server.port()), numbered(1));
    m_at->proxy->setMode(FaultyProxy::Mode::Pass);
    QTRY_COMPARE_WITH_TIMEOUT(console.outbox.size(), 0, 10000);
    QCOMPARE(storedTexts(m_at->server.port()), numbered(5));
}

void tst_Outbox::aCutMidPublishLosesNothing()
{
    Console console(m_at->proxy->port(), LivedeskProcess::strongToken());
    console.outbox.setRetryDelays(100, 400);
    console.outbox.start();
    QSignalSpy sent(&console.outbox, &Outbox::sent);
    for (const QString &text : numbered(40))
        console.post(text);
    // Cut while the queue drains; then answers lost; then the link back.
    QTRY_VERIFY(sent.count() >= 5);
    m_at->proxy->setMode(FaultyProxy::Mode::Cut);
    QTest::qWait(1000);
    m_at->proxy->setMode(FaultyProxy::Mode::DropAnswers);
    QTRY_VERIFY(m_at->proxy->answersDropped() >= 2);
    m_at->proxy->setMode(FaultyProxy::Mode::Pass);
    QTRY_COMPARE_WITH_TIMEOUT(console.outbox.size(), 0, 20000);
    QCOMPARE(storedTexts(m_at->server.port()), numbered(40));
    QCOMPARE(sent.count(), 40);
}

void tst_Outbox::aQueueOnDiskOutlivesTheConsole()
{
    const QString file = m_at->dir.filePath(u"outbox.sqlite"_s);
    QString error;
    {
        Console console(m_at->proxy->port(), LivedeskProcess::strongToken());
        QVERIFY2(console.outbox.open(file, &error), qPrintable(error));
        console.outbox.setRetryDelays(100, 400);
        console.outbox.start();
        // The first is stored but its answer lost; the others never leave.
        m_at->proxy->setMode(FaultyProxy::Mode::DropAnswers);
        for (const QString &text : numbered(5))
            console.post(text);
        QTRY_VERIFY(m_at->proxy->answersDropped() >= 1);
        m_at->proxy->setMode(FaultyProxy::Mode::Cut);
        QTRY_COMPARE(console.answers.size(), 5);
    } // the console quits with five posts queued
    m_at->proxy->setMode(FaultyProxy::Mode::Pass);
    Console again(m_at->proxy->port(), LivedeskProcess::strongToken());
    QVERIFY2(again.outbox.open(file, &error), qPrintable(error));
    QCOMPARE(again.outbox.restoredCount(), 5);
    QCOMPARE(again.outbox.entries().constFirst().data.toObject().value(u"text"_s), u"post 1"_s);
    again.outbox.start();
    QTRY_COMPARE(again.outbox.size(), 0);
    QCOMPARE(storedTexts(m_at->server.port()), numbered(5));
}

void tst_Outbox::aQueuedPostCanBeDeleted()
{
    Console console(m_at->proxy->port(), LivedeskProcess::strongToken());
    console.outbox.start();
    m_at->proxy->setMode(FaultyProxy::Mode::Cut);
    for (const QString &text : numbered(3))
        console.post(text);
    QTRY_COMPARE(console.answers.size(), 3);
    const QList<Outbox::Entry> queued = console.outbox.entries();
    QVERIFY(console.outbox.remove(queued.at(1).seq));
    QVERIFY(!console.outbox.remove(queued.at(1).seq)); // once
    QCOMPARE(console.outbox.size(), 2);
    m_at->proxy->setMode(FaultyProxy::Mode::Pass);
    console.outbox.retryNow();
    QTRY_COMPARE(console.outbox.size(), 0);
    QCOMPARE(storedTexts(m_at->server.port()), (QStringList { u"post 1"_s, u"post 3"_s }));
}

void tst_Outbox::aPostTheServerRefusesLeavesTheQueue()
{
    Console console(m_at->proxy->port(), LivedeskProcess::strongToken());
    console.outbox.start();
    QSignalSpy refused(&console.outbox, &Outbox::refused);
    m_at->proxy->setMode(FaultyProxy::Mode::Cut);
    console.post(u"post 1"_s);
    // A retraction of a post the server does not have: 422, whenever it is sent.
    console.outbox.publish(u"news"_s, u"retraction"_s, QJsonObject { { u"targetId"_s, u"99"_s } },
        nullptr, [](const PublishOutcome &) {});
    console.post(u"post 2"_s);
    m_at->proxy->setMode(FaultyProxy::Mode::Pass);
    console.outbox.retryNow();
    QTRY_COMPARE(console.outbox.size(), 0);
    QCOMPARE(refused.count(), 1);
    QVERIFY2(refused.at(0).at(1).toString().contains(u"nothing was published"_s),
        qPrintable(refused.at(0).at(1).toString()));
    QCOMPARE(storedTexts(m_at->server.port()), numbered(2));
}

void tst_Outbox::wrongServersAreSaidAndNothingIsSent_data()
{
    QTest::addColumn<QString>("where"); // "token", "port", "not-livedesk"
    QTest::addColumn<QString>("message");
    QTest::newRow("a wrong token") << u"token"_s << u"refused the publish token"_s;
    QTest::newRow("nothing on that port") << u"port"_s << u"refused the connection"_s;
    QTest::newRow("not a LiveDesk") << u"not-livedesk"_s << u"is not a LiveDesk server"_s;
}

void tst_Outbox::wrongServersAreSaidAndNothingIsSent()
{
    QFETCH(QString, where);
    QFETCH(QString, message);
    const NotLiveDesk web;
    const quint16 nothing = closedPort();
    const quint16 port = where == u"port" ? nothing
        : where == u"not-livedesk"        ? web.port()
                                          : m_at->proxy->port();
    Console console(port, where == u"token" ? "not-the-token" : LivedeskProcess::strongToken());
    console.outbox.start();
    console.post(u"post 1"_s);
    QTRY_COMPARE(console.answers.size(), 1);
    QVERIFY(console.answers.at(0).queued);
    QVERIFY2(
        console.answers.at(0).error.contains(message), qPrintable(console.answers.at(0).error));
    QVERIFY(console.outbox.isStalled());
    QCOMPARE(console.outbox.size(), 1); // never taken for sent
    QCOMPARE(storedTexts(m_at->server.port()), QStringList());
}

QTEST_GUILESS_MAIN(tst_Outbox)
#include "tst_outbox.moc"
