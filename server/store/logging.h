#pragma once

#include <QLoggingCategory>

// The store layer's logging categories; turn one on with e.g.
// QT_LOGGING_RULES="livedesk.store.debug=true".
Q_DECLARE_LOGGING_CATEGORY(lcStore)
