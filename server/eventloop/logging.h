#pragma once

#include <QLoggingCategory>

// The eventloop layer's logging categories; turn one on with e.g.
// QT_LOGGING_RULES="livedesk.eventloop.debug=true".
Q_DECLARE_LOGGING_CATEGORY(lcLoop)
