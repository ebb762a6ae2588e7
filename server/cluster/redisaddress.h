#pragma once

#include <QString>

#include <optional>

// Where a cluster's Redis is: `redis://HOST[:PORT][/DB]` (--redis). Plain TCP only: Debian's
// hiredis 0.14 has no TLS, so Redis belongs on a private network (docs/cluster.md).
struct RedisAddress
{
    QString host;
    quint16 port = 6379;
    int db = 0;

    // Nullopt, with a one-line reason in `error`, for anything else.
    static std::optional<RedisAddress> parse(const QString &url, QString *error);
    QString toString() const;
};
