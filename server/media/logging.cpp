#include "media/logging.h"

Q_LOGGING_CATEGORY(lcMedia, "livedesk.media", QtInfoMsg)
