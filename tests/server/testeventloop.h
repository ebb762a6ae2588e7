#pragma once

#include "eventloop/epolleventdispatcher.h"

#include <QCoreApplication>

// Called from a suite's initMain(), before its QCoreApplication exists. ctest runs the
// loopback suites twice (see livedesk_add_test's EPOLL): once on Qt's own event loop, as
// the GUI thread and the feed client run, and once with LIVEDESK_TEST_EVENT_LOOP=epoll on
// the epoll dispatcher the server thread runs, so every socket path is tried on both.
inline void useTestEventLoop()
{
    if (qEnvironmentVariable("LIVEDESK_TEST_EVENT_LOOP") == QLatin1String("epoll"))
        QCoreApplication::setEventDispatcher(new EpollEventDispatcher);
}
