#pragma once

#include "host/serverconfig.h"

#include <QString>

#include <memory>

class EventHub;
class EventLog;
class HttpServer;
class SseBroadcaster;

// One running server: its event log, hub, broadcaster and HTTP server, built, used and
// destroyed on the server thread. The members are declared in the order they depend on each
// other, so construction runs down the list and destruction back up it: the HTTP server goes
// first (no new requests), then the streams, then the hub, then the log it appended to.
class ServerCore final
{
public:
    // Opens the log (the journal in config.dataDir, or memory), restores the hub from it and
    // listens. Null with the reason when any step fails; *notice gets a message for the
    // operator (a damaged journal moved aside).
    static std::unique_ptr<ServerCore> create(
        const ServerConfig &config, QString *error, QString *notice);
    ~ServerCore();
    ServerCore(const ServerCore &) = delete;
    ServerCore &operator=(const ServerCore &) = delete;

    EventHub *hub() const { return m_hub.get(); }
    SseBroadcaster *broadcaster() const { return m_broadcaster.get(); }
    HttpServer *http() const { return m_http.get(); }

private:
    ServerCore() = default;
    bool openLog(const ServerConfig &config, QString *error, QString *notice);

    std::unique_ptr<EventLog> m_log;
    std::unique_ptr<EventHub> m_hub;
    std::unique_ptr<SseBroadcaster> m_broadcaster;
    std::unique_ptr<HttpServer> m_http;
};
