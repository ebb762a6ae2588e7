#include "logging.h"

Q_LOGGING_CATEGORY(lcSse, "livedesk.server.sse", QtInfoMsg)
Q_LOGGING_CATEGORY(lcHub, "livedesk.server.hub", QtInfoMsg)
Q_LOGGING_CATEGORY(lcHttp, "livedesk.server.http", QtInfoMsg)
Q_LOGGING_CATEGORY(lcFeed, "livedesk.server.feed", QtInfoMsg)
Q_LOGGING_CATEGORY(lcDemo, "livedesk.server.demo", QtInfoMsg)
Q_LOGGING_CATEGORY(lcLoop, "livedesk.server.loop", QtInfoMsg)
