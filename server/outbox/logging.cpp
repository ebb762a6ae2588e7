#include "outbox/logging.h"

Q_LOGGING_CATEGORY(lcOutbox, "livedesk.outbox", QtInfoMsg)
