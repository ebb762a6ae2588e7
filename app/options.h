#pragma once

#include "host/serverconfig.h"

#include <QHostAddress>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <chrono>
#include <optional>

// The command line, parsed and checked. Every option has a --help line. Values given here
// override the saved settings for this run only.
struct Options
{
    bool headless = false;
    bool demo = false;
    QString dataDir;
    std::optional<quint16> port;
    std::optional<QHostAddress> address;
    std::optional<QByteArray> token; // --token or LIVEDESK_TOKEN
    std::optional<std::chrono::seconds> heartbeat;
    std::optional<int> replay;
    std::optional<QString> language; // "en" or "zh_CN"
    std::optional<qint64> retainEvents;
    std::optional<int> retainDays;
    std::optional<int> maxConnections;
    // --trusted-proxy (repeatable): address, prefix length.
    QList<QPair<QHostAddress, int>> trustedProxies;
    // --allow-origin (repeatable), as a browser writes an origin ("https://desk.example.org").
    QList<QByteArray> allowedOrigins;
    // LIVEDESK_ALLOW_WEAK_TOKEN=1: accept a short hand-given token (test suites only).
    bool allowWeakToken = false;
    // LIVEDESK_EVENT_LOOP=qt: serve with Qt's own event dispatcher instead of epoll.
    bool qtEventLoop = false;
    // --redis URL, --cluster NAME, --node NAME: join a cluster.
    std::optional<RedisAddress> redis;
    QString cluster;
    QString node;
    // --tls-cert FILE --tls-key FILE: serve https (absolute paths; both or neither).
    QString tlsCertificate;
    QString tlsKey;
    // --upstream URL: publish to, and follow, a LiveDesk elsewhere (--token is its token).
    std::optional<QUrl> upstream;
    // --export CHANNEL FILE: write the channel's history as JSON Lines and exit.
    QString exportChannel;
    QString exportFile;

    // Settings first, then these options on top.
    ServerConfig applyTo(ServerConfig config) const;

    // Parses arguments (and LIVEDESK_TOKEN, LIVEDESK_ALLOW_WEAK_TOKEN). On --help/--version prints
    // and sets *exitCode to 0; on a bad value prints a one-line reason to stderr and sets *exitCode
    // to 2. The caller exits when *exitCode is set.
    static Options parse(const QStringList &arguments, int *exitCode);
    // Whether the arguments ask for a server-only run (decided before any QApplication).
    static bool wantsHeadless(int argc, char **argv);
};
