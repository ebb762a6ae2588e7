#pragma once

#include <QLoggingCategory>

// The page layer's logging category; turn it on with e.g.
// QT_LOGGING_RULES="livedesk.page.debug=true".
Q_DECLARE_LOGGING_CATEGORY(lcPage)
