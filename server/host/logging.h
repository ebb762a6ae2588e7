#pragma once

#include <QLoggingCategory>

// The host layer's logging categories; turn one on with e.g.
// QT_LOGGING_RULES="livedesk.host.debug=true".
Q_DECLARE_LOGGING_CATEGORY(lcHost)
