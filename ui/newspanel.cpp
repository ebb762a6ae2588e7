#include "newspanel.h"

#include "desk.h"
#include "shortcutguard.h"

#include <QCheckBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QShortcut>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

NewsPanel::NewsPanel(Desk *desk, QWidget *parent)
    : QWidget(parent)
    , m_desk(desk)
    , m_headline(new QLineEdit(this))
    , m_body(new QPlainTextEdit(this))
    , m_urgent(new QCheckBox(tr("&Urgent (banner on every page)"), this))
    , m_send(new QPushButton(tr("Send news flash"), this))
    , m_message(new QLabel(this))
{
    m_headline->setObjectName(u"headlineEdit"_s);
    m_headline->setPlaceholderText(tr("Headline: what happened, in a few words"));
    m_headline->setMaxLength(Desk::MaxHeadlineLength);
    m_body->setObjectName(u"bodyEdit"_s);
    m_body->setPlaceholderText(tr("Optional details"));
    m_body->setTabChangesFocus(true);
    m_urgent->setObjectName(u"urgentCheck"_s);
    m_send->setObjectName(u"sendFlashButton"_s);
    m_send->setToolTip(tr("Ctrl+Enter"));
    m_message->setObjectName(u"flashMessage"_s);
    m_message->setWordWrap(true);

    auto *form = new QFormLayout;
    form->addRow(tr("&Headline"), m_headline);
    form->addRow(tr("&Body"), m_body);
    form->addRow(QString(), m_urgent);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_send, 0, Qt::AlignRight);
    layout->addWidget(m_message);
    layout->addStretch();

    connect(m_send, &QPushButton::clicked, this, &NewsPanel::send);
    for (const QKeySequence &key :
        { QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter) }) {
        auto *shortcut = new QShortcut(key, this);
        shortcut->setContext(Qt::WidgetWithChildrenShortcut);
        connect(shortcut, &QShortcut::activated, this, &NewsPanel::send);
    }
    ShortcutGuard::protect(
        this, { QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter) });
    setFocusProxy(m_headline);
}

void NewsPanel::send()
{
    QString error;
    if (!m_desk->publishNewsFlash(
            m_headline->text(), m_body->toPlainText(), m_urgent->isChecked(), &error)) {
        showMessage(error, true);
        m_headline->setFocus();
        return;
    }
    showMessage(tr("Sent: %1").arg(m_headline->text().trimmed()), false);
    m_headline->clear();
    m_body->clear();
    m_urgent->setChecked(false);
    m_headline->setFocus();
}

void NewsPanel::showMessage(const QString &text, bool error)
{
    m_message->setText(text);
    m_message->setStyleSheet(
        error ? u"color: #b00020; font-weight: bold;"_s : u"color: #2a7d2a;"_s);
}
