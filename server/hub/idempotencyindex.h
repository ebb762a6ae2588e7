#pragma once

#include <QDateTime>
#include <QHash>
#include <QString>

#include <chrono>
#include <deque>
#include <optional>

// Which publish each idempotency key (the Idempotency-Key header of POST /api/events, the
// console's outbox) was stored as, for a retention window: a sender that lost the answer and
// sends again gets the original event back, never a second copy.
//
// Bounded twice: by age (the window) and by count, oldest first. A key past either bound is
// forgotten, so a repeat after that is stored anew; the window is far longer than any
// sender's retries (the outbox gives up on nothing, but it drains within minutes of a link
// coming back).
class IdempotencyIndex final
{
public:
    static constexpr std::chrono::hours DefaultWindow { 24 };
    static constexpr qsizetype DefaultCapacity = 200000;
    // What a key may be: printable ASCII without spaces, as a UUID or a ULID is.
    static constexpr qsizetype MaxKeyLength = 128;

    struct Entry
    {
        quint64 id = 0;
        QString channel;
        QString type;
        QDateTime time; // UTC, when the original was accepted
    };

    explicit IdempotencyIndex(
        std::chrono::seconds window = DefaultWindow, qsizetype capacity = DefaultCapacity);

    static bool isValidKey(QStringView key);

    // Only keys accepted within the window before `now`.
    std::optional<Entry> find(const QString &key, const QDateTime &now) const;
    // A key seen again (another node's event read back) keeps its first entry.
    void remember(const QString &key, const Entry &entry);
    // Forgets what is older than the window before `now`, or past the capacity.
    void expire(const QDateTime &now);
    qsizetype size() const { return m_entries.size(); }
    std::chrono::seconds window() const { return m_window; }

private:
    const std::chrono::seconds m_window;
    const qsizetype m_capacity;
    QHash<QString, Entry> m_entries;
    std::deque<QString> m_order; // oldest first, for expiry
};
