#include "http/trustedproxies.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

// An IPv4 peer of a dual-stack socket arrives as ::ffff:a.b.c.d; it is the IPv4 address.
QHostAddress plain(const QHostAddress &address)
{
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4);
    return isV4 && address.protocol() == QAbstractSocket::IPv6Protocol ? QHostAddress(v4) : address;
}

// One X-Forwarded-For entry: an address, perhaps in brackets or with a port (some proxies
// add one); nullopt for anything else ("unknown", an obfuscated name, garbage).
std::optional<QHostAddress> entryAddress(QByteArrayView entry)
{
    QString text = QString::fromLatin1(entry.trimmed());
    if (text.startsWith(u'[')) {
        const qsizetype end = text.indexOf(u']');
        if (end < 0)
            return std::nullopt;
        text = text.mid(1, end - 1);
    } else if (text.count(u':') == 1) {
        text = text.left(text.indexOf(u':')); // IPv4 with a port
    }
    QHostAddress address;
    if (!address.setAddress(text))
        return std::nullopt;
    return plain(address);
}

} // namespace

TrustedProxies::TrustedProxies(QList<Subnet> subnets)
    : m_subnets(std::move(subnets))
{ }

std::optional<TrustedProxies::Subnet> TrustedProxies::parse(const QString &text, QString *error)
{
    Subnet subnet;
    if (text.contains(u'/')) {
        subnet = QHostAddress::parseSubnet(text);
    } else if (QHostAddress address; address.setAddress(text)) {
        address = plain(address);
        subnet = { address, address.protocol() == QAbstractSocket::IPv4Protocol ? 32 : 128 };
    }
    if (subnet.first.isNull() || subnet.second < 0) {
        *error = u"\"%1\" is not an IP address or a subnet such as 10.0.0.0/8"_s.arg(text);
        return std::nullopt;
    }
    return subnet;
}

bool TrustedProxies::isTrusted(const QHostAddress &address) const
{
    const QHostAddress candidate = plain(address);
    return std::any_of(m_subnets.begin(), m_subnets.end(),
        [&](const Subnet &subnet) { return candidate.isInSubnet(subnet); });
}

QHostAddress TrustedProxies::clientOf(
    const QHostAddress &peer, const QByteArrayList &forwardedFor) const
{
    QHostAddress client = plain(peer);
    if (!isTrusted(client))
        return client;
    QList<QByteArray> entries;
    for (const QByteArray &line : forwardedFor)
        entries += line.split(',');
    for (auto it = entries.crbegin(); it != entries.crend(); ++it) {
        const auto address = entryAddress(*it);
        if (!address)
            return client;
        client = *address;
        if (!isTrusted(client))
            return client;
    }
    return client;
}

QHostAddress TrustedProxies::throttleKey(const QHostAddress &client)
{
    const QHostAddress address = plain(client);
    if (address.protocol() != QAbstractSocket::IPv6Protocol)
        return address;
    Q_IPV6ADDR bytes = address.toIPv6Address();
    for (int i = 8; i < 16; ++i)
        bytes[i] = 0;
    return QHostAddress(bytes);
}
