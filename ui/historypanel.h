#pragma once

#include "hub/hubevent.h"

#include <QTimer>
#include <QWidget>

class Desk;
class HistoryModel;
class QLabel;
class QPushButton;
class QTableView;
class QTableWidget;

// The broadcast history with in-place correction and retraction. Correcting opens an
// editor under the table (field, value) prefilled from the event; retracting asks for a
// second click instead of a modal dialog, so the operator never loses the keyboard.
class HistoryPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HistoryPanel)

public:
    HistoryPanel(Desk *desk, HistoryModel *model, QWidget *parent = nullptr);

public Q_SLOTS:
    void beginCorrection();
    void publishCorrection();
    void retract();

private:
    HubEventPtr selectedEvent() const;
    void showMessage(const QString &text, bool error);
    void resetRetract();

    Desk *const m_desk;
    HistoryModel *const m_model;
    QTableView *m_view;
    QPushButton *m_correct;
    QPushButton *m_retract;
    QWidget *m_editor;
    QLabel *m_editorTitle;
    QTableWidget *m_fields;
    QLabel *m_message;
    HubEventPtr m_editing;
    quint64 m_retractArmedFor = 0;
    QTimer m_retractTimeout;
};
