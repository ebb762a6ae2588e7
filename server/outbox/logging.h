#pragma once

#include <QLoggingCategory>

// The outbox layer's logging category; turn it on with e.g.
// QT_LOGGING_RULES="livedesk.outbox.debug=true".
Q_DECLARE_LOGGING_CATEGORY(lcOutbox)
