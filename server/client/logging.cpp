#include "client/logging.h"

Q_LOGGING_CATEGORY(lcFeed, "livedesk.client", QtInfoMsg)
