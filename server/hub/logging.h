#pragma once

#include <QLoggingCategory>

// The hub layer's logging categories; turn one on with e.g.
// QT_LOGGING_RULES="livedesk.hub.debug=true".
Q_DECLARE_LOGGING_CATEGORY(lcHub)
