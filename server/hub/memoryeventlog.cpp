#include "hub/memoryeventlog.h"

#include "hub/statepolicy.h"

#include <algorithm>

EventLog::Restored MemoryEventLog::restore(int)
{
    Restored restored;
    restored.lastId = m_lastId;
    return restored;
}

// The interface's sinks are by value for the logs that queue them; this one answers at once.
void MemoryEventLog::append(
    const EventDraft &draft, AppendDone done) // clazy:exclude=function-args-by-ref
{
    const quint64 id = ++m_lastId;
    if (!StatePolicy::carriesState(draft.type)) {
        m_kept.push_back(makeHubEvent(id, draft));
        if (qsizetype(m_kept.size()) > MaxKept)
            m_kept.pop_front();
    }
    done(id, {});
}

void MemoryEventLog::fetch(
    const QList<quint64> &ids, FetchDone done) // clazy:exclude=function-args-by-ref
{
    QList<HubEventPtr> found;
    for (const quint64 id : ids) {
        const auto it = std::lower_bound(m_kept.cbegin(), m_kept.cend(), id,
            [](const HubEventPtr &e, quint64 wanted) { return e->id < wanted; });
        if (it != m_kept.cend() && (*it)->id == id)
            found.append(*it);
    }
    done(found, {});
}
