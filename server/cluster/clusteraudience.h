#pragma once

#include "cluster/nodeaudience.h"
#include "cluster/redisaddress.h"

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QTimer>

#include <chrono>
#include <functional>

class RedisConnection;
struct RedisReply;

// The viewers of the whole cluster. Every `period` each node writes its own audience to
// Redis under a key that expires after three periods, and reads every node's back in the
// same round trip (one Lua script): a node that is killed drops out of the sum within three
// periods, with nobody to clean up after it.
//
// While Redis cannot be reached, the cluster's audience is this node's alone: a sum that
// grows stale would be a number nobody could trust.
//
// Lives on the server thread, on its own connection (a report never waits behind the
// tail's blocking read or an append).
class ClusterAudience final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ClusterAudience)

public:
    struct Options
    {
        RedisAddress address;
        QString cluster = QStringLiteral("livedesk"); // the key prefix
        QString node;
        std::chrono::milliseconds period { 2000 };
    };
    // This node's audience now: read on the server thread each period.
    using Source = std::function<NodeAudience()>;

    ClusterAudience(Options options, Source source, QObject *parent = nullptr);
    ~ClusterAudience() override;

    // Connects and reports at once, then every period.
    void start();
    // Every node that reported within three periods (this one included), by name.
    QList<NodeAudience> nodes() const { return m_nodes; }
    // {"viewers": the sum, "channels": {channel: the sum}, "nodes": [NodeAudience…]}
    QJsonObject toJson() const;

    // The Lua script, for the tests and docs.
    static QByteArray reportScript();

Q_SIGNALS:
    // After each round whose result differs from the last: toJson().
    void changed(const QJsonObject &audience);

private:
    NodeAudience own() const;
    void report();
    void onReport(const RedisReply &reply, const NodeAudience &own);
    void settle(QList<NodeAudience> nodes);

    const Options m_options;
    const Source m_source;
    RedisConnection *m_link = nullptr;
    QTimer m_timer;
    QList<NodeAudience> m_nodes;
    QJsonObject m_last;
    bool m_inFlight = false;
};
