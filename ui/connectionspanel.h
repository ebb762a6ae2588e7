#pragma once

#include "ssebroadcaster.h"

#include <QTimer>
#include <QWidget>

class ServerHost;
class QLabel;
class QPushButton;
class QTableWidget;

// The audience: one row per open stream (peer, channels, since, events sent, bytes queued),
// refreshed through ServerHost while visible, with an action to disconnect one.
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

    ServerHost *const m_host;
    QTableWidget *m_table;
    QLabel *m_summary;
    QPushButton *m_disconnect;
    QTimer m_refresh;
};
