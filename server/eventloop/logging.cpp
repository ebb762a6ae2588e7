#include "eventloop/logging.h"

Q_LOGGING_CATEGORY(lcLoop, "livedesk.eventloop", QtInfoMsg)
