// The console window of a LiveDesk elsewhere, wired as app/ wires it (--upstream), against
// the real livedesk binary through a proxy the test cuts: the window follows what the server
// stores, whoever published it; while the link is down it says so, and shows each post as
// queued, greyed, where it can be taken back; once the link is back the history is the
// server's, id for id. A wrong server is named in the window for what it is.
#include "domain/desk.h"
#include "domain/match.h"
#include "domain/matchclock.h"
#include "eventrenderer.h"
#include "historymodel.h"
#include "historypanel.h"
#include "host/settings.h"
#include "httptestclient.h"
#include "mainwindow.h"
#include "outbox/outbox.h"
#include "outbox/remotefeed.h"
#include "outbox/remotepublisher.h"
#include "outboxstatus.h"
#include "settingsdialog.h"
#include "testcertificates.h"
#include "testservers.h"
#include "viewerpane.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QTableView>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

// The console as runRemoteConsole() in app/main.cpp wires it, on a data directory of its
// own: the desk posts through the outbox on disk, the window follows the remote feed.
struct RemoteConsole
{
    QTemporaryDir dir;
    Settings settings { dir.path() };
    RemotePublisher publisher;
    Outbox outbox { &publisher };
    RemoteFeed feed;
    Desk desk { &outbox };
    std::unique_ptr<MainWindow> window;

    RemoteConsole(const QUrl &url, const QByteArray &token)
    {
        publisher.setBaseUrl(url);
        publisher.setToken(token);
        feed.setBaseUrl(url);
        QString error;
        if (!outbox.open(dir.filePath(u"outbox.sqlite"_s), &error))
            qFatal("outbox: %s", qPrintable(error));
        QObject::connect(&feed, &FeedSource::published, &desk, &Desk::follow);
        QObject::connect(
            &feed, &FeedSource::snapshotReady, &desk, &Desk::restore, Qt::SingleShotConnection);
        QObject::connect(&feed, &RemoteFeed::linkChanged, &outbox, [this](bool up) {
            if (up)
                outbox.retryNow();
        });
        window = std::make_unique<MainWindow>(&desk, &feed, &settings);
        window->watchOutbox(&outbox);
        window->show();
        feed.start();
        outbox.start();
    }
    ~RemoteConsole() { window.reset(); }

    template<typename T> T *find(const QString &name) const
    {
        T *widget = window->findChild<T *>(name);
        if (!widget)
            qFatal("no widget %s", qPrintable(name));
        return widget;
    }
    QAbstractItemModel *history() const { return find<QTableView>(u"historyView"_s)->model(); }
    QString cell(int row, int column) const
    {
        return history()->index(row, column).data().toString();
    }
    QString serverLine() const { return find<QLabel>(u"serverState"_s)->text(); }
    QString outboxLine() const { return window->outboxStatus()->text(); }
    QString flashMessage() const { return find<QLabel>(u"flashMessage"_s)->text(); }
    void sendFlash(const QString &headline)
    {
        // Ctrl+Enter is the window's shortcut: it needs the window active.
        if (!QTest::qWaitForWindowActive(window.get()))
            qFatal("the console window never became active");
        auto *edit = find<QLineEdit>(u"headlineEdit"_s);
        edit->setFocus();
        QTest::keyClicks(edit, headline);
        QTest::keyClick(edit, Qt::Key_Return, Qt::ControlModifier);
    }
    // The history's sent rows, newest first: "id headline".
    QStringList sentRows() const
    {
        QStringList rows;
        for (int row = 0; row < history()->rowCount(); ++row) {
            if (cell(row, HistoryModel::Id) != HistoryModel::tr("queued"))
                rows << cell(row, HistoryModel::Id) + u' ' + cell(row, HistoryModel::Summary);
        }
        return rows;
    }
};

QByteArray flash(const QString &headline)
{
    return QJsonDocument(QJsonObject { { u"channel"_s, u"news"_s }, { u"type"_s, u"news-flash"_s },
                             { u"data"_s, QJsonObject { { u"headline"_s, headline } } } })
        .toJson(QJsonDocument::Compact);
}

// What the server keeps on "news", newest first, as the history words it: "id headline".
QStringList serverRows(quint16 port)
{
    HttpTestClient http(QUrl(u"http://127.0.0.1:%1/"_s.arg(port)));
    const QJsonArray recent
        = http.get(u"/api/state?channel=news"_s).json().value(u"recent"_s).toArray();
    QStringList rows;
    for (const auto &value : recent) {
        const QJsonObject event = value.toObject();
        rows.prepend(event.value(u"id"_s).toString() + u' '
            + event.value(u"data"_s).toObject().value(u"headline"_s).toString());
    }
    return rows;
}

} // namespace

class tst_RemoteWindow final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void theWindowFollowsWhatTheServerStores();
    void aDroppedLinkIsShownAndQueuedPostsCanBeTakenBack();
    void aLinkDownLongerThanTheReplayWindowComesBackWhole();
    void aClockStartedElsewhereDuringADropRunsFromWhenItWasStored();
    void settingsSayWhereItPublishesAndSaveTheChoice();
    void wrongServersAreNamedInTheWindow_data();
    void wrongServersAreNamedInTheWindow();

private:
    QUrl proxyUrl() const { return m_at->proxyUrl(); }

    std::unique_ptr<ProxiedServer> m_at;
};

void tst_RemoteWindow::init()
{
    m_at = std::make_unique<ProxiedServer>();
    QVERIFY2(m_at->start(), m_at->server.output().constData());
}

void tst_RemoteWindow::cleanup()
{
    m_at.reset();
}

void tst_RemoteWindow::theWindowFollowsWhatTheServerStores()
{
    HttpTestClient script(QUrl(u"http://127.0.0.1:%1/"_s.arg(m_at->server.port())));
    QCOMPARE(
        script.publish(LivedeskProcess::strongToken(), flash(u"Before the console"_s)).status, 201);
    RemoteConsole c(proxyUrl(), LivedeskProcess::strongToken());
    QTRY_COMPARE(c.sentRows(), QStringList { u"1 Before the console"_s });
    QTRY_VERIFY2(c.outboxLine().contains(u"all sent"_s), qPrintable(c.outboxLine()));
    QVERIFY2(c.serverLine().contains(u"Publishing to 127.0.0.1"_s), qPrintable(c.serverLine()));
    QCOMPARE(c.find<QLabel>(u"feedUrl"_s)->text(), proxyUrl().toString());

    c.sendFlash(u"From this console"_s);
    QTRY_VERIFY2(c.flashMessage().startsWith(u"Sent #2"_s), qPrintable(c.flashMessage()));
    // Another operator's post and the server's own correction show up too.
    QCOMPARE(
        script.publish(LivedeskProcess::strongToken(), flash(u"From another desk"_s)).status, 201);
    const QByteArray correction = R"({"channel":"news","type":"correction",
        "data":{"targetId":"1","headline":"Corrected by the desk editor"}})";
    QCOMPARE(script.publish(LivedeskProcess::strongToken(), correction).status, 201);
    QTRY_COMPARE(c.history()->rowCount(), 4);
    QCOMPARE(c.cell(1, HistoryModel::Summary), u"From another desk"_s);
    QCOMPARE(c.cell(0, HistoryModel::Type), EventRenderer::typeLabel(u"correction"_s));
    QVERIFY2(c.cell(0, HistoryModel::Summary).contains(u"#1"_s),
        qPrintable(c.cell(0, HistoryModel::Summary)));
    // The viewer pane reads the same server, as a browser does.
    auto *viewer = c.window->viewer()->findChild<QListWidget *>(u"viewerList"_s);
    QTRY_COMPARE(viewer->count(), 3);
    // The connections are the server's: a console of one elsewhere has none to show.
    QVERIFY(!c.window->connections());
}

void tst_RemoteWindow::aDroppedLinkIsShownAndQueuedPostsCanBeTakenBack()
{
    RemoteConsole c(proxyUrl(), LivedeskProcess::strongToken());
    c.sendFlash(u"One"_s);
    QTRY_VERIFY2(c.flashMessage().startsWith(u"Sent #1"_s), qPrintable(c.flashMessage()));
    QTRY_COMPARE(c.sentRows(), QStringList { u"1 One"_s });

    m_at->proxy->setMode(FaultyProxy::Mode::Cut);
    QTRY_VERIFY2(c.outboxLine().startsWith(u"● Link down"_s), qPrintable(c.outboxLine()));
    QVERIFY(c.window->outboxStatus()->isAlarming());
    QVERIFY2(c.serverLine().contains(u"Posts wait in the outbox"_s), qPrintable(c.serverLine()));
    for (const QString &headline : { u"Two"_s, u"Three"_s, u"Four"_s }) {
        c.sendFlash(headline);
        QTRY_VERIFY2(
            c.flashMessage().startsWith(u"Queued, not sent yet"_s), qPrintable(c.flashMessage()));
    }
    // Newest first, above what was sent: greyed, with how long each has waited.
    QCOMPARE(c.history()->rowCount(), 4);
    QCOMPARE(c.cell(0, HistoryModel::Id), HistoryModel::tr("queued"));
    QCOMPARE(c.cell(0, HistoryModel::Summary), u"Four"_s);
    QVERIFY(c.cell(0, HistoryModel::Time).startsWith(u"waiting"_s));
    QCOMPARE(c.history()->index(0, HistoryModel::Summary).data(Qt::ForegroundRole).value<QColor>(),
        QColor(0x80, 0x80, 0x80));
    QVERIFY2(c.outboxLine().contains(u"3 waiting"_s), qPrintable(c.outboxLine()));

    // "Three" is taken back, from the history, with Delete.
    auto *view = c.find<QTableView>(u"historyView"_s);
    view->setFocus();
    view->selectRow(1);
    QCOMPARE(c.cell(1, HistoryModel::Summary), u"Three"_s);
    QVERIFY(c.find<QPushButton>(u"takeBackButton"_s)->isVisible());
    QVERIFY(!c.find<QPushButton>(u"correctButton"_s)->isEnabled());
    QTest::keyClick(view, Qt::Key_Delete);
    QTRY_COMPARE(c.history()->rowCount(), 3);
    QCOMPARE(c.find<QLabel>(u"historyMessage"_s)->text(),
        HistoryPanel::tr("Taken back: the post will not be sent."));

    m_at->proxy->setMode(FaultyProxy::Mode::Pass);
    // The feed comes back within its back-off, and the outbox goes at once with it.
    QTRY_VERIFY_WITH_TIMEOUT(c.outboxLine().contains(u"all sent"_s), 35000);
    const QStringList expected { u"3 Four"_s, u"2 Two"_s, u"1 One"_s };
    QTRY_COMPARE(c.sentRows(), expected);
    QCOMPARE(serverRows(m_at->server.port()), expected);
    QVERIFY(!c.window->outboxStatus()->isAlarming());
}

// Down for longer than the server keeps for a resume: the server answers with a resync, the
// present as its replay window holds it, and the console shows that, saying so, with no
// duplicate and nothing after it missed.
void tst_RemoteWindow::aLinkDownLongerThanTheReplayWindowComesBackWhole()
{
    LivedeskProcess server;
    QVERIFY2(server.start(m_at->dir.filePath(u"short"_s),
                 { u"--token"_s, QString::fromLatin1(LivedeskProcess::strongToken()), u"--replay"_s,
                     u"3"_s }),
        server.output().constData());
    m_at->proxy->setBackend(server.port());
    RemoteConsole c(proxyUrl(), LivedeskProcess::strongToken());
    QTRY_VERIFY(c.feed.isRunning());
    // The viewer pane too was live before the drop (one still fetching its first snapshot
    // would come back with a fresh one, and rightly say nothing was missed).
    QTRY_COMPARE(c.window->viewer()->feed()->state(), FeedClient::State::Open);
    m_at->proxy->setMode(FaultyProxy::Mode::Cut);
    QTRY_VERIFY(!c.feed.isRunning());
    HttpTestClient script(QUrl(u"http://127.0.0.1:%1/"_s.arg(server.port())));
    QStringList expected;
    for (int n = 1; n <= 10; ++n) {
        const QString headline = u"Missed %1"_s.arg(n);
        QCOMPARE(script.publish(LivedeskProcess::strongToken(), flash(headline)).status, 201);
        expected.prepend(u"%1 %2"_s.arg(n).arg(headline));
    }
    m_at->proxy->setMode(FaultyProxy::Mode::Pass);
    QTRY_VERIFY_WITH_TIMEOUT(c.feed.isRunning(), 35000);
    QTRY_COMPARE(c.sentRows(), expected.first(3));
    QCOMPARE(c.feed.lastId(), 10u);
    auto *viewer = c.window->viewer()->findChild<QListWidget *>(u"viewerList"_s);
    QTRY_COMPARE(viewer->count(), 3);
    QVERIFY(c.window->viewer()->findChild<QLabel *>(u"viewerNotice"_s)->isVisible());
    // And live again from there.
    QCOMPARE(script.publish(LivedeskProcess::strongToken(), flash(u"Back"_s)).status, 201);
    QTRY_COMPARE(c.sentRows().constFirst(), u"11 Back"_s);
    QCOMPARE(c.sentRows().size(), 4);
}

// Another desk starts the match clock while this console's link is down: when the link is
// back, the clock here runs from when the server stored the start, not from when this
// console heard of it (the /ws frame's "time").
void tst_RemoteWindow::aClockStartedElsewhereDuringADropRunsFromWhenItWasStored()
{
    RemoteConsole c(proxyUrl(), LivedeskProcess::strongToken());
    HttpTestClient script(QUrl(u"http://127.0.0.1:%1/"_s.arg(m_at->server.port())));
    const QByteArray score = R"({"channel":"match-riverside-harbour","type":"score","data":
        {"match":"match-riverside-harbour","home":"Riverside","away":"Harbour",
         "homeScore":1,"awayScore":0,"minute":10,"period":"1st half"}})";
    QCOMPARE(script.publish(LivedeskProcess::strongToken(), score).status, 201);
    QTRY_COMPARE(c.desk.matches().size(), 1);
    Match *match = c.desk.matches().constFirst();
    QCOMPARE(match->homeScore(), 1);

    m_at->proxy->setMode(FaultyProxy::Mode::Cut);
    QTRY_VERIFY(!c.feed.isRunning());
    const QByteArray clock = R"({"channel":"match-riverside-harbour","type":"clock","data":
        {"match":"match-riverside-harbour","home":"Riverside","away":"Harbour",
         "minute":10,"second":0,"period":"1st half","running":true}})";
    QCOMPARE(script.publish(LivedeskProcess::strongToken(), clock).status, 201);
    QTest::qWait(3000); // the drop goes on after the start
    m_at->proxy->setMode(FaultyProxy::Mode::Pass);
    QTRY_VERIFY_WITH_TIMEOUT(match->clock()->isRunning(), 35000);
    // 9:00 was the start (the 10th minute); three seconds and more have run since.
    const int seconds = match->clock()->elapsedSeconds();
    QVERIFY2(seconds >= 9 * 60 + 3 && seconds < 10 * 60, qPrintable(QString::number(seconds)));
}

// Started with --upstream: Settings says where this run publishes, saves a choice for the
// next start, and needs no publish token of this computer's own.
void tst_RemoteWindow::settingsSayWhereItPublishesAndSaveTheChoice()
{
    RemoteConsole c(proxyUrl(), LivedeskProcess::strongToken());
    SettingsDialog dialog(&c.settings, nullptr, c.feed.baseUrl(), c.window.get());
    QVERIFY2(dialog.findChild<QLabel *>(u"publishingNowLabel"_s)
                 ->text()
                 .contains(proxyUrl().toDisplayString()),
        "the dialog does not say where this run publishes");
    auto *port = dialog.findChild<QSpinBox *>(u"portSpin"_s);
    QVERIFY(port->isEnabled());
    dialog.findChild<QRadioButton *>(u"publishRemoteRadio"_s)->setChecked(true);
    QVERIFY(!port->isEnabled()); // this computer's server does not apply
    dialog.findChild<QLineEdit *>(u"upstreamUrlEdit"_s)->setText(proxyUrl().toString());
    dialog.findChild<QLineEdit *>(u"upstreamTokenEdit"_s)
        ->setText(QString::fromLatin1(LivedeskProcess::strongToken()));
    QVERIFY2(dialog.apply(), qPrintable(dialog.findChild<QLabel *>(u"settingsMessage"_s)->text()));
    QCOMPARE(c.settings.upstream(), proxyUrl());
    QCOMPARE(c.settings.upstreamToken(), LivedeskProcess::strongToken());
}

void tst_RemoteWindow::wrongServersAreNamedInTheWindow_data()
{
    QTest::addColumn<QString>("where"); // "token", "port", "not-livedesk", "certificate"
    QTest::addColumn<QString>("inWindow"); // the server line
    QTest::addColumn<QString>("onPost"); // the news desk, after a post
    QTest::newRow("a wrong token")
        << u"token"_s << u"Publishing to"_s << u"refused the publish token"_s;
    QTest::newRow("nothing on that port")
        << u"port"_s << u"refused the connection"_s << u"refused the connection"_s;
    QTest::newRow("not a LiveDesk")
        << u"not-livedesk"_s << u"is not a LiveDesk server"_s << u"is not a LiveDesk server"_s;
    QTest::newRow("a certificate this computer does not trust")
        << u"certificate"_s << u"not one this computer trusts"_s
        << u"not one this computer trusts"_s;
}

void tst_RemoteWindow::wrongServersAreNamedInTheWindow()
{
    QFETCH(QString, where);
    QFETCH(QString, inWindow);
    QFETCH(QString, onPost);
    const NotLiveDesk web("200 OK");
    const quint16 nothing = closedPort();
    // https with a certificate of its own CA, which this computer does not trust.
    TestCertificates certificates;
    LivedeskProcess tls;
    if (where == u"certificate") {
        QVERIFY2(certificates.make(), qPrintable(certificates.error()));
        QVERIFY2(
            tls.start(m_at->dir.filePath(u"tls"_s),
                { u"--token"_s, QString::fromLatin1(LivedeskProcess::strongToken()),
                    u"--tls-cert"_s, certificates.chain(), u"--tls-key"_s, certificates.key() }),
            tls.output().constData());
    }
    const QUrl url = where == u"port" ? QUrl(u"http://127.0.0.1:%1/"_s.arg(nothing))
        : where == u"not-livedesk"    ? QUrl(u"http://127.0.0.1:%1/"_s.arg(web.port()))
        : where == u"certificate"     ? QUrl(u"https://127.0.0.1:%1/"_s.arg(tls.port()))
                                      : proxyUrl();
    RemoteConsole c(url, where == u"token" ? "not-the-token" : LivedeskProcess::strongToken());
    QTRY_VERIFY2(c.serverLine().contains(inWindow), qPrintable(c.serverLine()));
    c.sendFlash(u"Never sent"_s);
    QTRY_VERIFY2(
        c.flashMessage().startsWith(u"Queued, not sent yet"_s), qPrintable(c.flashMessage()));
    QVERIFY2(c.flashMessage().contains(onPost), qPrintable(c.flashMessage()));
    QTRY_VERIFY2(c.window->outboxStatus()->isAlarming(), qPrintable(c.outboxLine()));
    QCOMPARE(c.outbox.size(), 1); // never taken for sent
    QCOMPARE(serverRows(m_at->server.port()), QStringList());
}

QTEST_MAIN(tst_RemoteWindow)
#include "tst_remotewindow.moc"
