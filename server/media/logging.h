#pragma once

#include <QLoggingCategory>

// The media layer's logging category; turn it on with e.g.
// QT_LOGGING_RULES="livedesk.media.debug=true".
Q_DECLARE_LOGGING_CATEGORY(lcMedia)
