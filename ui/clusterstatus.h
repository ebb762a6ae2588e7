#pragma once

#include <QJsonObject>
#include <QLabel>

class ServerHost;

// The status bar's word on the cluster, for a console started with --redis: whether its
// node reaches Redis, how many viewers the whole cluster has and on how many nodes, and
// (as its tooltip) each node's share. Hidden for a console that runs alone.
class ClusterStatus final : public QLabel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ClusterStatus)

public:
    explicit ClusterStatus(ServerHost *host, QWidget *parent = nullptr);

private:
    void refresh();

    ServerHost *const m_host;
    bool m_connected = false;
    QJsonObject m_audience;
};
