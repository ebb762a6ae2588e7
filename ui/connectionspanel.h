#pragma once

#include "http/ssebroadcaster.h"

#include <QTimer>
#include <QWidget>

class ServerHost;
class QLabel;
class QPushButton;
class QTableView;
class ConnectionsModel;

// The audience: one row per open stream (peer, channels, since, events sent, bytes queued),
// refreshed through ServerHost while visible (once a second, and soon after the count
// changes, one request in flight at a time), with an action to disconnect one.
class ConnectionsPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectionsPanel)

public:
    explicit ConnectionsPanel(ServerHost *host, QWidget *parent = nullptr);

    int rowCount() const;

public Q_SLOTS:
    void refresh();
    void disconnectSelected();

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void showClients(const QList<SseBroadcaster::ClientInfo> &clients);
    quint64 selectedId() const;
    void select(quint64 clientId);

    ServerHost *const m_host;
    ConnectionsModel *m_model;
    QTableView *m_table;
    QLabel *m_summary;
    QPushButton *m_disconnect;
    QTimer m_refresh;
    bool m_requested = false; // a list is on its way from the server thread
    bool m_stale = false; // the count changed while it was
    quint64 m_selectedBeforeReset = 0;
};
