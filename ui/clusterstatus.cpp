#include "clusterstatus.h"

#include "host/serverhost.h"

#include <QJsonArray>
#include <QStringList>

using namespace Qt::StringLiterals;

ClusterStatus::ClusterStatus(ServerHost *host, QWidget *parent)
    : QLabel(parent)
    , m_host(host)
{
    setObjectName(u"clusterStatus"_s);
    setVisible(false);
    connect(host, &ServerHost::clusterConnectedChanged, this, [this](bool connected) {
        m_connected = connected;
        refresh();
    });
    connect(host, &ServerHost::clusterAudienceChanged, this, [this](const QJsonObject &audience) {
        m_audience = audience;
        refresh();
    });
}

void ClusterStatus::refresh()
{
    setVisible(m_host->config().redis.has_value());
    const QString cluster = m_host->config().cluster;
    if (!m_connected) {
        // Not told by colour alone: the words say it.
        setText(tr("Cluster %1: Redis cannot be reached; posts wait in the outbox until it is back")
                    .arg(cluster));
        setStyleSheet(u"color: #b00020; font-weight: bold;"_s);
        setToolTip(m_host->config().redis->toString());
        return;
    }
    setStyleSheet(QString());
    const QJsonArray nodes = m_audience.value(u"nodes"_s).toArray();
    const int viewers = m_audience.value(u"viewers"_s).toInt();
    //: Cluster NAME: "12 viewers" on "3 nodes"
    setText(tr("Cluster %1: %2 on %3")
                .arg(cluster, tr("%n viewer(s)", nullptr, viewers),
                    tr("%n node(s)", nullptr, int(nodes.size()))));
    QStringList shares;
    for (const auto &value : nodes) {
        const QJsonObject node = value.toObject();
        const QString name = node.value(u"node"_s).toString();
        const QString share
            = tr("%1: %n viewer(s)", nullptr, node.value(u"viewers"_s).toInt()).arg(name);
        shares.append(name == m_host->config().node ? tr("%1 (this console)").arg(share) : share);
    }
    setToolTip(shares.join(u'\n'));
}
