#pragma once

#include "hub/hubevent.h"

#include <QJsonObject>
#include <QWidget>

#include <optional>

class CorrectionEditor;
class Desk;
class HistoryModel;
class QLabel;
class QPushButton;
class QShortcut;
class QStackedWidget;
class QTableView;

// The broadcast history, with correction and retraction of what was sent, and the posts
// still queued in the outbox above it, which can be taken back before they go.
//
// Correcting replaces the table in place with a CorrectionEditor (the composing form of the
// post's type), so the window never grows; Esc or Cancel brings the table back.
//
// Retracting is two deliberate steps that hold still: Retract… turns the row of buttons, in
// place, into a question with its own "Yes, retract" at the far left, Cancel exactly where
// Retract was and nothing where Correct… was, so a hurried second click cancels and cannot
// land on anything else. The question stays until it is answered, cancelled (Esc) or another
// row is chosen: nothing times out under the pointer. The buttons act on the mouse or the
// keyboard but never keep the focus (it goes back to the table), and a held key can neither
// confirm nor send twice, so keys typed elsewhere never reach a retraction.
class HistoryPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HistoryPanel)

public:
    HistoryPanel(Desk *desk, HistoryModel *model, QWidget *parent = nullptr);

    bool isRetractionArmed() const { return m_armed != nullptr; }
    bool isCorrecting() const;

public Q_SLOTS:
    // Opens the correction editor on the selected post.
    void beginCorrection();
    // Asks whether to retract the selected post (the first step).
    void armRetraction();
    // Sends the retraction asked about (the second step).
    void confirmRetraction();
    void cancelRetraction();
    // Marks the selected post a key moment, or unmarks it (a correction {"key"}).
    void toggleKeyMoment();
    // Pins the selected post at the top of the page, or unpins it (a correction {"pinned"}).
    void togglePin();
    // Asks for the selected queued post to be taken out of the outbox (takeBackRequested()).
    void takeBackQueued();
    // How the take-back went, shown in the row of buttons.
    void showTakeBackResult(bool removed);

Q_SIGNALS:
    void takeBackRequested(qint64 outboxSeq);

private:
    QWidget *makeTablePage();
    QWidget *makeIdleRow();
    QWidget *makeArmedRow();
    void alignArmedRow();
    void connectActions();
    HubEventPtr selectedEvent() const;
    std::optional<qint64> selectedQueued() const;
    void onSelectionChanged();
    void sendMark(const QString &field);
    static QString markSent(quint64 target, quint64 id, bool pin, bool on);
    bool isPinned(quint64 id) const;
    HubEventPtr amendableSelection(const QString &whenNone, bool retracting);
    bool amendable(const HubEventPtr &event, bool retracting);
    // The post's data with the corrections in the history applied, and the id of the
    // retraction that retracted it (0: none).
    QJsonObject currentData(const HubEventPtr &event, quint64 *retractedBy) const;
    void showTable();
    void escape();
    void showMessage(const QString &text, bool error);

    Desk *const m_desk;
    HistoryModel *const m_model;
    QStackedWidget *m_pages;
    QTableView *m_view;
    QStackedWidget *m_actions;
    QLabel *m_message;
    QPushButton *m_correct;
    QPushButton *m_retract;
    QPushButton *m_takeBack;
    QPushButton *m_key;
    QPushButton *m_pin;
    QWidget *m_correctPlaceholder;
    QLabel *m_question;
    QPushButton *m_confirm;
    QPushButton *m_cancelRetraction;
    CorrectionEditor *m_editor;
    QShortcut *m_escape;
    HubEventPtr m_armed;
};
