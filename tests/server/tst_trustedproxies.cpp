#include "http/trustedproxies.h"

#include <QTest>

using namespace Qt::StringLiterals;

// Who the client is behind --trusted-proxy: what wrong tokens are counted under (issue 13).
class tst_TrustedProxies final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parse_data();
    void parse();
    void clientOf_data();
    void clientOf();
    void throttleKey_data();
    void throttleKey();
};

void tst_TrustedProxies::parse_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("address"); // empty: refused
    QTest::addColumn<int>("prefix");

    QTest::addRow("IPv4 address") << u"127.0.0.1"_s << u"127.0.0.1"_s << 32;
    QTest::addRow("IPv4 subnet") << u"10.0.0.0/8"_s << u"10.0.0.0"_s << 8;
    QTest::addRow("IPv6 address") << u"2001:db8::7"_s << u"2001:db8::7"_s << 128;
    QTest::addRow("IPv6 subnet") << u"2001:db8::/32"_s << u"2001:db8::"_s << 32;
    QTest::addRow("IPv4-mapped is IPv4") << u"::ffff:10.0.0.1"_s << u"10.0.0.1"_s << 32;
    QTest::addRow("a host name") << u"proxy.lan"_s << QString() << 0;
    QTest::addRow("empty") << QString() << QString() << 0;
    QTest::addRow("prefix too long") << u"10.0.0.0/33"_s << QString() << 0;
    QTest::addRow("prefix not a number") << u"10.0.0.0/x"_s << QString() << 0;
}

void tst_TrustedProxies::parse()
{
    QFETCH(QString, text);
    QFETCH(QString, address);
    QFETCH(int, prefix);
    QString error;
    const auto subnet = TrustedProxies::parse(text, &error);
    if (address.isEmpty()) {
        QVERIFY(!subnet);
        QCOMPARE(error, u"\"%1\" is not an IP address or a subnet such as 10.0.0.0/8"_s.arg(text));
        return;
    }
    QVERIFY2(subnet, qPrintable(error));
    QCOMPARE(subnet->first, QHostAddress(address));
    QCOMPARE(subnet->second, prefix);
}

void tst_TrustedProxies::clientOf_data()
{
    QTest::addColumn<QString>("peer");
    QTest::addColumn<QByteArrayList>("forwardedFor"); // one entry per header line
    QTest::addColumn<QString>("client");

    // Trusted below: 127.0.0.1 and 10.0.0.0/8.
    QTest::addRow("an untrusted peer is itself, whatever it claims")
        << u"192.0.2.5"_s << QByteArrayList { "203.0.113.9" } << u"192.0.2.5"_s;
    QTest::addRow("a trusted peer without the header")
        << u"127.0.0.1"_s << QByteArrayList() << u"127.0.0.1"_s;
    QTest::addRow("the address the proxy added")
        << u"127.0.0.1"_s << QByteArrayList { "203.0.113.9" } << u"203.0.113.9"_s;
    QTest::addRow("a forged entry on the left is not believed")
        << u"127.0.0.1"_s << QByteArrayList { "1.1.1.1, 203.0.113.9" } << u"203.0.113.9"_s;
    QTest::addRow("through two trusted proxies")
        << u"127.0.0.1"_s << QByteArrayList { "203.0.113.9, 10.1.2.3" } << u"203.0.113.9"_s;
    QTest::addRow("several header lines, in order")
        << u"127.0.0.1"_s << QByteArrayList { "198.51.100.1", "203.0.113.9" } << u"203.0.113.9"_s;
    QTest::addRow("only trusted proxies: the farthest")
        << u"127.0.0.1"_s << QByteArrayList { "10.0.0.5, 10.0.0.6" } << u"10.0.0.5"_s;
    QTest::addRow("garbage ends the walk at the proxy")
        << u"127.0.0.1"_s << QByteArrayList { "203.0.113.9, unknown" } << u"127.0.0.1"_s;
    QTest::addRow("garbage behind a second proxy")
        << u"127.0.0.1"_s << QByteArrayList { "_hidden, 10.0.0.7" } << u"10.0.0.7"_s;
    QTest::addRow("an entry with a port")
        << u"127.0.0.1"_s << QByteArrayList { " 203.0.113.9:4711 " } << u"203.0.113.9"_s;
    QTest::addRow("an IPv6 entry in brackets with a port")
        << u"127.0.0.1"_s << QByteArrayList { "[2001:db8::1]:443" } << u"2001:db8::1"_s;
    QTest::addRow("a bare IPv6 entry")
        << u"127.0.0.1"_s << QByteArrayList { "2001:db8::1" } << u"2001:db8::1"_s;
    QTest::addRow("an IPv4-mapped peer is trusted as IPv4")
        << u"::ffff:127.0.0.1"_s << QByteArrayList { "203.0.113.9" } << u"203.0.113.9"_s;
    QTest::addRow("an empty entry ends the walk")
        << u"127.0.0.1"_s << QByteArrayList { "203.0.113.9,," } << u"127.0.0.1"_s;
}

void tst_TrustedProxies::clientOf()
{
    QFETCH(QString, peer);
    QFETCH(QByteArrayList, forwardedFor);
    QFETCH(QString, client);
    const TrustedProxies proxies(
        { { QHostAddress(u"127.0.0.1"_s), 32 }, { QHostAddress(u"10.0.0.0"_s), 8 } });
    QCOMPARE(proxies.clientOf(QHostAddress(peer), forwardedFor), QHostAddress(client));
    // With no trusted proxy, nobody's header is believed.
    QCOMPARE(TrustedProxies().clientOf(QHostAddress(u"192.0.2.5"_s), forwardedFor),
        QHostAddress(u"192.0.2.5"_s));
}

void tst_TrustedProxies::throttleKey_data()
{
    QTest::addColumn<QString>("client");
    QTest::addColumn<QString>("key");
    QTest::addRow("IPv4: the address") << u"203.0.113.9"_s << u"203.0.113.9"_s;
    QTest::addRow("IPv6: its /64") << u"2001:db8:1:2:aaaa:bbbb:cccc:dddd"_s << u"2001:db8:1:2::"_s;
    QTest::addRow("IPv6 in the same /64") << u"2001:db8:1:2::99"_s << u"2001:db8:1:2::"_s;
    QTest::addRow("IPv4-mapped: the IPv4 address") << u"::ffff:192.0.2.1"_s << u"192.0.2.1"_s;
}

void tst_TrustedProxies::throttleKey()
{
    QFETCH(QString, client);
    QFETCH(QString, key);
    QCOMPARE(TrustedProxies::throttleKey(QHostAddress(client)), QHostAddress(key));
}

QTEST_APPLESS_MAIN(tst_TrustedProxies)
#include "tst_trustedproxies.moc"
