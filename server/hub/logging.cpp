#include "hub/logging.h"

Q_LOGGING_CATEGORY(lcHub, "livedesk.hub", QtInfoMsg)
