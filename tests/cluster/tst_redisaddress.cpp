#include "cluster/redisaddress.h"

#include <QTest>

using namespace Qt::StringLiterals;

class tst_RedisAddress final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parses_data();
    void parses();
    void refuses_data();
    void refuses();
};

void tst_RedisAddress::parses_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<int>("db");
    QTest::newRow("host only") << u"redis://redis.internal"_s << u"redis.internal"_s << 6379 << 0;
    QTest::newRow("port") << u"redis://127.0.0.1:7000"_s << u"127.0.0.1"_s << 7000 << 0;
    QTest::newRow("port and db") << u"redis://10.0.0.5:6380/3"_s << u"10.0.0.5"_s << 6380 << 3;
    QTest::newRow("trailing slash") << u"redis://h:1/"_s << u"h"_s << 1 << 0;
    QTest::newRow("ipv6") << u"redis://[::1]:6379/15"_s << u"::1"_s << 6379 << 15;
}

void tst_RedisAddress::parses()
{
    QFETCH(QString, url);
    QFETCH(QString, host);
    QFETCH(int, port);
    QFETCH(int, db);
    QString error;
    const auto address = RedisAddress::parse(url, &error);
    QVERIFY2(address, qPrintable(error));
    QCOMPARE(address->host, host);
    QCOMPARE(int(address->port), port);
    QCOMPARE(address->db, db);
    // What it prints parses back to the same.
    const auto again = RedisAddress::parse(address->toString(), &error);
    QVERIFY2(again, qPrintable(error));
    QCOMPARE(again->host, host);
    QCOMPARE(again->db, db);
}

void tst_RedisAddress::refuses_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("reason");
    QTest::newRow("empty") << QString() << u"looks like redis://"_s;
    QTest::newRow("no scheme") << u"127.0.0.1:6379"_s << u"looks like redis://"_s;
    QTest::newRow("http") << u"http://127.0.0.1:6379"_s << u"looks like redis://"_s;
    QTest::newRow("tls") << u"rediss://127.0.0.1:6379"_s << u"no TLS"_s;
    QTest::newRow("no host") << u"redis://:6379/0"_s << u"no host"_s;
    QTest::newRow("bad port") << u"redis://h:99999"_s << u"looks like redis://"_s;
    QTest::newRow("db not a number") << u"redis://h:1/x"_s << u"a number from 0 to 15"_s;
    QTest::newRow("db too big") << u"redis://h:1/16"_s << u"a number from 0 to 15"_s;
    QTest::newRow("db negative") << u"redis://h:1/-1"_s << u"a number from 0 to 15"_s;
    QTest::newRow("db padded") << u"redis://h:1/01"_s << u"a number from 0 to 15"_s;
    QTest::newRow("path") << u"redis://h:1/0/extra"_s << u"a number from 0 to 15"_s;
    QTest::newRow("password") << u"redis://user:secret@h:1/0"_s << u"only a host"_s;
    QTest::newRow("query") << u"redis://h:1/0?timeout=3"_s << u"only a host"_s;
}

void tst_RedisAddress::refuses()
{
    QFETCH(QString, url);
    QFETCH(QString, reason);
    QString error;
    QVERIFY(!RedisAddress::parse(url, &error));
    QVERIFY2(error.contains(reason), qPrintable(error));
}

QTEST_GUILESS_MAIN(tst_RedisAddress)
#include "tst_redisaddress.moc"
