#include "hub/historypage.h"

#include "hub/eventhub.h"
#include "hub/statepolicy.h"

#include <QHash>
#include <QJsonArray>
#include <QStringList>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

// Whether a correction changes what a reader sees of the post, beyond its pin.
bool changesWords(const QJsonObject &correction)
{
    const QStringList keys = correction.keys();
    return std::any_of(keys.cbegin(), keys.cend(), [](const QString &key) {
        return key != u"targetId" && key != u"unpins" && key != u"pinned";
    });
}

QJsonObject postJson(const HubEvent &post, const QList<HubEventPtr> &corrections)
{
    QJsonValue data = post.data;
    bool corrected = false;
    for (const HubEventPtr &correction : corrections) {
        const QJsonObject fields = correction->data.toObject();
        data = StatePolicy::corrected(data, fields);
        corrected = corrected || changesWords(fields);
    }
    QJsonObject json = EventHub::eventJson(post);
    json.insert(u"data"_s, data);
    if (corrected)
        json.insert(u"corrected"_s, true);
    return json;
}

} // namespace

QJsonObject HistoryPage::json(
    const QList<quint64> &posts, const QList<HubEventPtr> &events, std::optional<quint64> next)
{
    QList<HubEventPtr> sorted = events;
    std::sort(sorted.begin(), sorted.end(),
        [](const HubEventPtr &a, const HubEventPtr &b) { return a->id < b->id; });
    QHash<quint64, HubEventPtr> byId;
    QHash<quint64, QList<HubEventPtr>> correctionsOf; // each in id order
    for (const HubEventPtr &event : std::as_const(sorted)) {
        if (!StatePolicy::isAmendment(event->type))
            byId.insert(event->id, event);
        else if (const auto target = StatePolicy::targetOf(event->data);
                 target && !StatePolicy::isRetraction(event->type))
            correctionsOf[*target].append(event);
    }
    QJsonArray list;
    for (const quint64 id : posts) {
        if (const HubEventPtr post = byId.value(id))
            list.append(postJson(*post, correctionsOf.value(id)));
    }
    return QJsonObject {
        { u"events"_s, list },
        { u"next"_s, next ? QJsonValue(QString::number(*next)) : QJsonValue(QJsonValue::Null) },
    };
}
