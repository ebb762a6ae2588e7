#include "host/settings.h"

#include <QFile>
#include <QRegularExpression>
#include <QSet>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace {

// Writes raw values into the INI file behind a Settings, as a hand edit (or an older
// version) would leave them.
void writeRaw(const QString &dataDir, const QList<QPair<QString, QVariant>> &values)
{
    QSettings raw(dataDir + u"/livedesk.ini"_s, QSettings::IniFormat);
    for (const auto &[key, value] : values)
        raw.setValue(key, value);
    raw.sync();
}

} // namespace

class tst_Settings final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fileLivesInTheDataDir();
    void defaults();
    void roundTrip_data();
    void roundTrip();
    void roundTripWithinOneInstance();
    void onlyTheServerPartIsStored();
    void subSecondHeartbeatIsStoredInWholeSeconds();
    void storedValues_data();
    void storedValues();
    void publishTokenPersistsAtOnce();
    void setServerConfigWritesTheToken();
    void generateTokenFormat();
    void generatedTokensDiffer();
    void language();
    void sendDelayRoundTrip();
    void storedSendDelays_data();
    void storedSendDelays();
    void syncReportsAnUnwritableFile();
};

void tst_Settings::fileLivesInTheDataDir()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    Settings settings(dir.path());
    QCOMPARE(settings.dataDir(), dir.path());
    QCOMPARE(settings.fileName(), dir.path() + u"/livedesk.ini"_s);
    QVERIFY(settings.isWritable());
    QString error;
    QVERIFY(settings.sync(&error));
    QVERIFY(error.isEmpty());
}

void tst_Settings::defaults()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const Settings settings(dir.path());
    const ServerConfig config = settings.serverConfig();
    const ServerConfig plain;
    QCOMPARE(config.port, quint16(8080));
    QCOMPARE(config.address, QHostAddress(QHostAddress::LocalHost));
    QCOMPARE(config.heartbeat, std::chrono::milliseconds(15s));
    QCOMPARE(config.replayCapacity, 1000);
    QVERIFY(config.token.isEmpty());
    QCOMPARE(config.dataDir, dir.path());
    // What the settings do not hold keeps ServerConfig's defaults.
    QCOMPARE(config.retainEvents, plain.retainEvents);
    QCOMPARE(config.retryMs, plain.retryMs);
    QCOMPARE(config.slowClientCap, plain.slowClientCap);
    QCOMPARE(config.maxConnections, plain.maxConnections);
    QVERIFY(settings.publishToken().isEmpty());
    QVERIFY(settings.language().isEmpty());
    // Reading created nothing.
    QVERIFY(!QFile::exists(settings.fileName()));
}

void tst_Settings::roundTrip_data()
{
    QTest::addColumn<quint16>("port");
    QTest::addColumn<QString>("address");
    QTest::addColumn<int>("heartbeatSeconds");
    QTest::addColumn<int>("replay");
    QTest::addColumn<QByteArray>("token");

    QTest::addRow("typical") << quint16(9090) << u"127.0.0.1"_s << 30 << 50 << QByteArray("t0k3n");
    QTest::addRow("every interface")
        << quint16(80) << u"0.0.0.0"_s << 15 << 1000 << QByteArray("abc");
    QTest::addRow("IPv6 loopback") << quint16(8443) << u"::1"_s << 60 << 10 << QByteArray("x");
    QTest::addRow("IPv6 any") << quint16(8080) << u"::"_s << 15 << 1000 << QByteArray("y");
    QTest::addRow("LAN address") << quint16(3000) << u"192.168.1.20"_s << 15 << 1000
                                 << QByteArray("z");
    QTest::addRow("lowest values") << quint16(0) << u"127.0.0.1"_s << 1 << 0 << QByteArray();
    QTest::addRow("highest values") << quint16(65535) << u"127.0.0.1"_s << 3600 << 1000000
                                    << QByteArray(Settings::generateToken());
    QTest::addRow("token with punctuation")
        << quint16(8080) << u"127.0.0.1"_s << 15 << 1000 << QByteArray("a=b;c,d\"e\\f#g");
}

void tst_Settings::roundTrip()
{
    QFETCH(quint16, port);
    QFETCH(QString, address);
    QFETCH(int, heartbeatSeconds);
    QFETCH(int, replay);
    QFETCH(QByteArray, token);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    ServerConfig config;
    config.port = port;
    config.address = QHostAddress(address);
    config.heartbeat = std::chrono::seconds(heartbeatSeconds);
    config.replayCapacity = replay;
    config.token = token;
    {
        Settings settings(dir.path());
        settings.setServerConfig(config);
        QVERIFY(settings.sync());
    }
    QVERIFY(QFile::exists(dir.path() + u"/livedesk.ini"_s));
    const ServerConfig back = Settings(dir.path()).serverConfig();
    QCOMPARE(back.port, port);
    QCOMPARE(back.address, QHostAddress(address));
    QCOMPARE(back.heartbeat, std::chrono::milliseconds(std::chrono::seconds(heartbeatSeconds)));
    QCOMPARE(back.replayCapacity, replay);
    QCOMPARE(back.token, token);
    QCOMPARE(back.dataDir, dir.path());
}

void tst_Settings::roundTripWithinOneInstance()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    Settings settings(dir.path());
    ServerConfig config;
    config.port = 1234;
    config.replayCapacity = 7;
    settings.setServerConfig(config);
    // Read back before any sync: the same object sees its own writes.
    QCOMPARE(settings.serverConfig().port, quint16(1234));
    QCOMPARE(settings.serverConfig().replayCapacity, 7);
}

void tst_Settings::onlyTheServerPartIsStored()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    ServerConfig config;
    config.retainEvents = 5;
    config.retryMs = 1;
    config.maxConnections = 2;
    config.dataDir = u"/elsewhere"_s;
    {
        Settings settings(dir.path());
        settings.setServerConfig(config);
    }
    const ServerConfig back = Settings(dir.path()).serverConfig();
    const ServerConfig plain;
    QCOMPARE(back.retainEvents, plain.retainEvents);
    QCOMPARE(back.retryMs, plain.retryMs);
    QCOMPARE(back.maxConnections, plain.maxConnections);
    // The data directory is where the settings are, not what a config said.
    QCOMPARE(back.dataDir, dir.path());
}

void tst_Settings::subSecondHeartbeatIsStoredInWholeSeconds()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    Settings settings(dir.path());
    ServerConfig config;
    config.heartbeat = 2500ms;
    settings.setServerConfig(config);
    QCOMPARE(settings.serverConfig().heartbeat, std::chrono::milliseconds(2s));
}

void tst_Settings::storedValues_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QVariant>("value");
    QTest::addColumn<int>("port");
    QTest::addColumn<QString>("address");
    QTest::addColumn<int>("heartbeatSeconds");
    QTest::addColumn<int>("replay");

    const QString local = u"127.0.0.1"_s;
    // In range: taken.
    QTest::addRow("port 0") << u"server/port"_s << QVariant(u"0"_s) << 0 << local << 15 << 1000;
    QTest::addRow("port 65535") << u"server/port"_s << QVariant(u"65535"_s) << 65535 << local << 15
                                << 1000;
    QTest::addRow("heartbeat 1") << u"server/heartbeatSeconds"_s << QVariant(u"1"_s) << 8080
                                 << local << 1 << 1000;
    QTest::addRow("heartbeat 3600")
        << u"server/heartbeatSeconds"_s << QVariant(u"3600"_s) << 8080 << local << 3600 << 1000;
    QTest::addRow("replay 0") << u"server/replay"_s << QVariant(u"0"_s) << 8080 << local << 15 << 0;
    QTest::addRow("replay 1000000")
        << u"server/replay"_s << QVariant(u"1000000"_s) << 8080 << local << 15 << 1000000;
    QTest::addRow("bind ::1") << u"server/bind"_s << QVariant(u"::1"_s) << 8080 << u"::1"_s << 15
                              << 1000;

    // Out of range or unusable: ignored, the default stands.
    QTest::addRow("port 65536") << u"server/port"_s << QVariant(u"65536"_s) << 8080 << local << 15
                                << 1000;
    QTest::addRow("port -1") << u"server/port"_s << QVariant(u"-1"_s) << 8080 << local << 15
                             << 1000;
    QTest::addRow("port huge") << u"server/port"_s << QVariant(u"99999999999"_s) << 8080 << local
                               << 15 << 1000;
    QTest::addRow("heartbeat 0") << u"server/heartbeatSeconds"_s << QVariant(u"0"_s) << 8080
                                 << local << 15 << 1000;
    QTest::addRow("heartbeat 3601")
        << u"server/heartbeatSeconds"_s << QVariant(u"3601"_s) << 8080 << local << 15 << 1000;
    QTest::addRow("heartbeat negative")
        << u"server/heartbeatSeconds"_s << QVariant(u"-15"_s) << 8080 << local << 15 << 1000;
    QTest::addRow("heartbeat not a number")
        << u"server/heartbeatSeconds"_s << QVariant(u"often"_s) << 8080 << local << 15 << 1000;
    QTest::addRow("replay -1") << u"server/replay"_s << QVariant(u"-1"_s) << 8080 << local << 15
                               << 1000;
    QTest::addRow("replay 1000001")
        << u"server/replay"_s << QVariant(u"1000001"_s) << 8080 << local << 15 << 1000;
    QTest::addRow("bind not an address")
        << u"server/bind"_s << QVariant(u"localhost"_s) << 8080 << local << 15 << 1000;
    QTest::addRow("bind empty") << u"server/bind"_s << QVariant(QString()) << 8080 << local << 15
                                << 1000;
    QTest::addRow("bind with a port")
        << u"server/bind"_s << QVariant(u"127.0.0.1:80"_s) << 8080 << local << 15 << 1000;
    // Not numbers at all: ignored like values out of range, not read as 0 (port 0 would
    // mean "any free port", replay 0 "no window").
    QTest::addRow("port not a number")
        << u"server/port"_s << QVariant(u"80a"_s) << 8080 << local << 15 << 1000;
    QTest::addRow("port empty") << u"server/port"_s << QVariant(QString()) << 8080 << local << 15
                                << 1000;
    QTest::addRow("replay not a number")
        << u"server/replay"_s << QVariant(u"lots"_s) << 8080 << local << 15 << 1000;
}

void tst_Settings::storedValues()
{
    QFETCH(QString, key);
    QFETCH(QVariant, value);
    QFETCH(int, port);
    QFETCH(QString, address);
    QFETCH(int, heartbeatSeconds);
    QFETCH(int, replay);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    writeRaw(dir.path(), { { key, value } });
    const ServerConfig config = Settings(dir.path()).serverConfig();
    QCOMPARE(int(config.port), port);
    QCOMPARE(config.address, QHostAddress(address));
    QCOMPARE(config.heartbeat, std::chrono::milliseconds(std::chrono::seconds(heartbeatSeconds)));
    QCOMPARE(config.replayCapacity, replay);
}

void tst_Settings::publishTokenPersistsAtOnce()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    Settings settings(dir.path());
    settings.setPublishToken("first");
    QCOMPARE(settings.publishToken(), QByteArray("first"));
    // Written through without an explicit sync: a second reader sees it while we live.
    QCOMPARE(Settings(dir.path()).publishToken(), QByteArray("first"));
    QCOMPARE(Settings(dir.path()).serverConfig().token, QByteArray("first"));
    settings.setPublishToken("second");
    QCOMPARE(Settings(dir.path()).publishToken(), QByteArray("second"));
    settings.setPublishToken(QByteArray());
    QVERIFY(Settings(dir.path()).publishToken().isEmpty());
}

void tst_Settings::setServerConfigWritesTheToken()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    Settings settings(dir.path());
    settings.setPublishToken("old");
    ServerConfig config;
    config.token = "new";
    settings.setServerConfig(config);
    QCOMPARE(settings.publishToken(), QByteArray("new"));
}

void tst_Settings::generateTokenFormat()
{
    static const QRegularExpression base64url(u"^[A-Za-z0-9_-]{43}$"_s);
    for (int i = 0; i < 50; ++i) {
        const QByteArray token = Settings::generateToken();
        QCOMPARE(token.size(), 43);
        QVERIFY2(base64url.match(QString::fromLatin1(token)).hasMatch(), token.constData());
        QVERIFY(!token.contains('='));
        const auto decoded = QByteArray::fromBase64Encoding(
            token, QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
        QVERIFY(decoded);
        QCOMPARE(decoded.decoded.size(), 32);
    }
}

void tst_Settings::generatedTokensDiffer()
{
    QSet<QByteArray> seen;
    for (int i = 0; i < 200; ++i)
        seen.insert(Settings::generateToken());
    QCOMPARE(seen.size(), 200);
}

void tst_Settings::language()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    {
        Settings settings(dir.path());
        QVERIFY(settings.language().isEmpty());
        settings.setLanguage(u"zh_CN"_s);
        QCOMPARE(settings.language(), u"zh_CN"_s);
        QVERIFY(settings.sync());
    }
    QCOMPARE(Settings(dir.path()).language(), u"zh_CN"_s);
    {
        Settings settings(dir.path());
        settings.setLanguage(u"en"_s);
    } // written when the settings go away
    QCOMPARE(Settings(dir.path()).language(), u"en"_s);
    {
        Settings settings(dir.path());
        settings.setLanguage(QString()); // back to following the system
    }
    QVERIFY(Settings(dir.path()).language().isEmpty());
    // The language lives beside the server part without disturbing it.
    QCOMPARE(Settings(dir.path()).serverConfig().port, quint16(8080));
}

void tst_Settings::sendDelayRoundTrip()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QCOMPARE(Settings(dir.path()).sendDelaySeconds(), 0); // off unless chosen
    for (const int seconds : { 3, 5, 10, 0 }) {
        {
            Settings settings(dir.path());
            settings.setSendDelaySeconds(seconds);
            QCOMPARE(settings.sendDelaySeconds(), seconds);
            QVERIFY(settings.sync());
        }
        QCOMPARE(Settings(dir.path()).sendDelaySeconds(), seconds);
    }
    // Not one of the choices: off, never a delay nobody picked.
    {
        Settings settings(dir.path());
        settings.setSendDelaySeconds(5);
        settings.setSendDelaySeconds(7);
        QCOMPARE(settings.sendDelaySeconds(), 0);
    }
    QCOMPARE(Settings(dir.path()).sendDelaySeconds(), 0);
    QCOMPARE(QSettings(dir.path() + u"/livedesk.ini"_s, QSettings::IniFormat)
                 .value(u"desk/sendDelaySeconds"_s)
                 .toInt(),
        0);
    // It lives beside the rest without disturbing it.
    QCOMPARE(Settings(dir.path()).serverConfig().port, quint16(8080));
    QVERIFY(Settings(dir.path()).byline().isEmpty());
}

void tst_Settings::storedSendDelays_data()
{
    QTest::addColumn<QVariant>("value");
    QTest::addColumn<int>("seconds");

    QTest::addRow("3") << QVariant(u"3"_s) << 3;
    QTest::addRow("5") << QVariant(u"5"_s) << 5;
    QTest::addRow("10") << QVariant(u"10"_s) << 10;
    QTest::addRow("0") << QVariant(u"0"_s) << 0;
    // Edited by hand, or by a version with other choices: off.
    QTest::addRow("7") << QVariant(u"7"_s) << 0;
    QTest::addRow("60") << QVariant(u"60"_s) << 0;
    QTest::addRow("negative") << QVariant(u"-3"_s) << 0;
    QTest::addRow("not a number") << QVariant(u"soon"_s) << 0;
    QTest::addRow("3 and a half") << QVariant(u"3.5"_s) << 0;
    QTest::addRow("empty") << QVariant(QString()) << 0;
}

void tst_Settings::storedSendDelays()
{
    QFETCH(QVariant, value);
    QFETCH(int, seconds);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    writeRaw(dir.path(), { { u"desk/sendDelaySeconds"_s, value } });
    QCOMPARE(Settings(dir.path()).sendDelaySeconds(), seconds);
}

void tst_Settings::syncReportsAnUnwritableFile()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    // A data directory below a regular file can never be created, even by root.
    const QString blocker = dir.filePath(u"not-a-dir"_s);
    {
        QFile file(blocker);
        QVERIFY(file.open(QIODevice::WriteOnly));
    }
    Settings settings(blocker + u"/data"_s);
    settings.setLanguage(u"en"_s);
    QString error;
    QVERIFY(!settings.sync(&error));
    QCOMPARE(error, u"cannot write %1"_s.arg(settings.fileName()));
    QVERIFY(!settings.sync()); // no error string wanted: still reported
}

QTEST_GUILESS_MAIN(tst_Settings)
#include "tst_settings.moc"
