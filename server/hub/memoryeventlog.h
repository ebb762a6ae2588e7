#pragma once

#include "hub/eventlog.h"

// An event log that keeps nothing: ids count up from 0 for the life of the object and every
// append succeeds at once. For a hub with no data directory (tests, a throwaway server).
class MemoryEventLog final : public EventLog
{
public:
    MemoryEventLog() = default;

    Restored restore(int recentCount) override;
    void append(const EventDraft &draft, AppendDone done) override;

private:
    quint64 m_lastId = 0;
};
