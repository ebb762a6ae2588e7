#pragma once

// What the send-delay tests of the news and match desks share: whether anything reached a
// real viewer of the server, proved by a sentinel rather than by waiting.

#include "host/serverhost.h"
#include "pendingpost.h"
#include "publishwaiter.h"
#include "ssetestclient.h"

#include <QByteArrayList>
#include <QJsonObject>
#include <QTest>

// Publishes a sentinel (a clock tick on its own channel) and waits until the viewer has it:
// whatever reached the server before it has reached the viewer by then, or never did.
inline bool sentinelReaches(ServerHost &host, const SseTestClient &viewer)
{
    const qsizetype before = viewer.events().size();
    if (!PublishWaiter::publish(
            host, QStringLiteral("sentinel"), QStringLiteral("clock"), QJsonObject {})
             .ok())
        return false;
    return QTest::qWaitFor([&] { return viewer.events().size() > before; }, 5000)
        && viewer.events().constLast().type == "clock";
}

inline QByteArrayList typesOf(const SseTestClient &viewer)
{
    QByteArrayList types;
    for (const SseEvent &event : viewer.events())
        types.append(event.type);
    return types;
}

// A few of the countdown's polls: whatever was due has happened by then.
inline void letItPoll()
{
    QTest::qWait(3 * PendingPost::TickMs);
}
