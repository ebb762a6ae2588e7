#pragma once

#include "host/audiencesample.h"

#include <QByteArray>
#include <QDateTime>
#include <QMap>
#include <QStringList>

#include <chrono>
#include <deque>
#include <optional>

// The last two hours of the server's audience, one point per sample (a second), for the
// Audience panel's charts and its CSV: viewers in all and per channel, posts and dropped
// slow clients per minute (from the counters, over the minute before each point), and the
// viewer pane's publish-to-receive latency (the highest measured since the point before).
// No widgets: the panel draws it, the tests read it.
class AudienceHistory final
{
public:
    static constexpr std::chrono::minutes Span { 120 };

    struct Point
    {
        QDateTime time; // UTC
        int viewers = 0;
        QMap<QString, int> channels;
        double postsPerMinute = 0;
        double droppedPerMinute = 0;
        double latencyMs = -1; // none measured in this second
    };

    AudienceHistory() = default;

    // Appends the sample's point and forgets those older than Span before it.
    const Point &add(const AudienceSample &sample);
    void noteLatency(double ms);

    const std::deque<Point> &points() const { return m_points; }
    // Every channel in the span, sorted.
    QStringList channels() const;
    // The point with the most viewers (the earliest of equals); nullopt while empty.
    std::optional<Point> peak() const;
    // time,viewers,posts_per_minute,dropped_per_minute,latency_ms, then one column per
    // channel ("viewers:<name>"); one line per point, oldest first.
    QByteArray csv() const;

private:
    // The newest sample at least a minute older than `time`, or the oldest kept.
    const AudienceSample *minuteBefore(const QDateTime &time) const;
    void forgetBefore(const QDateTime &time);

    std::deque<Point> m_points;
    std::deque<AudienceSample> m_samples; // the counters of the last minute and a bit
    double m_latencySinceLast = -1;
};
