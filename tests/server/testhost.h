#pragma once

#include "host/serverhost.h"

#include <QString>

#include <memory>

// A real server for a test, as app/ starts one: 127.0.0.1 on a free port, its own thread,
// the journal in `dataDir` (none given: events kept in memory only), publishing with the token
// "token". A server that cannot start
// ends the test run: nothing after it could mean anything.
inline std::unique_ptr<ServerHost> startHost(const QString &dataDir = {})
{
    ServerConfig config;
    config.port = 0;
    config.token = "token";
    config.dataDir = dataDir;
    auto host = std::make_unique<ServerHost>(config);
    QString error;
    if (!host->start(&error))
        qFatal("server did not start: %s", qPrintable(error));
    return host;
}
