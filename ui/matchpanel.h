#pragma once

#include "domain/match.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QGroupBox;
class QHBoxLayout;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;

// One match: scoreboard (teams, score, period), clock, and live commentary with quick
// templates. Everything is keyboard-reachable; score buttons broadcast at once.
class MatchPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MatchPanel)

public:
    struct Template
    {
        QString kind;
        QString label;
        QKeySequence shortcut;
    };
    // GOAL, yellow card, red card, substitution, chance, VAR check, half-time, full-time.
    static QList<Template> templates();
    // Labels in the interface language, for the panel and the viewer pane.
    static QString periodLabel(Match::Period period);
    static QString kindLabel(const QString &kind);

    explicit MatchPanel(Match *match, QWidget *parent = nullptr);

    Match *match() const { return m_match; }

public Q_SLOTS:
    // Fills kind, team and the current minute, and puts the cursor after the template text.
    void applyTemplate(const QString &kind);
    void sendCommentary();

private:
    QGroupBox *buildScoreboard();
    void setUpScoreboardFields();
    QHBoxLayout *buildClockRow(QWidget *board);
    QGroupBox *buildCommentary();
    void setUpCommentaryFields();
    QHBoxLayout *buildTemplateRow();
    void connectScoreboard();
    void connectClock();
    void connectCommentary();
    void protectShortcuts();

    void setClockFromEdit();
    void renameTeams();
    void refresh();
    QString templateText(const QString &kind, Match::Side side) const;
    void showMessage(const QString &text, bool error);

    Match *const m_match;
    QLineEdit *m_homeName;
    QLineEdit *m_awayName;
    QLabel *m_score;
    QComboBox *m_period;
    QLabel *m_clock;
    QPushButton *m_startPause;
    QLineEdit *m_setClock;
    QComboBox *m_kind;
    QComboBox *m_team;
    QSpinBox *m_minute;
    QPlainTextEdit *m_text;
    QCheckBox *m_bumpScore;
    QLabel *m_message;
    QPushButton *m_homePlus;
    QPushButton *m_homeMinus;
    QPushButton *m_awayPlus;
    QPushButton *m_awayMinus;
    QPushButton *m_setClockButton;
    QGroupBox *m_commentary = nullptr;
    QPushButton *m_send = nullptr;
};
