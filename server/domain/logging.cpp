#include "domain/logging.h"

Q_LOGGING_CATEGORY(lcDemo, "livedesk.domain.demo", QtInfoMsg)
