#include "countdownbar.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>

using namespace Qt::StringLiterals;

CountdownBar::CountdownBar(const QString &labelName, const QString &undoName, QWidget *parent)
    : QWidget(parent)
    , m_label(new QLabel(this))
    , m_undo(new QPushButton(tr("&Undo"), this))
{
    m_label->setObjectName(labelName);
    m_label->setWordWrap(true);
    m_label->setStyleSheet(u"color: #a04000; font-weight: bold;"_s);
    m_undo->setObjectName(undoName);
    m_undo->setToolTip(tr("Esc"));
    auto *bar = new QHBoxLayout(this);
    bar->setContentsMargins(0, 0, 0, 0);
    bar->addWidget(m_label, 1);
    bar->addWidget(m_undo);
    hide();
}

void CountdownBar::showWaiting(int secondsLeft)
{
    m_label->setText(tr("Sending in %n s… Esc or Undo takes it back.", nullptr, secondsLeft));
}

void CountdownBar::showAlreadyWaiting(int secondsLeft)
{
    m_label->setText(
        tr("Already waiting: sending in %n s. Esc or Undo takes it back.", nullptr, secondsLeft));
}
