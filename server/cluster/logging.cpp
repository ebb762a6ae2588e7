#include "cluster/logging.h"

Q_LOGGING_CATEGORY(lcCluster, "livedesk.cluster", QtInfoMsg)
