#pragma once

#include "hub/eventlog.h"

#include <deque>

// An event log in memory only: ids count up from 0 for the life of the object and every
// append succeeds at once. For a hub with no data directory (tests, a throwaway server).
// It keeps the newest MaxKept events that do not carry state (posts and their amendments,
// not the scores and clock ticks that are most of a match), so such a server still pages
// back through its posts (GET /api/events); nothing survives the process.
class MemoryEventLog final : public EventLog
{
public:
    static constexpr qsizetype MaxKept = 20000;

    MemoryEventLog() = default;

    Restored restore(int recentCount) override;
    void append(const EventDraft &draft, AppendDone done) override;
    void fetch(const QList<quint64> &ids, FetchDone done) override;

private:
    quint64 m_lastId = 0;
    std::deque<HubEventPtr> m_kept; // ascending ids
};
