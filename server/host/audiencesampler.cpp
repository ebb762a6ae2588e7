#include "host/audiencesampler.h"

#include "http/ssebroadcaster.h"
#include "hub/eventhub.h"

AudienceSampler::AudienceSampler(
    const EventHub *hub, const SseBroadcaster *streams, Clock clock, QObject *parent)
    : QObject(parent)
    , m_hub(hub)
    , m_streams(streams)
    , m_clock(std::move(clock))
{
    connect(&m_timer, &QTimer::timeout, this, [this] { Q_EMIT sampled(sample()); });
}

void AudienceSampler::start(std::chrono::milliseconds period)
{
    m_timer.start(period);
}

AudienceSample AudienceSampler::sample() const
{
    AudienceSample now;
    now.time = m_clock();
    now.viewers = m_streams->clientCount();
    // Every channel with events, and every channel a stream named (it may have none yet).
    for (const ChannelInfo &channel : m_hub->channels())
        now.channels.insert(channel.name, m_streams->viewersOf(channel.name));
    const QMap<QString, int> named = m_streams->viewersByChannel();
    for (auto it = named.cbegin(); it != named.cend(); ++it) {
        if (it.key() != QLatin1String("*"))
            now.channels.insert(it.key(), m_streams->viewersOf(it.key()));
    }
    now.published = m_hub->publishedTotal();
    now.dropped = m_streams->slowClientsDropped();
    return now;
}
