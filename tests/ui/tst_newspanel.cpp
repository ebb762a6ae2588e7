#include "domain/desk.h"
#include "host/serverhost.h"
#include "newsflashform.h"
#include "newspanel.h"
#include "outbox/outbox.h"
#include "outbox/remotepublisher.h"
#include "pendingpost.h"
#include "publishwaiter.h"
#include "sentinel.h"
#include "ssetestclient.h"
#include "testhost.h"

#include <QApplication>
#include <QCheckBox>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>
#include <QVBoxLayout>

#include <memory>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace {

// The news panel on a real server, in a window of its own, timed by a clock the test moves.
struct Newsroom
{
    Newsroom()
        : host(startHost())
        , desk(host.get())
        , published(host.get(), &ServerHost::published)
    {
        auto *layout = new QVBoxLayout(&window);
        panel = new NewsPanel(&desk, &window);
        panel->setClock([ms = ms] { return *ms; });
        layout->addWidget(panel);
        window.show();
        window.activateWindow();
    }
    ~Newsroom() { host->stop(); }

    template<typename T> T *find(const QString &name) const
    {
        T *widget = panel->findChild<T *>(name);
        if (!widget)
            qFatal("no widget %s", qPrintable(name));
        return widget;
    }
    QLineEdit *headline() const { return find<QLineEdit>(u"headlineEdit"_s); }
    QCheckBox *urgent() const { return find<QCheckBox>(u"urgentCheck"_s); }
    QLabel *message() const { return find<QLabel>(u"flashMessage"_s); }
    QList<QJsonObject> flashes() const
    {
        QList<QJsonObject> found;
        for (const QList<QVariant> &args : published) {
            const auto event = args.at(0).value<HubEventPtr>();
            if (event->type == u"news-flash")
                found.append(event->data.toObject());
        }
        return found;
    }
    // Whatever was asked for before this has been published once it returns true.
    bool sentinelArrives()
    {
        const qsizetype before = published.size();
        if (!PublishWaiter::publish(*host, u"sentinel"_s, u"sentinel"_s, QJsonObject {}).ok())
            return false;
        return QTest::qWaitFor([&] { return published.size() > before; }, 5000);
    }
    void write(const QString &text, bool isUrgent)
    {
        headline()->setFocus();
        QTest::keyClicks(headline(), text);
        urgent()->setChecked(isUrgent);
        headline()->setFocus();
    }

    std::unique_ptr<ServerHost> host;
    Desk desk;
    QSignalSpy published;
    std::shared_ptr<qint64> ms = std::make_shared<qint64>(5000);
    QWidget window;
    NewsPanel *panel = nullptr;
};

// A port nothing listens on.
quint16 closedPort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

void ctrlEnter(QWidget *widget)
{
    QTest::keyClick(widget, Qt::Key_Return, Qt::ControlModifier);
}

// A real viewer of the news and the "sentinel" channel, on the server's own stream.
void watch(SseTestClient &viewer, const ServerHost &host)
{
    viewer.open(quint16(host.baseUrl().port()), "/events?channel=news&channel=sentinel");
}

} // namespace

class tst_NewsPanel final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void aPlainFlashGoesAtOnce();
    void aFlashTheOutboxKeepsIsShownQueued();
    void anUrgentFlashNeedsASecondCtrlEnter();
    void anUrgentFlashByTwoClicks();
    void anythingElseDisarms_data();
    void anythingElseDisarms();
    void aLateSecondPressArmsAgain();
    void aRefusedUrgentFlashIsNotArmed();
    void successClearsAfterAWhileAndErrorsOnceFixed();
    void draftSurvivesIntoANewPanel();
    void tabWalksTheFieldsThenSend();
    void theFormChecksAsPublishingDoes();
    void undoWithinTheDelaySendsNothing();
    void undoByClickAndAFlashAlreadyWaiting();
    void anUrgentFlashWaitsAfterItsSecondPress();
    void leavingTheDeskDuringTheDelayKeepsTheKeyboardThere();
};

void tst_NewsPanel::aPlainFlashGoesAtOnce()
{
    Newsroom n;
    QVERIFY(QTest::qWaitForWindowActive(&n.window));
    n.write(u"Kick-off delayed"_s, false);
    ctrlEnter(n.headline());
    QTRY_COMPARE(n.flashes().size(), 1);
    QCOMPARE(n.flashes().constFirst().value(u"urgent"_s).toBool(), false);
    QTRY_VERIFY(n.message()->text().startsWith(u"Sent #"_s));
    QVERIFY(n.headline()->text().isEmpty());
}

// Finding 5: an urgent flash takes one deliberate extra key, and no dialog.
void tst_NewsPanel::anUrgentFlashNeedsASecondCtrlEnter()
{
    Newsroom n;
    QVERIFY(QTest::qWaitForWindowActive(&n.window));
    n.write(u"Match abandoned"_s, true);
    ctrlEnter(n.headline());
    QVERIFY(n.panel->isArmed());
    QVERIFY2(n.message()->text().contains(u"again"_s), qPrintable(n.message()->text()));
    QVERIFY(QApplication::activeModalWidget() == nullptr);
    QVERIFY(n.sentinelArrives());
    QVERIFY(n.flashes().isEmpty());

    *n.ms += NewsPanel::ArmMs - 1; // within the window
    ctrlEnter(n.headline());
    QTRY_COMPARE(n.flashes().size(), 1);
    QCOMPARE(n.flashes().constFirst(),
        (QJsonObject { { u"headline"_s, u"Match abandoned"_s }, { u"body"_s, QString() },
            { u"urgent"_s, true } }));
    QVERIFY(!n.panel->isArmed());
    QTRY_VERIFY(n.message()->text().startsWith(u"Sent #"_s));
    QVERIFY(n.headline()->text().isEmpty());
    QVERIFY(!n.urgent()->isChecked()); // the next flash is not urgent unless ticked again
}

void tst_NewsPanel::anUrgentFlashByTwoClicks()
{
    Newsroom n;
    QVERIFY(QTest::qWaitForWindowActive(&n.window));
    n.write(u"Match abandoned"_s, true);
    auto *send = n.find<QPushButton>(u"sendFlashButton"_s);
    QTest::mouseClick(send, Qt::LeftButton);
    QVERIFY(n.panel->isArmed());
    QTest::mouseClick(send, Qt::LeftButton);
    QTRY_COMPARE(n.flashes().size(), 1);
}

void tst_NewsPanel::anythingElseDisarms_data()
{
    QTest::addColumn<QString>("what");
    QTest::addRow("typing") << u"type"_s;
    QTest::addRow("an arrow key") << u"arrow"_s;
    QTest::addRow("Tab away") << u"tab"_s;
    QTest::addRow("unticking urgent") << u"untick"_s;
    QTest::addRow("a click into the body") << u"click"_s;
    QTest::addRow("the time running out") << u"time"_s;
}

void tst_NewsPanel::anythingElseDisarms()
{
    QFETCH(QString, what);
    Newsroom n;
    QVERIFY(QTest::qWaitForWindowActive(&n.window));
    n.write(u"Match abandoned"_s, true);
    ctrlEnter(n.headline());
    QVERIFY(n.panel->isArmed());

    if (what == u"type")
        QTest::keyClicks(n.headline(), u"!"_s);
    else if (what == u"arrow")
        QTest::keyClick(n.headline(), Qt::Key_Left);
    else if (what == u"tab")
        QTest::keyClick(n.headline(), Qt::Key_Tab);
    else if (what == u"untick")
        n.urgent()->click();
    else if (what == u"click")
        QTest::mouseClick(n.find<QPlainTextEdit>(u"bodyEdit"_s)->viewport(), Qt::LeftButton);
    else
        *n.ms += NewsPanel::ArmMs + 1;
    QTRY_VERIFY(!n.panel->isArmed());
    QTRY_VERIFY(n.message()->text().isEmpty()); // the prompt goes with it

    // So the next Ctrl+Enter is a first one again (or, unticked, a plain send).
    n.headline()->setFocus();
    ctrlEnter(n.headline());
    if (what == u"untick") {
        QTRY_COMPARE(n.flashes().size(), 1);
        QCOMPARE(n.flashes().constFirst().value(u"urgent"_s).toBool(), false);
        return;
    }
    QVERIFY(n.panel->isArmed());
    QVERIFY(n.sentinelArrives());
    QVERIFY(n.flashes().isEmpty());
}

// A second press after the window, before the panel noticed it ran out: armed again, not sent.
void tst_NewsPanel::aLateSecondPressArmsAgain()
{
    Newsroom n;
    QVERIFY(QTest::qWaitForWindowActive(&n.window));
    n.write(u"Match abandoned"_s, true);
    ctrlEnter(n.headline());
    *n.ms += NewsPanel::ArmMs + 1;
    ctrlEnter(n.headline());
    QVERIFY(n.panel->isArmed());
    QVERIFY(n.sentinelArrives());
    QVERIFY(n.flashes().isEmpty());
}

void tst_NewsPanel::aRefusedUrgentFlashIsNotArmed()
{
    Newsroom n;
    QVERIFY(QTest::qWaitForWindowActive(&n.window));
    n.write(QString(), true);
    ctrlEnter(n.headline());
    QVERIFY(!n.panel->isArmed());
    QCOMPARE(n.message()->text(), u"Not sent: Write a headline first."_s);
    ctrlEnter(n.headline());
    QVERIFY(!n.panel->isArmed());
    QVERIFY(n.flashes().isEmpty());
}

// Finding 13: status messages do not stay forever.
void tst_NewsPanel::successClearsAfterAWhileAndErrorsOnceFixed()
{
    Newsroom n;
    QVERIFY(QTest::qWaitForWindowActive(&n.window));
    n.headline()->setFocus();
    ctrlEnter(n.headline());
    QCOMPARE(n.message()->text(), u"Not sent: Write a headline first."_s);
    *n.ms += 10 * StatusMessage::SuccessMs;
    QTest::keyClicks(n.headline(), u"Half-time"_s);
    QVERIFY(n.message()->text().isEmpty());

    ctrlEnter(n.headline());
    QTRY_VERIFY(n.message()->text().startsWith(u"Sent #"_s));
    *n.ms += StatusMessage::SuccessMs;
    QTRY_VERIFY(n.message()->text().isEmpty());
}

// Finding 7: what was typed and not sent, into a new panel (as after a restart).
void tst_NewsPanel::draftSurvivesIntoANewPanel()
{
    QJsonObject draft;
    {
        Newsroom n;
        n.write(u"Team news: "_s, true);
        auto *body = n.find<QPlainTextEdit>(u"bodyEdit"_s);
        QTest::keyClicks(body, u"Saka starts"_s);
        QTest::keyClick(body, Qt::Key_Return);
        QTest::keyClicks(body, u"on the right"_s);
        draft = n.panel->draft();
    }
    Newsroom n;
    n.panel->setDraft(draft);
    QCOMPARE(n.headline()->text(), u"Team news: "_s); // as typed, the space too
    QCOMPARE(n.find<QPlainTextEdit>(u"bodyEdit"_s)->toPlainText(), u"Saka starts\non the right"_s);
    QVERIFY(n.urgent()->isChecked());
    QVERIFY(!n.panel->isArmed()); // a restored urgent draft still needs both presses
    QCOMPARE(n.panel->draft(), draft);
    n.panel->setDraft({});
    QCOMPARE(n.panel->draft(), QJsonObject()); // nothing typed, nothing to keep
    QVERIFY(n.headline()->text().isEmpty());
}

void tst_NewsPanel::tabWalksTheFieldsThenSend()
{
    Newsroom n;
    QVERIFY(QTest::qWaitForWindowActive(&n.window));
    n.headline()->setFocus();
    QStringList walked;
    for (int i = 0; i < 4; ++i) {
        walked.append(QApplication::focusWidget()->objectName());
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
    }
    QCOMPARE(walked,
        (QStringList { u"headlineEdit"_s, u"bodyEdit"_s, u"urgentCheck"_s, u"sendFlashButton"_s }));
}

// The form a correction reuses refuses what publishing refuses, with the same words.
void tst_NewsPanel::theFormChecksAsPublishingDoes()
{
    Newsroom n;
    NewsFlashForm *form = n.panel->form();
    QString error;
    QVERIFY(!form->check(&error));
    QCOMPARE(error, u"Write a headline first."_s);
    form->setFields(QJsonObject { { u"headline"_s, QString(201, u'x') } });
    QVERIFY(!form->check(&error));
    QVERIFY(error.contains(u"201 characters"_s));
    form->setFields(QJsonObject {
        { u"headline"_s, u"  Fixed  "_s }, { u"body"_s, u"b "_s }, { u"urgent"_s, true } });
    QVERIFY(form->check(&error));
    QCOMPARE(form->fields(),
        (QJsonObject {
            { u"headline"_s, u"Fixed"_s }, { u"body"_s, u"b"_s }, { u"urgent"_s, true } }));
}

void tst_NewsPanel::aFlashTheOutboxKeepsIsShownQueued()
{
    // A console whose server cannot be reached: the outbox keeps the flash, the operator
    // sees it is queued (not an error), and the form is free for the next one.
    RemotePublisher remote;
    remote.setBaseUrl(QUrl(u"http://127.0.0.1:%1/"_s.arg(closedPort())));
    Outbox outbox(&remote);
    outbox.start();
    Desk desk(&outbox);
    QWidget window;
    auto *layout = new QVBoxLayout(&window);
    auto *panel = new NewsPanel(&desk, &window);
    layout->addWidget(panel);
    window.show();
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    auto *headline = panel->findChild<QLineEdit *>(u"headlineEdit"_s);
    auto *message = panel->findChild<QLabel *>(u"flashMessage"_s);
    headline->setFocus();
    QTest::keyClicks(headline, u"Teams are out"_s);
    ctrlEnter(headline);
    QTRY_VERIFY2(message->text().startsWith(u"Queued, not sent yet: Teams are out"_s),
        qPrintable(message->text()));
    QVERIFY2(message->text().contains(u"refused the connection"_s), qPrintable(message->text()));
    QCOMPARE(headline->text(), QString());
    QCOMPARE(outbox.size(), 1);
}

// The send delay: a real viewer gets nothing while the flash waits, nothing after Esc took
// it back, and the flash exactly once when a second try is left to run out.
void tst_NewsPanel::undoWithinTheDelaySendsNothing()
{
    Newsroom n;
    QVERIFY(QTest::qWaitForWindowActive(&n.window));
    n.panel->setSendDelay(3s);
    SseTestClient viewer;
    watch(viewer, *n.host);
    QTRY_VERIFY(viewer.headComplete());
    n.write(u"Kick-off delayed "_s, false);
    QTest::keyClicks(n.find<QPlainTextEdit>(u"bodyEdit"_s), u"Heavy rain."_s);
    n.headline()->setFocus();
    const QJsonObject typed = n.panel->draft();

    ctrlEnter(n.headline());
    QVERIFY(n.panel->isHolding());
    auto *countdown = n.find<QLabel>(u"flashCountdown"_s);
    auto *undo = n.find<QPushButton>(u"undoSendButton"_s);
    QVERIFY(countdown->isVisible() && undo->isVisible());
    QCOMPARE(countdown->text(), u"Sending in 3 s… Esc or Undo takes it back."_s);
    QVERIFY(!n.panel->form()->isEnabled()); // what waits cannot change
    QVERIFY(!n.find<QPushButton>(u"sendFlashButton"_s)->isEnabled());
    QCOMPARE(QApplication::focusWidget(), undo);
    *n.ms += 2000;
    QTRY_COMPARE(countdown->text(), u"Sending in 1 s… Esc or Undo takes it back."_s);
    QVERIFY(sentinelReaches(*n.host, viewer));
    QCOMPARE(typesOf(viewer), QByteArrayList { "clock" }); // nothing before its time

    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Escape);
    QVERIFY(!n.panel->isHolding());
    QVERIFY(!countdown->isVisible() && !undo->isVisible());
    QVERIFY(n.panel->form()->isEnabled());
    QCOMPARE(n.panel->draft(), typed); // back as typed, the trailing space too
    QCOMPARE(QApplication::focusWidget(), n.headline());
    QCOMPARE(n.message()->text(), u"Taken back; nothing was sent."_s);
    *n.ms += 60000; // long past the time it would have gone
    letItPoll();
    QVERIFY(sentinelReaches(*n.host, viewer));
    QCOMPARE(typesOf(viewer), (QByteArrayList { "clock", "clock" }));
    QVERIFY(n.flashes().isEmpty());
    QCOMPARE(n.panel->draft(), typed);

    // Again, and left to run out: exactly once, then the form is free.
    ctrlEnter(n.headline());
    QVERIFY(n.panel->isHolding());
    *n.ms += 2999;
    letItPoll();
    QVERIFY(n.flashes().isEmpty());
    *n.ms += 1;
    QTRY_COMPARE(viewer.events().size(), 3);
    QCOMPARE(viewer.events().at(2).type, QByteArray("news-flash"));
    QCOMPARE(QJsonDocument::fromJson(viewer.events().at(2).data).object(),
        (QJsonObject { { u"headline"_s, u"Kick-off delayed"_s }, { u"body"_s, u"Heavy rain."_s },
            { u"urgent"_s, false } }));
    QTRY_VERIFY(n.message()->text().startsWith(u"Sent #"_s));
    QVERIFY(n.headline()->text().isEmpty());
    QVERIFY(n.panel->form()->isEnabled());
    QCOMPARE(QApplication::focusWidget(), n.headline());
    QVERIFY(sentinelReaches(*n.host, viewer));
    QCOMPARE(typesOf(viewer), (QByteArrayList { "clock", "clock", "news-flash", "clock" }));
}

void tst_NewsPanel::undoByClickAndAFlashAlreadyWaiting()
{
    Newsroom n;
    QVERIFY(QTest::qWaitForWindowActive(&n.window));
    n.panel->setSendDelay(5s);
    n.write(u"Teams are out"_s, false);
    ctrlEnter(n.headline());
    QVERIFY(n.panel->isHolding());
    // Pressed again: neither sooner nor twice.
    ctrlEnter(QApplication::focusWidget());
    QVERIFY(n.panel->isHolding());
    QVERIFY2(n.find<QLabel>(u"flashCountdown"_s)->text().startsWith(u"Already waiting"_s),
        qPrintable(n.find<QLabel>(u"flashCountdown"_s)->text()));
    QTest::mouseClick(n.find<QPushButton>(u"undoSendButton"_s), Qt::LeftButton);
    QVERIFY(!n.panel->isHolding());
    QCOMPARE(n.headline()->text(), u"Teams are out"_s);
    *n.ms += 60000;
    letItPoll();
    QVERIFY(n.sentinelArrives());
    QVERIFY(n.flashes().isEmpty());

    // Taken back and edited, it goes as edited, once.
    QTest::keyClicks(n.headline(), u": Saka starts"_s);
    ctrlEnter(n.headline());
    ctrlEnter(QApplication::focusWidget());
    *n.ms += 5000;
    QTRY_COMPARE(n.flashes().size(), 1);
    QCOMPARE(
        n.flashes().constFirst().value(u"headline"_s).toString(), u"Teams are out: Saka starts"_s);
    QVERIFY(n.sentinelArrives());
    QCOMPARE(n.flashes().size(), 1);
}

// The double press stays: the delay starts once the second press has confirmed it.
void tst_NewsPanel::anUrgentFlashWaitsAfterItsSecondPress()
{
    Newsroom n;
    QVERIFY(QTest::qWaitForWindowActive(&n.window));
    n.panel->setSendDelay(3s);
    n.write(u"Match abandoned"_s, true);
    ctrlEnter(n.headline());
    QVERIFY(n.panel->isArmed());
    QVERIFY(!n.panel->isHolding());
    ctrlEnter(n.headline());
    QVERIFY(!n.panel->isArmed());
    QVERIFY(n.panel->isHolding());
    QVERIFY(n.message()->text().isEmpty()); // "press again" is answered
    *n.ms += NewsPanel::ArmMs + 1; // the arming time running out changes nothing now
    QTRY_COMPARE(n.flashes().size(), 1);
    QCOMPARE(n.flashes().constFirst().value(u"urgent"_s).toBool(), true);
    QVERIFY(!n.panel->isHolding());
}

// A flash left to run out while the operator works elsewhere does not pull the keyboard
// back when it goes.
void tst_NewsPanel::leavingTheDeskDuringTheDelayKeepsTheKeyboardThere()
{
    Newsroom n;
    auto *elsewhere = new QLineEdit(&n.window);
    n.window.layout()->addWidget(elsewhere);
    QVERIFY(QTest::qWaitForWindowActive(&n.window));
    n.panel->setSendDelay(3s);
    n.write(u"Kick-off delayed"_s, false);
    ctrlEnter(n.headline());
    QVERIFY(n.panel->isHolding());
    elsewhere->setFocus();
    QTest::keyClick(elsewhere, Qt::Key_Escape); // Esc belongs to the desk it was sent from
    QVERIFY(n.panel->isHolding());
    *n.ms += 3000;
    QTRY_COMPARE(n.flashes().size(), 1);
    QTRY_VERIFY(n.message()->text().startsWith(u"Sent #"_s));
    QCOMPARE(QApplication::focusWidget(), elsewhere);
    QVERIFY(n.headline()->text().isEmpty());
}

QTEST_MAIN(tst_NewsPanel)
#include "tst_newspanel.moc"
