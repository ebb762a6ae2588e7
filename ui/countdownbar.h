#pragma once

#include <QWidget>

class QLabel;
class QPushButton;

// "Sending in 3 s… Esc or Undo takes it back." and Undo, shown while a post waits out the
// send delay (PendingPost); hidden otherwise. The news and match desks each have one.
class CountdownBar final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CountdownBar)

public:
    // The object names of its label and button, which the desks' tests look for.
    CountdownBar(const QString &labelName, const QString &undoName, QWidget *parent);

    QPushButton *undoButton() const { return m_undo; }
    void showWaiting(int secondsLeft);
    // Send was pressed again: it neither hurries the post nor sends it twice.
    void showAlreadyWaiting(int secondsLeft);

private:
    QLabel *m_label;
    QPushButton *m_undo;
};
