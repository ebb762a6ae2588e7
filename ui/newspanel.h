#pragma once

#include <QWidget>

class Desk;
class QCheckBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

// Compose and send a news flash: headline, optional body, urgent flag; Ctrl+Enter sends.
// A refused flash keeps the draft and says why in place (no dialog in the broadcast path).
class NewsPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(NewsPanel)

public:
    explicit NewsPanel(Desk *desk, QWidget *parent = nullptr);

public Q_SLOTS:
    void send();

private:
    void showMessage(const QString &text, bool error);

    Desk *const m_desk;
    QLineEdit *m_headline;
    QPlainTextEdit *m_body;
    QCheckBox *m_urgent;
    QPushButton *m_send;
    QLabel *m_message;
};
