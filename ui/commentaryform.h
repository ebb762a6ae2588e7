#pragma once

#include "domain/match.h"

#include <QJsonObject>
#include <QList>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QPlainTextEdit;
class QSpinBox;

// The fields of one commentary line: kind, team, minute and text. MatchPanel composes with
// it and the correction editor edits a sent line with it, so both offer the same kinds and
// check with the same rules (Match::checkCommentary, CommentaryKinds). Needs no Match.
//
// The kind starts as the neutral "comment": a kind that moves the score is only ever picked
// on purpose (a template, or the operator choosing it). A template's text follows the team
// and the score while the operator's own words come after it, and a template with nothing
// added does not pass check().
class CommentaryForm final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CommentaryForm)

public:
    CommentaryForm(const QString &home, const QString &away, QWidget *parent);

    // The kind's name in the interface language ("Yellow card", "黄牌").
    static QString kindLabel(const QString &kind);

    // {"kind","minute","text"} as the wire carries them.
    QJsonObject fields() const;
    // Fills the widgets from an event's data (a correction's starting point).
    void setFields(const QJsonObject &f);
    // The same validation as publishing, plus: a bare template is not a line.
    bool check(QString *error) const;

    QString kind() const;
    Match::Side side() const;
    // Everything typed and not sent, template state included (empty when there is nothing),
    // and back.
    QJsonObject draft() const;
    void setDraft(const QJsonObject &draft);
    // kind, team, minute, text: in screen order, for the owner's tab chain.
    QList<QWidget *> focusChain() const;

public Q_SLOTS:
    void setTeams(const QString &home, const QString &away);
    void setScore(int home, int away);
    // The match clock's minute: the form follows it until the operator has started writing
    // or set the minute.
    void followMinute(int minute);
    // Picks the kind, the minute and the template text, and puts the cursor after it.
    void applyTemplate(const QString &kind, int minute);
    // After a send: the neutral kind, the minute following the clock again and, with
    // clearText, an empty text box.
    void reset(bool clearText = true);

Q_SIGNALS:
    void kindChanged(const QString &kind);
    void sideChanged(Match::Side side);
    // The operator changed something (not the form itself).
    void edited();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void focusInEvent(QFocusEvent *event) override;

private:
    void setUpFields();
    void connectFields();
    QString templateText(const QString &kind) const;
    void refreshTemplate();
    bool holdsBareTemplate() const;
    void setTextQuietly(const QString &text);
    void selectKind(const QString &kind);

    QString m_home;
    QString m_away;
    int m_homeScore = 0;
    int m_awayScore = 0;
    QComboBox *m_kind;
    QComboBox *m_team;
    QSpinBox *m_minute;
    QPlainTextEdit *m_text;
    QCheckBox *m_key;
    QString m_templateKind; // the template the text started from, if any
    QString m_templateText; // its text as last written into the box
    bool m_minuteSet = false; // the operator chose the minute
    bool m_quiet = false; // the form is writing its own widgets
};
