#include "hub/idempotencyindex.h"

#include <algorithm>

IdempotencyIndex::IdempotencyIndex(std::chrono::seconds window, qsizetype capacity)
    : m_window(window)
    , m_capacity(qMax<qsizetype>(1, capacity))
{ }

bool IdempotencyIndex::isValidKey(QStringView key)
{
    if (key.isEmpty() || key.size() > MaxKeyLength)
        return false;
    return std::all_of(key.begin(), key.end(), [](QChar c) {
        const char16_t u = c.unicode();
        return u > 0x20 && u < 0x7f;
    });
}

std::optional<IdempotencyIndex::Entry> IdempotencyIndex::find(
    const QString &key, const QDateTime &now) const
{
    const auto it = m_entries.constFind(key);
    if (it == m_entries.cend() || it->time.secsTo(now) > m_window.count())
        return std::nullopt;
    return *it;
}

void IdempotencyIndex::remember(const QString &key, const Entry &entry)
{
    if (key.isEmpty() || m_entries.contains(key))
        return;
    m_entries.insert(key, entry);
    m_order.push_back(key);
    while (qsizetype(m_order.size()) > m_capacity) {
        m_entries.remove(m_order.front());
        m_order.pop_front();
    }
}

void IdempotencyIndex::expire(const QDateTime &now)
{
    while (!m_order.empty()) {
        const auto it = m_entries.constFind(m_order.front());
        if (it != m_entries.cend() && it->time.secsTo(now) <= m_window.count())
            return;
        m_entries.remove(m_order.front());
        m_order.pop_front();
    }
}
