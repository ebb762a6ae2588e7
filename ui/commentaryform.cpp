#include "commentaryform.h"

#include "domain/commentarykind.h"
#include "eventrenderer.h"

#include <QCheckBox>
#include <QComboBox>
#include <QEvent>
#include <QFocusEvent>
#include <QHBoxLayout>
#include <QPlainTextEdit>
#include <QSpinBox>
#include <QTextDocument>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

CommentaryForm::CommentaryForm(const QString &home, const QString &away, QWidget *parent)
    : QWidget(parent)
    , m_home(home)
    , m_away(away)
    , m_kind(new QComboBox(this))
    , m_team(new QComboBox(this))
    , m_minute(new QSpinBox(this))
    , m_text(new QPlainTextEdit(this))
    , m_key(new QCheckBox(tr("K&ey moment"), this))
{
    setUpFields();
    auto *fieldsRow = new QHBoxLayout;
    fieldsRow->addWidget(m_kind);
    fieldsRow->addWidget(m_team);
    fieldsRow->addWidget(m_minute);
    fieldsRow->addWidget(m_key);
    fieldsRow->addStretch();
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(fieldsRow);
    layout->addWidget(m_text, 1);
    connectFields();
}

// Focus given to the form goes to the text. Not a focus proxy: Tab would then land on the
// text wherever the form sits in the window's chain, skipping kind, team and minute.
void CommentaryForm::focusInEvent(QFocusEvent *event)
{
    QWidget::focusInEvent(event);
    m_text->setFocus(event->reason());
}

QString CommentaryForm::kindLabel(const QString &kind)
{
    // The viewers' words (EventRenderer, as the page has them), but for the two the console
    // names its own way: the plain kind needs a name in the kind box, and GOAL is shouted.
    if (kind == CommentaryKinds::neutral())
        return tr("Commentary");
    if (kind == u"goal")
        return tr("GOAL");
    return EventRenderer::kindLabel(kind);
}

void CommentaryForm::setUpFields()
{
    for (const CommentaryKind &k : CommentaryKinds::all())
        m_kind->addItem(kindLabel(k.key), k.key);
    m_kind->setObjectName(u"commentaryKind"_s);
    m_kind->setToolTip(tr("Kind of line; only GOAL changes the score"));
    m_team->setObjectName(u"commentaryTeam"_s);
    m_team->addItem(m_home, int(Match::Side::Home));
    m_team->addItem(m_away, int(Match::Side::Away));
    m_minute->setObjectName(u"commentaryMinute"_s);
    m_minute->setRange(1, Match::MaxMinute);
    m_minute->setSuffix(u"'"_s);
    m_key->setObjectName(u"commentaryKey"_s);
    m_key->setToolTip(tr("Listed under the scoreboard on the viewers' page; GOAL, red card "
                         "and full-time are key moments unless you untick it"));
    m_text->setObjectName(u"commentaryText"_s);
    m_text->setPlaceholderText(tr("What happened? Ctrl+Enter sends."));
    m_text->setTabChangesFocus(true);
    // Three whole lines at any font size or scale (150% included): the margins and the frame
    // come on top of the lines.
    m_text->setMinimumHeight(m_text->fontMetrics().lineSpacing() * 3
        + 2 * (int(m_text->document()->documentMargin()) + m_text->frameWidth()));
    // A wheel turned over a closed combo would change the kind without anyone choosing it.
    m_kind->installEventFilter(this);
    m_team->installEventFilter(this);
}

void CommentaryForm::connectFields()
{
    connect(m_kind, &QComboBox::currentIndexChanged, this, [this] {
        // The big moments are key by default; the operator may untick it.
        m_key->setChecked(CommentaryKinds::isKeyByDefault(kind()));
        Q_EMIT kindChanged(kind());
        if (!m_quiet)
            Q_EMIT edited();
    });
    connect(m_team, &QComboBox::currentIndexChanged, this, [this] {
        refreshTemplate();
        Q_EMIT sideChanged(side());
        if (!m_quiet)
            Q_EMIT edited();
    });
    connect(m_minute, &QSpinBox::valueChanged, this, [this] {
        if (m_quiet)
            return;
        m_minuteSet = true;
        Q_EMIT edited();
    });
    connect(m_text, &QPlainTextEdit::textChanged, this, [this] {
        if (!m_quiet)
            Q_EMIT edited();
    });
}

bool CommentaryForm::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::Wheel && !static_cast<QWidget *>(watched)->hasFocus()) {
        event->ignore();
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

QJsonObject CommentaryForm::fields() const
{
    return QJsonObject {
        { u"kind"_s, kind() },
        { u"minute"_s, m_minute->value() },
        { u"text"_s, m_text->toPlainText().trimmed() },
        { u"key"_s, m_key->isChecked() },
    };
}

void CommentaryForm::setFields(const QJsonObject &f)
{
    m_quiet = true;
    selectKind(f.value(u"kind"_s).toString());
    m_minute->setValue(f.value(u"minute"_s).toInt(1));
    m_text->setPlainText(f.value(u"text"_s).toString());
    m_key->setChecked(f.value(u"key"_s).toBool());
    m_quiet = false;
    m_templateKind.clear();
    m_templateText.clear();
    m_minuteSet = true; // a sent line's minute is history, not the clock's
}

bool CommentaryForm::check(QString *error) const
{
    if (holdsBareTemplate()) {
        *error = tr("Add what happened after \"%1\"; a template alone is not sent.")
                     .arg(m_templateText.trimmed());
        return false;
    }
    return Match::checkCommentary(kind(), m_minute->value(), m_text->toPlainText(), error);
}

QString CommentaryForm::kind() const
{
    return m_kind->currentData().toString();
}

Match::Side CommentaryForm::side() const
{
    return Match::Side(m_team->currentData().toInt());
}

QJsonObject CommentaryForm::draft() const
{
    if (m_text->toPlainText().isEmpty() && kind() == CommentaryKinds::neutral())
        return {}; // nothing worth keeping
    QJsonObject d = fields();
    d.insert(u"text"_s, m_text->toPlainText()); // as typed, spaces and all
    d.insert(u"team"_s, side() == Match::Side::Home ? u"home"_s : u"away"_s);
    d.insert(u"minuteSet"_s, m_minuteSet);
    if (!m_templateKind.isEmpty()) {
        d.insert(u"template"_s, m_templateKind);
        d.insert(u"templateText"_s, m_templateText);
    }
    return d;
}

void CommentaryForm::setDraft(const QJsonObject &draft)
{
    m_quiet = true;
    selectKind(draft.value(u"kind"_s).toString());
    m_team->setCurrentIndex(draft.value(u"team"_s).toString() == u"away" ? 1 : 0);
    if (draft.contains(u"minute"_s))
        m_minute->setValue(draft.value(u"minute"_s).toInt(1));
    setTextQuietly(draft.value(u"text"_s).toString());
    m_quiet = false;
    m_minuteSet = draft.value(u"minuteSet"_s).toBool();
    m_templateKind = draft.value(u"template"_s).toString();
    m_templateText = draft.value(u"templateText"_s).toString();
    refreshTemplate(); // the teams may have been renamed since
}

QList<QWidget *> CommentaryForm::focusChain() const
{
    return { m_kind, m_team, m_minute, m_key, m_text };
}

void CommentaryForm::setTeams(const QString &home, const QString &away)
{
    m_home = home;
    m_away = away;
    m_team->setItemText(0, home);
    m_team->setItemText(1, away);
    refreshTemplate();
}

void CommentaryForm::setScore(int home, int away)
{
    m_homeScore = home;
    m_awayScore = away;
    refreshTemplate();
}

void CommentaryForm::followMinute(int minute)
{
    const bool writing = !m_text->toPlainText().trimmed().isEmpty() && !holdsBareTemplate();
    if (m_minuteSet || writing || m_minute->hasFocus())
        return;
    m_quiet = true;
    m_minute->setValue(minute);
    m_quiet = false;
}

void CommentaryForm::applyTemplate(const QString &kind, int minute)
{
    if (!CommentaryKinds::isKnown(kind))
        return;
    m_quiet = true;
    selectKind(kind);
    m_minute->setValue(minute);
    m_quiet = false;
    m_minuteSet = false;
    m_templateKind = kind;
    m_templateText = templateText(kind);
    setTextQuietly(m_templateText);
    m_text->moveCursor(QTextCursor::End);
    m_text->setFocus();
    Q_EMIT edited();
}

void CommentaryForm::reset(bool clearText)
{
    m_quiet = true;
    selectKind(CommentaryKinds::neutral());
    if (clearText)
        m_text->clear();
    m_quiet = false;
    if (clearText) {
        m_templateKind.clear();
        m_templateText.clear();
        m_minuteSet = false;
    }
}

QString CommentaryForm::templateText(const QString &kind) const
{
    const QString team = side() == Match::Side::Home ? m_home : m_away;
    const QString score
        = u"%1 %2–%3 %4"_s.arg(m_home).arg(m_homeScore).arg(m_awayScore).arg(m_away);
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

// The template part of the text follows the team and the score; what the operator added
// after it stays. Once they have edited the template part itself, it is theirs.
void CommentaryForm::refreshTemplate()
{
    if (m_templateKind.isEmpty())
        return;
    const QString text = m_text->toPlainText();
    if (!text.startsWith(m_templateText)) {
        m_templateKind.clear();
        m_templateText.clear();
        return;
    }
    const QString updated = templateText(m_templateKind);
    if (updated == m_templateText)
        return;
    const QString added = text.mid(m_templateText.size());
    m_templateText = updated;
    setTextQuietly(updated + added);
    m_text->moveCursor(QTextCursor::End);
}

bool CommentaryForm::holdsBareTemplate() const
{
    return !m_templateKind.isEmpty() && m_text->toPlainText().trimmed() == m_templateText.trimmed();
}

void CommentaryForm::setTextQuietly(const QString &text)
{
    const bool quiet = m_quiet;
    m_quiet = true;
    m_text->setPlainText(text);
    m_quiet = quiet;
}

void CommentaryForm::selectKind(const QString &kind)
{
    const int index = m_kind->findData(kind);
    m_kind->setCurrentIndex(index >= 0 ? index : 0);
}
