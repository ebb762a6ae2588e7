#pragma once

#include <QLoggingCategory>

// The domain layer's logging categories; turn one on with e.g.
// QT_LOGGING_RULES="livedesk.domain.debug=true".
Q_DECLARE_LOGGING_CATEGORY(lcDemo)
