#include "matchpanel.h"

#include "commentaryform.h"
#include "countdownbar.h"
#include "domain/commentarykind.h"
#include "pendingpost.h"
#include "shortcutguard.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFocusEvent>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QShortcut>
#include <QVBoxLayout>

#include <array>
#include <initializer_list>
#include <utility>

using namespace Qt::StringLiterals;

namespace {

constexpr std::array<Match::Period, 5> Periods { Match::Period::FirstHalf, Match::Period::HalfTime,
    Match::Period::SecondHalf, Match::Period::ExtraTime, Match::Period::FullTime };

QPushButton *button(
    const QString &text, const QString &name, const QKeySequence &key, QWidget *parent)
{
    auto *b = new QPushButton(text, parent);
    b->setObjectName(name);
    if (!key.isEmpty()) {
        b->setShortcut(key);
        b->setToolTip(key.toString(QKeySequence::NativeText));
    }
    return b;
}

// Ctrl+Return and Ctrl+Enter (the keypad's) both send.
QList<QKeySequence> sendKeys()
{
    return { QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter) };
}

QHBoxLayout *row(std::initializer_list<QWidget *> widgets)
{
    auto *layout = new QHBoxLayout;
    for (QWidget *widget : widgets)
        layout->addWidget(widget);
    return layout;
}

QString scoreLine(const QString &home, int homeScore, int awayScore, const QString &away)
{
    return u"%1 %2–%3 %4"_s.arg(home).arg(homeScore).arg(awayScore).arg(away);
}

} // namespace

QString MatchPanel::periodLabel(Match::Period period)
{
    switch (period) {
    case Match::Period::FirstHalf:
        return tr("1st half");
    case Match::Period::HalfTime:
        return tr("Half-time");
    case Match::Period::SecondHalf:
        return tr("2nd half");
    case Match::Period::ExtraTime:
        return tr("Extra time");
    case Match::Period::FullTime:
        return tr("Full-time");
    }
    return {};
}

QString MatchPanel::kindLabel(const QString &kind)
{
    return CommentaryForm::kindLabel(kind);
}

QList<MatchPanel::Template> MatchPanel::templates()
{
    QList<Template> list;
    int digit = 0;
    for (const CommentaryKind &k : CommentaryKinds::all()) {
        if (k.key == CommentaryKinds::neutral())
            continue; // plain commentary needs no template: it is what the box sends
        const auto key = Qt::Key(Qt::Key_1 + digit++);
        list.append({ k.key, kindLabel(k.key), QKeySequence(Qt::ALT | key) });
    }
    return list;
}

MatchPanel::MatchPanel(Match *match, QWidget *parent)
    : QWidget(parent)
    , m_match(match)
    , m_homeName(new QLineEdit(match->home(), this))
    , m_awayName(new QLineEdit(match->away(), this))
    , m_score(new QLabel(this))
    , m_period(new QComboBox(this))
    , m_clock(new QLabel(this))
    , m_startPause(button(QString(), u"clockStartPause"_s, {}, this))
    , m_setClock(new QLineEdit(this))
    , m_homePlus(button(tr("+1"), u"homePlus"_s, QKeySequence(Qt::Key_F5), this))
    , m_homeMinus(button(tr("−1"), u"homeMinus"_s, QKeySequence(Qt::SHIFT | Qt::Key_F5), this))
    , m_awayPlus(button(tr("+1"), u"awayPlus"_s, QKeySequence(Qt::Key_F6), this))
    , m_awayMinus(button(tr("−1"), u"awayMinus"_s, QKeySequence(Qt::SHIFT | Qt::Key_F6), this))
    , m_setClockButton(button(tr("Set clock"), u"clockSetButton"_s, {}, this))
    , m_report(button(tr("Match report…"), u"matchReportButton"_s, {}, this))
    , m_pending(new PendingPost(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 4, 6, 4); // the tab frames it; the height goes to the text
    layout->addWidget(buildScoreboard());
    layout->addWidget(buildCommentary(), 1);
    connectScoreboard();
    connectCommentary();
    protectShortcuts();
    chainTabOrder();
    refresh();
}

// Focus given to the panel (its tab shown) goes to the commentary text. Not a focus proxy,
// which would make Tab jump from the templates straight into the text.
void MatchPanel::focusInEvent(QFocusEvent *event)
{
    QWidget::focusInEvent(event);
    // While a line waits the form is greyed: Undo is where the keyboard can act.
    if (m_pending->isHolding())
        m_undo->setFocus(event->reason());
    else
        m_form->setFocus(event->reason());
}

// Home name, score, away name, with -1/+1 under each team, the period and the clock.
QGroupBox *MatchPanel::buildScoreboard()
{
    setUpScoreboardFields();
    m_board = new QGroupBox(this);
    m_board->setObjectName(u"scoreboard"_s);
    auto *grid = new QGridLayout(m_board);
    // No "Home"/"Away" label row: the fields say it (placeholder, tooltip, accessible name),
    // and the row's height goes to the commentary box on a small screen.
    grid->addWidget(m_homeName, 0, 0);
    grid->addWidget(m_score, 0, 1);
    grid->addWidget(m_awayName, 0, 2);
    grid->addLayout(row({ m_homeMinus, m_homePlus }), 1, 0);
    grid->addWidget(m_period, 1, 1);
    grid->addLayout(row({ m_awayMinus, m_awayPlus }), 1, 2);
    grid->addLayout(buildClockRow(m_board), 2, 0, 1, 3);
    grid->setColumnStretch(0, 2);
    grid->setColumnStretch(1, 1);
    grid->setColumnStretch(2, 2);
    return m_board;
}

void MatchPanel::setUpScoreboardFields()
{
    m_homeName->setObjectName(u"homeName"_s);
    m_awayName->setObjectName(u"awayName"_s);
    for (const auto &[edit, label] :
        { std::pair { m_homeName, tr("Home") }, { m_awayName, tr("Away") } }) {
        edit->setPlaceholderText(label);
        edit->setToolTip(label);
        edit->setAccessibleName(label);
    }
    m_score->setObjectName(u"scoreLabel"_s);
    m_score->setAlignment(Qt::AlignCenter);
    QFont big = m_score->font();
    big.setPointSizeF(big.pointSizeF() * 2.2);
    big.setBold(true);
    m_score->setFont(big);
    for (Match::Period p : Periods)
        m_period->addItem(periodLabel(p), int(p));
    m_period->setObjectName(u"periodCombo"_s);
    m_clock->setObjectName(u"clockLabel"_s);
    QFont clockFont = m_clock->font();
    clockFont.setPointSizeF(clockFont.pointSizeF() * 1.6);
    clockFont.setFamily(u"monospace"_s);
    m_clock->setFont(clockFont);
    m_setClock->setObjectName(u"clockSetEdit"_s);
    m_setClock->setPlaceholderText(tr("mm:ss"));
    m_setClock->setMaximumWidth(80);
}

QHBoxLayout *MatchPanel::buildClockRow(QWidget *board)
{
    auto *clockRow = new QHBoxLayout;
    clockRow->addWidget(new QLabel(tr("Clock"), board));
    clockRow->addWidget(m_clock);
    clockRow->addWidget(m_startPause);
    clockRow->addStretch();
    clockRow->addWidget(m_setClock);
    clockRow->addWidget(m_setClockButton);
    // After full time only: the final score, key moments and viewers, as PDF or PNG.
    clockRow->addWidget(m_report);
    return clockRow;
}

// Template buttons, then kind/team/minute and the text (the form), then Send with what it
// will do to the score and the last outcome.
QGroupBox *MatchPanel::buildCommentary()
{
    m_commentary = new QGroupBox(tr("Commentary"), this);
    m_form = new CommentaryForm(m_match->home(), m_match->away(), m_commentary);
    auto *layout = new QVBoxLayout(m_commentary);
    layout->addLayout(buildTemplateRow(m_commentary));
    layout->addWidget(m_form, 1);
    layout->addWidget(buildCountdownBar());
    layout->addLayout(buildSendRow());
    return m_commentary;
}

// "Sending in 3 s…" and Undo, over the send row while a line waits; hidden otherwise.
QWidget *MatchPanel::buildCountdownBar()
{
    m_countdownBar
        = new CountdownBar(u"commentaryCountdown"_s, u"undoCommentaryButton"_s, m_commentary);
    m_undo = m_countdownBar->undoButton();
    return m_countdownBar;
}

// One button per template; Alt+digit is the fast way in, Tab reaches them too.
QHBoxLayout *MatchPanel::buildTemplateRow(QWidget *parent)
{
    auto *templateRow = new QHBoxLayout;
    for (const Template &t : templates()) {
        auto *b = button(t.label, u"template-"_s + t.kind, t.shortcut, parent);
        b->setFocusPolicy(Qt::TabFocus); // a click leaves the cursor in the text
        connect(b, &QPushButton::clicked, this, [this, kind = t.kind] { applyTemplate(kind); });
        templateRow->addWidget(b);
        m_templateButtons.append(b);
    }
    return templateRow;
}

QHBoxLayout *MatchPanel::buildSendRow()
{
    m_message = new StatusMessage(m_commentary);
    m_message->setObjectName(u"commentaryMessage"_s);
    m_preview = new QLabel(m_commentary);
    m_preview->setObjectName(u"scorePreview"_s);
    m_preview->setStyleSheet(u"font-weight: bold;"_s);
    m_bumpScore = new QCheckBox(tr("Add to the score"), m_commentary);
    m_bumpScore->setObjectName(u"goalBumpCheck"_s);
    m_bumpScore->setChecked(true);
    m_send = button(tr("Send commentary"), u"sendCommentaryButton"_s, {}, m_commentary);
    m_send->setToolTip(tr("Ctrl+Enter"));
    auto *sendRow = new QHBoxLayout;
    sendRow->addWidget(m_message, 1);
    sendRow->addWidget(m_preview);
    sendRow->addWidget(m_bumpScore);
    sendRow->addWidget(m_send);
    return sendRow;
}

void MatchPanel::connectScoreboard()
{
    connect(m_homePlus, &QPushButton::clicked, this,
        [this] { m_match->changeScore(Match::Side::Home, +1); });
    connect(m_homeMinus, &QPushButton::clicked, this,
        [this] { m_match->changeScore(Match::Side::Home, -1); });
    connect(m_awayPlus, &QPushButton::clicked, this,
        [this] { m_match->changeScore(Match::Side::Away, +1); });
    connect(m_awayMinus, &QPushButton::clicked, this,
        [this] { m_match->changeScore(Match::Side::Away, -1); });
    connect(m_period, &QComboBox::activated, this, [this](int index) {
        m_match->setPeriod(Match::Period(m_period->itemData(index).toInt()));
    });
    connectClock();
    connect(m_homeName, &QLineEdit::editingFinished, this, &MatchPanel::renameTeams);
    connect(m_awayName, &QLineEdit::editingFinished, this, &MatchPanel::renameTeams);
    connect(m_match, &Match::changed, this, &MatchPanel::refresh);
    connect(m_match, &Match::publishFailed, this, [this](const QString &reason) {
        m_message->showError(tr("Not stored, taken back: %1").arg(reason));
    });
}

void MatchPanel::connectClock()
{
    connect(m_startPause, &QPushButton::clicked, m_match->clock(), &MatchClock::toggle);
    // A QShortcut, not the button's: QAbstractButton::setText() resets a button's shortcut
    // to the text's mnemonic, and refresh() relabels Start/Pause. Only the visible tab's
    // shortcut is live, so F9 drives the match on screen.
    auto *startPause = new QShortcut(QKeySequence(Qt::Key_F9), this);
    connect(startPause, &QShortcut::activated, m_match->clock(), &MatchClock::toggle);
    connect(m_setClockButton, &QPushButton::clicked, this, &MatchPanel::setClockFromEdit);
    connect(m_report, &QPushButton::clicked, this, &MatchPanel::reportRequested);
    connect(m_setClock, &QLineEdit::returnPressed, this, &MatchPanel::setClockFromEdit);
    connect(m_match->clock(), &MatchClock::ticked, this, &MatchPanel::refresh);
}

void MatchPanel::connectCommentary()
{
    connect(m_send, &QPushButton::clicked, this, &MatchPanel::sendCommentary);
    for (const QKeySequence &key : sendKeys()) {
        auto *shortcut = new QShortcut(key, m_commentary);
        shortcut->setContext(Qt::WidgetWithChildrenShortcut);
        connect(shortcut, &QShortcut::activated, this, &MatchPanel::sendCommentary);
    }
    connect(m_form, &CommentaryForm::kindChanged, this, &MatchPanel::refreshPreview);
    connect(m_form, &CommentaryForm::sideChanged, this, &MatchPanel::refreshPreview);
    connect(m_bumpScore, &QCheckBox::toggled, this, &MatchPanel::refreshPreview);
    // An error stays until the operator does something about it.
    connect(m_form, &CommentaryForm::edited, m_message, &StatusMessage::clearError);
    connect(m_setClock, &QLineEdit::textEdited, m_message, &StatusMessage::clearError);
    // Esc anywhere in the panel takes a waiting line back; live only while one waits.
    m_escape = new QShortcut(QKeySequence(Qt::Key_Escape), this);
    m_escape->setContext(Qt::WidgetWithChildrenShortcut);
    m_escape->setAutoRepeat(false);
    m_escape->setEnabled(false);
    connect(m_escape, &QShortcut::activated, this, &MatchPanel::undoSend);
    connect(m_undo, &QPushButton::clicked, this, &MatchPanel::undoSend);
    connect(m_pending, &PendingPost::tick, this, &MatchPanel::showCountdown);
    connect(m_pending, &PendingPost::undone, this, &MatchPanel::takenBack);
}

// Keys this panel answers to, kept from the other widgets' own bindings (ShortcutGuard).
void MatchPanel::protectShortcuts()
{
    QList<QKeySequence> reserved = sendKeys();
    reserved << QKeySequence(Qt::Key_F5) << QKeySequence(Qt::SHIFT | Qt::Key_F5)
             << QKeySequence(Qt::Key_F6) << QKeySequence(Qt::SHIFT | Qt::Key_F6)
             << QKeySequence(Qt::Key_F9) << QKeySequence(Qt::Key_Escape);
    for (const Template &t : templates())
        reserved << t.shortcut;
    ShortcutGuard::protect(this, reserved);
}

// Screen order: the scoreboard row by row, the clock, the templates, the form, Send. The
// chain is spliced into the window's, so Tab after Send goes on to what follows the panel.
void MatchPanel::chainTabOrder()
{
    QList<QWidget *> chain { m_homeName, m_awayName, m_homeMinus, m_homePlus, m_period, m_awayMinus,
        m_awayPlus, m_startPause, m_setClock, m_setClockButton, m_report };
    chain += QList<QWidget *>(m_templateButtons.cbegin(), m_templateButtons.cend());
    chain += m_form->focusChain();
    chain << m_bumpScore << m_send << m_undo;
    for (qsizetype i = 1; i < chain.size(); ++i)
        QWidget::setTabOrder(chain.at(i - 1), chain.at(i));
}

QJsonObject MatchPanel::draft() const
{
    const QJsonObject commentary = m_form->draft();
    if (commentary.isEmpty() && m_setClock->text().isEmpty())
        return {}; // nothing typed
    return QJsonObject {
        { u"commentary"_s, commentary },
        { u"addToScore"_s, m_bumpScore->isChecked() },
        { u"clockEdit"_s, m_setClock->text() },
    };
}

void MatchPanel::setDraft(const QJsonObject &draft)
{
    m_form->setDraft(draft.value(u"commentary"_s).toObject());
    m_bumpScore->setChecked(draft.value(u"addToScore"_s).toBool(true));
    m_setClock->setText(draft.value(u"clockEdit"_s).toString());
    refreshPreview();
}

void MatchPanel::setClock(StatusMessage::Clock clock)
{
    m_pending->setClock(clock);
    m_message->setClock(std::move(clock));
}

void MatchPanel::setSendDelay(std::chrono::milliseconds delay)
{
    m_delay = delay;
}

bool MatchPanel::isHolding() const
{
    return m_pending->isHolding();
}

void MatchPanel::setClockFromEdit()
{
    static const QRegularExpression mmss(u"^\\s*(\\d{1,3})(?::(\\d{1,2}))?\\s*$"_s);
    const auto found = mmss.match(m_setClock->text());
    if (!found.hasMatch() || found.captured(2).toInt() > 59) {
        m_message->showError(tr("Set the clock as minutes:seconds, e.g. 45:00."));
        return;
    }
    m_match->clock()->set(found.captured(1).toInt(), found.captured(2).toInt());
    m_setClock->clear();
    m_message->clearError();
}

void MatchPanel::renameTeams()
{
    m_match->setTeams(m_homeName->text().trimmed(), m_awayName->text().trimmed());
}

void MatchPanel::applyTemplate(const QString &kind)
{
    m_form->applyTemplate(kind, m_match->clock()->minute());
}

void MatchPanel::sendCommentary()
{
    if (m_pending->isHolding()) {
        // One line at a time, and this one is already on its way: pressing again neither
        // hurries it nor sends it twice.
        m_countdownBar->showAlreadyWaiting(m_pending->secondsLeft());
        return;
    }
    if (m_sending)
        return; // one line at a time: its outcome decides what the draft does
    QString error;
    if (!m_form->check(&error)) {
        m_message->showError(tr("Not sent: %1").arg(error));
        return;
    }
    const QJsonObject sent = m_form->fields();
    const QString kind = sent.value(u"kind"_s).toString();
    const bool bump = CommentaryKinds::changesScore(kind) && m_bumpScore->isChecked();
    const Match::Side side = m_form->side();
    if (m_delay.count() > 0)
        startCountdown(sent, bump, side);
    else
        commentNow(sent, bump, side, true);
}

// The line stays in the form, greyed with the templates and "Add to the score" so nothing
// changes while it waits: what goes is what was confirmed, and Undo hands back what was
// typed. The scoreboard and the clock stay live.
void MatchPanel::startCountdown(const QJsonObject &sent, bool bump, Match::Side side)
{
    QWidget *focused = window()->focusWidget();
    const bool ours = focused && m_commentary->isAncestorOf(focused);
    m_message->clearMessage();
    m_countdownBar->show();
    if (ours)
        m_undo->setFocus(); // before the form is greyed, so Esc still reaches this panel
    setComposerEnabled(false);
    m_escape->setEnabled(true);
    m_pending->hold(
        m_delay, [this, sent, bump, side] { commentNow(sent, bump, side, endCountdown()); });
}

void MatchPanel::showCountdown(int secondsLeft)
{
    m_countdownBar->showWaiting(secondsLeft);
}

// The form is the operator's again. True when the keyboard was on Undo: it goes back into
// the form; elsewhere (the scoreboard, another desk) it is left where the operator took it.
bool MatchPanel::endCountdown()
{
    const bool ours = window()->focusWidget() == m_undo;
    m_escape->setEnabled(false);
    setComposerEnabled(true);
    if (ours)
        m_form->setFocus();
    m_countdownBar->hide();
    return ours;
}

void MatchPanel::setComposerEnabled(bool enabled)
{
    m_form->setEnabled(enabled);
    m_bumpScore->setEnabled(enabled);
    m_send->setEnabled(enabled);
    for (QPushButton *b : std::as_const(m_templateButtons))
        b->setEnabled(enabled);
}

void MatchPanel::undoSend()
{
    m_pending->undo();
}

void MatchPanel::sendPendingNow()
{
    m_pending->sendNow();
}

void MatchPanel::takenBack()
{
    endCountdown();
    m_form->setFocus();
    refresh(); // the teams and the score may have moved meanwhile
    m_message->showSuccess(tr("Taken back; nothing was sent."));
}

void MatchPanel::commentNow(const QJsonObject &sent, bool bump, Match::Side side, bool takeFocus)
{
    m_sending = true;
    m_match->comment(sent.value(u"kind"_s).toString(), sent.value(u"minute"_s).toInt(),
        sent.value(u"text"_s).toString(), sent.value(u"key"_s).toBool(), this,
        [this, sent, bump, side, takeFocus](
            const PublishOutcome &outcome) { onSent(outcome, sent, bump, side, takeFocus); });
}

// `takeFocus`: the outcome brings the keyboard back to the form; not after a countdown the
// operator has left the form during.
void MatchPanel::onSent(const PublishOutcome &outcome, const QJsonObject &sent, bool bump,
    Match::Side side, bool takeFocus)
{
    m_sending = false;
    if (takeFocus)
        m_form->setFocus();
    if (!outcome.ok() && !outcome.queued) {
        m_message->showError(tr("Not sent: %1").arg(outcome.error));
        refresh(); // caught up, as after a send below
        return;
    }
    // Commentary first, then the score it announces, once the commentary is stored (or
    // queued before it, in the outbox's one order).
    if (bump)
        m_match->changeScore(side, +1);
    const int minute = sent.value(u"minute"_s).toInt();
    if (outcome.queued)
        m_message->showQueued(
            tr("Queued at %1', not sent yet (%2)").arg(minute).arg(outcome.error));
    else
        m_message->showSuccess(tr("Sent #%1 at %2'.").arg(outcome.id()).arg(minute));
    // The next line is plain again, whatever this one was. The text is cleared only if it
    // still holds what was sent (typing may have gone on).
    m_form->reset(m_form->fields() == sent);
    m_bumpScore->setChecked(true);
    refresh(); // a line that waited did not follow the teams and the score meanwhile
}

void MatchPanel::refresh()
{
    const QString home = m_match->home();
    const QString away = m_match->away();
    m_board->setTitle(tr("Scoreboard — %1 v %2").arg(home, away));
    m_score->setText(u"%1 – %2"_s.arg(m_match->homeScore()).arg(m_match->awayScore()));
    const int index = m_period->findData(int(m_match->period()));
    if (index >= 0)
        m_period->setCurrentIndex(index);
    const int elapsed = m_match->clock()->elapsedSeconds();
    m_clock->setText(
        u"%1:%2"_s.arg(elapsed / 60, 2, 10, QChar(u'0')).arg(elapsed % 60, 2, 10, QChar(u'0')));
    m_startPause->setText(m_match->clock()->isRunning() ? tr("Pause (F9)") : tr("Start (F9)"));
    m_report->setVisible(m_match->period() == Match::Period::FullTime);
    if (!m_homeName->hasFocus())
        m_homeName->setText(home);
    if (!m_awayName->hasFocus())
        m_awayName->setText(away);
    // A line waiting out the send delay stays as it was confirmed (a template's text would
    // follow the score); the form catches up once it is the operator's again.
    if (!m_pending->isHolding()) {
        m_form->setTeams(home, away);
        m_form->setScore(m_match->homeScore(), m_match->awayScore());
        m_form->followMinute(m_match->clock()->minute());
    }
    refreshPreview();
}

// What Send will do to the score, shown before it is pressed.
void MatchPanel::refreshPreview()
{
    const bool scoring = CommentaryKinds::changesScore(m_form->kind());
    m_bumpScore->setVisible(scoring);
    m_preview->setVisible(scoring);
    if (!scoring)
        return;
    int home = m_match->homeScore();
    int away = m_match->awayScore();
    if (m_bumpScore->isChecked()) {
        (m_form->side() == Match::Side::Home ? home : away) += 1;
        m_preview->setText(
            tr("Sends: %1").arg(scoreLine(m_match->home(), home, away, m_match->away())));
    } else {
        m_preview->setText(
            tr("Score stays %1").arg(scoreLine(m_match->home(), home, away, m_match->away())));
    }
}
