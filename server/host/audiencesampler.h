#pragma once

#include "host/audiencesample.h"

#include <QObject>
#include <QTimer>

#include <chrono>
#include <functional>

class EventHub;
class SseBroadcaster;

// Reads the audience once a period (a second) on the server thread and reports it: the
// broadcaster's channel sets and counters as they stand, so sampling costs nothing per event
// or per stream write. The console's Audience panel keeps the history (two hours of them).
class AudienceSampler final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AudienceSampler)

public:
    using Clock = std::function<QDateTime()>;

    // Neither is owned; both outlive this object (ServerCore's order).
    AudienceSampler(
        const EventHub *hub, const SseBroadcaster *streams, Clock clock, QObject *parent = nullptr);

    void start(std::chrono::milliseconds period);
    // The audience now.
    AudienceSample sample() const;

Q_SIGNALS:
    void sampled(const AudienceSample &sample);

private:
    const EventHub *const m_hub;
    const SseBroadcaster *const m_streams;
    const Clock m_clock;
    QTimer m_timer;
};
