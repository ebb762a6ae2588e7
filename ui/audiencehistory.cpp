#include "audiencehistory.h"

#include <QSet>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace {

constexpr qint64 MinuteMs = 60 * 1000;

// Per minute, from two readings of a counter `ms` apart (a counter that went back, after a
// restart of the server, counts from zero).
double perMinute(quint64 now, quint64 before, qint64 ms)
{
    if (ms <= 0)
        return 0;
    const quint64 delta = now >= before ? now - before : now;
    return double(delta) * double(MinuteMs) / double(ms);
}

QByteArray number(double value)
{
    return QByteArray::number(value, 'f', value == std::floor(value) ? 0 : 1);
}

} // namespace

const AudienceHistory::Point &AudienceHistory::add(const AudienceSample &sample)
{
    Point point;
    point.time = sample.time;
    point.viewers = sample.viewers;
    point.channels = sample.channels;
    if (const AudienceSample *before = minuteBefore(sample.time)) {
        const qint64 ms = before->time.msecsTo(sample.time);
        // Less than a minute of history: the rate over what there is.
        point.postsPerMinute = perMinute(sample.published, before->published, ms);
        point.droppedPerMinute = perMinute(sample.dropped, before->dropped, ms);
    }
    point.latencyMs = std::exchange(m_latencySinceLast, -1);
    m_samples.push_back(sample);
    m_points.push_back(point);
    forgetBefore(sample.time.addMSecs(-std::chrono::milliseconds(Span).count()));
    return m_points.back();
}

void AudienceHistory::noteLatency(double ms)
{
    m_latencySinceLast = std::max(m_latencySinceLast, ms);
}

const AudienceSample *AudienceHistory::minuteBefore(const QDateTime &time) const
{
    if (m_samples.empty())
        return nullptr;
    const QDateTime limit = time.addMSecs(-MinuteMs);
    const AudienceSample *found = &m_samples.front();
    for (const AudienceSample &s : m_samples) {
        if (s.time > limit)
            break;
        found = &s;
    }
    return found;
}

void AudienceHistory::forgetBefore(const QDateTime &time)
{
    while (!m_points.empty() && m_points.front().time < time)
        m_points.pop_front();
    // The counters a minute back are all that the next rate needs.
    const QDateTime keep = m_samples.back().time.addMSecs(-2 * MinuteMs);
    while (m_samples.size() > 1 && m_samples.front().time < keep)
        m_samples.pop_front();
}

QStringList AudienceHistory::channels() const
{
    QSet<QString> names;
    for (const Point &p : m_points) {
        for (auto it = p.channels.keyBegin(); it != p.channels.keyEnd(); ++it)
            names.insert(*it);
    }
    QStringList list(names.cbegin(), names.cend());
    list.sort();
    return list;
}

std::optional<AudienceHistory::Point> AudienceHistory::peak() const
{
    if (m_points.empty())
        return std::nullopt;
    const auto it = std::max_element(m_points.cbegin(), m_points.cend(),
        [](const Point &a, const Point &b) { return a.viewers < b.viewers; });
    return *it;
}

QByteArray AudienceHistory::csv() const
{
    const QStringList names = channels();
    QByteArray out = "time,viewers,posts_per_minute,dropped_per_minute,latency_ms";
    for (const QString &name : names)
        out += ",viewers:" + name.toUtf8(); // names are [A-Za-z0-9._-]: nothing to quote
    out += "\r\n";
    for (const Point &p : m_points) {
        out += p.time.toString(Qt::ISODateWithMs).toUtf8() + ',' + QByteArray::number(p.viewers)
            + ',' + number(p.postsPerMinute) + ',' + number(p.droppedPerMinute) + ','
            + (p.latencyMs < 0 ? QByteArray() : number(p.latencyMs));
        for (const QString &name : names)
            out += ',' + QByteArray::number(p.channels.value(name));
        out += "\r\n";
    }
    return out;
}
