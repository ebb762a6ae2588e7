#include "connectionspanel.h"

#include "serverhost.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

ConnectionsPanel::ConnectionsPanel(ServerHost *host, QWidget *parent)
    : QWidget(parent)
    , m_host(host)
    , m_table(new QTableWidget(0, 5, this))
    , m_summary(new QLabel(this))
    , m_disconnect(new QPushButton(tr("&Disconnect"), this))
    , m_refresh(this)
{
    m_table->setObjectName(u"connectionsView"_s);
    m_table->setHorizontalHeaderLabels({ tr("Peer"), tr("Channels"), tr("Connected since"),
        tr("Events sent"), tr("Bytes queued") });
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setColumnWidth(0, 170);
    m_table->setColumnWidth(1, 200);
    m_table->setColumnWidth(2, 130);
    m_summary->setObjectName(u"connectionsSummary"_s);
    m_disconnect->setObjectName(u"disconnectButton"_s);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_summary, 1);
    buttons->addWidget(m_disconnect);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_table);
    layout->addLayout(buttons);

    m_refresh.setInterval(1000);
    connect(&m_refresh, &QTimer::timeout, this, &ConnectionsPanel::refresh);
    connect(m_host, &ServerHost::clientsListed, this, &ConnectionsPanel::showClients);
    connect(m_host, &ServerHost::clientCountChanged, this, [this] {
        if (isVisible())
            refresh();
    });
    connect(m_disconnect, &QPushButton::clicked, this, &ConnectionsPanel::disconnectSelected);
    showClients(QList<SseBroadcaster::ClientInfo>());
}

int ConnectionsPanel::rowCount() const
{
    return m_table->rowCount();
}

void ConnectionsPanel::refresh()
{
    m_host->requestClients();
}

void ConnectionsPanel::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    refresh();
    m_refresh.start();
}

void ConnectionsPanel::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    m_refresh.stop();
}

void ConnectionsPanel::showClients(const QList<SseBroadcaster::ClientInfo> &clients)
{
    const quint64 selected = m_table->currentRow() >= 0 && m_table->item(m_table->currentRow(), 0)
        ? m_table->item(m_table->currentRow(), 0)->data(Qt::UserRole).toULongLong()
        : 0;
    const QLocale locale;
    m_table->setRowCount(int(clients.size()));
    for (int row = 0; row < clients.size(); ++row) {
        const SseBroadcaster::ClientInfo &c = clients.at(row);
        const QString peer = c.peerAddress.protocol() == QAbstractSocket::IPv6Protocol
            ? u"[%1]:%2"_s.arg(c.peerAddress.toString()).arg(c.peerPort)
            : u"%1:%2"_s.arg(c.peerAddress.toString()).arg(c.peerPort);
        const QStringList cells { peer, c.channels.isEmpty() ? tr("all") : c.channels.join(u", "_s),
            c.connectedAt.toLocalTime().toString(u"HH:mm:ss"_s),
            locale.toString(qulonglong(c.eventsSent)), locale.toString(c.bytesQueued) };
        for (int column = 0; column < cells.size(); ++column) {
            auto *item = new QTableWidgetItem(cells.at(column));
            item->setData(Qt::UserRole, QVariant::fromValue(c.id));
            if (column >= 3)
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            m_table->setItem(row, column, item);
        }
        if (c.id == selected)
            m_table->selectRow(row);
    }
    m_summary->setText(tr("%n viewer connection(s)", nullptr, int(clients.size())));
    m_disconnect->setEnabled(!clients.isEmpty());
}

void ConnectionsPanel::disconnectSelected()
{
    const int row = m_table->currentRow();
    if (row < 0 || !m_table->item(row, 0))
        return;
    m_host->disconnectClient(m_table->item(row, 0)->data(Qt::UserRole).toULongLong());
    refresh();
}
