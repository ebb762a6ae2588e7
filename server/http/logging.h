#pragma once

#include <QLoggingCategory>

// The http layer's logging categories; turn one on with e.g.
// QT_LOGGING_RULES="livedesk.http.debug=true".
Q_DECLARE_LOGGING_CATEGORY(lcHttp)
Q_DECLARE_LOGGING_CATEGORY(lcSse)
