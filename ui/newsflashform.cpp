#include "newsflashform.h"

#include "domain/desk.h"

#include <QCheckBox>
#include <QFormLayout>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QTextDocument>

using namespace Qt::StringLiterals;

NewsFlashForm::NewsFlashForm(QWidget *parent)
    : QWidget(parent)
    , m_headline(new QLineEdit(this))
    , m_body(new QPlainTextEdit(this))
    , m_urgent(new QCheckBox(tr("&Urgent (banner on every page)"), this))
{
    m_headline->setObjectName(u"headlineEdit"_s);
    m_headline->setPlaceholderText(tr("Headline: what happened, in a few words"));
    m_body->setObjectName(u"bodyEdit"_s);
    m_body->setPlaceholderText(tr("Optional details"));
    m_body->setTabChangesFocus(true);
    // Three whole lines at any font size or scale (150% included): the margins and the frame
    // come on top of the lines.
    m_body->setMinimumHeight(m_body->fontMetrics().lineSpacing() * 3
        + 2 * (int(m_body->document()->documentMargin()) + m_body->frameWidth()));
    m_urgent->setObjectName(u"urgentCheck"_s);

    auto *form = new QFormLayout(this);
    form->setContentsMargins(0, 0, 0, 0);
    form->addRow(tr("&Headline"), m_headline);
    form->addRow(tr("&Body"), m_body);
    form->addRow(QString(), m_urgent);

    connect(m_headline, &QLineEdit::textEdited, this, &NewsFlashForm::edited);
    connect(m_body, &QPlainTextEdit::textChanged, this, &NewsFlashForm::edited);
    connect(m_urgent, &QCheckBox::toggled, this, &NewsFlashForm::edited);
    setFocusProxy(m_headline);
}

QJsonObject NewsFlashForm::fields() const
{
    return QJsonObject {
        { u"headline"_s, m_headline->text().trimmed() },
        { u"body"_s, m_body->toPlainText().trimmed() },
        { u"urgent"_s, m_urgent->isChecked() },
    };
}

void NewsFlashForm::setFields(const QJsonObject &f)
{
    const QSignalBlocker body(m_body);
    const QSignalBlocker urgent(m_urgent);
    m_headline->setText(f.value(u"headline"_s).toString());
    m_body->setPlainText(f.value(u"body"_s).toString());
    m_urgent->setChecked(f.value(u"urgent"_s).toBool());
}

bool NewsFlashForm::check(QString *error) const
{
    return Desk::checkNewsFlash(m_headline->text(), error);
}

QJsonObject NewsFlashForm::draft() const
{
    return QJsonObject {
        { u"headline"_s, m_headline->text() },
        { u"body"_s, m_body->toPlainText() },
        { u"urgent"_s, m_urgent->isChecked() },
    };
}

bool NewsFlashForm::isUrgent() const
{
    return m_urgent->isChecked();
}

bool NewsFlashForm::isEmpty() const
{
    return m_headline->text().isEmpty() && m_body->toPlainText().isEmpty()
        && !m_urgent->isChecked();
}

void NewsFlashForm::clear()
{
    setFields({});
}

QList<QWidget *> NewsFlashForm::focusChain() const
{
    return { m_headline, m_body, m_urgent };
}
