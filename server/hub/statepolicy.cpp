#include "hub/statepolicy.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace {

const QStringList &tickerTypes()
{
    static const QStringList types { u"clock"_s };
    return types;
}

const QStringList &amendmentTypes()
{
    static const QStringList types { u"correction"_s, u"retraction"_s };
    return types;
}

} // namespace

const QStringList &StatePolicy::stateTypes()
{
    static const QStringList types { u"score"_s, u"clock"_s };
    return types;
}

bool StatePolicy::carriesState(QStringView type)
{
    return stateTypes().contains(type);
}

bool StatePolicy::isTicker(QStringView type)
{
    return tickerTypes().contains(type);
}

bool StatePolicy::isAmendment(QStringView type)
{
    return amendmentTypes().contains(type);
}

bool StatePolicy::isRetraction(QStringView type)
{
    return type == u"retraction";
}

std::optional<quint64> StatePolicy::targetOf(const QJsonValue &amendment)
{
    bool ok = false;
    const quint64 id = amendment.toObject().value(u"targetId"_s).toString().toULongLong(&ok);
    return ok && id > 0 ? std::optional<quint64>(id) : std::nullopt;
}

QJsonObject StatePolicy::corrected(const QJsonValue &original, const QJsonObject &correction)
{
    QJsonObject data = original.toObject();
    for (auto it = correction.begin(); it != correction.end(); ++it) {
        if (it.key() != u"targetId")
            data.insert(it.key(), it.value());
    }
    return data;
}

QJsonObject StatePolicy::json()
{
    return QJsonObject {
        { u"stateTypes"_s, QJsonArray::fromStringList(stateTypes()) },
        { u"tickerTypes"_s, QJsonArray::fromStringList(tickerTypes()) },
        { u"amendmentTypes"_s, QJsonArray::fromStringList(amendmentTypes()) },
    };
}
