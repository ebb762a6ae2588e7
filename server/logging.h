#pragma once

#include <QLoggingCategory>

// One category per module so operators can turn on exactly what they need, e.g.
// QT_LOGGING_RULES="livedesk.server.sse.debug=true".
Q_DECLARE_LOGGING_CATEGORY(lcSse)
Q_DECLARE_LOGGING_CATEGORY(lcHub)
Q_DECLARE_LOGGING_CATEGORY(lcHttp)
Q_DECLARE_LOGGING_CATEGORY(lcFeed)
Q_DECLARE_LOGGING_CATEGORY(lcDemo)
Q_DECLARE_LOGGING_CATEGORY(lcLoop)
