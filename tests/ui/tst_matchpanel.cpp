#include "commentaryform.h"
#include "domain/commentarykind.h"
#include "domain/desk.h"
#include "host/serverhost.h"
#include "matchpanel.h"
#include "pendingpost.h"
#include "publishwaiter.h"
#include "sentinel.h"
#include "ssetestclient.h"
#include "testhost.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QGroupBox>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>
#include <QVBoxLayout>
#include <QWheelEvent>

#include <memory>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace {

// A monotonic clock the test moves by hand.
struct FakeClock
{
    std::shared_ptr<qint64> ms = std::make_shared<qint64>(1000);
    StatusMessage::Clock clock() const
    {
        return [ms = ms] { return *ms; };
    }
};

// A fresh match (Arsenal v Chelsea) on a real server, its panel in a window of its own
// with one field after it, as the main window has more after the tab.
struct Desk1
{
    Desk1()
        : host(startHost())
        , desk(host.get())
        , match(desk.addMatch(u"Arsenal"_s, u"Chelsea"_s))
        , published(host.get(), &ServerHost::published)
    {
        auto *layout = new QVBoxLayout(&window);
        panel = new MatchPanel(match, &window);
        panel->setClock(time.clock());
        layout->addWidget(panel);
        after = new QLineEdit(&window);
        after->setObjectName(u"afterThePanel"_s);
        layout->addWidget(after);
        window.show();
        window.activateWindow();
    }
    ~Desk1() { host->stop(); }

    template<typename T> T *find(const QString &name) const
    {
        T *widget = panel->findChild<T *>(name);
        if (!widget)
            qFatal("no widget %s", qPrintable(name));
        return widget;
    }
    QPlainTextEdit *text() const { return find<QPlainTextEdit>(u"commentaryText"_s); }
    QComboBox *kind() const { return find<QComboBox>(u"commentaryKind"_s); }
    QComboBox *team() const { return find<QComboBox>(u"commentaryTeam"_s); }
    QLabel *message() const { return find<QLabel>(u"commentaryMessage"_s); }
    QLabel *preview() const { return find<QLabel>(u"scorePreview"_s); }
    QCheckBox *bump() const { return find<QCheckBox>(u"goalBumpCheck"_s); }
    // The events of one type the server published, in order.
    QList<QJsonObject> events(const QString &type) const
    {
        QList<QJsonObject> found;
        for (const QList<QVariant> &args : published) {
            const auto event = args.at(0).value<HubEventPtr>();
            if (event->type == type)
                found.append(event->data.toObject());
        }
        return found;
    }

    std::unique_ptr<ServerHost> host;
    Desk desk;
    Match *match;
    QSignalSpy published;
    FakeClock time;
    QWidget window;
    MatchPanel *panel = nullptr;
    QLineEdit *after = nullptr;
};

// Publishes a sentinel and waits until the panel's spy has it: whatever was asked for
// before it has been published by then, or never will be.
bool sentinelArrives(Desk1 &d)
{
    if (!PublishWaiter::publish(*d.host, u"sentinel"_s, u"sentinel"_s, QJsonObject {}).ok())
        return false;
    return QTest::qWaitFor([&d] { return !d.events(u"sentinel"_s).isEmpty(); }, 5000);
}

void ctrlEnter(QWidget *widget)
{
    QTest::keyClick(widget, Qt::Key_Return, Qt::ControlModifier);
}

// Alt+digit, the way the operator reaches a template; the button's click lands a moment
// later (a shortcut "animates" it).
void altDigit(QWidget *widget, int digit)
{
    QTest::keyClick(widget, Qt::Key(Qt::Key_0 + digit), Qt::AltModifier);
}

// A real viewer of the match and of the "sentinel" channel, on the server's own stream.
void watch(SseTestClient &viewer, const Desk1 &d)
{
    viewer.open(quint16(d.host->baseUrl().port()),
        "/events?channel=" + d.match->channel().toUtf8() + "&channel=sentinel");
}

} // namespace

class tst_MatchPanel final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void aPlainLineIsTheDefaultAndLeavesTheScore();
    void theMatchReportIsOfferedAtFullTime();
    void goalShowsTheScoreBeforeSendingThenKindIsPlainAgain();
    void goalWithoutAddToScoreKeepsTheScore();
    void keyMomentsFollowTheKindAndTheOperator();
    void theWheelOverAClosedKindBoxChangesNothing();
    void templateTextFollowsTeamAndScore();
    void templateTextIsTheOperatorsOnceEdited();
    void aBareTemplateIsNotSent_data();
    void aBareTemplateIsNotSent();
    void tabWalksEveryControlInScreenOrderThenLeaves();
    void successClearsAfterAWhileAndErrorsOnceFixed();
    void draftSurvivesIntoANewPanel();
    void scoreboardTitleNamesTheTeams();
    void everyKindHasALabel();
    void aRestoredRunningClockShowsRunning();
    void undoWithinTheDelaySendsNothingAndScoresNeverWait();
    void escAnywhereInThePanelTakesTheLineBack();
    void aTemplateLineThatWaitedCatchesUpWhenTakenBack();
    void aGoalThatWaitedStillMovesTheScoreAfterIt();
};

// Finding 1: Ctrl+Enter on "Kick-off at the Emirates" in a fresh match.
void tst_MatchPanel::theMatchReportIsOfferedAtFullTime()
{
    Desk1 d;
    QVERIFY(QTest::qWaitForWindowActive(&d.window));
    auto *report = d.panel->findChild<QPushButton *>(u"matchReportButton"_s);
    QVERIFY(!report->isVisible());
    d.match->setPeriod(Match::Period::FullTime);
    QTRY_VERIFY(report->isVisible());
    QSignalSpy asked(d.panel, &MatchPanel::reportRequested);
    report->click();
    QCOMPARE(asked.count(), 1);
    d.match->setPeriod(Match::Period::SecondHalf); // full time was a slip: no report yet
    QTRY_VERIFY(!report->isVisible());
}

void tst_MatchPanel::aPlainLineIsTheDefaultAndLeavesTheScore()
{
    Desk1 d;
    QVERIFY(QTest::qWaitForWindowActive(&d.window));
    QCOMPARE(d.kind()->currentData().toString(), u"comment"_s);
    QVERIFY(!d.preview()->isVisible()); // nothing to say about the score
    QVERIFY(!d.bump()->isVisible());
    d.text()->setFocus();
    QTest::keyClicks(d.text(), u"Kick-off at the Emirates"_s);
    ctrlEnter(d.text());

    QTRY_COMPARE(d.events(u"commentary"_s).size(), 1);
    const QJsonObject line = d.events(u"commentary"_s).constFirst();
    QCOMPARE(line.value(u"kind"_s).toString(), u"comment"_s);
    QCOMPARE(line.value(u"text"_s).toString(), u"Kick-off at the Emirates"_s);
    QTRY_VERIFY(d.message()->text().startsWith(u"Sent #"_s));
    QVERIFY(d.events(u"score"_s).isEmpty());
    QCOMPARE(d.match->homeScore(), 0);
    QCOMPARE(d.match->awayScore(), 0);
    QCOMPARE(d.find<QLabel>(u"scoreLabel"_s)->text(), u"0 – 0"_s);
    QVERIFY(d.text()->toPlainText().isEmpty());
}

void tst_MatchPanel::goalShowsTheScoreBeforeSendingThenKindIsPlainAgain()
{
    Desk1 d;
    QVERIFY(QTest::qWaitForWindowActive(&d.window));
    d.match->clock()->set(22, 10);
    d.text()->setFocus();
    altDigit(d.text(), 1);
    QTRY_COMPARE(d.text()->toPlainText(), u"GOAL for Arsenal! "_s);
    QCOMPARE(d.kind()->currentData().toString(), u"goal"_s);
    QCOMPARE(d.find<QSpinBox>(u"commentaryMinute"_s)->value(), 23);
    QVERIFY(d.preview()->isVisible());
    QCOMPARE(d.preview()->text(), u"Sends: Arsenal 1–0 Chelsea"_s);
    QVERIFY(d.bump()->isVisible() && d.bump()->isChecked());
    QVERIFY(d.events(u"commentary"_s).isEmpty()); // a preview, not a send

    // The other team: the preview and the template follow.
    d.team()->setCurrentIndex(1);
    QCOMPARE(d.preview()->text(), u"Sends: Arsenal 0–1 Chelsea"_s);
    QCOMPARE(d.text()->toPlainText(), u"GOAL for Chelsea! "_s);
    d.text()->setFocus();
    QTest::keyClicks(d.text(), u"Palmer, low into the corner."_s);
    ctrlEnter(d.text());

    QTRY_COMPARE(d.events(u"score"_s).size(), 1);
    QCOMPARE(d.events(u"commentary"_s).constFirst(),
        (QJsonObject { { u"match"_s, d.match->channel() }, { u"minute"_s, 23 },
            { u"kind"_s, u"goal"_s },
            { u"text"_s, u"GOAL for Chelsea! Palmer, low into the corner."_s },
            { u"key"_s, true } })); // a goal is a key moment unless unticked
    QCOMPARE(d.events(u"score"_s).constFirst().value(u"awayScore"_s).toInt(), 1);
    QTRY_COMPARE(d.match->awayScore(), 1);
    // The next line is plain again.
    QCOMPARE(d.kind()->currentData().toString(), u"comment"_s);
    QVERIFY(!d.preview()->isVisible());
    QVERIFY(d.text()->toPlainText().isEmpty());
    QTest::keyClicks(d.text(), u"Chelsea press again."_s);
    ctrlEnter(d.text());
    QTRY_COMPARE(d.events(u"commentary"_s).size(), 2);
    QCOMPARE(d.events(u"commentary"_s).at(1).value(u"kind"_s).toString(), u"comment"_s);
    QCOMPARE(d.events(u"score"_s).size(), 1);
}

// A red card (Alt+3) is a key moment unless unticked; a plain line is not, unless ticked.
void tst_MatchPanel::keyMomentsFollowTheKindAndTheOperator()
{
    Desk1 d;
    QVERIFY(QTest::qWaitForWindowActive(&d.window));
    auto *key = d.find<QCheckBox>(u"commentaryKey"_s);
    QVERIFY(!key->isChecked());
    d.text()->setFocus();
    altDigit(d.text(), 3);
    QTRY_COMPARE(d.kind()->currentData().toString(), u"red-card"_s);
    QVERIFY(key->isChecked());
    QTest::keyClicks(d.text(), u"Straight red for a lunge."_s);
    ctrlEnter(d.text());
    QTRY_COMPARE(d.events(u"commentary"_s).size(), 1);
    QCOMPARE(d.events(u"commentary"_s).at(0).value(u"key"_s), QJsonValue(true));
    // After a send the kind is plain again, and so is the mark.
    QTRY_VERIFY(!key->isChecked());
    altDigit(d.text(), 3);
    QTRY_VERIFY(key->isChecked());
    key->setChecked(false);
    QTest::keyClicks(d.text(), u"Second look: it stands."_s);
    ctrlEnter(d.text());
    QTRY_COMPARE(d.events(u"commentary"_s).size(), 2);
    QVERIFY(!d.events(u"commentary"_s).at(1).contains(u"key"_s));
    key->setChecked(true);
    QTest::keyClicks(d.text(), u"The crowd roars."_s);
    ctrlEnter(d.text());
    QTRY_COMPARE(d.events(u"commentary"_s).size(), 3);
    QCOMPARE(d.events(u"commentary"_s).at(2).value(u"key"_s), QJsonValue(true));
}

void tst_MatchPanel::goalWithoutAddToScoreKeepsTheScore()
{
    Desk1 d;
    QVERIFY(QTest::qWaitForWindowActive(&d.window));
    QTest::mouseClick(d.find<QPushButton>(u"homePlus"_s), Qt::LeftButton); // scored first
    QTRY_COMPARE(d.events(u"score"_s).size(), 1);
    QTest::mouseClick(d.find<QPushButton>(u"template-goal"_s), Qt::LeftButton);
    QCOMPARE(d.preview()->text(), u"Sends: Arsenal 2–0 Chelsea"_s);
    d.bump()->click();
    QCOMPARE(d.preview()->text(), u"Score stays Arsenal 1–0 Chelsea"_s);
    QTest::keyClicks(d.text(), u"Saka, as pressed a moment ago."_s);
    ctrlEnter(d.text());
    QTRY_COMPARE(d.events(u"commentary"_s).size(), 1);
    QCOMPARE(d.events(u"commentary"_s).constFirst().value(u"kind"_s).toString(), u"goal"_s);
    QTRY_VERIFY(d.message()->text().startsWith(u"Sent #"_s));
    QCOMPARE(d.events(u"score"_s).size(), 1);
    QCOMPARE(d.match->homeScore(), 1);
    QVERIFY(d.bump()->isChecked()); // ticked again for the next goal
}

// A score-changing kind is picked on purpose: a wheel turned over the closed box is not.
void tst_MatchPanel::theWheelOverAClosedKindBoxChangesNothing()
{
    Desk1 d;
    QVERIFY(QTest::qWaitForWindowActive(&d.window));
    d.text()->setFocus();
    QComboBox *kind = d.kind();
    const QPoint centre = kind->rect().center();
    QWheelEvent wheel(centre, kind->mapToGlobal(centre), QPoint(), QPoint(0, -120), Qt::NoButton,
        Qt::NoModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(kind, &wheel);
    QCOMPARE(kind->currentData().toString(), u"comment"_s);
    // Chosen with the keyboard, it is a choice.
    kind->setFocus();
    QTest::keyClick(kind, Qt::Key_Down);
    QCOMPARE(kind->currentData().toString(), u"goal"_s);
    QVERIFY(d.preview()->isVisible());
}

// Finding 2: Alt+2, then a change of team, left "(Arsenal)" in the text.
void tst_MatchPanel::templateTextFollowsTeamAndScore()
{
    Desk1 d;
    QVERIFY(QTest::qWaitForWindowActive(&d.window));
    d.text()->setFocus();
    altDigit(d.text(), 2);
    QTRY_COMPARE(d.text()->toPlainText(), u"Yellow card (Arsenal): "_s);
    QTest::keyClicks(d.text(), u"Rice, late on Enzo"_s);
    d.team()->setCurrentIndex(1);
    QCOMPARE(d.text()->toPlainText(), u"Yellow card (Chelsea): Rice, late on Enzo"_s);
    // A renamed team too.
    auto *awayName = d.find<QLineEdit>(u"awayName"_s);
    awayName->setFocus();
    awayName->selectAll();
    QTest::keyClicks(awayName, u"Chelsea FC"_s);
    QTest::keyClick(awayName, Qt::Key_Tab);
    QCOMPARE(d.text()->toPlainText(), u"Yellow card (Chelsea FC): Rice, late on Enzo"_s);
    QCOMPARE(d.team()->currentText(), u"Chelsea FC"_s);

    // Full-time carries the score, which follows too.
    d.text()->clear();
    d.text()->setFocus();
    altDigit(d.text(), 8);
    QTRY_COMPARE(d.text()->toPlainText(), u"Full-time: Arsenal 0–0 Chelsea FC. "_s);
    QTest::mouseClick(d.find<QPushButton>(u"homePlus"_s), Qt::LeftButton);
    QTRY_COMPARE(d.text()->toPlainText(), u"Full-time: Arsenal 1–0 Chelsea FC. "_s);
}

void tst_MatchPanel::templateTextIsTheOperatorsOnceEdited()
{
    Desk1 d;
    QVERIFY(QTest::qWaitForWindowActive(&d.window));
    d.text()->setFocus();
    altDigit(d.text(), 4);
    QTRY_COMPARE(d.text()->toPlainText(), u"Substitution (Arsenal): "_s);
    // The operator rewrites the template part itself: from now on the text is theirs.
    d.text()->setPlainText(u"Double change for Arsenal: "_s);
    d.team()->setCurrentIndex(1);
    QCOMPARE(d.text()->toPlainText(), u"Double change for Arsenal: "_s);
}

void tst_MatchPanel::aBareTemplateIsNotSent_data()
{
    QTest::addColumn<int>("digit");
    QTest::addColumn<QString>("extra");
    const QList<MatchPanel::Template> templates = MatchPanel::templates();
    for (int i = 0; i < templates.size(); ++i)
        QTest::addRow("%s", qPrintable(templates.at(i).kind)) << i + 1 << QString();
    QTest::addRow("red card and some spaces") << 3 << u"   "_s;
    QTest::addRow("red card and a new line") << 3 << u"\n"_s;
}

// Finding 2: Alt+3 and Ctrl+Enter at once published the bare "Red card (Arsenal): ".
void tst_MatchPanel::aBareTemplateIsNotSent()
{
    QFETCH(int, digit);
    QFETCH(QString, extra);
    Desk1 d;
    QVERIFY(QTest::qWaitForWindowActive(&d.window));
    d.text()->setFocus();
    altDigit(d.text(), digit);
    QTRY_VERIFY(!d.text()->toPlainText().isEmpty());
    for (const QChar c : std::as_const(extra)) {
        if (c == u'\n')
            QTest::keyClick(d.text(), Qt::Key_Return);
        else
            QTest::keyClicks(d.text(), QString(c));
    }
    const QString typed = d.text()->toPlainText();
    ctrlEnter(d.text());
    QVERIFY2(d.message()->text().contains(u"a template alone is not sent"_s),
        qPrintable(d.message()->text()));
    QCOMPARE(d.text()->toPlainText(), typed); // nothing lost
    // Whatever the server had time to do, it did not get a line.
    QVERIFY(sentinelArrives(d));
    QVERIFY(d.events(u"commentary"_s).isEmpty());
    // Adding words sends it, and the error goes.
    QTest::keyClicks(d.text(), u"Gabriel"_s);
    QVERIFY(d.message()->text().isEmpty());
    ctrlEnter(d.text());
    QTRY_COMPARE(d.events(u"commentary"_s).size(), 1);
}

// Finding 12: Tab reaches every control of the tab in screen order, then the window's next.
void tst_MatchPanel::tabWalksEveryControlInScreenOrderThenLeaves()
{
    Desk1 d;
    QVERIFY(QTest::qWaitForWindowActive(&d.window));
    auto *first = d.find<QLineEdit>(u"homeName"_s);
    first->setFocus();
    QStringList walked;
    for (int i = 0; i < 40 && QApplication::focusWidget() != d.after; ++i) {
        walked.append(QApplication::focusWidget()->objectName());
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
    }
    QStringList expected { u"homeName"_s, u"awayName"_s, u"homeMinus"_s, u"homePlus"_s,
        u"periodCombo"_s, u"awayMinus"_s, u"awayPlus"_s, u"clockStartPause"_s, u"clockSetEdit"_s,
        u"clockSetButton"_s };
    for (const MatchPanel::Template &t : MatchPanel::templates())
        expected.append(u"template-"_s + t.kind);
    expected << u"commentaryKind"_s << u"commentaryTeam"_s << u"commentaryMinute"_s
             << u"commentaryKey"_s << u"commentaryText"_s << u"sendCommentaryButton"_s;
    QCOMPARE(walked, expected);
    QCOMPARE(QApplication::focusWidget(), d.after);

    // With a GOAL on the way, "Add to the score" is on the way too, before Send.
    QTest::mouseClick(d.find<QPushButton>(u"template-goal"_s), Qt::LeftButton);
    QCOMPARE(QApplication::focusWidget(), d.text());
    QTest::keyClick(d.text(), Qt::Key_Tab);
    QCOMPARE(QApplication::focusWidget(), d.bump());
    QTest::keyClick(d.bump(), Qt::Key_Tab);
    QCOMPARE(QApplication::focusWidget()->objectName(), u"sendCommentaryButton"_s);
    // And back.
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Backtab);
    QCOMPARE(QApplication::focusWidget(), d.bump());

    // Focus given to the panel (its tab shown) lands in the text.
    d.after->setFocus();
    d.panel->setFocus();
    QCOMPARE(QApplication::focusWidget(), d.text());
}

// Finding 13: status messages do not stay forever.
void tst_MatchPanel::successClearsAfterAWhileAndErrorsOnceFixed()
{
    Desk1 d;
    QVERIFY(QTest::qWaitForWindowActive(&d.window));
    d.text()->setFocus();
    ctrlEnter(d.text()); // nothing written
    QCOMPARE(d.message()->text(), u"Not sent: Write the commentary text first."_s);
    *d.time.ms += 10 * StatusMessage::SuccessMs; // an error does not time out ...
    QTest::keyClicks(d.text(), u"K"_s);
    QVERIFY(d.message()->text().isEmpty()); // ... it goes once the operator acts on it

    ctrlEnter(d.text());
    QTRY_VERIFY(d.message()->text().startsWith(u"Sent #"_s));
    *d.time.ms += StatusMessage::SuccessMs;
    QTRY_VERIFY(d.message()->text().isEmpty());

    // A bad clock entry, then a good one: the error goes with the fix.
    auto *clockEdit = d.find<QLineEdit>(u"clockSetEdit"_s);
    clockEdit->setFocus();
    QTest::keyClicks(clockEdit, u"45:75"_s);
    QTest::keyClick(clockEdit, Qt::Key_Return);
    QVERIFY(d.message()->text().contains(u"minutes:seconds"_s));
    clockEdit->clear();
    QTest::keyClicks(clockEdit, u"45:00"_s);
    QVERIFY(d.message()->text().isEmpty());
    QTest::keyClick(clockEdit, Qt::Key_Return);
    QCOMPARE(d.match->clock()->elapsedSeconds(), 45 * 60);
}

// Finding 7: what was typed and not sent, into a new panel (as after a restart).
void tst_MatchPanel::draftSurvivesIntoANewPanel()
{
    QJsonObject draft;
    {
        Desk1 d;
        QVERIFY(QTest::qWaitForWindowActive(&d.window));
        d.text()->setFocus();
        altDigit(d.text(), 1);
        QTRY_COMPARE(d.text()->toPlainText(), u"GOAL for Arsenal! "_s);
        d.team()->setCurrentIndex(1);
        d.bump()->setChecked(false);
        d.find<QSpinBox>(u"commentaryMinute"_s)->setValue(88);
        d.find<QLineEdit>(u"clockSetEdit"_s)->setText(u"87:"_s);
        draft = d.panel->draft();
    }
    Desk1 d;
    QVERIFY(QTest::qWaitForWindowActive(&d.window));
    d.panel->setDraft(draft);
    QCOMPARE(d.text()->toPlainText(), u"GOAL for Chelsea! "_s);
    QCOMPARE(d.kind()->currentData().toString(), u"goal"_s);
    QCOMPARE(d.team()->currentIndex(), 1);
    QCOMPARE(d.find<QSpinBox>(u"commentaryMinute"_s)->value(), 88);
    QVERIFY(!d.bump()->isChecked());
    QCOMPARE(d.preview()->text(), u"Score stays Arsenal 0–0 Chelsea"_s);
    QCOMPARE(d.find<QLineEdit>(u"clockSetEdit"_s)->text(), u"87:"_s);
    // Still a bare template: still not sent; and the minute does not follow the clock.
    d.match->clock()->set(89, 0);
    QCOMPARE(d.find<QSpinBox>(u"commentaryMinute"_s)->value(), 88);
    d.text()->setFocus();
    ctrlEnter(d.text());
    QVERIFY(d.message()->text().contains(u"a template alone is not sent"_s));
    // An empty draft is an empty panel, and an empty panel has an empty draft.
    d.panel->setDraft({});
    QVERIFY(d.text()->toPlainText().isEmpty());
    QCOMPARE(d.kind()->currentData().toString(), u"comment"_s);
    QCOMPARE(d.panel->draft(), QJsonObject());
    QTest::keyClicks(d.text(), u"x"_s);
    QVERIFY(!d.panel->draft().isEmpty());
}

// Finding 13: the scoreboard says which match it is, not which channel.
void tst_MatchPanel::scoreboardTitleNamesTheTeams()
{
    Desk1 d;
    auto *board = d.find<QGroupBox>(u"scoreboard"_s);
    QCOMPARE(board->title(), u"Scoreboard — Arsenal v Chelsea"_s);
    QVERIFY(!board->title().contains(d.match->channel()));
    d.match->setTeams(u"Arsenal"_s, u"Spurs"_s);
    QCOMPARE(board->title(), u"Scoreboard — Arsenal v Spurs"_s);
}

// Finding 13: every kind shows a word, never its wire key (which tr() cannot reach).
void tst_MatchPanel::everyKindHasALabel()
{
    Desk1 d;
    QComboBox *kind = d.kind();
    QCOMPARE(kind->count(), CommentaryKinds::all().size());
    for (int i = 0; i < kind->count(); ++i) {
        const QString key = kind->itemData(i).toString();
        QVERIFY2(kind->itemText(i) != key, qPrintable(key));
        QCOMPARE(kind->itemText(i), MatchPanel::kindLabel(key));
        QCOMPARE(CommentaryForm::kindLabel(key), MatchPanel::kindLabel(key));
    }
}

void tst_MatchPanel::aRestoredRunningClockShowsRunning()
{
    Desk1 d;
    d.match->restore(1, 1, Match::Period::SecondHalf, 60'000 * 70, true);
    QCOMPARE(d.find<QPushButton>(u"clockStartPause"_s)->text(), u"Pause (F9)"_s);
    QCOMPARE(d.find<QLabel>(u"clockLabel"_s)->text(), u"70:00"_s);
    QCOMPARE(d.find<QLabel>(u"scoreLabel"_s)->text(), u"1 – 1"_s);
}

// The send delay: Undo takes a line back before any viewer has it; the score buttons and the
// clock never wait; a line left to run out reaches the viewer once.
void tst_MatchPanel::undoWithinTheDelaySendsNothingAndScoresNeverWait()
{
    Desk1 d;
    QVERIFY(QTest::qWaitForWindowActive(&d.window));
    d.panel->setSendDelay(5s);
    SseTestClient viewer;
    watch(viewer, d);
    QTRY_VERIFY(viewer.headComplete());
    d.text()->setFocus();
    QTest::keyClicks(d.text(), u"Kick-off at the Emirates"_s);
    const QJsonObject typed = d.panel->draft();

    ctrlEnter(d.text());
    QVERIFY(d.panel->isHolding());
    auto *countdown = d.find<QLabel>(u"commentaryCountdown"_s);
    auto *undo = d.find<QPushButton>(u"undoCommentaryButton"_s);
    QVERIFY(countdown->isVisible() && undo->isVisible());
    QCOMPARE(countdown->text(), u"Sending in 5 s… Esc or Undo takes it back."_s);
    QVERIFY(!d.text()->isEnabled());
    QVERIFY(!d.find<QPushButton>(u"sendCommentaryButton"_s)->isEnabled());
    QVERIFY(!d.find<QPushButton>(u"template-goal"_s)->isEnabled());

    // The score does not wait, nor the clock.
    QTest::mouseClick(d.find<QPushButton>(u"homePlus"_s), Qt::LeftButton);
    QTRY_COMPARE(typesOf(viewer), QByteArrayList { "score" });
    QCOMPARE(QJsonDocument::fromJson(viewer.events().at(0).data).object().value(u"homeScore"_s),
        QJsonValue(1));
    QTest::mouseClick(d.find<QPushButton>(u"clockStartPause"_s), Qt::LeftButton);
    QTRY_COMPARE(typesOf(viewer), (QByteArrayList { "score", "clock" }));
    QTest::mouseClick(d.find<QPushButton>(u"clockStartPause"_s), Qt::LeftButton);
    QTRY_COMPARE(typesOf(viewer), (QByteArrayList { "score", "clock", "clock" }));
    *d.time.ms += 4999;
    letItPoll();
    QVERIFY(sentinelReaches(*d.host, viewer));
    QCOMPARE(typesOf(viewer).count("commentary"), 0);
    QVERIFY(d.panel->isHolding());

    QTest::mouseClick(undo, Qt::LeftButton);
    QVERIFY(!d.panel->isHolding());
    QVERIFY(!countdown->isVisible() && !undo->isVisible());
    QVERIFY(d.text()->isEnabled());
    QCOMPARE(d.panel->draft(), typed);
    QCOMPARE(QApplication::focusWidget(), d.text());
    QCOMPARE(d.message()->text(), u"Taken back; nothing was sent."_s);
    *d.time.ms += 60000;
    letItPoll();
    QVERIFY(sentinelReaches(*d.host, viewer));
    QCOMPARE(typesOf(viewer).count("commentary"), 0);
    QVERIFY(d.events(u"commentary"_s).isEmpty());

    // Again, and left to run out: exactly once.
    const qsizetype before = viewer.events().size();
    ctrlEnter(d.text());
    QVERIFY(d.panel->isHolding());
    *d.time.ms += 5000;
    QTRY_COMPARE(viewer.events().size(), before + 1);
    QCOMPARE(viewer.events().constLast().type, QByteArray("commentary"));
    QCOMPARE(QJsonDocument::fromJson(viewer.events().constLast().data)
                 .object()
                 .value(u"text"_s)
                 .toString(),
        u"Kick-off at the Emirates"_s);
    QTRY_VERIFY(d.message()->text().startsWith(u"Sent #"_s));
    QVERIFY(d.text()->toPlainText().isEmpty());
    QVERIFY(sentinelReaches(*d.host, viewer));
    QCOMPARE(typesOf(viewer).count("commentary"), 1);
}

// Esc takes the line back from anywhere in the panel: the operator may have gone to the
// scoreboard meanwhile.
void tst_MatchPanel::escAnywhereInThePanelTakesTheLineBack()
{
    Desk1 d;
    QVERIFY(QTest::qWaitForWindowActive(&d.window));
    d.panel->setSendDelay(3s);
    d.text()->setFocus();
    QTest::keyClicks(d.text(), u"What a game."_s);
    const QJsonObject typed = d.panel->draft();
    ctrlEnter(d.text());
    QVERIFY(d.panel->isHolding());
    // Already waiting: pressing again neither hurries it nor sends it twice.
    ctrlEnter(QApplication::focusWidget());
    QVERIFY(d.find<QLabel>(u"commentaryCountdown"_s)->text().startsWith(u"Already waiting"_s));

    auto *homePlus = d.find<QPushButton>(u"homePlus"_s);
    QTest::mouseClick(homePlus, Qt::LeftButton);
    QTRY_COMPARE(d.match->homeScore(), 1);
    homePlus->setFocus();
    QTest::keyClick(homePlus, Qt::Key_Escape);
    QVERIFY(!d.panel->isHolding());
    QCOMPARE(d.match->homeScore(), 1); // the score stays: Esc takes back the line only
    QCOMPARE(d.panel->draft(), typed);
    QCOMPARE(QApplication::focusWidget(), d.text());
    *d.time.ms += 60000;
    letItPoll();
    QVERIFY(sentinelArrives(d));
    QVERIFY(d.events(u"commentary"_s).isEmpty());
}

// A template's text follows the score, but not while its line waits: what would go is what
// was confirmed. Taken back, it catches up, as it would have while being written.
void tst_MatchPanel::aTemplateLineThatWaitedCatchesUpWhenTakenBack()
{
    Desk1 d;
    QVERIFY(QTest::qWaitForWindowActive(&d.window));
    d.panel->setSendDelay(3s);
    d.text()->setFocus();
    altDigit(d.text(), 8);
    QTRY_COMPARE(d.text()->toPlainText(), u"Full-time: Arsenal 0–0 Chelsea. "_s);
    QTest::keyClicks(d.text(), u"What a game."_s);
    ctrlEnter(d.text());
    QVERIFY(d.panel->isHolding());
    QTest::mouseClick(d.find<QPushButton>(u"homePlus"_s), Qt::LeftButton);
    QTRY_COMPARE(d.match->homeScore(), 1);
    QCOMPARE(d.text()->toPlainText(), u"Full-time: Arsenal 0–0 Chelsea. What a game."_s);
    QTest::mouseClick(d.find<QPushButton>(u"undoCommentaryButton"_s), Qt::LeftButton);
    QVERIFY(!d.panel->isHolding());
    QCOMPARE(d.text()->toPlainText(), u"Full-time: Arsenal 1–0 Chelsea. What a game."_s);
    QCOMPARE(d.kind()->currentData().toString(), u"full-time"_s);
    QVERIFY(sentinelArrives(d));
    QVERIFY(d.events(u"commentary"_s).isEmpty());
}

// What "Add to the score" said when Send was pressed holds when the line goes.
void tst_MatchPanel::aGoalThatWaitedStillMovesTheScoreAfterIt()
{
    Desk1 d;
    QVERIFY(QTest::qWaitForWindowActive(&d.window));
    d.panel->setSendDelay(3s);
    d.text()->setFocus();
    altDigit(d.text(), 1);
    QTRY_COMPARE(d.text()->toPlainText(), u"GOAL for Arsenal! "_s);
    QTest::keyClicks(d.text(), u"Saka."_s);
    ctrlEnter(d.text());
    QVERIFY(d.panel->isHolding());
    QVERIFY(!d.bump()->isEnabled());
    QVERIFY(sentinelArrives(d));
    QVERIFY(d.events(u"score"_s).isEmpty());
    QCOMPARE(d.match->homeScore(), 0);
    *d.time.ms += 3000;
    QTRY_COMPARE(d.events(u"score"_s).size(), 1);
    QCOMPARE(d.events(u"commentary"_s).size(), 1);
    QCOMPARE(d.events(u"commentary"_s).constFirst().value(u"kind"_s).toString(), u"goal"_s);
    QCOMPARE(d.match->homeScore(), 1);
    QCOMPARE(d.kind()->currentData().toString(), u"comment"_s); // plain again
    QVERIFY(d.text()->toPlainText().isEmpty());
}

QTEST_MAIN(tst_MatchPanel)
#include "tst_matchpanel.moc"
