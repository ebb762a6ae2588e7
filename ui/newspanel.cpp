#include "newspanel.h"

#include "domain/desk.h"
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
    const QString headline = m_headline->text();
    const QString body = m_body->toPlainText();
    m_send->setEnabled(false); // one flash at a time: its outcome decides what the draft does
    m_desk->publishNewsFlash(headline, body, m_urgent->isChecked(), this,
        [this, headline, body](const PublishOutcome &outcome) {
            m_send->setEnabled(true);
            m_headline->setFocus();
            if (!outcome.ok()) {
                // The draft stays exactly as typed; the reason is shown where the operator
                // is looking.
                showMessage(tr("Not sent: %1").arg(outcome.error), true);
                return;
            }
            showMessage(tr("Sent #%1: %2").arg(outcome.id()).arg(headline.trimmed()), false);
            // Cleared only if it still holds what was sent (typing may have gone on).
            if (m_headline->text() == headline && m_body->toPlainText() == body) {
                m_headline->clear();
                m_body->clear();
                m_urgent->setChecked(false);
            }
        });
}

void NewsPanel::showMessage(const QString &text, bool error)
{
    m_message->setText(text);
    m_message->setStyleSheet(
        error ? u"color: #b00020; font-weight: bold;"_s : u"color: #2a7d2a;"_s);
}
