#include "cluster/clusteraudience.h"

#include "cluster/logging.h"
#include "cluster/redisconnection.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>

using namespace Qt::StringLiterals;

ClusterAudience::ClusterAudience(Options options, Source source, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_source(std::move(source))
    , m_link(new RedisConnection(m_options.address, this))
{
    m_timer.setInterval(m_options.period);
    connect(&m_timer, &QTimer::timeout, this, &ClusterAudience::report);
    connect(m_link, &RedisConnection::connected, this, &ClusterAudience::report);
}

ClusterAudience::~ClusterAudience() = default;

// KEYS[1]: the set of nodes that report. ARGV: the prefix of a node's report key, this
// node's name, its report, the report's lifetime in milliseconds. Answers [node, report, …]
// for every node whose report has not expired, and forgets the ones whose report has.
QByteArray ClusterAudience::reportScript()
{
    return QByteArrayLiteral(R"lua(
redis.call('SET', ARGV[1] .. ARGV[2], ARGV[3], 'PX', ARGV[4])
redis.call('SADD', KEYS[1], ARGV[2])
local out = {}
for _, node in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  local report = redis.call('GET', ARGV[1] .. node)
  if report then
    out[#out + 1] = node
    out[#out + 1] = report
  else
    redis.call('SREM', KEYS[1], node)
  end
end
return out
)lua");
}

void ClusterAudience::start()
{
    m_link->open();
    m_timer.start();
    settle({ own() });
}

NodeAudience ClusterAudience::own() const
{
    NodeAudience audience = m_source();
    audience.node = m_options.node;
    return audience;
}

void ClusterAudience::report()
{
    const NodeAudience own = this->own();
    if (m_inFlight)
        return; // Redis is slow; the next period asks again
    if (!m_link->isConnected()) {
        settle({ own });
        return;
    }
    m_inFlight = true;
    static const QByteArray script = reportScript();
    const QByteArray prefix = m_options.cluster.toUtf8() + ":audience";
    const qint64 lifetime = 3 * qMax<qint64>(1, m_options.period.count());
    m_link->command({ "EVAL", script, "1", prefix, prefix + ':', m_options.node.toUtf8(),
                        QJsonDocument(own.toJson()).toJson(QJsonDocument::Compact),
                        QByteArray::number(lifetime) },
        [this, own](const RedisReply &reply) { onReport(reply, own); });
}

void ClusterAudience::onReport(const RedisReply &reply, const NodeAudience &own)
{
    m_inFlight = false;
    if (reply.type != RedisReply::Type::Array) {
        if (reply.fromRedis)
            qCWarning(lcCluster).noquote() << "the audience report was refused:" << reply.text;
        settle({ own });
        return;
    }
    QList<NodeAudience> nodes;
    for (qsizetype i = 0; i + 1 < reply.elements.size(); i += 2) {
        std::optional<NodeAudience> audience
            = NodeAudience::fromJson(reply.elements.at(i + 1).text);
        if (!audience)
            continue;
        audience->node = QString::fromUtf8(reply.elements.at(i).text);
        if (audience->node != own.node)
            nodes.append(*audience);
    }
    nodes.append(own); // ours as it is now, not as Redis last had it
    settle(std::move(nodes));
}

void ClusterAudience::settle(QList<NodeAudience> nodes)
{
    std::sort(nodes.begin(), nodes.end(),
        [](const NodeAudience &a, const NodeAudience &b) { return a.node < b.node; });
    m_nodes = std::move(nodes);
    const QJsonObject now = toJson();
    if (now == m_last)
        return;
    m_last = now;
    Q_EMIT changed(now);
}

QJsonObject ClusterAudience::toJson() const
{
    int viewers = 0;
    QMap<QString, int> channels;
    QJsonArray nodes;
    for (const NodeAudience &node : m_nodes) {
        viewers += node.viewers;
        for (auto it = node.channels.cbegin(); it != node.channels.cend(); ++it)
            channels[it.key()] += it.value();
        nodes.append(node.toJson());
    }
    QJsonObject perChannel;
    for (auto it = channels.cbegin(); it != channels.cend(); ++it)
        perChannel.insert(it.key(), it.value());
    return { { u"viewers"_s, viewers }, { u"channels"_s, perChannel }, { u"nodes"_s, nodes } };
}
