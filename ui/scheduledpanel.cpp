#include "scheduledpanel.h"

#include "eventrenderer.h"
#include "outbox/scheduleclient.h"

#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {

QPushButton *button(const QString &text, const QString &name, QWidget *parent)
{
    auto *b = new QPushButton(text, parent);
    b->setObjectName(name);
    return b;
}

} // namespace

ScheduledPanel::ScheduledPanel(QWidget *parent)
    : QWidget(parent)
    , m_table(new QTableWidget(0, 4, this))
    , m_notice(new QWidget(this))
    , m_noticeText(new QLabel(m_notice))
    , m_sendMissed(button(tr("Send them now"), u"sendMissedButton"_s, m_notice))
    , m_cancelMissed(button(tr("Cancel them"), u"cancelMissedButton"_s, m_notice))
    , m_cancel(button(tr("Cancel"), u"cancelScheduledButton"_s, this))
    , m_edit(button(tr("Edit"), u"editScheduledButton"_s, this))
    , m_send(button(tr("Send now"), u"sendScheduledButton"_s, this))
{
    setObjectName(u"scheduledPanel"_s);
    m_table->setObjectName(u"scheduledView"_s);
    m_table->setHorizontalHeaderLabels({ tr("At"), tr("Channel"), tr("Type"), tr("Post") });
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setTabKeyNavigation(false);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_noticeText->setObjectName(u"missedNotice"_s);
    m_noticeText->setWordWrap(true);
    m_noticeText->setStyleSheet(u"color: #b00020; font-weight: bold;"_s);
    buildLayout();
    m_notice->hide();
    m_refresh.setInterval(RefreshMs);
    connect(&m_refresh, &QTimer::timeout, this, &ScheduledPanel::refresh);
    connect(m_cancel, &QPushButton::clicked, this, &ScheduledPanel::cancelSelected);
    connect(m_edit, &QPushButton::clicked, this, &ScheduledPanel::editSelected);
    connect(m_send, &QPushButton::clicked, this, &ScheduledPanel::sendSelected);
    connect(m_sendMissed, &QPushButton::clicked, this, &ScheduledPanel::sendMissed);
    connect(m_cancelMissed, &QPushButton::clicked, this, &ScheduledPanel::cancelMissed);
}

void ScheduledPanel::buildLayout()
{
    auto *notice = new QHBoxLayout(m_notice);
    notice->setContentsMargins(0, 0, 0, 0);
    notice->addWidget(m_noticeText, 1);
    notice->addWidget(m_sendMissed);
    notice->addWidget(m_cancelMissed);
    auto *buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_edit);
    buttons->addWidget(m_send);
    buttons->addWidget(m_cancel);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 2, 4, 4);
    layout->addWidget(m_notice);
    layout->addWidget(m_table, 1);
    layout->addLayout(buttons);
}

void ScheduledPanel::setClient(ScheduleClient *client)
{
    m_client = client;
    refresh();
    m_refresh.start();
}

void ScheduledPanel::refresh()
{
    if (!m_client)
        return;
    m_client->list(this, [this](const QJsonObject &answer, const QString &error) {
        if (error.isEmpty())
            show(answer.value(u"scheduled"_s).toArray());
    });
}

// Rows are rebuilt only when the list changed, so a selection survives the refresh.
void ScheduledPanel::show(const QJsonArray &posts)
{
    if (posts == m_posts)
        return;
    const QString selectedId = selected().value(u"id"_s).toString();
    m_posts = posts;
    m_table->setRowCount(int(posts.size()));
    for (int row = 0; row < posts.size(); ++row) {
        const QJsonObject post = posts.at(row).toObject();
        const QDateTime at
            = QDateTime::fromString(post.value(u"at"_s).toString(), Qt::ISODateWithMs)
                  .toLocalTime();
        const bool late = post.value(u"missed"_s).toBool();
        const QString when = at.toString(u"ddd HH:mm"_s) + (late ? tr(" (missed)") : QString());
        const QString type = post.value(u"type"_s).toString();
        const QStringList cells { when, post.value(u"channel"_s).toString(),
            EventRenderer::typeLabel(type), EventRenderer::summary(type, post.value(u"data"_s)) };
        for (int column = 0; column < cells.size(); ++column)
            m_table->setItem(row, column, new QTableWidgetItem(cells.at(column)));
        if (post.value(u"id"_s).toString() == selectedId)
            m_table->selectRow(row);
    }
    const int late = int(missed().size());
    m_noticeText->setText(tr("%n scheduled post(s) were due while LiveDesk was closed and have "
                             "not been sent.",
        nullptr, late));
    m_notice->setVisible(late > 0);
    Q_EMIT missedChanged(late);
}

QJsonArray ScheduledPanel::missed() const
{
    QJsonArray late;
    for (const auto &post : m_posts) {
        if (post[u"missed"_s].toBool())
            late.append(post);
    }
    return late;
}

QJsonObject ScheduledPanel::selected() const
{
    const QList<QTableWidgetItem *> items = m_table->selectedItems();
    return items.isEmpty() ? QJsonObject() : m_posts.at(items.constFirst()->row()).toObject();
}

void ScheduledPanel::done(const QString &error, const QString &success)
{
    Q_EMIT message(error.isEmpty() ? success : tr("Not done: %1").arg(error), !error.isEmpty());
    refresh();
}

void ScheduledPanel::cancelSelected()
{
    const QString id = selected().value(u"id"_s).toString();
    if (id.isEmpty() || !m_client)
        return;
    m_client->cancel(id, this, [this](const QJsonObject &, const QString &error) {
        done(error, tr("Cancelled; it will not be sent."));
    });
}

void ScheduledPanel::editSelected()
{
    const QJsonObject post = selected();
    if (post.isEmpty() || !m_client)
        return;
    m_client->cancel(post.value(u"id"_s).toString(), this,
        [this, post](const QJsonObject &, const QString &error) {
            if (error.isEmpty())
                Q_EMIT editRequested(post.value(u"data"_s).toObject());
            done(error, tr("Back in the news desk: change it and schedule it again."));
        });
}

void ScheduledPanel::sendSelected()
{
    const QString id = selected().value(u"id"_s).toString();
    if (id.isEmpty() || !m_client)
        return;
    m_client->sendNow(
        id, this, [this](const QJsonObject &, const QString &error) { done(error, tr("Sent.")); });
}

void ScheduledPanel::sendMissed()
{
    const QJsonArray posts = missed();
    for (const auto &post : posts)
        m_client->sendNow(post[u"id"_s].toString(), this,
            [this](const QJsonObject &, const QString &error) { done(error, tr("Sent.")); });
}

void ScheduledPanel::cancelMissed()
{
    const QJsonArray posts = missed();
    for (const auto &post : posts)
        m_client->cancel(
            post[u"id"_s].toString(), this, [this](const QJsonObject &, const QString &error) {
                done(error, tr("Cancelled; it will not be sent."));
            });
}
