// Gzip: what an Accept-Encoding header accepts, and a compressed page that gunzip (zlib's
// own inflate, as a browser's) reads back.
#include "http/gzip.h"

#include <QTest>

#include <zlib.h>

namespace {

QByteArray gunzip(const QByteArray &compressed)
{
    z_stream stream {};
    if (inflateInit2(&stream, 15 + 16) != Z_OK)
        return {};
    QByteArray out(4 * 1024 * 1024, Qt::Uninitialized);
    stream.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(compressed.data()));
    stream.avail_in = uInt(compressed.size());
    stream.next_out = reinterpret_cast<Bytef *>(out.data());
    stream.avail_out = uInt(out.size());
    const int result = inflate(&stream, Z_FINISH);
    out.truncate(qsizetype(stream.total_out));
    inflateEnd(&stream);
    return result == Z_STREAM_END ? out : QByteArray();
}

} // namespace

class tst_Gzip final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void accepted_data();
    void accepted();
    void roundTrip_data();
    void roundTrip();
};

void tst_Gzip::accepted_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<bool>("gzip");
    QTest::newRow("absent") << QByteArray() << false;
    QTest::newRow("chromium") << QByteArray("gzip, deflate, br, zstd") << true;
    QTest::newRow("upper case") << QByteArray("GZIP") << true;
    QTest::newRow("x-gzip") << QByteArray("x-gzip") << true;
    QTest::newRow("any") << QByteArray("*") << true;
    QTest::newRow("identity") << QByteArray("identity") << false;
    QTest::newRow("refused") << QByteArray("gzip;q=0, br") << false;
    QTest::newRow("refused spaced") << QByteArray("br, gzip ; q=0.000") << false;
    QTest::newRow("weighted") << QByteArray("br;q=1.0, gzip;q=0.5") << true;
    QTest::newRow("prefix only") << QByteArray("gzipped") << false;
    QTest::newRow("garbage") << QByteArray(";;,,\xff q=") << false;
}

void tst_Gzip::accepted()
{
    QFETCH(QByteArray, header);
    QFETCH(bool, gzip);
    QCOMPARE(Gzip::accepted(header), gzip);
}

void tst_Gzip::roundTrip_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("page") << QByteArray("<li class=\"item\">Goal!</li>").repeated(2000);
    QByteArray noise(300000, Qt::Uninitialized);
    quint32 x = 2463534242u;
    for (char &c : noise) {
        x ^= x << 13, x ^= x >> 17, x ^= x << 5; // incompressible on purpose
        c = char(x);
    }
    QTest::newRow("incompressible") << noise;
}

void tst_Gzip::roundTrip()
{
    QFETCH(QByteArray, data);
    const QByteArray compressed = Gzip::compress(data);
    QVERIFY(compressed.startsWith("\x1f\x8b"));
    QCOMPARE(gunzip(compressed), data);
}

QTEST_APPLESS_MAIN(tst_Gzip)
#include "tst_gzip.moc"
