#include "shortcutguard.h"

#include <QAbstractSpinBox>
#include <QComboBox>
#include <QKeyEvent>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QTextEdit>

ShortcutGuard::ShortcutGuard(QList<QKeySequence> keys, QObject *parent)
    : QObject(parent)
    , m_keys(std::move(keys))
{ }

void ShortcutGuard::protect(QWidget *root, QList<QKeySequence> keys)
{
    auto *guard = new ShortcutGuard(std::move(keys), root);
    const QList<QWidget *> widgets = root->findChildren<QWidget *>();
    for (QWidget *widget : widgets) {
        if (qobject_cast<QLineEdit *>(widget) || qobject_cast<QPlainTextEdit *>(widget)
            || qobject_cast<QTextEdit *>(widget) || qobject_cast<QAbstractSpinBox *>(widget)
            || qobject_cast<QComboBox *>(widget))
            widget->installEventFilter(guard);
    }
}

bool ShortcutGuard::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() != QEvent::ShortcutOverride)
        return QObject::eventFilter(watched, event);
    const auto *key = static_cast<QKeyEvent *>(event);
    if (!m_keys.contains(QKeySequence(key->keyCombination())))
        return false;
    // Declined and filtered: the editor never sees the override, and the shortcut system
    // goes on to trigger the shortcut.
    event->ignore();
    return true;
}
