#pragma once

#include "hub/hubevent.h"

#include <QJsonObject>
#include <QStringView>
#include <QWidget>

class CommentaryForm;
class Desk;
class NewsFlashForm;
class QLabel;
class QPushButton;
class QVBoxLayout;

// Corrects a sent news flash or commentary line with the form that composed it
// (NewsFlashForm, CommentaryForm): the same fields, kinds by their names in the interface
// language, and the same checks before anything is sent (Desk::correct checks again).
// Ctrl+Enter publishes; the owner maps Esc to cancel(). A form is made for each correction
// and goes with it, so nothing of one leaks into the next.
class CorrectionEditor final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CorrectionEditor)

public:
    explicit CorrectionEditor(Desk *desk, QWidget *parent = nullptr);

    // News flashes and commentary: the types the console composes.
    static bool canCorrect(QStringView type);

    // Opens on `target` (a type canCorrect() accepts), its fields as viewers now see them
    // (`current`: its data with the corrections so far applied).
    void edit(const HubEventPtr &target, const QJsonObject &current);
    bool isEditing() const { return m_target != nullptr; }
    quint64 targetId() const;
    // What the form would send.
    QJsonObject fields() const;

public Q_SLOTS:
    // Checks as composing does, then sends; on a refusal the editor stays open, as typed.
    void publish();
    // Closes without sending (not while a correction is on its way: its outcome decides).
    void cancel();

Q_SIGNALS:
    void published(quint64 targetId, quint64 correctionId);
    // The outbox keeps the correction until the server can be reached (`why` it cannot now).
    void queued(quint64 targetId, const QString &why);
    void cancelled();

private:
    void setUpShortcuts();
    QWidget *makeForm(const QJsonObject &current);
    bool check(QString *error) const;
    void showError(const QString &text);
    void finish();

    Desk *const m_desk;
    QLabel *m_title;
    QLabel *m_note;
    QVBoxLayout *m_formArea;
    QLabel *m_error;
    QPushButton *m_cancel;
    QPushButton *m_publish;
    HubEventPtr m_target;
    QJsonObject m_current;
    QWidget *m_form = nullptr;
    NewsFlashForm *m_flash = nullptr;
    CommentaryForm *m_commentary = nullptr;
    bool m_sending = false;
};
