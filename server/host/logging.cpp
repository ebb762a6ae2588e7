#include "host/logging.h"

Q_LOGGING_CATEGORY(lcHost, "livedesk.host", QtInfoMsg)
