#pragma once

#include "serverconfig.h"

#include <QObject>
#include <QThread>
#include <QUrl>

#include <memory>

class EventHub;
class IdReservation;
class HttpServer;
class SseBroadcaster;

// Runs the hub, the broadcaster and the HTTP server on a thread of their own, so a fan-out
// to thousands of clients never blocks the thread that owns the window (or main()).
//
// The objects it returns live on the server thread: connect to their signals and slots
// (Qt queues across the threads), but do not call their methods from another thread.
class ServerHost final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ServerHost)

public:
    explicit ServerHost(ServerConfig config, QObject *parent = nullptr);
    ~ServerHost() override;

    // Starts the thread and listens. Blocks until listening or failed; on failure says why.
    bool start(QString *error);
    // Closes every stream, stops listening and joins the thread. Safe to call twice.
    void stop();

    bool isRunning() const { return m_running; }
    QUrl baseUrl() const { return m_baseUrl; }
    const ServerConfig &config() const { return m_config; }

    EventHub *hub() const { return m_hub; }
    SseBroadcaster *broadcaster() const { return m_broadcaster; }

private:
    const ServerConfig m_config;
    QThread m_thread;
    // Created here, moved to m_thread, and deleted on it by stop().
    EventHub *m_hub = nullptr;
    SseBroadcaster *m_broadcaster = nullptr;
    HttpServer *m_http = nullptr;
    std::unique_ptr<IdReservation> m_ids; // used on the server thread only, under m_hub
    QUrl m_baseUrl;
    bool m_running = false;
};
