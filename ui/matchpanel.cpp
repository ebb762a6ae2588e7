#include "matchpanel.h"

#include "shortcutguard.h"

#include <QCheckBox>
#include <QComboBox>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QShortcut>
#include <QSpinBox>
#include <QVBoxLayout>

#include <initializer_list>

using namespace Qt::StringLiterals;

namespace {

const QList<Match::Period> Periods { Match::Period::FirstHalf, Match::Period::HalfTime,
    Match::Period::SecondHalf, Match::Period::ExtraTime, Match::Period::FullTime };

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
    for (const Template &t : templates()) {
        if (t.kind == kind)
            return t.label;
    }
    return kind;
}

namespace {

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

} // namespace

QList<MatchPanel::Template> MatchPanel::templates()
{
    return {
        { u"goal"_s, tr("GOAL"), QKeySequence(Qt::ALT | Qt::Key_1) },
        { u"yellow-card"_s, tr("Yellow card"), QKeySequence(Qt::ALT | Qt::Key_2) },
        { u"red-card"_s, tr("Red card"), QKeySequence(Qt::ALT | Qt::Key_3) },
        { u"substitution"_s, tr("Substitution"), QKeySequence(Qt::ALT | Qt::Key_4) },
        { u"chance"_s, tr("Chance"), QKeySequence(Qt::ALT | Qt::Key_5) },
        { u"var-check"_s, tr("VAR check"), QKeySequence(Qt::ALT | Qt::Key_6) },
        { u"half-time"_s, tr("Half-time"), QKeySequence(Qt::ALT | Qt::Key_7) },
        { u"full-time"_s, tr("Full-time"), QKeySequence(Qt::ALT | Qt::Key_8) },
    };
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
    , m_kind(new QComboBox(this))
    , m_team(new QComboBox(this))
    , m_minute(new QSpinBox(this))
    , m_text(new QPlainTextEdit(this))
    , m_bumpScore(new QCheckBox(tr("Also add the goal to the score"), this))
    , m_message(new QLabel(this))
    , m_homePlus(button(tr("+1"), u"homePlus"_s, QKeySequence(Qt::Key_F5), this))
    , m_homeMinus(button(tr("−1"), u"homeMinus"_s, QKeySequence(Qt::SHIFT | Qt::Key_F5), this))
    , m_awayPlus(button(tr("+1"), u"awayPlus"_s, QKeySequence(Qt::Key_F6), this))
    , m_awayMinus(button(tr("−1"), u"awayMinus"_s, QKeySequence(Qt::SHIFT | Qt::Key_F6), this))
    , m_setClockButton(button(tr("Set clock"), u"clockSetButton"_s, {}, this))
{
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(buildScoreboard());
    layout->addWidget(buildCommentary(), 1);
    connectScoreboard();
    connectCommentary();
    protectShortcuts();
    m_bumpScore->setVisible(true);
    refresh();
    setFocusProxy(m_text);
}

// Home name, score, away name, with -1/+1 under each team, the period and the clock.
QGroupBox *MatchPanel::buildScoreboard()
{
    setUpScoreboardFields();
    auto *board = new QGroupBox(tr("Scoreboard — channel %1").arg(m_match->channel()), this);
    auto *grid = new QGridLayout(board);
    grid->addWidget(new QLabel(tr("Home"), board), 0, 0);
    grid->addWidget(new QLabel(tr("Away"), board), 0, 2);
    grid->addWidget(m_homeName, 1, 0);
    grid->addWidget(m_score, 1, 1);
    grid->addWidget(m_awayName, 1, 2);
    grid->addLayout(row({ m_homeMinus, m_homePlus }), 2, 0);
    grid->addWidget(m_period, 2, 1);
    grid->addLayout(row({ m_awayMinus, m_awayPlus }), 2, 2);
    grid->addLayout(buildClockRow(board), 3, 0, 1, 3);
    grid->setColumnStretch(0, 2);
    grid->setColumnStretch(1, 1);
    grid->setColumnStretch(2, 2);
    return board;
}

void MatchPanel::setUpScoreboardFields()
{
    m_homeName->setObjectName(u"homeName"_s);
    m_awayName->setObjectName(u"awayName"_s);
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
    return clockRow;
}

// Template buttons, then kind/team/minute, the text, and Send with the last outcome.
QGroupBox *MatchPanel::buildCommentary()
{
    setUpCommentaryFields();
    m_commentary = new QGroupBox(tr("Commentary"), this);
    QHBoxLayout *templateRow = buildTemplateRow();
    m_send = button(tr("Send commentary"), u"sendCommentaryButton"_s, {}, m_commentary);
    m_send->setToolTip(tr("Ctrl+Enter"));
    auto *fields = row({ m_kind, m_team, m_minute, m_bumpScore });
    fields->addStretch();
    auto *sendRow = new QHBoxLayout;
    sendRow->addWidget(m_message, 1);
    sendRow->addWidget(m_send);
    auto *layout = new QVBoxLayout(m_commentary);
    layout->addLayout(templateRow);
    layout->addLayout(fields);
    layout->addWidget(m_text);
    layout->addLayout(sendRow);
    return m_commentary;
}

void MatchPanel::setUpCommentaryFields()
{
    for (const Template &t : templates())
        m_kind->addItem(t.label, t.kind);
    m_kind->setObjectName(u"commentaryKind"_s);
    m_team->setObjectName(u"commentaryTeam"_s);
    m_team->addItem(m_match->home(), int(Match::Side::Home));
    m_team->addItem(m_match->away(), int(Match::Side::Away));
    m_minute->setObjectName(u"commentaryMinute"_s);
    m_minute->setRange(1, 200);
    m_minute->setSuffix(u"'"_s);
    m_text->setObjectName(u"commentaryText"_s);
    m_text->setPlaceholderText(tr("What happened? Ctrl+Enter sends."));
    m_text->setTabChangesFocus(true);
    m_bumpScore->setObjectName(u"goalBumpCheck"_s);
    m_bumpScore->setChecked(true);
    m_message->setObjectName(u"commentaryMessage"_s);
    m_message->setWordWrap(true);
}

// One button per template, out of the tab order: their Alt+digit shortcuts are the way in.
QHBoxLayout *MatchPanel::buildTemplateRow()
{
    auto *templateRow = new QHBoxLayout;
    for (const Template &t : templates()) {
        auto *b = button(t.label, u"template-"_s + t.kind, t.shortcut, m_commentary);
        b->setFocusPolicy(Qt::NoFocus);
        connect(b, &QPushButton::clicked, this, [this, kind = t.kind] { applyTemplate(kind); });
        templateRow->addWidget(b);
    }
    return templateRow;
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
    connect(m_setClock, &QLineEdit::returnPressed, this, &MatchPanel::setClockFromEdit);
    connect(m_match->clock(), &MatchClock::ticked, this, &MatchPanel::refresh);
}

void MatchPanel::connectCommentary()
{
    connect(m_kind, &QComboBox::currentIndexChanged, this,
        [this] { m_bumpScore->setVisible(m_kind->currentData().toString() == u"goal"); });
    connect(m_send, &QPushButton::clicked, this, &MatchPanel::sendCommentary);
    for (const QKeySequence &key : sendKeys()) {
        auto *shortcut = new QShortcut(key, m_commentary);
        shortcut->setContext(Qt::WidgetWithChildrenShortcut);
        connect(shortcut, &QShortcut::activated, this, &MatchPanel::sendCommentary);
    }
    connect(m_match, &Match::publishFailed, this, [this](const QString &reason) {
        showMessage(tr("Not stored, taken back: %1").arg(reason), true);
    });
}

// Keys this panel answers to, kept from the other widgets' own bindings (ShortcutGuard).
void MatchPanel::protectShortcuts()
{
    QList<QKeySequence> reserved = sendKeys();
    reserved << QKeySequence(Qt::Key_F5) << QKeySequence(Qt::SHIFT | Qt::Key_F5)
             << QKeySequence(Qt::Key_F6) << QKeySequence(Qt::SHIFT | Qt::Key_F6)
             << QKeySequence(Qt::Key_F9);
    for (const Template &t : templates())
        reserved << t.shortcut;
    ShortcutGuard::protect(this, reserved);
}

void MatchPanel::setClockFromEdit()
{
    static const QRegularExpression mmss(u"^\\s*(\\d{1,3})(?::(\\d{1,2}))?\\s*$"_s);
    const auto found = mmss.match(m_setClock->text());
    if (!found.hasMatch() || found.captured(2).toInt() > 59) {
        showMessage(tr("Set the clock as minutes:seconds, e.g. 45:00."), true);
        return;
    }
    m_match->clock()->set(found.captured(1).toInt(), found.captured(2).toInt());
    m_setClock->clear();
}

void MatchPanel::renameTeams()
{
    m_match->setTeams(m_homeName->text().trimmed(), m_awayName->text().trimmed());
}

QString MatchPanel::templateText(const QString &kind, Match::Side side) const
{
    const QString team = m_match->team(side);
    const QString score = u"%1 %2–%3 %4"_s.arg(m_match->home())
                              .arg(m_match->homeScore())
                              .arg(m_match->awayScore())
                              .arg(m_match->away());
    if (kind == u"goal")
        return tr("GOAL for %1! ").arg(team);
    if (kind == u"yellow-card")
        return tr("Yellow card (%1): ").arg(team);
    if (kind == u"red-card")
        return tr("Red card (%1): ").arg(team);
    if (kind == u"substitution")
        return tr("Substitution (%1): ").arg(team);
    if (kind == u"chance")
        return tr("Chance for %1: ").arg(team);
    if (kind == u"var-check")
        return tr("VAR check: ");
    if (kind == u"half-time")
        return tr("Half-time: %1. ").arg(score);
    if (kind == u"full-time")
        return tr("Full-time: %1. ").arg(score);
    return {};
}

void MatchPanel::applyTemplate(const QString &kind)
{
    const int index = m_kind->findData(kind);
    if (index < 0)
        return;
    m_kind->setCurrentIndex(index);
    m_minute->setValue(m_match->clock()->minute());
    const auto side = Match::Side(m_team->currentData().toInt());
    m_text->setPlainText(templateText(kind, side));
    m_text->moveCursor(QTextCursor::End);
    m_text->setFocus();
}

void MatchPanel::sendCommentary()
{
    const QString kind = m_kind->currentData().toString();
    const auto side = Match::Side(m_team->currentData().toInt());
    const bool bump = kind == u"goal" && m_bumpScore->isChecked();
    const int minute = m_minute->value();
    const QString text = m_text->toPlainText();
    m_match->comment(
        kind, minute, text, this, [this, bump, side, minute, text](const PublishOutcome &outcome) {
            m_text->setFocus();
            if (!outcome.ok()) {
                showMessage(tr("Not sent: %1").arg(outcome.error), true);
                return;
            }
            // Commentary first, then the score it announces, once the commentary is stored.
            if (bump)
                m_match->changeScore(side, +1);
            showMessage(tr("Sent #%1 at %2'.").arg(outcome.id()).arg(minute), false);
            if (m_text->toPlainText() == text)
                m_text->clear();
        });
}

void MatchPanel::refresh()
{
    m_score->setText(u"%1 – %2"_s.arg(m_match->homeScore()).arg(m_match->awayScore()));
    const int index = m_period->findData(int(m_match->period()));
    if (index >= 0)
        m_period->setCurrentIndex(index);
    const int elapsed = m_match->clock()->elapsedSeconds();
    m_clock->setText(
        u"%1:%2"_s.arg(elapsed / 60, 2, 10, QChar(u'0')).arg(elapsed % 60, 2, 10, QChar(u'0')));
    m_startPause->setText(m_match->clock()->isRunning() ? tr("Pause (F9)") : tr("Start (F9)"));
    m_team->setItemText(0, m_match->home());
    m_team->setItemText(1, m_match->away());
    if (!m_homeName->hasFocus())
        m_homeName->setText(m_match->home());
    if (!m_awayName->hasFocus())
        m_awayName->setText(m_match->away());
    if (!m_minute->hasFocus() && m_text->toPlainText().isEmpty())
        m_minute->setValue(m_match->clock()->minute());
}

void MatchPanel::showMessage(const QString &text, bool error)
{
    m_message->setText(text);
    m_message->setStyleSheet(
        error ? u"color: #b00020; font-weight: bold;"_s : u"color: #2a7d2a;"_s);
}
