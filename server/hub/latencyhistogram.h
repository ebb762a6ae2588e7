#pragma once

#include <QByteArray>
#include <QtGlobal>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <initializer_list>

// A Prometheus histogram for /metrics: the HTTP server's publish latency, the store's commit
// latency (and, with other bounds, its group size). observe() may run on one thread (the
// journal's own) while text() runs on another (the server's): every count is an atomic, so
// neither waits for the other, and text() writes a _count that always equals its +Inf bucket.
// The default buckets, in seconds, span 0.1 ms to 1 s.
//
// Header-only, so that every layer can use the same class without a link of its own: the
// store links only the hub.
class LatencyHistogram final
{
public:
    static constexpr std::size_t MaxBounds = 16;

    LatencyHistogram()
        : LatencyHistogram({ 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
            0.25, 0.5, 1.0 })
    { }
    // Upper bounds, ascending (at most MaxBounds; any more are ignored). +Inf is implied.
    explicit LatencyHistogram(std::initializer_list<double> bounds)
    {
        for (const double bound : bounds) {
            if (m_boundCount < MaxBounds)
                m_bounds[m_boundCount++] = bound;
        }
    }
    Q_DISABLE_COPY_MOVE(LatencyHistogram)

    void observe(double value)
    {
        auto *const end = m_bounds.begin() + m_boundCount;
        const auto bucket
            = std::size_t(std::lower_bound(m_bounds.begin(), end, value) - m_bounds.begin());
        m_counts[bucket].fetch_add(1, std::memory_order_relaxed);
        double sum = m_sum.load(std::memory_order_relaxed);
        while (!m_sum.compare_exchange_weak(sum, sum + value, std::memory_order_relaxed)) { }
    }
    template<class Rep, class Period> void observe(std::chrono::duration<Rep, Period> elapsed)
    {
        observe(std::chrono::duration<double>(elapsed).count());
    }

    quint64 count() const
    {
        quint64 total = 0;
        for (std::size_t i = 0; i <= m_boundCount; ++i)
            total += m_counts[i].load(std::memory_order_relaxed);
        return total;
    }

    // The Prometheus text exposition: HELP, TYPE, cumulative buckets, _sum and _count.
    QByteArray text(const char *name, const char *help) const
    {
        const QByteArray metric(name);
        QByteArray out = "# HELP " + metric + ' ' + help + "\n# TYPE " + metric + " histogram\n";
        quint64 cumulative = 0;
        for (std::size_t i = 0; i <= m_boundCount; ++i) {
            cumulative += m_counts[i].load(std::memory_order_relaxed);
            const QByteArray le
                = i < m_boundCount ? QByteArray::number(m_bounds[i], 'g', 12) : "+Inf";
            out += metric + "_bucket{le=\"" + le + "\"} " + QByteArray::number(cumulative) + '\n';
        }
        out += metric + "_sum " + QByteArray::number(m_sum.load(std::memory_order_relaxed), 'g', 12)
            + '\n';
        out += metric + "_count " + QByteArray::number(cumulative) + '\n';
        return out;
    }

private:
    std::array<double, MaxBounds> m_bounds {};
    std::size_t m_boundCount = 0;
    // One per bound, then +Inf; not cumulative (text() adds them up).
    std::array<std::atomic<quint64>, MaxBounds + 1> m_counts {};
    std::atomic<double> m_sum { 0.0 };
};
