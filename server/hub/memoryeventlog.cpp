#include "hub/memoryeventlog.h"

EventLog::Restored MemoryEventLog::restore(int)
{
    Restored restored;
    restored.lastId = m_lastId;
    return restored;
}

void MemoryEventLog::append(const EventDraft &, AppendDone done)
{
    done(++m_lastId, {});
}
