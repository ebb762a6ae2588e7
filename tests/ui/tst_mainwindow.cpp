#include "connectionsmodel.h"
#include "connectionspanel.h"
#include "domain/desk.h"
#include "eventrenderer.h"
#include "fulldisk.h"
#include "historypanel.h"
#include "host/serverhost.h"
#include "host/settings.h"
#include "httptestclient.h"
#include "mainwindow.h"
#include "matchpanel.h"
#include "newspanel.h"
#include "outbox/photoupload.h"
#include "outbox/scheduleclient.h"
#include "photoattachment.h"
#include "publishwaiter.h"
#include "scheduledpanel.h"
#include "settingsdialog.h"
#include "ssetestclient.h"
#include "testcertificates.h"
#include "testhost.h"
#include "viewerpane.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QDockWidget>
#include <QInputDialog>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <functional>
#include <memory>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace {

QJsonObject json(const SseEvent &event)
{
    return QJsonDocument::fromJson(event.data).object();
}

// The console as app/ wires it: a real server on 127.0.0.1:0 on its own thread, the desk
// publishing through it, and the real window on top. The journal lives in `dataDir` (a
// temporary directory unless a test gives one).
struct Console
{
    explicit Console(const QString &dataDir = {})
        : settings(dataDir.isEmpty() ? dir.path() : dataDir)
        , host(startHost(dataDir.isEmpty() ? dir.path() : dataDir))
        , desk(host.get())
    {
        window = std::make_unique<MainWindow>(&desk, host.get(), &settings);
        window->show();
        window->activateWindow();
    }
    ~Console()
    {
        window.reset();
        host->stop();
    }
    quint16 port() const { return quint16(host->baseUrl().port()); }
    template<typename T> T *find(const QString &name) const
    {
        T *widget = window->findChild<T *>(name);
        if (!widget)
            qFatal("no widget %s", qPrintable(name));
        return widget;
    }

    QTemporaryDir dir;
    Settings settings;
    std::unique_ptr<ServerHost> host;
    Desk desk;
    std::unique_ptr<MainWindow> window;
};

// A flash from the desk (as a script would send one), waited for: true once it is stored.
bool publishFlash(Desk &desk, const QString &headline, const QString &body = {})
{
    PublishWaiter waiter;
    desk.publishNewsFlash(headline, body, false, nullptr, waiter.callback());
    return waiter.wait() && waiter.outcome().ok();
}

void ctrlEnter(QWidget *widget)
{
    QTest::keyClick(widget, Qt::Key_Return, Qt::ControlModifier);
}

} // namespace

class tst_MainWindow final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void headlineAndCtrlEnterDelivers();
    void emptyHeadlineIsRefusedAndDraftKept();
    void aFullDiskKeepsTheDraftAndTakesBackTheScore();
    void plusOneHomeDeliversScore();
    void goalTemplateWithBumpDeliversCommentaryAndScore();
    void correctingAHistoryRowDeliversCorrection();
    void retractionNeedsASecondClick();
    void aKeyMarkMadeAfterwardsReachesTheViewerPane();
    void aPinFromTheHistoryHoldsThePostOnTopOfTheViewerPane();
    void aPhotoPastedFromTheClipboardIsSentWithItsAltText();
    void aScheduledFlashIsListedAndGoesOutAtItsTime();
    void aPostMissedWhileClosedIsAskedAbout();
    void clientPaneShowsItemAndLatency();
    void connectionsViewCountsASubscriber();
    void settingsRestartTheServerAndThePaneFollows();
    void settingsDialogRefusesBadInputAndKeepsServing();
    void settingsChooseAServerElsewhereForTheNextStart();
    void settingsDialogTurnsHttpsOnAndThePaneFollows();
    void exportWritesTheChannelWithoutBlockingTheWindow();
    void ctrlCommaOpensSettings();
    void settingsTokenRowReadsRightAndShowTurnsIntoHide();
    void anEmptyFirstLaunchSaysWhatToDo();
    void startCoveringWithAMissingTeamSaysWhich();
    void afterARestartHistoryPaneAndDraftsAreBack();
    void closingALiveMatchAsksThenEndsItForViewers();
    void closingAMatchThatNeverStartedAsksNothing();
    void theWindowFitsSmallScreens_data();
    void theWindowFitsSmallScreens();
    void tabCyclesThroughTheWholeWindow_data();
    void tabCyclesThroughTheWholeWindow();
    void theReadmeShortcutsDoWhatTheySay();
    void theSendDelayFromSettingsAppliesAtOnce();
    void postsStillWaitingWhenTheWindowClosesGoAtOnce();
    void closingAMatchSendsItsWaitingLineBeforeFullTime();
};

void tst_MainWindow::headlineAndCtrlEnterDelivers()
{
    Console c;
    QVERIFY(QTest::qWaitForWindowActive(c.window.get()));
    SseTestClient viewer;
    viewer.open(c.port(), "/events?channel=news");
    QTRY_VERIFY(viewer.headComplete());

    auto *headline = c.find<QLineEdit>(u"headlineEdit"_s);
    headline->setFocus();
    QTest::keyClicks(headline, u"Kick-off delayed by 15 minutes"_s);
    QTest::keyClicks(c.find<QPlainTextEdit>(u"bodyEdit"_s), u"Heavy rain at Riverside."_s);
    c.find<QCheckBox>(u"urgentCheck"_s)->setChecked(true);
    ctrlEnter(headline);
    // Urgent takes one deliberate extra key: the first Ctrl+Enter only arms it.
    QVERIFY(c.window->news()->isArmed());
    ctrlEnter(headline);

    QTRY_COMPARE(viewer.events().size(), 1);
    const SseEvent event = viewer.events().constFirst();
    QCOMPARE(event.type, QByteArray("news-flash"));
    QCOMPARE(json(event),
        (QJsonObject { { u"headline"_s, u"Kick-off delayed by 15 minutes"_s },
            { u"body"_s, u"Heavy rain at Riverside."_s }, { u"urgent"_s, true } }));
    QTRY_VERIFY(headline->text().isEmpty()); // ready for the next one
    QTRY_VERIFY(c.find<QLabel>(u"flashMessage"_s)->text().startsWith(u"Sent #1"_s));
    // Exactly one: a sentinel sent now is the very next event.
    QVERIFY(publishFlash(c.desk, u"sentinel"_s));
    QTRY_COMPARE(viewer.events().size(), 2);
    QCOMPARE(json(viewer.events().at(1)).value(u"headline"_s).toString(), u"sentinel"_s);
}

void tst_MainWindow::emptyHeadlineIsRefusedAndDraftKept()
{
    Console c;
    QVERIFY(QTest::qWaitForWindowActive(c.window.get()));
    QSignalSpy published(c.host.get(), &ServerHost::published);
    auto *body = c.find<QPlainTextEdit>(u"bodyEdit"_s);
    body->setFocus();
    QTest::keyClicks(body, u"A draft worth keeping"_s);
    ctrlEnter(body);
    QCOMPARE(c.find<QLabel>(u"flashMessage"_s)->text(), u"Not sent: Write a headline first."_s);
    QCOMPARE(body->toPlainText(), u"A draft worth keeping"_s);
    // Nothing went out: the first event the host relays is a sentinel sent after it.
    QVERIFY(publishFlash(c.desk, u"sentinel"_s));
    QTRY_COMPARE(published.count(), 1);
    QCOMPARE(published.first().at(0).value<HubEventPtr>()->id, 1u);
}

void tst_MainWindow::aFullDiskKeepsTheDraftAndTakesBackTheScore()
{
    FullDisk disk;
    QString why;
    if (!disk.mount(&why))
        QSKIP(qPrintable(why));
    Console c(disk.path());
    QVERIFY(QTest::qWaitForWindowActive(c.window.get()));
    Match *match = c.desk.addMatch(u"Riverside"_s, u"Harbour City"_s);
    QSignalSpy published(c.host.get(), &ServerHost::published);
    c.window->desks()->setCurrentIndex(0);
    auto *headline = c.find<QLineEdit>(u"headlineEdit"_s);
    auto *send = c.find<QPushButton>(u"sendFlashButton"_s);
    auto *message = c.find<QLabel>(u"flashMessage"_s);
    disk.fill();

    // The journal's write-ahead log may take a few more; then the disk refuses.
    auto *body = c.find<QPlainTextEdit>(u"bodyEdit"_s);
    QString typed;
    const QString details(1500, u'!');
    for (int i = 0; i < 300 && !message->text().startsWith(u"Not sent"_s); ++i) {
        typed = u"GOAL for Riverside, flash %1"_s.arg(i);
        headline->setText(typed);
        body->setPlainText(details);
        headline->setFocus();
        ctrlEnter(headline);
        QTRY_VERIFY(send->isEnabled()); // the outcome is in
    }
    QVERIFY2(message->text().startsWith(u"Not sent"_s), qPrintable(message->text()));
    // SQLite's "database or disk is full", or the id floor's "No space left on device".
    QVERIFY2(message->text().contains(QRegularExpression(u"full|No space left"_s)),
        qPrintable(message->text()));
    QCOMPARE(headline->text(), typed); // the draft, exactly as typed
    QCOMPARE(body->toPlainText(), details);
    const int stored = int(published.count());

    // A score change that cannot be stored does not stay on the scoreboard.
    c.window->desks()->setCurrentIndex(1);
    QTest::mouseClick(c.find<QPushButton>(u"homePlus"_s), Qt::LeftButton);
    QTRY_VERIFY(c.find<QLabel>(u"commentaryMessage"_s)->text().contains(u"taken back"_s));
    QCOMPARE(match->homeScore(), 0);
    QCOMPARE(c.find<QLabel>(u"scoreLabel"_s)->text(), u"0 – 0"_s);

    // Space again: the kept draft goes out with the next id.
    disk.free();
    c.window->desks()->setCurrentIndex(0);
    headline->setFocus();
    ctrlEnter(headline);
    QTRY_VERIFY(message->text().startsWith(u"Sent #%1"_s.arg(stored + 1)));
    QTRY_VERIFY(headline->text().isEmpty());
}

void tst_MainWindow::plusOneHomeDeliversScore()
{
    Console c;
    Match *match = c.desk.addMatch(u"Riverside"_s, u"Harbour City"_s);
    SseTestClient viewer;
    viewer.open(c.port(), "/events?channel=" + match->channel().toUtf8());
    QTRY_VERIFY(viewer.headComplete());

    QTest::mouseClick(c.find<QPushButton>(u"homePlus"_s), Qt::LeftButton);
    QTRY_COMPARE(viewer.events().size(), 1);
    QCOMPARE(viewer.events().constFirst().type, QByteArray("score"));
    const QJsonObject score = json(viewer.events().constFirst());
    QCOMPARE(score.value(u"homeScore"_s).toInt(), 1);
    QCOMPARE(score.value(u"awayScore"_s).toInt(), 0);
    QCOMPARE(score.value(u"home"_s).toString(), u"Riverside"_s);
    QCOMPARE(score.value(u"match"_s).toString(), match->channel());
    QCOMPARE(score.value(u"period"_s).toString(), u"1st half"_s);
    QCOMPARE(c.find<QLabel>(u"scoreLabel"_s)->text(), u"1 – 0"_s);

    // The embed snippet follows the tab: this match's widget.
    QCOMPARE(c.window->embedCode(),
        uR"(<iframe src="%1embed?channel=%2" width="360" height="520" style="border:0" title="LiveDesk: %2"></iframe>)"_s
            .arg(c.host->baseUrl().toString(), match->channel()));
}

void tst_MainWindow::goalTemplateWithBumpDeliversCommentaryAndScore()
{
    Console c;
    QVERIFY(QTest::qWaitForWindowActive(c.window.get()));
    Match *match = c.desk.addMatch(u"Riverside"_s, u"Harbour City"_s);
    match->clock()->set(22, 10); // the 23rd minute
    SseTestClient viewer;
    viewer.open(c.port(), "/events?channel=" + match->channel().toUtf8());
    QTRY_VERIFY(viewer.headComplete());

    auto *panel = c.window->findChild<MatchPanel *>(match->channel());
    QVERIFY(panel);
    // Alt+1 (the GOAL template) while the operator's cursor is still in a team-name field,
    // which would take Alt+digit as text without the shortcut guard.
    auto *homeName = c.find<QLineEdit>(u"homeName"_s);
    homeName->setFocus();
    QTest::keyClick(homeName, Qt::Key_1, Qt::AltModifier);
    auto *text = c.find<QPlainTextEdit>(u"commentaryText"_s);
    // A button's shortcut "animates" its click: it lands a moment later.
    QTRY_COMPARE(text->toPlainText(), u"GOAL for Riverside! "_s);
    QVERIFY(text->hasFocus());
    QCOMPARE(homeName->text(), u"Riverside"_s); // no stray "1" typed into the team name
    QCOMPARE(c.find<QSpinBox>(u"commentaryMinute"_s)->value(), 23);
    QVERIFY(c.find<QCheckBox>(u"goalBumpCheck"_s)->isChecked());
    QTest::keyClicks(text, u"Okafor heads in from the corner."_s);
    ctrlEnter(text);

    QTRY_COMPARE(viewer.events().size(), 2);
    QCOMPARE(viewer.events().at(0).type, QByteArray("commentary"));
    QCOMPARE(json(viewer.events().at(0)),
        (QJsonObject { { u"match"_s, match->channel() }, { u"minute"_s, 23 },
            { u"kind"_s, u"goal"_s },
            { u"text"_s, u"GOAL for Riverside! Okafor heads in from the corner."_s },
            { u"key"_s, true } }));
    QCOMPARE(viewer.events().at(1).type, QByteArray("score"));
    QCOMPARE(json(viewer.events().at(1)).value(u"homeScore"_s).toInt(), 1);
    QCOMPARE(json(viewer.events().at(1)).value(u"minute"_s).toInt(), 23);

    // F9 starts the clock from anywhere in the window, and again after its label changed.
    QTest::keyClick(text, Qt::Key_F9);
    QTRY_VERIFY(match->clock()->isRunning());
    QTest::keyClick(text, Qt::Key_F9);
    QTRY_VERIFY(!match->clock()->isRunning());
}

void tst_MainWindow::correctingAHistoryRowDeliversCorrection()
{
    Console c;
    SseTestClient viewer;
    viewer.open(c.port(), "/events?channel=news");
    QTRY_VERIFY(viewer.headComplete());
    QVERIFY(publishFlash(c.desk, u"Riversdie win"_s));
    QTRY_COMPARE(viewer.events().size(), 1);
    const QByteArray targetId = viewer.events().constFirst().id.value_or(QByteArray());

    auto *history = c.find<QTableView>(u"historyView"_s);
    QTRY_COMPARE(history->model()->rowCount(), 1);
    history->selectRow(0);
    QTest::mouseClick(c.find<QPushButton>(u"correctButton"_s), Qt::LeftButton);
    auto *headline
        = c.find<QWidget>(u"correctionArea"_s)->findChild<QLineEdit *>(u"headlineEdit"_s);
    QVERIFY(headline && headline->isVisible());
    QCOMPARE(headline->text(), u"Riversdie win"_s);
    headline->selectAll();
    QTest::keyClicks(headline, u"Riverside win"_s);
    QTest::mouseClick(c.find<QPushButton>(u"publishCorrectionButton"_s), Qt::LeftButton);

    QTRY_COMPARE(viewer.events().size(), 2);
    const SseEvent correction = viewer.events().at(1);
    QCOMPARE(correction.type, QByteArray("correction"));
    const QJsonObject data = json(correction);
    QCOMPARE(data.value(u"targetId"_s).toString().toUtf8(), targetId);
    QCOMPARE(data.value(u"headline"_s).toString(), u"Riverside win"_s);
    QCOMPARE(data.value(u"urgent"_s).toBool(), false); // types survive the editor
}

// Alt+K on a history row marks the post a key moment (a correction {"key": true}); the
// viewer pane, a real client of the feed, shows the mark; the button then offers to unmark.
void tst_MainWindow::aKeyMarkMadeAfterwardsReachesTheViewerPane()
{
    Console c;
    QVERIFY(QTest::qWaitForWindowActive(c.window.get()));
    QVERIFY(publishFlash(c.desk, u"Record crowd"_s));
    auto *history = c.find<QTableView>(u"historyView"_s);
    QTRY_COMPARE(history->model()->rowCount(), 1);
    auto *list = c.window->viewer()->findChild<QListWidget *>(u"viewerList"_s);
    QTRY_COMPARE(list->count(), 1);
    QVERIFY(!list->item(0)->text().contains(EventRenderer::tr("Key moment")));
    history->setFocus();
    history->selectRow(0);
    auto *key = c.find<QPushButton>(u"keyMomentButton"_s);
    QCOMPARE(key->text(), HistoryPanel::tr("&Key moment"));
    QTest::keyClick(history, Qt::Key_K, Qt::AltModifier);
    QTRY_VERIFY2(list->item(0)->text().contains(EventRenderer::tr("Key moment")),
        qPrintable(list->item(0)->text()));
    QTRY_COMPARE(history->model()->rowCount(), 2); // the correction
    history->selectRow(1);
    QTRY_COMPARE(key->text(), HistoryPanel::tr("Not a &key moment"));
    QTest::keyClick(history, Qt::Key_K, Qt::AltModifier);
    QTRY_VERIFY(!list->item(0)->text().contains(EventRenderer::tr("Key moment")));
}

// Alt+P on a history row pins the post (a correction {"pinned": true}); the viewer pane shows
// it on top, marked; pinning another post of the channel replaces it; Alt+P again unpins.
void tst_MainWindow::aPinFromTheHistoryHoldsThePostOnTopOfTheViewerPane()
{
    Console c;
    QVERIFY(QTest::qWaitForWindowActive(c.window.get()));
    QVERIFY(publishFlash(c.desk, u"Line-ups at 14:00"_s));
    QVERIFY(publishFlash(c.desk, u"Kick-off delayed"_s));
    auto *history = c.find<QTableView>(u"historyView"_s);
    QTRY_COMPARE(history->model()->rowCount(), 2);
    auto *list = c.window->viewer()->findChild<QListWidget *>(u"viewerList"_s);
    QTRY_COMPARE(list->count(), 2);
    const auto top = [list] { return list->item(0)->text(); };
    const QString pinMark = ViewerPane::tr("📌 Pinned");
    history->setFocus();
    history->selectRow(1); // the older post, #1
    auto *pin = c.find<QPushButton>(u"pinButton"_s);
    QCOMPARE(pin->text(), HistoryPanel::tr("&Pin"));
    QTest::keyClick(history, Qt::Key_P, Qt::AltModifier);
    QTRY_VERIFY2(top().startsWith(pinMark) && top().contains(u"Line-ups"_s), qPrintable(top()));
    QTRY_COMPARE(history->model()->rowCount(), 3); // the correction
    history->selectRow(2); // #1 again, below #2 and the correction
    QTRY_COMPARE(pin->text(), HistoryPanel::tr("Un&pin"));
    // The newer post pinned instead: the first goes back to its place.
    history->selectRow(1);
    QTRY_COMPARE(pin->text(), HistoryPanel::tr("&Pin"));
    QTest::keyClick(history, Qt::Key_P, Qt::AltModifier);
    QTRY_VERIFY2(top().startsWith(pinMark) && top().contains(u"Kick-off"_s), qPrintable(top()));
    QVERIFY(!list->item(1)->text().contains(pinMark));
    QTRY_COMPARE(history->model()->rowCount(), 4);
    history->selectRow(2); // #2, the pinned one
    QTRY_COMPARE(pin->text(), HistoryPanel::tr("Un&pin"));
    history->selectRow(3); // #1, replaced
    QTRY_COMPARE(pin->text(), HistoryPanel::tr("&Pin"));
    history->selectRow(2);
    QTest::keyClick(history, Qt::Key_P, Qt::AltModifier);
    QTRY_VERIFY(!top().contains(pinMark));
    QVERIFY(!top().contains(EventRenderer::tr("corrected")));
}

// Ctrl+Shift+V takes the clipboard's image into the news desk, with a preview; the flash
// waits for its alt text; then the photo is stored on the server (POST /api/media) and the
// flash a viewer receives carries it, with the operator's words.
void tst_MainWindow::aPhotoPastedFromTheClipboardIsSentWithItsAltText()
{
    Console c;
    PhotoUpload upload;
    upload.setBaseUrl(c.host->baseUrl());
    upload.setToken(c.host->config().token);
    c.window->news()->setPhotoUpload(&upload);
    QVERIFY(QTest::qWaitForWindowActive(c.window.get()));
    SseTestClient viewer;
    viewer.open(c.port(), "/events?channel=news");
    QTRY_VERIFY(viewer.headComplete());

    QImage picture(1200, 800, QImage::Format_RGB32);
    picture.fill(QColor(200, 16, 46));
    QGuiApplication::clipboard()->setImage(picture);
    NewsPanel *news = c.window->news();
    c.find<QLineEdit>(u"headlineEdit"_s)->setFocus();
    QTest::keyClicks(c.find<QLineEdit>(u"headlineEdit"_s), u"A full house"_s);
    QTest::keyClick(
        c.find<QLineEdit>(u"headlineEdit"_s), Qt::Key_V, Qt::ControlModifier | Qt::ShiftModifier);
    auto *preview = c.find<QLabel>(u"photoPreview"_s);
    QTRY_VERIFY(preview->isVisible());
    QVERIFY(!preview->pixmap().isNull());
    auto *alt = c.find<QLineEdit>(u"photoAlt"_s);
    QCOMPARE(QApplication::focusWidget(), alt);

    // No alt text: nothing is sent, and the desk says why.
    ctrlEnter(alt);
    QTRY_VERIFY(c.find<QLabel>(u"flashMessage"_s)->text().contains(u"alt text"_s));
    QVERIFY(publishFlash(c.desk, u"sentinel"_s));
    QTRY_COMPARE(viewer.events().size(), 1);
    QCOMPARE(json(viewer.events().at(0)).value(u"headline"_s).toString(), u"sentinel"_s);

    QTest::keyClicks(alt, u"The north stand full of fans in red"_s);
    QTest::keyClicks(c.find<QLineEdit>(u"photoCredit"_s), u"Li Wei"_s);
    ctrlEnter(alt);
    QTRY_COMPARE_WITH_TIMEOUT(viewer.events().size(), 2, 10000);
    const QJsonObject photo = json(viewer.events().at(1)).value(u"photo"_s).toObject();
    QCOMPARE(photo.value(u"alt"_s).toString(), u"The north stand full of fans in red"_s);
    QCOMPARE(photo.value(u"credit"_s).toString(), u"Li Wei"_s);
    QCOMPARE(photo.value(u"width"_s).toInt(), 1200);
    QCOMPARE(photo.value(u"height"_s).toInt(), 800);
    QVERIFY(photo.value(u"url"_s).toString().startsWith(u"/media/"_s));
    QTRY_VERIFY(!news->photo()->hasPhoto()); // sent: the desk is clear for the next
    QVERIFY(!preview->isVisible());
}

namespace {

// The console's schedule client, on its own server, as app/main.cpp wires it.
struct Schedules
{
    explicit Schedules(Console &c)
    {
        client.setBaseUrl(c.host->baseUrl());
        client.setToken(c.host->config().token);
        c.window->useScheduleClient(&client);
    }
    ScheduleClient client;
};

} // namespace

// Schedule sends the flash to the server with its time; the Scheduled list shows it; the
// server publishes it then, and the list empties.
void tst_MainWindow::aScheduledFlashIsListedAndGoesOutAtItsTime()
{
    Console c;
    Schedules schedules(c);
    SseTestClient viewer;
    viewer.open(c.port(), "/events?channel=news");
    QTRY_VERIFY(viewer.headComplete());
    QTest::keyClicks(c.find<QLineEdit>(u"headlineEdit"_s), u"Team news at 14:00"_s);
    c.find<QDateTimeEdit>(u"scheduleAtEdit"_s)
        ->setDateTime(QDateTime::currentDateTime().addSecs(2));
    QTest::mouseClick(c.find<QPushButton>(u"scheduleFlashButton"_s), Qt::LeftButton);
    QTRY_VERIFY2(c.find<QLabel>(u"flashMessage"_s)->text().contains(u"Scheduled for"_s),
        qPrintable(c.find<QLabel>(u"flashMessage"_s)->text()));
    QVERIFY(c.find<QLineEdit>(u"headlineEdit"_s)->text().isEmpty());
    auto *list = c.find<QTableWidget>(u"scheduledView"_s);
    QTRY_COMPARE(list->rowCount(), 1);
    QVERIFY(list->item(0, 3)->text().contains(u"Team news at 14:00"_s));
    QVERIFY(viewer.events().isEmpty()); // not before its time
    QTRY_COMPARE_WITH_TIMEOUT(viewer.events().size(), 1, 6000);
    QCOMPARE(json(viewer.events().at(0)).value(u"headline"_s).toString(), u"Team news at 14:00"_s);
    QTRY_COMPARE_WITH_TIMEOUT(list->rowCount(), 0, ScheduledPanel::RefreshMs + 2000);
}

// A post due while LiveDesk was closed is not sent on its own: the Scheduled list says so,
// and sends it when the operator says.
void tst_MainWindow::aPostMissedWhileClosedIsAskedAbout()
{
    QTemporaryDir dir;
    {
        auto earlier = startHost(dir.path());
        const QDateTime at = QDateTime::currentDateTimeUtc().addMSecs(500);
        HttpTestClient client(earlier->baseUrl());
        QCOMPARE(
            client
                .publish("token",
                    R"({"channel":"news","type":"news-flash","data":{"headline":"Kick-off"},"at":")"
                        + at.toString(Qt::ISODateWithMs).toLatin1() + R"("})")
                .status,
            202);
        earlier->stop();
        QTest::qWait(800);
    }
    Console c(dir.path());
    Schedules schedules(c);
    SseTestClient viewer;
    viewer.open(c.port(), "/events?channel=news");
    QTRY_VERIFY(viewer.headComplete());
    auto *notice = c.find<QLabel>(u"missedNotice"_s);
    QTRY_VERIFY(notice->isVisible());
    QVERIFY2(notice->text().contains(u"1 scheduled post"_s), qPrintable(notice->text()));
    QVERIFY(viewer.events().isEmpty());
    QTest::mouseClick(c.find<QPushButton>(u"sendMissedButton"_s), Qt::LeftButton);
    QTRY_COMPARE(viewer.events().size(), 1);
    QCOMPARE(json(viewer.events().at(0)).value(u"headline"_s).toString(), u"Kick-off"_s);
    QTRY_VERIFY(!notice->isVisible());
}

void tst_MainWindow::retractionNeedsASecondClick()
{
    Console c;
    SseTestClient viewer;
    viewer.open(c.port(), "/events?channel=news&channel=sentinel");
    QTRY_VERIFY(viewer.headComplete());
    QVERIFY(publishFlash(c.desk, u"Wrong result"_s));
    auto *history = c.find<QTableView>(u"historyView"_s);
    QTRY_COMPARE(history->model()->rowCount(), 1);
    history->selectRow(0);
    auto *retract = c.find<QPushButton>(u"retractButton"_s);
    QTest::mouseClick(retract, Qt::LeftButton);
    // Armed, not sent: a sentinel is the next event the viewer gets (a clock tick, which the
    // history leaves out, so the armed row stays where it is).
    QVERIFY(PublishWaiter::publish(*c.host, u"sentinel"_s, u"clock"_s, QJsonObject {}).ok());
    QTRY_COMPARE(viewer.events().size(), 2);
    QCOMPARE(viewer.events().at(1).type, QByteArray("clock"));
    QTest::mouseClick(c.find<QPushButton>(u"confirmRetractButton"_s), Qt::LeftButton);
    QTRY_COMPARE(viewer.events().size(), 3);
    QCOMPARE(viewer.events().at(2).type, QByteArray("retraction"));
    QCOMPARE(json(viewer.events().at(2)).value(u"targetId"_s).toString(), u"1"_s);
}

void tst_MainWindow::clientPaneShowsItemAndLatency()
{
    Console c;
    ViewerPane *pane = c.window->viewer();
    QTRY_COMPARE(pane->feed()->state(), FeedClient::State::Open);
    QVERIFY(publishFlash(c.desk, u"Seen by the pane"_s, u"over real HTTP"_s));

    auto *list = c.find<QListWidget>(u"viewerList"_s);
    QTRY_COMPARE(list->count(), 1);
    QVERIFY(list->item(0)->text().contains(u"Seen by the pane"_s));
    QTRY_VERIFY(pane->lastLatencyMs() >= 0);
    QVERIFY(pane->lastLatencyMs() < 5000);
    QVERIFY(c.find<QLabel>(u"viewerLatency"_s)->text().contains(u"ms"_s));
    QCOMPARE(c.find<QLabel>(u"viewerLastId"_s)->text(), u"Last event: #1"_s);

    // A correction is applied in place in the pane, as on viewers' pages.
    PublishWaiter waiter;
    c.desk.correct(1, u"news"_s,
        QJsonObject { { u"headline"_s, u"Corrected headline"_s }, { u"body"_s, QString() },
            { u"urgent"_s, false } },
        nullptr, waiter.callback());
    QVERIFY(waiter.wait() && waiter.outcome().ok());
    QTRY_VERIFY(list->item(0)->text().contains(u"Corrected headline"_s));
    QCOMPARE(list->count(), 1);

    // And a retraction removes it, as on viewers' pages.
    c.desk.retract(1, u"news"_s, nullptr, waiter.callback());
    QVERIFY(waiter.wait() && waiter.outcome().ok());
    QTRY_COMPARE(list->count(), 0);
}

void tst_MainWindow::connectionsViewCountsASubscriber()
{
    Console c;
    auto *panel = c.window->connections();
    c.find<QDockWidget>(u"connectionsDock"_s)->raise(); // the operator picks its tab
    QTRY_VERIFY(panel->isVisible());
    QTRY_COMPARE(c.window->viewer()->feed()->state(), FeedClient::State::Open);
    QTRY_COMPARE(panel->rowCount(), 1); // the pane itself is a viewer
    auto viewer = std::make_unique<SseTestClient>();
    viewer->open(c.port(), "/events?channel=news&channel=match-1");
    QTRY_COMPARE(panel->rowCount(), 2);
    QTRY_VERIFY(c.find<QLabel>(u"clientCount"_s)->text().endsWith(u"2"_s));
    auto *table = c.find<QTableView>(u"connectionsView"_s);
    const QAbstractItemModel *model = table->model();
    auto channelsAt = [model](int row) {
        return model->index(row, ConnectionsModel::Channels).data().toString();
    };
    bool found = false;
    for (int row = 0; row < model->rowCount(); ++row)
        found = found || channelsAt(row) == u"match-1, news"_s;
    QVERIFY(found);
    viewer.reset(); // leaves
    QTRY_COMPARE(panel->rowCount(), 1);
    QTRY_VERIFY(c.find<QLabel>(u"clientCount"_s)->text().endsWith(u"1"_s));

    // The operator selects a connection and drops it.
    SseTestClient stubborn;
    stubborn.open(c.port(), "/events?channel=stubborn");
    QTRY_COMPARE(panel->rowCount(), 2);
    for (int row = 0; row < model->rowCount(); ++row) {
        if (channelsAt(row) == u"stubborn")
            table->selectRow(row);
    }
    QTest::mouseClick(c.find<QPushButton>(u"disconnectButton"_s), Qt::LeftButton);
    QTRY_VERIFY(!stubborn.isConnected());
    QTRY_COMPARE(panel->rowCount(), 1);
}

void tst_MainWindow::settingsRestartTheServerAndThePaneFollows()
{
    Console c;
    QTRY_COMPARE(c.window->viewer()->feed()->state(), FeedClient::State::Open);
    QSignalSpy restarted(c.host.get(), &ServerHost::started);
    ServerConfig config = c.host->config();
    config.heartbeat = std::chrono::seconds(5);
    QString error;
    QVERIFY(c.host->restart(config, &error));
    QCOMPARE(restarted.count(), 1);
    QCOMPARE(c.find<QLabel>(u"feedUrl"_s)->text(), c.host->baseUrl().toString());
    QTRY_COMPARE(c.window->viewer()->feed()->state(), FeedClient::State::Open);
    QVERIFY(publishFlash(c.desk, u"After restart"_s));
    QTRY_VERIFY(c.find<QListWidget>(u"viewerList"_s)->count() >= 1);
    QTRY_VERIFY(c.find<QListWidget>(u"viewerList"_s)->item(0)->text().contains(u"After restart"_s));

    // Stopped: sending says so in place instead of pretending.
    c.host->stop();
    QVERIFY(c.find<QLabel>(u"serverState"_s)->text().contains(u"stopped"_s));
}

void tst_MainWindow::settingsDialogTurnsHttpsOnAndThePaneFollows()
{
    TestCertificates certificates;
    if (TestCertificates::binary().isEmpty())
        QSKIP("openssl is needed; ./livedesk.sh test installs it");
    QVERIFY2(certificates.make(), qPrintable(certificates.error()));
    Console c;
    SettingsDialog dialog(&c.settings, c.host.get(), {}, c.window.get());
    auto *message = dialog.findChild<QLabel *>(u"settingsMessage"_s);
    auto *certificate = dialog.findChild<QLineEdit *>(u"tlsCertificateEdit"_s);
    auto *key = dialog.findChild<QLineEdit *>(u"tlsKeyEdit"_s);

    certificate->setText(certificates.chain()); // no key yet
    QVERIFY(!dialog.apply());
    QVERIFY2(message->text().contains(u"both the certificate and its key"_s),
        qPrintable(message->text()));
    key->setText(certificates.otherKey()); // a key, but not this certificate's
    QVERIFY(!dialog.apply());
    QVERIFY2(message->text().contains(u"is not the key of the certificate"_s),
        qPrintable(message->text()));
    QVERIFY(c.host->isRunning());
    QCOMPARE(c.host->baseUrl().scheme(), u"http"_s); // still serving as before

    key->setText(certificates.key());
    QVERIFY2(dialog.apply(), qPrintable(message->text()));
    QCOMPARE(c.host->baseUrl().scheme(), u"https"_s);
    QVERIFY(message->text().contains(u"https://127.0.0.1:"_s));
    QVERIFY(c.find<QLabel>(u"feedUrl"_s)->text().startsWith(u"https://"_s));
    QVERIFY(c.window->embedCode().contains(u"src=\"https://"_s));
    QCOMPARE(c.settings.serverConfig().tlsKey, certificates.key());
    // The pane reads its own server over https (its certificate pinned: the test CA is
    // trusted by nobody).
    QTRY_COMPARE(c.window->viewer()->feed()->state(), FeedClient::State::Open);
    QVERIFY(publishFlash(c.desk, u"Over https"_s));
    QTRY_VERIFY(c.find<QListWidget>(u"viewerList"_s)->count() >= 1);
    QTRY_VERIFY(c.find<QListWidget>(u"viewerList"_s)->item(0)->text().contains(u"Over https"_s));
}

void tst_MainWindow::settingsDialogRefusesBadInputAndKeepsServing()
{
    Console c;
    const QUrl before = c.host->baseUrl();
    SettingsDialog dialog(&c.settings, c.host.get(), {}, c.window.get());
    auto *message = dialog.findChild<QLabel *>(u"settingsMessage"_s);

    // A token with a space cannot go in a header: refused, nothing restarted.
    dialog.findChild<QLineEdit *>(u"tokenEdit"_s)->setText(u"two words"_s);
    QVERIFY(!dialog.apply());
    QVERIFY(message->text().contains(u"printable ASCII"_s));
    QCOMPARE(c.host->baseUrl(), before);

    // A port someone else holds: refused with the reason, and the old server is back.
    QTcpServer squatter;
    QVERIFY(squatter.listen(QHostAddress::LocalHost, 0));
    dialog.findChild<QLineEdit *>(u"tokenEdit"_s)->setText(u"new-token"_s);
    dialog.findChild<QSpinBox *>(u"portSpin"_s)->setValue(squatter.serverPort());
    QVERIFY(!dialog.apply());
    QVERIFY2(message->text().contains(u"cannot listen"_s), qPrintable(message->text()));
    QVERIFY(c.host->isRunning());
    QCOMPARE(c.host->config().token, QByteArray("token"));

    // A good change applies: the server restarts on a free port, the settings are saved,
    // the pane follows, and the new token is the one that publishes.
    dialog.findChild<QSpinBox *>(u"portSpin"_s)->setValue(0);
    dialog.findChild<QSpinBox *>(u"heartbeatSpin"_s)->setValue(20);
    QVERIFY(dialog.apply());
    QVERIFY(c.host->isRunning());
    QCOMPARE(c.host->config().token, QByteArray("new-token"));
    QCOMPARE(c.settings.serverConfig().heartbeat, std::chrono::seconds(20));
    QCOMPARE(c.settings.publishToken(), QByteArray("new-token"));
    QTRY_COMPARE(c.window->viewer()->feed()->state(), FeedClient::State::Open);
    QCOMPARE(c.window->viewer()->feed()->streamUrl().port(), c.host->baseUrl().port());
}

// "Publish to": this computer, or a LiveDesk elsewhere with its token. A bad address or a
// missing token is refused in the dialog; a good one is saved for the next start, and the
// server here keeps serving until then.
void tst_MainWindow::settingsChooseAServerElsewhereForTheNextStart()
{
    Console c;
    SettingsDialog dialog(&c.settings, c.host.get(), {}, c.window.get());
    auto *message = dialog.findChild<QLabel *>(u"settingsMessage"_s);
    auto *url = dialog.findChild<QLineEdit *>(u"upstreamUrlEdit"_s);
    auto *token = dialog.findChild<QLineEdit *>(u"upstreamTokenEdit"_s);
    QVERIFY(dialog.findChild<QRadioButton *>(u"publishHereRadio"_s)->isChecked());
    QVERIFY(!url->isEnabled());

    dialog.findChild<QRadioButton *>(u"publishRemoteRadio"_s)->setChecked(true);
    QVERIFY(url->isEnabled());
    url->setText(u"ftp://feed.example.org/"_s);
    token->setText(u"remote-token"_s);
    QVERIFY(!dialog.apply());
    QVERIFY2(message->text().contains(u"http:// or https://"_s), qPrintable(message->text()));
    url->setText(u"https://feed.example.org/"_s);
    token->clear();
    QVERIFY(!dialog.apply());
    QVERIFY2(message->text().contains(u"publish token"_s), qPrintable(message->text()));
    QVERIFY(c.settings.upstream().isEmpty()); // nothing saved while refused

    token->setText(u"remote-token"_s);
    dialog.findChild<QLineEdit *>(u"bylineEdit"_s)->setText(u" Sam Okafor "_s);
    QVERIFY(dialog.apply());
    QCOMPARE(c.settings.byline(), u"Sam Okafor"_s);
    QVERIFY2(message->text().contains(u"https://feed.example.org/"_s), qPrintable(message->text()));
    QCOMPARE(c.settings.upstream(), QUrl(u"https://feed.example.org/"_s));
    QCOMPARE(c.settings.upstreamToken(), QByteArray("remote-token"));
    QVERIFY(c.host->isRunning());

    // And back to this computer.
    dialog.findChild<QRadioButton *>(u"publishHereRadio"_s)->setChecked(true);
    QVERIFY(dialog.apply());
    QVERIFY(c.settings.upstream().isEmpty());
}

void tst_MainWindow::exportWritesTheChannelWithoutBlockingTheWindow()
{
    Console c;
    QVERIFY(publishFlash(c.desk, u"First"_s));
    QVERIFY(publishFlash(c.desk, u"Second"_s));
    QTRY_COMPARE(c.find<QTableView>(u"historyView"_s)->model()->rowCount(), 2);
    QSignalSpy finished(c.window.get(), &MainWindow::exportFinished);
    const QString file = c.dir.filePath(u"news.jsonl"_s);
    c.window->exportChannel(u"news"_s, file);
    QTRY_COMPARE(finished.count(), 1);
    QVERIFY2(finished.first().at(0).toBool(), qPrintable(finished.first().at(1).toString()));
    QFile out(file);
    QVERIFY(out.open(QIODevice::ReadOnly));
    QCOMPARE(out.readAll().count('\n'), 2);

    c.window->exportChannel(u"news"_s, c.dir.filePath(u"missing-dir/x.jsonl"_s));
    QTRY_COMPARE(finished.count(), 2);
    QVERIFY(!finished.last().at(0).toBool());
    QVERIFY(finished.last().at(1).toString().startsWith(u"Export failed"_s));
}

namespace {

// Runs `check` on the modal dialog `trigger` opens, then closes it (exec() would block).
template<typename Dialog, typename Check>
bool onNextModal(const std::function<void()> &trigger, Check check)
{
    bool seen = false;
    QTimer poll;
    poll.setInterval(10);
    QObject::connect(&poll, &QTimer::timeout, [&] {
        if (auto *dialog = qobject_cast<Dialog *>(QApplication::activeModalWidget())) {
            poll.stop();
            seen = true;
            check(dialog);
            if (dialog->isVisible())
                dialog->reject();
        }
    });
    poll.start();
    trigger();
    return seen;
}

} // namespace

void tst_MainWindow::ctrlCommaOpensSettings()
{
    Console c;
    QVERIFY(QTest::qWaitForWindowActive(c.window.get()));
    const bool opened = onNextModal<SettingsDialog>(
        [&] { QTest::keyClick(c.window.get(), Qt::Key_Comma, Qt::ControlModifier); },
        [](SettingsDialog *) {});
    QVERIFY2(opened, "Ctrl+, did not open the settings");
}

void tst_MainWindow::settingsTokenRowReadsRightAndShowTurnsIntoHide()
{
    Console c;
    SettingsDialog dialog(&c.settings, c.host.get(), {}, c.window.get());
    dialog.show();
    auto *token = dialog.findChild<QLineEdit *>(u"tokenEdit"_s);
    // The label is the token field's buddy: its mnemonic works and no '&' shows.
    QLabel *label = nullptr;
    for (QLabel *candidate : dialog.findChildren<QLabel *>()) {
        if (candidate->buddy() == token)
            label = candidate;
    }
    QVERIFY(label);
    QVERIFY(!label->text().remove(u"&"_s).contains(u'&'));
    auto *show = dialog.findChild<QPushButton *>(u"tokenShowButton"_s);
    QCOMPARE(token->echoMode(), QLineEdit::Password);
    QTest::mouseClick(show, Qt::LeftButton);
    QCOMPARE(token->echoMode(), QLineEdit::Normal);
    QCOMPARE(show->text(), SettingsDialog::tr("Hide"));
    QTest::mouseClick(show, Qt::LeftButton);
    QCOMPARE(token->echoMode(), QLineEdit::Password);
    QCOMPARE(show->text(), SettingsDialog::tr("Show"));
}

void tst_MainWindow::anEmptyFirstLaunchSaysWhatToDo()
{
    Console c;
    QVERIFY(QTest::qWaitForWindowExposed(c.window.get()));
    auto *hint = c.find<QLabel>(u"firstRunHint"_s);
    QVERIFY(hint->isVisible());
    QVERIFY(hint->text().contains(u"Ctrl+N"_s));
    // The hint makes way for the new-match bar, and goes once a match is covered.
    QTest::keyClick(c.window.get(), Qt::Key_N, Qt::ControlModifier);
    QVERIFY(!hint->isVisible());
    QTest::keyClick(c.find<QLineEdit>(u"newMatchHome"_s), Qt::Key_Escape);
    QVERIFY(hint->isVisible());
    c.desk.addMatch(u"Arsenal"_s, u"Chelsea"_s);
    QVERIFY(!hint->isVisible());
}

void tst_MainWindow::startCoveringWithAMissingTeamSaysWhich()
{
    Console c;
    QVERIFY(QTest::qWaitForWindowActive(c.window.get()));
    QTest::keyClick(c.window.get(), Qt::Key_N, Qt::ControlModifier);
    auto *home = c.find<QLineEdit>(u"newMatchHome"_s);
    auto *away = c.find<QLineEdit>(u"newMatchAway"_s);
    auto *message = c.find<QLabel>(u"newMatchMessage"_s);
    QTest::keyClicks(home, u"Arsenal"_s);
    QTest::mouseClick(c.find<QPushButton>(u"startCoveringButton"_s), Qt::LeftButton);
    QVERIFY(message->isVisible());
    QCOMPARE(message->text(), MainWindow::tr("Name the away team too."));
    QCOMPARE(QApplication::focusWidget(), away);
    QVERIFY(c.desk.matches().isEmpty());
    // Spaces are not a name either.
    QTest::keyClicks(away, u"   "_s);
    QTest::keyClick(away, Qt::Key_Return);
    QVERIFY(c.desk.matches().isEmpty());
    QTest::keyClicks(away, u"Chelsea"_s);
    QTest::keyClick(away, Qt::Key_Return);
    QCOMPARE(c.desk.matches().size(), 1);
    QVERIFY(message->text().isEmpty());
}

void tst_MainWindow::afterARestartHistoryPaneAndDraftsAreBack()
{
    QTemporaryDir data;
    QString channel;
    {
        Console c(data.path());
        QVERIFY(publishFlash(c.desk, u"Before the restart"_s));
        Match *match = c.desk.addMatch(u"Arsenal"_s, u"Chelsea"_s);
        channel = match->channel();
        QTRY_VERIFY(c.window->findChild<MatchPanel *>(channel));
        // A match comes back from what it published: its score.
        match->changeScore(Match::Side::Home, +1);
        QTRY_COMPARE(c.find<QTableView>(u"historyView"_s)->model()->rowCount(), 2);
        // Typed, never sent: the news headline and the match's commentary.
        QTest::keyClicks(c.find<QLineEdit>(u"headlineEdit"_s), u"Half-written headline"_s);
        auto *panel = c.window->findChild<MatchPanel *>(channel);
        QTest::keyClicks(
            panel->findChild<QPlainTextEdit *>(u"commentaryText"_s), u"Half-written commentary"_s);
        QTRY_COMPARE(c.window->viewer()->findChild<QListWidget *>(u"viewerList"_s)->count(), 1);
        QVERIFY(c.window->close()); // as File → Quit does
    }
    Console c(data.path());
    // As main() does: the matches come back from the journal once the window is up.
    QObject::connect(c.host.get(), &ServerHost::snapshotReady, &c.desk, &Desk::restore,
        Qt::SingleShotConnection);
    c.host->requestSnapshot();
    QTRY_COMPARE(c.find<QTableView>(u"historyView"_s)->model()->rowCount(), 2);
    QTRY_COMPARE(c.window->viewer()->findChild<QListWidget *>(u"viewerList"_s)->count(), 1);
    QCOMPARE(c.find<QLineEdit>(u"headlineEdit"_s)->text(), u"Half-written headline"_s);
    QTRY_VERIFY(c.window->findChild<MatchPanel *>(channel));
    auto *panel = c.window->findChild<MatchPanel *>(channel);
    QCOMPARE(panel->findChild<QPlainTextEdit *>(u"commentaryText"_s)->toPlainText(),
        u"Half-written commentary"_s);
}

void tst_MainWindow::closingALiveMatchAsksThenEndsItForViewers()
{
    Console c;
    QVERIFY(QTest::qWaitForWindowActive(c.window.get()));
    Match *match = c.desk.addMatch(u"Arsenal"_s, u"Chelsea"_s);
    const QString channel = match->channel();
    SseTestClient viewer;
    viewer.open(c.port(), "/events?channel=" + channel.toUtf8());
    QTRY_VERIFY(viewer.headComplete());
    QTest::keyClick(c.window.get(), Qt::Key_F9); // kick-off: the clock runs
    QTRY_VERIFY(!viewer.events().isEmpty());
    QVERIFY(match->isLive());

    // Ctrl+W asks; keeping on covering changes nothing.
    const qsizetype before = viewer.events().size();
    QVERIFY(onNextModal<QMessageBox>(
        [&] { QTest::keyClick(c.window.get(), Qt::Key_W, Qt::ControlModifier); },
        [](QMessageBox *box) {
            QVERIFY(box->text().contains(u"Arsenal – Chelsea is live"_s));
            QTest::keyClick(box, Qt::Key_Escape);
        }));
    QVERIFY(c.window->findChild<MatchPanel *>(channel));
    QTest::qWait(50);
    QCOMPARE(viewer.events().size(), before);

    // The tab's ✕ asks too; ending it tells viewers: the clock stops, full time.
    QVERIFY(onNextModal<QMessageBox>([&] { Q_EMIT c.window->desks()->tabCloseRequested(1); },
        [](QMessageBox *box) {
            QTest::mouseClick(box->findChild<QPushButton *>(u"endMatchButton"_s), Qt::LeftButton);
        }));
    QTRY_VERIFY(!c.window->findChild<MatchPanel *>(channel));
    QTRY_VERIFY(
        std::any_of(viewer.events().cbegin(), viewer.events().cend(), [](const SseEvent &e) {
            return e.type == "score" && json(e).value(u"period"_s).toString() == u"full-time";
        }));
    const auto clock = std::find_if(viewer.events().crbegin(), viewer.events().crend(),
        [](const SseEvent &e) { return e.type == "clock"; });
    QVERIFY(clock != viewer.events().crend());
    QCOMPARE(json(*clock).value(u"running"_s).toBool(true), false);
    QVERIFY(c.desk.matches().isEmpty());
}

void tst_MainWindow::closingAMatchThatNeverStartedAsksNothing()
{
    Console c;
    QVERIFY(QTest::qWaitForWindowActive(c.window.get()));
    const QString channel = c.desk.addMatch(u"Arsenal"_s, u"Chelsea"_s)->channel();
    QSignalSpy published(c.host.get(), &ServerHost::published);
    QVERIFY(!onNextModal<QMessageBox>(
        [&] { QTest::keyClick(c.window.get(), Qt::Key_W, Qt::ControlModifier); },
        [](QMessageBox *) {}));
    QTRY_VERIFY(!c.window->findChild<MatchPanel *>(channel));
    QVERIFY(c.desk.matches().isEmpty());
    QVERIFY(published.isEmpty());
}

void tst_MainWindow::theWindowFitsSmallScreens_data()
{
    // Physical screen sizes; at QT_SCALE_FACTOR=1.5 (the suite runs this again so, as
    // tst_mainwindow_scaled) the window gets two thirds of them in logical pixels.
    QTest::addColumn<QSize>("screen");
    QTest::newRow("1366x768 laptop") << QSize(1366, 768);
    QTest::newRow("1024x640") << QSize(1024, 640);
    QTest::newRow("1920x1080") << QSize(1920, 1080);
}

void tst_MainWindow::theWindowFitsSmallScreens()
{
    QFETCH(QSize, screen);
    const qreal scale = qEnvironmentVariableIsSet("QT_SCALE_FACTOR")
        ? qEnvironmentVariable("QT_SCALE_FACTOR").toDouble()
        : 1.0;
    const QSize logical = (QSizeF(screen) / scale).toSize();
    if (scale > 1.0 && logical.height() < 700)
        QSKIP("150% is for screens of 1920x1080 and up; smaller ones run at 100%");
    Console c;
    c.desk.addMatch(u"Arsenal"_s, u"Chelsea"_s);
    // A title bar, borders and a desktop panel take about this much.
    const QSize room = logical - QSize(16, 64);
    QVERIFY2(c.window->minimumSizeHint().width() <= room.width()
            && c.window->minimumSizeHint().height() <= room.height(),
        qPrintable(u"minimum %1x%2"_s.arg(c.window->minimumSizeHint().width())
                       .arg(c.window->minimumSizeHint().height())));
    c.window->resize(room);
    QVERIFY(QTest::qWaitForWindowExposed(c.window.get()));
    QTRY_COMPARE(c.window->size(), room);

    // The feed URL in the status bar is on screen, inside the window.
    auto *feed = c.find<QLabel>(u"feedUrl"_s);
    QVERIFY(feed->isVisible());
    const QRect feedRect(feed->mapTo(c.window.get(), QPoint(0, 0)), feed->size());
    QVERIFY(c.window->rect().contains(feedRect));
    // The commentary box shows at least three whole lines, and Send is on screen.
    auto *text
        = c.window->desks()->currentWidget()->findChild<QPlainTextEdit *>(u"commentaryText"_s);
    QVERIFY(text && text->isVisible());
    QVERIFY2(text->viewport()->height() >= 3 * text->fontMetrics().lineSpacing(),
        qPrintable(QString::number(text->viewport()->height())));
    auto *send
        = c.window->desks()->currentWidget()->findChild<QPushButton *>(u"sendCommentaryButton"_s);
    QVERIFY(
        c.window->rect().contains(QRect(send->mapTo(c.window.get(), QPoint(0, 0)), send->size())));
}

namespace {

// Presses Tab from `start` until focus comes back to it (or 80 presses), naming each stop.
QStringList tabStops(QWidget *start)
{
    QStringList stops;
    start->setFocus(Qt::TabFocusReason);
    for (int i = 0; i < 80; ++i) {
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        QWidget *focus = QApplication::focusWidget();
        if (focus == start)
            return stops;
        stops << (focus ? (focus->objectName().isEmpty()
                          ? QString::fromLatin1(focus->metaObject()->className())
                          : focus->objectName())
                        : u"(none)"_s);
    }
    stops << u"(never came back)"_s;
    return stops;
}

} // namespace

void tst_MainWindow::tabCyclesThroughTheWholeWindow_data()
{
    QTest::addColumn<bool>("inMatch");
    QTest::newRow("news desk") << false;
    QTest::newRow("match desk") << true;
}

void tst_MainWindow::tabCyclesThroughTheWholeWindow()
{
    QFETCH(bool, inMatch);
    Console c;
    QVERIFY(QTest::qWaitForWindowActive(c.window.get()));
    QVERIFY(publishFlash(c.desk, u"Something to select"_s));
    QTRY_COMPARE(c.find<QTableView>(u"historyView"_s)->model()->rowCount(), 1);
    // With a viewer listed (the console's own pane), a table that walks its cells on Tab
    // would trap the focus: wait for it, so the test does not depend on who is faster.
    QTRY_VERIFY(c.find<QTableView>(u"connectionsView"_s)->model()->rowCount() > 0);
    QWidget *start = c.find<QLineEdit>(u"headlineEdit"_s);
    if (inMatch) {
        const QString channel = c.desk.addMatch(u"Arsenal"_s, u"Chelsea"_s)->channel();
        QTRY_VERIFY(c.window->findChild<MatchPanel *>(channel));
        start = c.window->findChild<MatchPanel *>(channel)->findChild<QLineEdit *>(u"homeName"_s);
    }
    const QStringList stops = tabStops(start);
    // Every part of the window is on the way, in screen order, and Tab comes back round.
    QVERIFY2(!stops.contains(u"(never came back)"_s), qPrintable(stops.join(u", "_s)));
    const QStringList expected = inMatch
        ? QStringList { u"template-goal"_s, u"commentaryText"_s, u"sendCommentaryButton"_s,
              u"historyView"_s, u"retractButton"_s, u"feedCopyButton"_s, u"embedButton"_s }
        : QStringList { u"bodyEdit"_s, u"urgentCheck"_s, u"sendFlashButton"_s, u"historyView"_s,
              u"retractButton"_s, u"feedCopyButton"_s, u"embedButton"_s };
    qsizetype last = -1;
    for (const QString &name : expected) {
        const qsizetype at = stops.indexOf(name);
        QVERIFY2(at > last, qPrintable(name + u" not in order in: "_s + stops.join(u", "_s)));
        last = at;
    }
}

// The keys table in README.md, pressed on the real window (Ctrl+Enter, Ctrl+W and Ctrl+,
// have tests of their own above).
void tst_MainWindow::theReadmeShortcutsDoWhatTheySay()
{
    Console c;
    QVERIFY(QTest::qWaitForWindowActive(c.window.get()));
    auto press = [](int key, Qt::KeyboardModifiers modifiers = Qt::NoModifier) {
        QTest::keyClick(QApplication::focusWidget(), Qt::Key(key), modifiers);
    };

    // Ctrl+N opens the new-match bar with the cursor in the home team.
    press(Qt::Key_N, Qt::ControlModifier);
    QCOMPARE(QApplication::focusWidget(), c.find<QLineEdit>(u"newMatchHome"_s));
    QTest::keyClicks(QApplication::focusWidget(), u"Arsenal"_s);
    press(Qt::Key_Return);
    QTest::keyClicks(QApplication::focusWidget(), u"Chelsea"_s);
    press(Qt::Key_Return);
    QTRY_COMPARE(c.desk.matches().size(), 1);
    Match *match = c.desk.matches().constFirst();
    auto *panel = c.window->findChild<MatchPanel *>(match->channel());
    QCOMPARE(c.window->desks()->currentWidget(), panel);

    // F9 starts the clock, F5 / Shift+F5 and F6 move the score, Alt+1 picks GOAL.
    press(Qt::Key_F9);
    QVERIFY(match->clock()->isRunning());
    // (A button's shortcut clicks it after its press animation.)
    press(Qt::Key_F6);
    QTRY_COMPARE(match->awayScore(), 1);
    press(Qt::Key_F5);
    QTRY_COMPARE(match->homeScore(), 1);
    press(Qt::Key_F5, Qt::ShiftModifier);
    QTRY_COMPARE(match->homeScore(), 0);
    press(Qt::Key_1, Qt::AltModifier);
    QTRY_COMPARE(
        panel->findChild<QComboBox *>(u"commentaryKind"_s)->currentData().toString(), u"goal"_s);
    QTRY_COMPARE(
        QApplication::focusWidget(), panel->findChild<QPlainTextEdit *>(u"commentaryText"_s));

    // Ctrl+1 goes back to the news desk, with the cursor in the headline.
    press(Qt::Key_1, Qt::ControlModifier);
    QCOMPARE(c.window->desks()->currentIndex(), 0);
    QCOMPARE(QApplication::focusWidget(), c.find<QLineEdit>(u"headlineEdit"_s));

    // Alt+C corrects the selected history row, Esc cancels; Alt+R asks, Esc cancels.
    QVERIFY(publishFlash(c.desk, u"Riversdie win"_s));
    auto *history = c.find<QTableView>(u"historyView"_s);
    QTRY_VERIFY(history->model()->rowCount() >= 1);
    history->setFocus();
    history->selectRow(0);
    press(Qt::Key_C, Qt::AltModifier);
    QTRY_VERIFY(c.find<QWidget>(u"correctionArea"_s)->isVisible());
    press(Qt::Key_Escape);
    QTRY_VERIFY(!c.find<QWidget>(u"correctionArea"_s)->isVisible());
    press(Qt::Key_R, Qt::AltModifier);
    QTRY_VERIFY(c.find<QPushButton>(u"confirmRetractButton"_s)->isVisible());
    press(Qt::Key_Escape);
    QTRY_VERIFY(!c.find<QPushButton>(u"confirmRetractButton"_s)->isVisible());

    // Ctrl+E asks which channel to export, by name.
    QVERIFY(onNextModal<QInputDialog>([&] { press(Qt::Key_E, Qt::ControlModifier); },
        [](QInputDialog *dialog) {
            QVERIFY(dialog->comboBoxItems().contains(u"Arsenal – Chelsea"_s));
        }));
}

// Settings → Send delay: saved, and on every desk at once, a match opened later included.
void tst_MainWindow::theSendDelayFromSettingsAppliesAtOnce()
{
    Console c;
    QVERIFY(QTest::qWaitForWindowActive(c.window.get()));
    const QString first = c.desk.addMatch(u"Arsenal"_s, u"Chelsea"_s)->channel();
    QTRY_VERIFY(c.window->findChild<MatchPanel *>(first));
    QCOMPARE(c.window->news()->sendDelay(), 0ms); // off unless chosen
    QStringList items;
    const bool opened = onNextModal<SettingsDialog>([&] { c.window->openSettings(); },
        [&items](SettingsDialog *dialog) {
            auto *combo = dialog->findChild<QComboBox *>(u"sendDelayCombo"_s);
            QVERIFY(combo);
            for (int i = 0; i < combo->count(); ++i)
                items << combo->itemText(i);
            QCOMPARE(combo->currentData().toInt(), 0);
            combo->setCurrentIndex(combo->findData(5));
            dialog->accept();
        });
    QVERIFY(opened);
    QCOMPARE(items, (QStringList { u"Off"_s, u"3 seconds"_s, u"5 seconds"_s, u"10 seconds"_s }));
    QCOMPARE(c.settings.sendDelaySeconds(), 5);
    QCOMPARE(c.window->news()->sendDelay(), std::chrono::milliseconds(5s));
    QCOMPARE(c.window->findChild<MatchPanel *>(first)->sendDelay(), std::chrono::milliseconds(5s));
    const QString later = c.desk.addMatch(u"Spurs"_s, u"Fulham"_s)->channel();
    QTRY_VERIFY(c.window->findChild<MatchPanel *>(later));
    QCOMPARE(c.window->findChild<MatchPanel *>(later)->sendDelay(), std::chrono::milliseconds(5s));
}

// With the delay on (from Settings at start): Esc in the real window takes a flash back,
// and a flash and a line still waiting when the window closes go at once, once each.
void tst_MainWindow::postsStillWaitingWhenTheWindowClosesGoAtOnce()
{
    QTemporaryDir data;
    {
        Settings settings(data.path());
        settings.setSendDelaySeconds(10);
        QVERIFY(settings.sync());
    }
    Console c(data.path());
    QVERIFY(QTest::qWaitForWindowActive(c.window.get()));
    QCOMPARE(c.window->news()->sendDelay(), std::chrono::milliseconds(10s));
    Match *match = c.desk.addMatch(u"Arsenal"_s, u"Chelsea"_s);
    QTRY_VERIFY(c.window->findChild<MatchPanel *>(match->channel()));
    auto *panel = c.window->findChild<MatchPanel *>(match->channel());
    QCOMPARE(panel->sendDelay(), std::chrono::milliseconds(10s));
    SseTestClient viewer;
    viewer.open(
        c.port(), "/events?channel=news&channel=sentinel&channel=" + match->channel().toUtf8());
    QTRY_VERIFY(viewer.headComplete());

    c.window->desks()->setCurrentIndex(0);
    auto *headline = c.find<QLineEdit>(u"headlineEdit"_s);
    headline->setFocus();
    QTest::keyClicks(headline, u"Kick-off delayed"_s);
    ctrlEnter(headline);
    QVERIFY(c.window->news()->isHolding());
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Escape);
    QVERIFY(!c.window->news()->isHolding());
    QCOMPARE(headline->text(), u"Kick-off delayed"_s);
    QCOMPARE(QApplication::focusWidget(), headline);
    ctrlEnter(headline);
    QVERIFY(c.window->news()->isHolding());

    // On to the match while the flash waits in its tab.
    c.window->desks()->setCurrentWidget(panel);
    auto *text = panel->findChild<QPlainTextEdit *>(u"commentaryText"_s);
    text->setFocus();
    QTest::keyClicks(text, u"Kick-off at the Emirates"_s);
    ctrlEnter(text);
    QVERIFY(panel->isHolding());
    QVERIFY(c.window->news()->isHolding());
    // Back to the news desk (Ctrl+1): the keyboard lands on its Undo, where Esc works.
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_1, Qt::ControlModifier);
    QCOMPARE(QApplication::focusWidget(), c.find<QPushButton>(u"undoSendButton"_s));
    QVERIFY(PublishWaiter::publish(*c.host, u"sentinel"_s, u"clock"_s, QJsonObject {}).ok());
    QTRY_COMPARE(viewer.events().size(), 1);
    QCOMPARE(viewer.events().at(0).type, QByteArray("clock")); // nothing went before it

    QVERIFY(c.window->close()); // as File → Quit does
    QVERIFY(!c.window->news()->isHolding());
    QVERIFY(!panel->isHolding());
    QTRY_COMPARE(viewer.events().size(), 3);
    QCOMPARE(viewer.events().at(1).type, QByteArray("news-flash"));
    QCOMPARE(json(viewer.events().at(1)).value(u"headline"_s).toString(), u"Kick-off delayed"_s);
    QCOMPARE(viewer.events().at(2).type, QByteArray("commentary"));
    QCOMPARE(
        json(viewer.events().at(2)).value(u"text"_s).toString(), u"Kick-off at the Emirates"_s);
    QVERIFY(PublishWaiter::publish(*c.host, u"sentinel"_s, u"clock"_s, QJsonObject {}).ok());
    QTRY_COMPARE(viewer.events().size(), 4);
    QCOMPARE(viewer.events().at(3).type, QByteArray("clock")); // once each
}

// Ending a match with a line still waiting: kept waiting while the operator is asked, then
// sent before full time, in the order they were sent.
void tst_MainWindow::closingAMatchSendsItsWaitingLineBeforeFullTime()
{
    Console c;
    QVERIFY(QTest::qWaitForWindowActive(c.window.get()));
    Match *match = c.desk.addMatch(u"Arsenal"_s, u"Chelsea"_s);
    const QString channel = match->channel();
    QTRY_VERIFY(c.window->findChild<MatchPanel *>(channel));
    auto *panel = c.window->findChild<MatchPanel *>(channel);
    panel->setSendDelay(10s);
    SseTestClient viewer;
    viewer.open(c.port(), "/events?channel=" + channel.toUtf8());
    QTRY_VERIFY(viewer.headComplete());
    QTest::mouseClick(panel->findChild<QPushButton *>(u"homePlus"_s), Qt::LeftButton);
    QTRY_COMPARE(viewer.events().size(), 1); // the score, at once: live now
    auto *text = panel->findChild<QPlainTextEdit *>(u"commentaryText"_s);
    text->setFocus();
    QTest::keyClicks(text, u"The last kick of the game."_s);
    ctrlEnter(text);
    QVERIFY(panel->isHolding());

    QVERIFY(onNextModal<QMessageBox>(
        [&] { QTest::keyClick(c.window.get(), Qt::Key_W, Qt::ControlModifier); },
        [](QMessageBox *box) { QTest::keyClick(box, Qt::Key_Escape); }));
    QVERIFY(panel->isHolding()); // kept covering: the line still waits, Undo still works
    // The tab's ✕ this time (offscreen, the window is not active again after the question).
    QVERIFY(onNextModal<QMessageBox>(
        [&] { Q_EMIT c.window->desks()->tabCloseRequested(c.window->desks()->indexOf(panel)); },
        [](QMessageBox *box) {
            QTest::mouseClick(box->findChild<QPushButton *>(u"endMatchButton"_s), Qt::LeftButton);
        }));
    QTRY_VERIFY(!c.window->findChild<MatchPanel *>(channel));
    QTRY_VERIFY(
        std::any_of(viewer.events().cbegin(), viewer.events().cend(), [](const SseEvent &e) {
            return e.type == "score" && json(e).value(u"period"_s).toString() == u"full-time";
        }));
    QByteArrayList types;
    for (const SseEvent &event : viewer.events())
        types << event.type;
    QCOMPARE(types.count("commentary"), 1);
    QCOMPARE(types.at(1), QByteArray("commentary"));
    QCOMPARE(
        json(viewer.events().at(1)).value(u"text"_s).toString(), u"The last kick of the game."_s);
}

QTEST_MAIN(tst_MainWindow)
#include "tst_mainwindow.moc"
