#pragma once

#include <QLoggingCategory>

// The cluster layer's logging categories; turn one on with e.g.
// QT_LOGGING_RULES="livedesk.cluster.debug=true".
Q_DECLARE_LOGGING_CATEGORY(lcCluster)
