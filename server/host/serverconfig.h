#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QString>

#include <chrono>

// Everything the server needs to know at start; filled by app/ from the command line and
// settings, and by tests directly.
struct ServerConfig
{
    QHostAddress address = QHostAddress(QHostAddress::LocalHost);
    quint16 port = 8080;
    QByteArray token;
    // Where the server keeps its state (the event journal). Empty: nothing persists,
    // as in most tests.
    QString dataDir;
    // What the journal keeps (the newest N events, none older than the age).
    qint64 retainEvents = 100000;
    std::chrono::hours retainAge { 24 * 30 };
    std::chrono::milliseconds heartbeat { std::chrono::seconds(15) };
    int replayCapacity = 1000;
    int retryMs = 3000;
    // A subscriber whose unsent output would pass this is disconnected as too slow.
    qint64 slowClientCap = 1024 * 1024;
    // Open connections (streams included) beyond which new requests get 503.
    int maxConnections = 10000;
    // The server thread's event loop: epoll (EpollEventDispatcher, O(ready sockets) per
    // wake-up) or, when false, Qt's default dispatcher (kept for comparison and as a way out).
    bool epollEventLoop = true;
    // Re-emit every event as ServerHost::published() on the host's thread, for the console's
    // panes. A headless run turns it off: nobody there listens, and each queued emission
    // would cost that thread a wake-up per event (about 4% of the CPU at 100 viewers).
    bool relayPublished = true;
};
