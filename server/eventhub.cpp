#include "eventhub.h"

#include "eventjournal.h"
#include "logging.h"
#include "sseencoder.h"

#include <QJsonDocument>

#include <algorithm>

using namespace Qt::StringLiterals;

EventHub::EventHub(int replayCapacity, QObject *parent)
    : QObject(parent)
    , m_capacity(qMax(0, replayCapacity))
{
    qRegisterMetaType<HubEventPtr>();
}

void EventHub::useJournal(EventJournal *journal)
{
    Q_ASSERT(m_window.empty() && m_lastId == m_baseline);
    m_journal = journal;
    const QList<HubEventPtr> recent = journal->loadRecent(m_capacity);
    m_window.assign(recent.cbegin(), recent.cend());
    m_lastId = journal->lastId();
    // Nothing before the restored window is replayable, whatever the channel.
    m_baseline = m_window.empty() ? m_lastId : m_window.front()->id - 1;
    for (const HubEventPtr &e : journal->loadLatestState())
        m_latest.insert(e->channel + u'\n' + e->type, e);
    for (const ChannelInfo &info : journal->channelStats())
        m_channels.insert(info.name, info);
    qCInfo(lcHub).noquote() << "journal" << journal->filePath() << "restored" << m_window.size()
                            << "events; next id" << m_lastId + 1;
}

bool EventHub::isStateType(const QString &type)
{
    return type == u"score" || type == u"clock";
}

bool EventHub::isValidName(QStringView name)
{
    if (name.isEmpty() || name.size() > 64)
        return false;
    return std::all_of(name.begin(), name.end(), [](QChar c) {
        const char16_t u = c.unicode();
        return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9')
            || u == '.' || u == '_' || u == '-';
    });
}

QByteArray EventHub::payloadText(const QJsonValue &data)
{
    switch (data.type()) {
    case QJsonValue::String:
        return data.toString().toUtf8();
    case QJsonValue::Object:
        return QJsonDocument(data.toObject()).toJson(QJsonDocument::Compact);
    case QJsonValue::Array:
        return QJsonDocument(data.toArray()).toJson(QJsonDocument::Compact);
    case QJsonValue::Undefined:
        return "null";
    default: {
        // QJsonDocument only holds containers; serialise the scalar inside one and unwrap it.
        const QByteArray wrapped
            = QJsonDocument(QJsonArray { data }).toJson(QJsonDocument::Compact);
        return wrapped.sliced(1, wrapped.size() - 2);
    }
    }
}

HubEventPtr EventHub::publish(const QString &channel, const QString &type, const QJsonValue &data)
{
    if (!isValidName(channel) || !isValidName(type)) {
        m_lastError = u"invalid channel or type"_s;
        qCWarning(lcHub) << "rejected event with invalid channel or type" << channel << type;
        return {};
    }

    const quint64 id = m_lastId + 1;
    auto event = std::make_shared<HubEvent>();
    event->id = m_lastId = id;
    event->channel = channel;
    event->type = type;
    event->data = data.isUndefined() ? QJsonValue(QJsonValue::Null) : data;
    event->time = QDateTime::currentDateTimeUtc();
    event->acceptedAt = std::chrono::steady_clock::now();
    SseEvent sse;
    sse.id = QByteArray::number(event->id);
    sse.type = type.toUtf8();
    sse.data = payloadText(event->data);
    event->wire = SseEncoder::encode(sse);

    // Durable before visible: a subscriber never sees an event the journal does not hold,
    // and a failed write consumes no id.
    if (m_journal) {
        QString error;
        if (!m_journal->append(*event, &error)) {
            m_lastId = id - 1;
            m_lastError = u"the journal could not store the event: %1"_s.arg(error);
            qCCritical(lcHub).noquote() << m_lastError;
            return {};
        }
    }

    ChannelInfo &info = m_channels[channel];
    info.name = channel;
    info.lastId = event->id;
    ++info.events;
    ++m_publishedTotal;

    HubEventPtr shared = std::move(event);
    if (isStateType(type))
        m_latest.insert(channel + u'\n' + type, shared);
    if (m_capacity > 0)
        m_window.push_back(shared);
    else
        m_evictedUpTo[channel] = m_evictedUpToAny = shared->id;
    while (qsizetype(m_window.size()) > m_capacity) {
        const HubEventPtr &oldest = m_window.front();
        m_evictedUpTo[oldest->channel] = oldest->id;
        m_evictedUpToAny = oldest->id;
        m_window.pop_front();
    }

    qCDebug(lcHub) << "published" << shared->id << channel << type;
    Q_EMIT published(shared);
    return shared;
}

bool EventHub::gapFor(quint64 afterId, const ChannelSet &channels) const
{
    // An id from the future, or from before this run, belongs to another server lifetime:
    // this hub cannot say what followed it.
    if (afterId > m_lastId || afterId < m_baseline)
        return true;
    if (channels.isEmpty())
        return m_evictedUpToAny > afterId;
    return std::any_of(channels.begin(), channels.end(),
        [&](const QString &c) { return m_evictedUpTo.value(c) > afterId; });
}

EventHub::Replay EventHub::since(quint64 afterId, const ChannelSet &channels, int maxEvents) const
{
    Replay replay;
    replay.scannedTo = afterId;
    if (gapFor(afterId, channels)) {
        replay.gap = true;
        return replay;
    }
    auto it = std::upper_bound(m_window.begin(), m_window.end(), afterId,
        [](quint64 id, const HubEventPtr &e) { return id < e->id; });
    for (; it != m_window.end(); ++it) {
        if (maxEvents >= 0 && replay.events.size() >= maxEvents)
            break;
        const HubEventPtr &e = *it;
        replay.scannedTo = e->id;
        if (channels.isEmpty() || channels.contains(e->channel))
            replay.events.append(e);
    }
    return replay;
}

QList<EventHub::ChannelInfo> EventHub::channels() const
{
    QList<ChannelInfo> list = m_channels.values();
    std::sort(list.begin(), list.end(),
        [](const ChannelInfo &a, const ChannelInfo &b) { return a.name < b.name; });
    return list;
}

QJsonObject EventHub::eventJson(const HubEvent &event)
{
    return QJsonObject {
        { u"id"_s, QString::number(event.id) },
        { u"channel"_s, event.channel },
        { u"type"_s, event.type },
        { u"data"_s, event.data },
        { u"time"_s, event.time.toString(Qt::ISODateWithMs) },
    };
}

QJsonObject EventHub::stateJson(int recentCount, const ChannelSet &filter) const
{
    QJsonArray channelList;
    for (const ChannelInfo &c : channels()) {
        if (!filter.isEmpty() && !filter.contains(c.name))
            continue;
        channelList.append(QJsonObject {
            { u"name"_s, c.name },
            { u"lastId"_s, QString::number(c.lastId) },
            { u"events"_s, qint64(c.events) },
        });
    }
    QList<HubEventPtr> newest;
    for (auto it = m_window.rbegin(); it != m_window.rend() && newest.size() < recentCount; ++it) {
        if ((*it)->type != u"clock" && (filter.isEmpty() || filter.contains((*it)->channel)))
            newest.append(*it);
    }
    QJsonArray recentList;
    for (auto it = newest.crbegin(); it != newest.crend(); ++it)
        recentList.append(eventJson(**it));
    QList<HubEventPtr> latest;
    for (const HubEventPtr &e : m_latest) {
        if (filter.isEmpty() || filter.contains(e->channel))
            latest.append(e);
    }
    std::sort(latest.begin(), latest.end(),
        [](const HubEventPtr &a, const HubEventPtr &b) { return a->id < b->id; });
    QJsonArray latestList;
    for (const HubEventPtr &e : std::as_const(latest))
        latestList.append(eventJson(*e));
    return QJsonObject {
        { u"lastId"_s, QString::number(m_lastId) },
        { u"channels"_s, channelList },
        { u"recent"_s, recentList },
        { u"latest"_s, latestList },
    };
}
