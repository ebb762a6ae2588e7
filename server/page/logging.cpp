#include "page/logging.h"

Q_LOGGING_CATEGORY(lcPage, "livedesk.page", QtInfoMsg)
