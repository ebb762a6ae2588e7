#pragma once

#include <QKeySequence>
#include <QList>
#include <QObject>

class QWidget;

// Keeps text editors from swallowing the console's own shortcuts. A QLineEdit claims
// Alt+digit as text input and a QPlainTextEdit claims Ctrl+Enter, through the
// ShortcutOverride event, so a GOAL template or "send" would not fire while the operator is
// typing, which is exactly when they are used. This filter declines the override for the
// listed keys, so the shortcut wins; every other key still reaches the editor.
class ShortcutGuard final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ShortcutGuard)

public:
    // Installs a guard on every editor (line edits, text edits, spin boxes, combo boxes)
    // under `root`, owned by `root`.
    static void protect(QWidget *root, QList<QKeySequence> keys);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    ShortcutGuard(QList<QKeySequence> keys, QObject *parent);

    const QList<QKeySequence> m_keys;
};
