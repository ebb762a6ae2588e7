#include "connectionspanel.h"

#include "connectionsmodel.h"
#include "host/serverhost.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

ConnectionsPanel::ConnectionsPanel(ServerHost *host, QWidget *parent)
    : QWidget(parent)
    , m_host(host)
    , m_model(new ConnectionsModel(this))
    , m_table(new QTableView(this))
    , m_summary(new QLabel(this))
    , m_disconnect(new QPushButton(tr("&Disconnect"), this))
    , m_refresh(this)
{
    m_table->setObjectName(u"connectionsView"_s);
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    // Tab leaves the table for the Disconnect button instead of walking its cells (arrows
    // move between rows): with viewers connected, Tab was trapped here for good.
    m_table->setTabKeyNavigation(false);
    m_table->verticalHeader()->hide();
    // Fixed row heights: with ResizeToContents, every refresh would measure 10,000 rows.
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setColumnWidth(ConnectionsModel::Peer, 170);
    m_table->setColumnWidth(ConnectionsModel::Channels, 200);
    m_table->setColumnWidth(ConnectionsModel::Since, 130);
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
    // A list asked of a server that stopped before answering never comes.
    connect(m_host, &ServerHost::stopped, this, [this] { m_requested = false; });
    connect(m_model, &QAbstractItemModel::modelAboutToBeReset, this,
        [this] { m_selectedBeforeReset = selectedId(); });
    connect(
        m_model, &QAbstractItemModel::modelReset, this, [this] { select(m_selectedBeforeReset); });
    connect(m_disconnect, &QPushButton::clicked, this, &ConnectionsPanel::disconnectSelected);
    showClients(QList<SseBroadcaster::ClientInfo>());
}

int ConnectionsPanel::rowCount() const
{
    return m_model->rowCount();
}

void ConnectionsPanel::refresh()
{
    // One list in flight at a time: at 10,000 viewers each is a few hundred kilobytes, and
    // the count may change ten times a second.
    if (m_requested) {
        m_stale = true;
        return;
    }
    m_requested = true;
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

quint64 ConnectionsPanel::selectedId() const
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    return rows.isEmpty() ? 0 : m_model->clientId(rows.first().row());
}

void ConnectionsPanel::select(quint64 clientId)
{
    for (int row = 0; clientId && row < m_model->rowCount(); ++row) {
        if (m_model->clientId(row) == clientId) {
            m_table->selectRow(row);
            return;
        }
    }
}

void ConnectionsPanel::showClients(const QList<SseBroadcaster::ClientInfo> &clients)
{
    m_requested = false;
    m_model->update(clients);
    m_summary->setText(tr("%n viewer connection(s)", nullptr, int(clients.size())));
    m_disconnect->setEnabled(!clients.isEmpty());
    if (m_stale) {
        m_stale = false;
        if (isVisible())
            refresh();
    }
}

void ConnectionsPanel::disconnectSelected()
{
    const quint64 id = selectedId();
    if (!id)
        return;
    m_host->disconnectClient(id);
    refresh();
}
