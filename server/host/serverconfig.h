#pragma once

#include "cluster/redisaddress.h"

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QPair>
#include <QString>

#include <algorithm>
#include <chrono>
#include <optional>

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
    // Join a cluster (--redis): the events live in that Redis, under the cluster's name, and
    // not in the data directory's journal. This node's name tells its entries apart.
    std::optional<RedisAddress> redis;
    QString cluster = QStringLiteral("livedesk");
    QString node;
    // How often the audience is sampled for the console's charts (AudienceSampler).
    std::chrono::milliseconds audienceSample { 1000 };
    // How often a cluster node reports its viewers to Redis (they expire after three).
    std::chrono::milliseconds audiencePeriod { 2000 };
    // What the journal keeps (the newest N events, none older than the age).
    qint64 retainEvents = 100000;
    std::chrono::hours retainAge { 24 * 30 };
    std::chrono::milliseconds heartbeat { std::chrono::seconds(15) };
    int replayCapacity = 1000;
    int retryMs = 3000;
    // A subscriber whose unsent output would pass this is disconnected as too slow.
    qint64 slowClientCap = 1024 * 1024;
    // Anonymous readers (streams, pages, /api/state, …) beyond which a new one gets 503.
    // app/ sets it from the descriptor limit (readersFor); tests and embedders set it here.
    int maxConnections = 10000;
    // Connections kept beyond maxConnections for the publisher (a valid token) and for
    // /api/health, so that readers at the cap never lock them out.
    int reservedConnections = 32;
    // The default cap for a process allowed `descriptors` open files: what is left after 64
    // for everything else (the journal, the event loop, Qt's own) and the reserve.
    static int readersFor(quint64 descriptors, int reserve)
    {
        const qint64 room = qint64(descriptors) - 64 - reserve;
        return int(std::clamp<qint64>(room, 1, 1000000));
    }
    // https on the listening port (--tls-cert, --tls-key): a PEM certificate (chain, leaf
    // first) and its key. Both empty: plain http.
    QString tlsCertificate;
    QString tlsKey;
    bool usesTls() const { return !tlsCertificate.isEmpty() || !tlsKey.isEmpty(); }
    // Proxies (address, prefix length) whose X-Forwarded-For names the client.
    QList<QPair<QHostAddress, int>> trustedProxies;
    // Web origins whose pages may publish (--allow-origin); every other page is refused.
    QList<QByteArray> allowedOrigins;
    // Refuse to start with a publish token that PublishToken finds weak. The app sets it
    // (unless LIVEDESK_ALLOW_WEAK_TOKEN=1, for test suites); tests that build a server
    // with a throwaway token leave it off.
    bool requireStrongToken = false;
    // The server thread's event loop: epoll (EpollEventDispatcher, O(ready sockets) per
    // wake-up) or, when false, Qt's default dispatcher (kept for comparison and as a way out).
    bool epollEventLoop = true;
    // Re-emit every event as ServerHost::published() on the host's thread, for the console's
    // panes. A headless run turns it off: nobody there listens, and each queued emission
    // would cost that thread a wake-up per event (about 4% of the CPU at 100 viewers).
    bool relayPublished = true;
};
