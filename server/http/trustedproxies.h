#pragma once

#include <QByteArrayList>
#include <QHostAddress>
#include <QList>
#include <QPair>
#include <QString>

#include <optional>

// Who the client of a request is. Behind a reverse proxy every request comes from the
// proxy's address; the proxies named here (--trusted-proxy, an address or a subnet) are
// believed about the client, through the X-Forwarded-For they add. Nobody else is: a
// client that sends its own X-Forwarded-For straight to LiveDesk is still its own address.
class TrustedProxies final
{
public:
    using Subnet = QPair<QHostAddress, int>; // address, prefix length

    TrustedProxies() = default;
    explicit TrustedProxies(QList<Subnet> subnets);

    // "192.0.2.7", "10.0.0.0/8", "::1" or "2001:db8::/32"; nullopt with the reason.
    static std::optional<Subnet> parse(const QString &text, QString *error);

    bool isEmpty() const { return m_subnets.isEmpty(); }
    const QList<Subnet> &subnets() const { return m_subnets; }
    bool isTrusted(const QHostAddress &address) const;

    // `peer` itself, unless it is a trusted proxy: then the nearest address in
    // X-Forwarded-For (every header line's values, in order) that is not a trusted proxy,
    // read from the right, since each proxy appends the address it was reached from. An entry
    // that is not an address ends the walk at the proxy that passed it on: that proxy is the
    // client then, as far as anything here can know.
    QHostAddress clientOf(const QHostAddress &peer, const QByteArrayList &forwardedFor) const;

    // The key wrong guesses are counted under: the address, an IPv6 one by its /64, which one
    // machine can fill at will.
    static QHostAddress throttleKey(const QHostAddress &client);

private:
    QList<Subnet> m_subnets;
};
