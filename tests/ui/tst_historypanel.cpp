#include "commentaryform.h"
#include "correctioneditor.h"
#include "domain/desk.h"
#include "historymodel.h"
#include "historypanel.h"
#include "host/serverhost.h"
#include "newsflashform.h"
#include "publishwaiter.h"
#include "ssetestclient.h"
#include "testhost.h"

#include <QApplication>
#include <QComboBox>
#include <QJsonDocument>
#include <QJsonObject>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

QJsonObject json(const SseEvent &event)
{
    return QJsonDocument::fromJson(event.data).object();
}

// The history panel as the console has it: a real server (journal in a temporary directory)
// on its own thread, the desk publishing through it, the model fed by what it publishes, the
// real panel on top as a window of its own, and a viewer on the stream.
struct Fixture
{
    Fixture()
        : host(startHost(dir.path()))
        , desk(host.get())
        , panel(&desk, &model)
    {
        QObject::connect(host.get(), &ServerHost::published, &model, &HistoryModel::add);
        viewer.open(quint16(host->baseUrl().port()));
        panel.resize(760, 300);
        panel.show();
        panel.activateWindow();
    }
    ~Fixture() { host->stop(); }

    template<typename T> T *find(const QString &name) const
    {
        T *widget = panel.findChild<T *>(name);
        if (!widget)
            qFatal("no widget %s", qPrintable(name));
        return widget;
    }
    // The window is active and the viewer's stream is open.
    bool ready()
    {
        return QTest::qWaitForWindowActive(&panel)
            && QTest::qWaitFor([this] { return viewer.headComplete(); }, 5000);
    }
    QTableView *view() const { return find<QTableView>(u"historyView"_s); }
    QPushButton *button(const QString &name) const { return find<QPushButton>(name); }
    QString message() const { return find<QLabel>(u"historyMessage"_s)->text(); }

    // A flash from the desk, stored and listed: its id (0 if it was refused).
    quint64 flash(const QString &headline)
    {
        PublishWaiter waiter;
        desk.publishNewsFlash(headline, u"Body"_s, false, nullptr, waiter.callback());
        if (!waiter.wait() || !waiter.outcome().ok())
            return 0;
        return listed(waiter.outcome().id());
    }
    quint64 listed(quint64 id)
    {
        const bool ok = QTest::qWaitFor([&] { return rowOf(id) >= 0; }, 5000);
        return ok ? id : 0;
    }
    int rowOf(quint64 id) const
    {
        for (int row = 0; row < model.rowCount(); ++row) {
            if (model.eventAt(row)->id == id)
                return row;
        }
        return -1;
    }
    // Chooses the row with the mouse, as the operator does: true once it is selected.
    bool select(quint64 id)
    {
        const QModelIndex index = model.index(rowOf(id), HistoryModel::Summary);
        QTest::mouseClick(
            view()->viewport(), Qt::LeftButton, {}, view()->visualRect(index).center());
        const QModelIndexList rows = view()->selectionModel()->selectedRows();
        return rows.size() == 1 && rows.constFirst().row() == index.row();
    }
    // A click at a point of the panel reaches whatever is there, as a real one does.
    void clickAt(QPoint point)
    {
        QWidget *target = panel.childAt(point);
        QVERIFY(target);
        QTest::mouseClick(target, Qt::LeftButton, {}, target->mapFrom(&panel, point));
    }
    QRect placeOf(const QWidget *widget) const
    {
        return QRect(widget->mapTo(&panel, QPoint(0, 0)), widget->size());
    }

    QTemporaryDir dir;
    std::unique_ptr<ServerHost> host;
    Desk desk;
    HistoryModel model;
    HistoryPanel panel;
    SseTestClient viewer;
};

// Sends `key` as a held key does: one press, then presses marked auto-repeat, then the release.
void holdKey(QWidget *widget, Qt::Key key, const QString &text, int repeats)
{
    QKeyEvent press(QEvent::KeyPress, key, Qt::NoModifier, text);
    QApplication::sendEvent(widget, &press);
    for (int i = 0; i < repeats; ++i) {
        QKeyEvent repeat(QEvent::KeyPress, key, Qt::NoModifier, text, true);
        QApplication::sendEvent(widget, &repeat);
    }
    QKeyEvent release(QEvent::KeyRelease, key, Qt::NoModifier, text);
    QApplication::sendEvent(widget, &release);
}

void ctrlEnter(QWidget *widget)
{
    QTest::keyClick(widget, Qt::Key_Return, Qt::ControlModifier);
}

} // namespace

class tst_HistoryPanel final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    // Finding 3: retraction is deliberate and stable.
    void keysTypedAfterRetractNeverRetract();
    void aHeldKeyOnRetractAsksOnce();
    void theQuestionHoldsStillAndASecondClickCancels();
    void confirmingRetractsOnce();
    void aSecondRetractionShowsTheServersReason();
    // Finding 4: corrections in the composing form.
    void aFlashIsCorrectedInTheFlashForm();
    void commentaryIsCorrectedWithKindLabels();
    void escCancelsAndTheWindowDoesNotGrow();
    void aMadeUpKindIsNeverSent();
    void aCorrectionThatChangesNothingIsNotSent();
    void aRetractedPostCannotBeCorrected();
    void onlyPostsAreOffered();
};

void tst_HistoryPanel::initTestCase()
{
    qRegisterMetaType<HubEventPtr>();
}

void tst_HistoryPanel::keysTypedAfterRetractNeverRetract()
{
    Fixture f;
    QVERIFY(f.ready());
    const quint64 id = f.flash(u"Wrong result"_s);
    QVERIFY(id);
    QTRY_COMPARE(f.viewer.events().size(), 1);
    QVERIFY(f.select(id));
    QTest::mouseClick(f.button(u"retractButton"_s), Qt::LeftButton);
    QVERIFY(f.panel.isRetractionArmed());
    // The click left the focus in the table, not on any button of the question.
    QCOMPARE(QApplication::focusWidget(), f.view());

    // The operator carries on typing, Enter and spaces included, where the focus was left.
    QTest::keyClicks(QApplication::focusWidget(), u"Kick off at the Emirates"_s);
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return);
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Space);
    holdKey(QApplication::focusWidget(), Qt::Key_Space, u" "_s, 10);
    holdKey(QApplication::focusWidget(), Qt::Key_Return, u"\r"_s, 10);

    // A sentinel from the desk is the next thing viewers get: nothing was retracted.
    QVERIFY(f.flash(u"Sentinel"_s));
    QTRY_COMPARE(f.viewer.events().size(), 2);
    QCOMPARE(f.viewer.events().at(1).type, QByteArray("news-flash"));
}

void tst_HistoryPanel::aHeldKeyOnRetractAsksOnce()
{
    Fixture f;
    QVERIFY(f.ready());
    const quint64 id = f.flash(u"Wrong result"_s);
    QVERIFY(id);
    QVERIFY(f.select(id));
    // Tab from the table reaches Correct… and then Retract… (the table lets Tab go).
    QTest::keyClick(f.view(), Qt::Key_Tab);
    QCOMPARE(QApplication::focusWidget(), f.button(u"correctButton"_s));
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
    QCOMPARE(QApplication::focusWidget(), f.button(u"retractButton"_s));

    // Space held on Retract: it asks once and gives the focus back to the table, so the
    // repeats and every key after them go there.
    holdKey(f.button(u"retractButton"_s), Qt::Key_Space, u" "_s, 1);
    QVERIFY(f.panel.isRetractionArmed());
    QCOMPARE(QApplication::focusWidget(), f.view());
    holdKey(QApplication::focusWidget(), Qt::Key_Space, u" "_s, 20);
    QTest::keyClicks(QApplication::focusWidget(), u"two more words "_s);
    QVERIFY(f.panel.isRetractionArmed());

    // Esc takes the question back; nothing went out.
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Escape);
    QVERIFY(!f.panel.isRetractionArmed());
    QVERIFY(f.button(u"retractButton"_s)->isVisible());
    QVERIFY(f.flash(u"Sentinel"_s));
    QTRY_COMPARE(f.viewer.events().size(), 2);
    QCOMPARE(f.viewer.events().at(1).type, QByteArray("news-flash"));
}

void tst_HistoryPanel::theQuestionHoldsStillAndASecondClickCancels()
{
    Fixture f;
    QVERIFY(f.ready());
    const quint64 id = f.flash(u"Wrong result"_s);
    QVERIFY(id);
    QVERIFY(f.select(id));
    QPushButton *retract = f.button(u"retractButton"_s);
    QPushButton *correct = f.button(u"correctButton"_s);
    const QRect retractPlace = f.placeOf(retract);
    const QRect correctPlace = f.placeOf(correct);
    const QSize panelSize = f.panel.size();
    QTest::mouseClick(retract, Qt::LeftButton);
    QVERIFY(f.panel.isRetractionArmed());

    QPushButton *confirm = f.button(u"confirmRetractButton"_s);
    QPushButton *cancel = f.button(u"cancelRetractButton"_s);
    QVERIFY(confirm->isVisible());
    QVERIFY(confirm->text().contains(u"#%1"_s.arg(id)));
    QVERIFY(f.find<QLabel>(u"retractQuestion"_s)->text().contains(u"Wrong result"_s));
    // Cancel sits exactly where Retract was, nothing that acts where Correct was, and the
    // confirmation is well away from both.
    QCOMPARE(f.placeOf(cancel), retractPlace);
    QWidget *atCorrect = f.panel.childAt(correctPlace.center());
    QVERIFY(atCorrect);
    QCOMPARE(atCorrect->objectName(), u"correctPlaceholder"_s);
    QVERIFY(!f.placeOf(confirm).intersects(correctPlace));
    QVERIFY(!f.placeOf(confirm).intersects(retractPlace));
    QCOMPARE(f.panel.size(), panelSize);

    // Nothing counts down: no timer of the panel runs, and news arriving changes nothing.
    for (const QTimer *timer : f.panel.findChildren<QTimer *>())
        QVERIFY2(!timer->isActive(), qPrintable(timer->objectName()));
    QVERIFY(f.flash(u"Another item arrives"_s));
    QVERIFY(f.panel.isRetractionArmed());
    QCOMPARE(f.placeOf(cancel), retractPlace);

    // The second click of a hurried double click lands where Retract was: it cancels.
    f.clickAt(retractPlace.center());
    QVERIFY(!f.panel.isRetractionArmed());
    QCOMPARE(f.placeOf(retract), retractPlace);
    QCOMPARE(f.placeOf(correct), correctPlace);
    QTRY_COMPARE(f.viewer.events().size(), 2);
    QCOMPARE(f.viewer.events().at(1).type, QByteArray("news-flash"));
}

void tst_HistoryPanel::confirmingRetractsOnce()
{
    Fixture f;
    QVERIFY(f.ready());
    const quint64 id = f.flash(u"Wrong result"_s);
    QVERIFY(id);
    QVERIFY(f.select(id));
    // From the keyboard: Alt+R asks, Alt+Y answers (a mnemonic clicks after a moment).
    QTest::keyClick(f.view(), Qt::Key_R, Qt::AltModifier);
    QTRY_VERIFY(f.panel.isRetractionArmed());
    QCOMPARE(QApplication::focusWidget(), f.view());
    QTest::keyClick(f.view(), Qt::Key_Y, Qt::AltModifier);
    QTRY_VERIFY(!f.panel.isRetractionArmed());
    QTRY_COMPARE(f.viewer.events().size(), 2);
    QCOMPARE(f.viewer.events().at(1).type, QByteArray("retraction"));
    QCOMPARE(json(f.viewer.events().at(1)).value(u"targetId"_s).toString(), QString::number(id));
    QTRY_VERIFY2(f.message().contains(u"sent as #%1"_s.arg(id + 1)), qPrintable(f.message()));
    QCOMPARE(QApplication::focusWidget(), f.view());
    // The answer's mnemonic went with the question: pressing it again does nothing.
    QTest::keyClick(f.view(), Qt::Key_Y, Qt::AltModifier);
    QVERIFY(f.flash(u"Sentinel"_s));
    QTRY_COMPARE(f.viewer.events().size(), 3);
    QCOMPARE(f.viewer.events().at(2).type, QByteArray("news-flash"));
}

void tst_HistoryPanel::aSecondRetractionShowsTheServersReason()
{
    Fixture f;
    QVERIFY(f.ready());
    const quint64 id = f.flash(u"Wrong result"_s);
    QVERIFY(id);
    for (int attempt = 0; attempt < 2; ++attempt) {
        QVERIFY(f.select(id));
        QTest::mouseClick(f.button(u"retractButton"_s), Qt::LeftButton);
        QTest::mouseClick(f.button(u"confirmRetractButton"_s), Qt::LeftButton);
        if (attempt == 0)
            QTRY_VERIFY2(f.message().contains(u"sent as"_s), qPrintable(f.message()));
    }
    // The server refused the second (409): the panel says why, in the server's words too.
    const QString reason = u"#%1 has already been retracted (by #%2)"_s.arg(id).arg(id + 1);
    QTRY_VERIFY2(f.message().contains(reason), qPrintable(f.message()));
    QVERIFY(f.message().startsWith(u"Not sent"_s));
    // Nothing reached viewers and no id was used: the next post is the very next id.
    const quint64 next = f.flash(u"Sentinel"_s);
    QCOMPARE(next, id + 2);
    QTRY_COMPARE(f.viewer.events().size(), 3);
    QCOMPARE(f.viewer.events().at(2).type, QByteArray("news-flash"));
}

void tst_HistoryPanel::aFlashIsCorrectedInTheFlashForm()
{
    Fixture f;
    QVERIFY(f.ready());
    const quint64 id = f.flash(u"Riversdie win"_s);
    QVERIFY(id);
    QVERIFY(f.select(id));
    QTest::mouseClick(f.button(u"correctButton"_s), Qt::LeftButton);
    QVERIFY(f.panel.isCorrecting());
    QVERIFY(!f.view()->isVisible()); // the editor took the table's place
    auto *form = f.panel.findChild<NewsFlashForm *>();
    QVERIFY(form && form->isVisible());
    auto *headline = form->findChild<QLineEdit *>(u"headlineEdit"_s);
    QCOMPARE(headline->text(), u"Riversdie win"_s);
    QCOMPARE(QApplication::focusWidget(), headline);

    QTest::keyClick(headline, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClicks(headline, u"Riverside win"_s);
    ctrlEnter(headline);
    QTRY_COMPARE(f.viewer.events().size(), 2);
    const SseEvent correction = f.viewer.events().at(1);
    QCOMPARE(correction.type, QByteArray("correction"));
    const QJsonObject data = json(correction);
    QCOMPARE(data.value(u"targetId"_s).toString(), QString::number(id));
    QCOMPARE(data.value(u"headline"_s).toString(), u"Riverside win"_s);
    QCOMPARE(data.value(u"body"_s).toString(), u"Body"_s);
    QCOMPARE(data.value(u"urgent"_s).toBool(), false); // types survive the editor
    QTRY_VERIFY(!f.panel.isCorrecting());
    QVERIFY(f.view()->isVisible());
    QVERIFY(f.message().contains(u"sent as #%1"_s.arg(id + 1)));
    QVERIFY(!f.panel.findChild<NewsFlashForm *>()); // the form went with it

    // A second correction starts from what viewers now read.
    QVERIFY(f.select(id));
    QTest::mouseClick(f.button(u"correctButton"_s), Qt::LeftButton);
    QCOMPARE(f.panel.findChild<NewsFlashForm *>()->fields().value(u"headline"_s).toString(),
        u"Riverside win"_s);
}

void tst_HistoryPanel::commentaryIsCorrectedWithKindLabels()
{
    Fixture f;
    QVERIFY(f.ready());
    Match *match = f.desk.addMatch(u"Riverside"_s, u"Harbour City"_s);
    PublishWaiter waiter;
    match->comment(u"comment"_s, 12, u"Okafr shoots wide."_s, nullptr, waiter.callback());
    QVERIFY(waiter.wait() && waiter.outcome().ok());
    const quint64 id = f.listed(waiter.outcome().id());
    QVERIFY(id);
    QVERIFY(f.select(id));
    QTest::mouseClick(f.button(u"correctButton"_s), Qt::LeftButton);
    auto *form = f.panel.findChild<CommentaryForm *>();
    QVERIFY(form && form->isVisible());
    QVERIFY(f.find<QLabel>(u"correctionTitle"_s)->text().contains(u"Riverside – Harbour City"_s));

    // The kinds as the operator reads them, the same list as composing, no internal names.
    auto *kind = form->findChild<QComboBox *>(u"commentaryKind"_s);
    QStringList labels;
    for (int i = 0; i < kind->count(); ++i)
        labels << kind->itemText(i);
    QVERIFY2(labels.contains(u"Yellow card"_s), qPrintable(labels.join(u", "_s)));
    QVERIFY(!labels.contains(u"yellow-card"_s));
    QCOMPARE(kind->currentData().toString(), u"comment"_s);

    // Keys only: the kind one down (a chance), then the text.
    kind->setFocus();
    const int chance = kind->findData(u"chance"_s);
    while (kind->currentIndex() < chance)
        QTest::keyClick(kind, Qt::Key_Down);
    auto *text = form->findChild<QPlainTextEdit *>(u"commentaryText"_s);
    text->setFocus();
    QTest::keyClick(text, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClicks(text, u"Okafor shoots wide."_s);
    ctrlEnter(text);
    QTRY_COMPARE(f.viewer.events().size(), 2);
    const QJsonObject data = json(f.viewer.events().at(1));
    QCOMPARE(data.value(u"kind"_s).toString(), u"chance"_s);
    QCOMPARE(data.value(u"text"_s).toString(), u"Okafor shoots wide."_s);
    QCOMPARE(data.value(u"minute"_s).toInt(), 12);
    QCOMPARE(f.viewer.events().at(1).type, QByteArray("correction"));
}

void tst_HistoryPanel::escCancelsAndTheWindowDoesNotGrow()
{
    Fixture f;
    // A small dock's worth of room: the editor must fit in it, not push it.
    f.panel.resize(560, 170);
    QVERIFY(f.ready());
    const quint64 id = f.flash(u"Riversdie win"_s);
    QVERIFY(id);
    QVERIFY(f.select(id));
    const QSize before = f.panel.size();
    QTest::mouseClick(f.button(u"correctButton"_s), Qt::LeftButton);
    QVERIFY(f.panel.isCorrecting());
    QCOMPARE(f.panel.size(), before);
    QVERIFY(f.panel.minimumSizeHint().height() <= before.height());
    QVERIFY(f.panel.minimumSizeHint().width() <= before.width());
    QVERIFY(f.find<QScrollArea>(u"correctionArea"_s)->isVisible());

    // Esc from inside the form: the table is back, with the focus, and nothing was sent.
    auto *headline = f.panel.findChild<NewsFlashForm *>()->findChild<QLineEdit *>();
    QTest::keyClicks(headline, u" (typo)"_s);
    QTest::keyClick(headline, Qt::Key_Escape);
    QVERIFY(!f.panel.isCorrecting());
    QVERIFY(f.view()->isVisible());
    QCOMPARE(QApplication::focusWidget(), f.view());
    QCOMPARE(f.panel.size(), before);
    QVERIFY(f.flash(u"Sentinel"_s));
    QTRY_COMPARE(f.viewer.events().size(), 2);
    QCOMPARE(f.viewer.events().at(1).type, QByteArray("news-flash"));
}

void tst_HistoryPanel::aMadeUpKindIsNeverSent()
{
    Fixture f;
    QVERIFY(f.ready());
    // A line with a kind the console does not know, sent through the API.
    const PublishOutcome sent = PublishWaiter::publish(*f.host, u"match-a-b"_s, u"commentary"_s,
        QJsonObject { { u"match"_s, u"match-a-b"_s }, { u"kind"_s, u"kick-off"_s },
            { u"minute"_s, 1 }, { u"text"_s, u"We are under way"_s } });
    QVERIFY(sent.ok());
    const quint64 id = f.listed(sent.id());
    QVERIFY(id);

    // The desk refuses to send it back, the way it refuses to compose it.
    PublishWaiter waiter;
    f.desk.correct(id, u"match-a-b"_s,
        QJsonObject { { u"kind"_s, u"kick-off"_s }, { u"minute"_s, 1 }, { u"text"_s, u"x"_s } },
        nullptr, waiter.callback());
    QVERIFY(waiter.wait());
    QVERIFY(!waiter.outcome().ok());
    QVERIFY2(waiter.outcome().error.contains(u"kick-off"_s), qPrintable(waiter.outcome().error));

    // The editor does not offer it: it says so and sends a kind it knows.
    QVERIFY(f.select(id));
    QTest::mouseClick(f.button(u"correctButton"_s), Qt::LeftButton);
    auto *note = f.find<QLabel>(u"correctionNote"_s);
    QVERIFY(note->isVisible());
    QVERIFY(note->text().contains(u"kick-off"_s));
    auto *kind = f.panel.findChild<CommentaryForm *>()->findChild<QComboBox *>();
    QCOMPARE(kind->findData(u"kick-off"_s), -1);
    auto *text = f.panel.findChild<CommentaryForm *>()->findChild<QPlainTextEdit *>();
    QTest::keyClicks(text, u"!"_s);
    ctrlEnter(text);
    QTRY_COMPARE(f.viewer.events().size(), 2);
    const QJsonObject data = json(f.viewer.events().at(1));
    QCOMPARE(f.viewer.events().at(1).type, QByteArray("correction"));
    QCOMPARE(data.value(u"kind"_s).toString(), u"comment"_s);
}

void tst_HistoryPanel::aCorrectionThatChangesNothingIsNotSent()
{
    Fixture f;
    QVERIFY(f.ready());
    const quint64 id = f.flash(u"Right first time"_s);
    QVERIFY(id);
    QVERIFY(f.select(id));
    QTest::mouseClick(f.button(u"correctButton"_s), Qt::LeftButton);
    auto *headline = f.panel.findChild<NewsFlashForm *>()->findChild<QLineEdit *>();
    ctrlEnter(headline);
    QVERIFY(f.panel.isCorrecting());
    QVERIFY(f.find<QLabel>(u"correctionError"_s)->text().contains(u"Nothing is changed"_s));
    // And an emptied headline is refused as composing refuses it.
    QTest::keyClick(headline, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClick(headline, Qt::Key_Delete);
    QTest::mouseClick(f.button(u"publishCorrectionButton"_s), Qt::LeftButton);
    QVERIFY(f.panel.isCorrecting());
    QVERIFY(f.find<QLabel>(u"correctionError"_s)->text().contains(u"headline"_s));
    QVERIFY(f.flash(u"Sentinel"_s));
    QTRY_COMPARE(f.viewer.events().size(), 2);
    QCOMPARE(f.viewer.events().at(1).type, QByteArray("news-flash"));
}

void tst_HistoryPanel::aRetractedPostCannotBeCorrected()
{
    Fixture f;
    QVERIFY(f.ready());
    const quint64 id = f.flash(u"Wrong result"_s);
    QVERIFY(id);

    // Retracted while the operator was correcting it (from another console, say): the
    // server's refusal shows in the editor, which keeps what was typed.
    QVERIFY(f.select(id));
    QTest::mouseClick(f.button(u"correctButton"_s), Qt::LeftButton);
    auto *headline = f.panel.findChild<NewsFlashForm *>()->findChild<QLineEdit *>();
    QTest::keyClicks(headline, u"!"_s);
    PublishWaiter waiter;
    f.desk.retract(id, u"news"_s, nullptr, waiter.callback());
    QVERIFY(waiter.wait() && waiter.outcome().ok());
    QVERIFY(f.listed(waiter.outcome().id()));
    ctrlEnter(headline);
    auto *error = f.find<QLabel>(u"correctionError"_s);
    QTRY_VERIFY2(
        error->text().contains(u"can no longer be corrected"_s), qPrintable(error->text()));
    QVERIFY(f.panel.isCorrecting());
    QCOMPARE(headline->text(), u"Wrong result!"_s);
    QTest::keyClick(headline, Qt::Key_Escape);

    // Once the history shows the retraction, the console says so without opening a form.
    QVERIFY(f.select(id));
    QTest::mouseClick(f.button(u"correctButton"_s), Qt::LeftButton);
    QVERIFY(!f.panel.isCorrecting());
    QVERIFY2(f.message().contains(u"retracted"_s), qPrintable(f.message()));
    QTRY_COMPARE(f.viewer.events().size(), 2); // the post and its retraction, nothing else
}

void tst_HistoryPanel::onlyPostsAreOffered()
{
    Fixture f;
    QVERIFY(f.ready());
    Match *match = f.desk.addMatch(u"Riverside"_s, u"Harbour City"_s);
    match->changeScore(Match::Side::Home, 1);
    QTRY_COMPARE(f.model.rowCount(), 1);
    const quint64 score = f.model.eventAt(0)->id;
    const quint64 id = f.flash(u"Typo"_s);
    PublishWaiter waiter;
    f.desk.correct(
        id, u"news"_s, QJsonObject { { u"headline"_s, u"Fixed"_s } }, nullptr, waiter.callback());
    QVERIFY(waiter.wait() && waiter.outcome().ok());
    const quint64 correction = f.listed(waiter.outcome().id());

    QVERIFY(f.select(score));
    QTest::mouseClick(f.button(u"retractButton"_s), Qt::LeftButton);
    QVERIFY(!f.panel.isRetractionArmed());
    QVERIFY2(f.message().contains(u"scoreboard"_s), qPrintable(f.message()));
    QVERIFY(f.select(correction));
    QTest::mouseClick(f.button(u"correctButton"_s), Qt::LeftButton);
    QVERIFY(!f.panel.isCorrecting());
    QVERIFY2(f.message().contains(u"original"_s), qPrintable(f.message()));
    QTest::mouseClick(f.button(u"retractButton"_s), Qt::LeftButton);
    QVERIFY(!f.panel.isRetractionArmed());
}

QTEST_MAIN(tst_HistoryPanel)
#include "tst_historypanel.moc"
