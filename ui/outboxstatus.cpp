#include "outboxstatus.h"

#include "outbox/outbox.h"
#include "outbox/remotefeed.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>

using namespace Qt::StringLiterals;

OutboxStatus::OutboxStatus(Outbox *outbox, RemoteFeed *feed, QWidget *parent)
    : QWidget(parent)
    , m_outbox(outbox)
    , m_feed(feed)
    , m_label(new QLabel(this))
    , m_retry(new QToolButton(this))
{
    setObjectName(u"outboxStatus"_s);
    m_label->setObjectName(u"outboxStatusText"_s);
    m_retry->setObjectName(u"outboxRetryButton"_s);
    m_retry->setText(tr("Retry now"));
    m_retry->setToolTip(tr("Send what waits now, without waiting for the next attempt"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_label);
    layout->addWidget(m_retry);
    connect(m_retry, &QToolButton::clicked, m_outbox, &Outbox::retryNow);
    connect(m_outbox, &Outbox::changed, this, &OutboxStatus::refresh);
    if (m_feed) {
        connect(m_feed, &RemoteFeed::linkChanged, this, &OutboxStatus::refresh);
        connect(m_feed, &RemoteFeed::errorOccurred, this, &OutboxStatus::refresh);
    }
    refresh();
}

QString OutboxStatus::text() const
{
    return m_label->text();
}

void OutboxStatus::refresh()
{
    bool busy = false;
    QString why;
    m_label->setText(describe(&m_alarming, &busy, &why));
    setToolTip(why);
    const QString colour = m_alarming ? u"#b00020"_s : busy ? u"#b7791f"_s : u"#2a7d2a"_s;
    m_label->setStyleSheet(u"color: %1; font-weight: bold;"_s.arg(colour));
    m_retry->setVisible(m_outbox->size() > 0);
    setVisible(m_feed || m_outbox->size() > 0);
}

// Short, for the status bar: the reason is in the tooltip (and, for a link that is down, in
// the window's server line, which has room for it).
QString OutboxStatus::describe(bool *alarming, bool *busy, QString *why) const
{
    const int waiting = m_outbox->size();
    const QString queue = tr("%n waiting", nullptr, waiting);
    *busy = waiting > 0;
    *alarming = false;
    if (m_feed && !m_feed->isRunning()) {
        *why = m_feed->lastError();
        if (why->isEmpty()) {
            *busy = true;
            return waiting ? tr("● Connecting · %1").arg(queue) : tr("● Connecting…");
        }
        *alarming = true;
        return waiting ? tr("● Link down · %1").arg(queue) : tr("● Link down");
    }
    *why = m_outbox->lastError();
    *alarming = waiting > 0 && m_outbox->isStalled();
    if (*alarming)
        return tr("● Not sent · %1").arg(queue);
    if (waiting)
        return tr("● Sending · %1").arg(queue);
    return tr("● Connected · all sent");
}
