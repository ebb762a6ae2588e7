#include "hub/statepolicy.h"

#include <QJsonArray>

#include <limits>

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
    // Only the form the server writes ids in: QString::toULongLong() would also take " 42",
    // "+42" and "042", so two spellings could name one event and slip past a check keyed by
    // the text.
    const QString text = amendment.toObject().value(u"targetId"_s).toString();
    if (text.isEmpty() || text.size() > 20 || text.front() == u'0')
        return std::nullopt;
    quint64 id = 0;
    for (const QChar c : text) {
        if (c < u'0' || c > u'9')
            return std::nullopt;
        const quint64 digit = quint64(c.unicode() - u'0');
        if (id > (std::numeric_limits<quint64>::max() - digit) / 10)
            return std::nullopt;
        id = id * 10 + digit;
    }
    return id;
}

QJsonObject StatePolicy::corrected(const QJsonValue &original, const QJsonObject &correction)
{
    QJsonObject data = original.toObject();
    for (auto it = correction.begin(); it != correction.end(); ++it) {
        if (it.key() != u"targetId" && it.key() != u"unpins")
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
