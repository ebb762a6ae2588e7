#include "http/logging.h"

Q_LOGGING_CATEGORY(lcHttp, "livedesk.http", QtInfoMsg)
Q_LOGGING_CATEGORY(lcSse, "livedesk.http.sse", QtInfoMsg)
