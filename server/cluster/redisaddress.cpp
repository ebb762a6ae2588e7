#include "cluster/redisaddress.h"

#include <QUrl>

using namespace Qt::StringLiterals;

namespace {

// Redis's default "databases 16"; a server configured with more is rare enough to refuse.
constexpr int MaxDatabase = 15;

bool fail(QString *error, const QString &why)
{
    if (error)
        *error = why;
    return false;
}

bool readDatabase(const QString &path, int *db, QString *error)
{
    if (path.isEmpty() || path == u"/")
        return true;
    bool ok = false;
    const QStringView digits = QStringView(path).mid(1);
    const int value = digits.toInt(&ok);
    if (!ok || value < 0 || value > MaxDatabase || digits != QString::number(value))
        return fail(error,
            u"the database in a Redis URL is a number from 0 to %1, not \"%2\""_s.arg(MaxDatabase)
                .arg(path.mid(1)));
    *db = value;
    return true;
}

} // namespace

std::optional<RedisAddress> RedisAddress::parse(const QString &url, QString *error)
{
    const QUrl parsed(url, QUrl::StrictMode);
    if (!parsed.isValid() || parsed.scheme() != u"redis") {
        if (parsed.scheme() == u"rediss")
            fail(error,
                u"rediss:// (Redis over TLS) is not supported: Debian's hiredis has no TLS"_s);
        else
            fail(error, u"a Redis URL looks like redis://HOST:PORT/DB, not \"%1\""_s.arg(url));
        return std::nullopt;
    }
    if (parsed.host().isEmpty()) {
        fail(error, u"the Redis URL \"%1\" names no host"_s.arg(url));
        return std::nullopt;
    }
    if (!parsed.userInfo().isEmpty() || parsed.hasQuery() || parsed.hasFragment()) {
        fail(error, u"a Redis URL has only a host, a port and a database: \"%1\""_s.arg(url));
        return std::nullopt;
    }
    RedisAddress address;
    address.host = parsed.host();
    const int port = parsed.port(6379);
    if (port <= 0 || port > 65535) {
        fail(error, u"the port in the Redis URL \"%1\" is not valid"_s.arg(url));
        return std::nullopt;
    }
    address.port = quint16(port);
    if (!readDatabase(parsed.path(), &address.db, error))
        return std::nullopt;
    return address;
}

QString RedisAddress::toString() const
{
    const QString host = this->host.contains(u':') ? u'[' + this->host + u']' : this->host;
    return u"redis://%1:%2/%3"_s.arg(host).arg(port).arg(db);
}
