#include "cluster/nodeaudience.h"

#include <QJsonDocument>

using namespace Qt::StringLiterals;

QJsonObject NodeAudience::toJson() const
{
    QJsonObject perChannel;
    for (auto it = channels.cbegin(); it != channels.cend(); ++it)
        perChannel.insert(it.key(), it.value());
    return { { u"node"_s, node }, { u"viewers"_s, viewers }, { u"channels"_s, perChannel } };
}

std::optional<NodeAudience> NodeAudience::fromJson(const QByteArray &json)
{
    const QJsonObject object = QJsonDocument::fromJson(json).object();
    const QJsonValue viewers = object.value(u"viewers"_s);
    if (!object.value(u"node"_s).isString() || !viewers.isDouble() || viewers.toInt(-1) < 0
        || !object.value(u"channels"_s).isObject())
        return std::nullopt;
    NodeAudience audience;
    audience.node = object.value(u"node"_s).toString();
    audience.viewers = viewers.toInt();
    const QJsonObject channels = object.value(u"channels"_s).toObject();
    for (auto it = channels.constBegin(); it != channels.constEnd(); ++it) {
        if (it.value().toInt(-1) < 0)
            return std::nullopt;
        audience.channels.insert(it.key(), it.value().toInt());
    }
    return audience;
}
