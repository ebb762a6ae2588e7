#include "host/settings.h"
#include "http/publishtoken.h"

#include <QTest>

using namespace Qt::StringLiterals;

// The bar a hand-given publish token must meet (issue 13): guessing it must be pointless,
// since the right token is never refused because of wrong guesses.
class tst_PublishToken final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void isStrong_data();
    void isStrong();
    void generatedTokenIs256Bits();
};

void tst_PublishToken::isStrong_data()
{
    QTest::addColumn<QByteArray>("token");
    QTest::addColumn<bool>("strong");

    QTest::addRow("a generated one") << Settings::generateToken() << true;
    QTest::addRow("openssl rand -base64 32")
        << QByteArray("q0Wl7c1mZ7H2mQfJ3vC5bXkR9tN8sY4aL6pD1eG0uIo=") << true;
    QTest::addRow("openssl rand -hex 16") << QByteArray("9f86d081884c7d659a2feaa0c55ad015") << true;
    QTest::addRow("a UUID") << QByteArray("123e4567-e89b-12d3-a456-426614174000") << true;
    QTest::addRow("a passphrase") << QByteArray("correct-horse-battery-staple") << true;
    QTest::addRow("22 characters, 10 different") << QByteArray("abcdefghijabcdefghijab") << true;
    QTest::addRow("21 characters") << QByteArray("abcdefghij01234567890") << false;
    QTest::addRow("22 characters, 9 different") << QByteArray("abcdefghiabcdefghiabcd") << false;
    QTest::addRow("one letter") << QByteArray("t") << false;
    QTest::addRow("empty") << QByteArray() << false;
    QTest::addRow("a word") << QByteArray("password") << false;
    QTest::addRow("long, one character") << QByteArray(64, 'x') << false;
}

void tst_PublishToken::isStrong()
{
    QFETCH(QByteArray, token);
    QFETCH(bool, strong);
    QString error;
    QCOMPARE(PublishToken::isStrong(token, &error), strong);
    QCOMPARE(error.isEmpty(), strong);
    if (!strong) {
        QVERIFY2(error.startsWith(u"the publish token is too weak: a token given by hand needs "
                                  "at least 22 characters, at least 10 of them different, and "
                                  "this one has %1"_s.arg(token.size())),
            qPrintable(error));
        QVERIFY(error.contains(u"openssl rand -base64 32"_s));
    }
}

void tst_PublishToken::generatedTokenIs256Bits()
{
    // 32 bytes from the system CSPRNG, base64url without padding.
    for (int i = 0; i < 100; ++i) {
        const QByteArray token = Settings::generateToken();
        QCOMPARE(token.size(), 43);
        const auto decoded = QByteArray::fromBase64Encoding(
            token, QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
        QVERIFY(decoded);
        QCOMPARE(decoded.decoded.size(), 32);
        QString error;
        QVERIFY2(PublishToken::isStrong(token, &error), qPrintable(error));
    }
    QVERIFY(Settings::generateToken() != Settings::generateToken());
}

QTEST_APPLESS_MAIN(tst_PublishToken)
#include "tst_publishtoken.moc"
