#pragma once

#include <QLoggingCategory>

// The client layer's logging categories; turn one on with e.g.
// QT_LOGGING_RULES="livedesk.client.debug=true".
Q_DECLARE_LOGGING_CATEGORY(lcFeed)
