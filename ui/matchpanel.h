#pragma once

#include "domain/match.h"
#include "statusmessage.h"

#include <QJsonObject>
#include <QKeySequence>
#include <QList>
#include <QWidget>

class CommentaryForm;
class QCheckBox;
class QComboBox;
class QGroupBox;
class QHBoxLayout;
class QLabel;
class QLineEdit;
class QPushButton;

// One match: scoreboard (teams, score, period), clock, and live commentary with quick
// templates. Everything is keyboard-reachable and Tab walks it in screen order; score buttons
// broadcast at once.
//
// A line goes out as plain commentary unless the operator picked another kind (a template
// key or the kind box); a GOAL shows the score it will make beside Send before it goes, and
// after each send the kind is plain again.
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
    CommentaryForm *form() const { return m_form; }
    // Everything typed and not sent (commentary, "add to score", the clock box), and back:
    // the window keeps it across quit and restart. Empty when nothing is typed.
    QJsonObject draft() const;
    void setDraft(const QJsonObject &draft);
    // For tests: the clock that times the status line.
    void setClock(StatusMessage::Clock clock);

public Q_SLOTS:
    // Fills kind, team and the current minute, and puts the cursor after the template text.
    void applyTemplate(const QString &kind);
    void sendCommentary();

protected:
    void focusInEvent(QFocusEvent *event) override;

private:
    QGroupBox *buildScoreboard();
    void setUpScoreboardFields();
    QHBoxLayout *buildClockRow(QWidget *board);
    QGroupBox *buildCommentary();
    QHBoxLayout *buildTemplateRow(QWidget *parent);
    QHBoxLayout *buildSendRow();
    void connectScoreboard();
    void connectClock();
    void connectCommentary();
    void protectShortcuts();
    void chainTabOrder();

    void setClockFromEdit();
    void renameTeams();
    void refresh();
    void refreshPreview();
    void onSent(
        const PublishOutcome &outcome, const QJsonObject &sent, bool bump, Match::Side side);

    Match *const m_match;
    QLineEdit *m_homeName;
    QLineEdit *m_awayName;
    QLabel *m_score;
    QComboBox *m_period;
    QLabel *m_clock;
    QPushButton *m_startPause;
    QLineEdit *m_setClock;
    QPushButton *m_homePlus;
    QPushButton *m_homeMinus;
    QPushButton *m_awayPlus;
    QPushButton *m_awayMinus;
    QPushButton *m_setClockButton;
    QGroupBox *m_board = nullptr;
    QGroupBox *m_commentary = nullptr;
    QList<QPushButton *> m_templateButtons;
    CommentaryForm *m_form = nullptr;
    QCheckBox *m_bumpScore = nullptr;
    QLabel *m_preview = nullptr;
    StatusMessage *m_message = nullptr;
    QPushButton *m_send = nullptr;
    bool m_sending = false;
};
