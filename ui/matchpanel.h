#pragma once

#include "domain/match.h"
#include "statusmessage.h"

#include <QJsonObject>
#include <QKeySequence>
#include <QList>
#include <QWidget>

#include <chrono>

class CommentaryForm;
class CountdownBar;
class PendingPost;
class QCheckBox;
class QComboBox;
class QGroupBox;
class QHBoxLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QShortcut;

// One match: scoreboard (teams, score, period), clock, and live commentary with quick
// templates. Everything is keyboard-reachable and Tab walks it in screen order; score buttons
// broadcast at once.
//
// A line goes out as plain commentary unless the operator picked another kind (a template
// key or the kind box); a GOAL shows the score it will make beside Send before it goes, and
// after each send the kind is plain again.
//
// With a send delay (Settings), a line waits before it goes, greyed in the form beside a
// countdown; Esc or Undo gives it back to edit, never sent. The scoreboard and the clock
// never wait: their speed matters more.
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
    // For tests: the clock that times the status line and the send delay.
    void setClock(StatusMessage::Clock clock);
    // How long a commentary line waits, with Undo, before it goes (zero: at once). For the
    // next line; one already waiting keeps its time.
    void setSendDelay(std::chrono::milliseconds delay);
    std::chrono::milliseconds sendDelay() const { return m_delay; }
    // A line is waiting out the send delay.
    bool isHolding() const;

Q_SIGNALS:
    // The operator asked for the match report (offered once the match is at full time).
    void reportRequested();

public Q_SLOTS:
    // Fills kind, team and the current minute, and puts the cursor after the template text.
    void applyTemplate(const QString &kind);
    void sendCommentary();
    // Esc or Undo: the waiting line is not sent and the form is editable again, as it was.
    void undoSend();
    // The waiting line goes now (the window or the tab is closing); nothing waiting: nothing
    // happens.
    void sendPendingNow();

protected:
    void focusInEvent(QFocusEvent *event) override;

private:
    QGroupBox *buildScoreboard();
    void setUpScoreboardFields();
    QHBoxLayout *buildClockRow(QWidget *board);
    QGroupBox *buildCommentary();
    QHBoxLayout *buildTemplateRow(QWidget *parent);
    QWidget *buildCountdownBar();
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
    void startCountdown(const QJsonObject &sent, bool bump, Match::Side side);
    void showCountdown(int secondsLeft);
    bool endCountdown();
    void takenBack();
    void setComposerEnabled(bool enabled);
    void commentNow(const QJsonObject &sent, bool bump, Match::Side side, bool takeFocus);
    void onSent(const PublishOutcome &outcome, const QJsonObject &sent, bool bump, Match::Side side,
        bool takeFocus);

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
    QPushButton *m_report;
    QGroupBox *m_board = nullptr;
    QGroupBox *m_commentary = nullptr;
    QList<QPushButton *> m_templateButtons;
    CommentaryForm *m_form = nullptr;
    QCheckBox *m_bumpScore = nullptr;
    QLabel *m_preview = nullptr;
    StatusMessage *m_message = nullptr;
    QPushButton *m_send = nullptr;
    PendingPost *m_pending = nullptr;
    CountdownBar *m_countdownBar = nullptr;
    QPushButton *m_undo = nullptr; // the bar's
    QShortcut *m_escape = nullptr;
    std::chrono::milliseconds m_delay { 0 };
    bool m_sending = false;
};
