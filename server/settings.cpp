#include "settings.h"

#include <QRandomGenerator>

using namespace Qt::StringLiterals;

Settings::Settings(const QString &dataDir)
    : m_dataDir(dataDir)
    , m_settings(dataDir + u"/livedesk.ini"_s, QSettings::IniFormat)
{ }

bool Settings::sync(QString *error)
{
    m_settings.sync();
    if (m_settings.status() == QSettings::NoError)
        return true;
    if (error)
        *error = u"cannot write %1"_s.arg(m_settings.fileName());
    return false;
}

QByteArray Settings::publishToken() const
{
    return m_settings.value(u"server/token"_s).toByteArray();
}

void Settings::setPublishToken(const QByteArray &token)
{
    m_settings.setValue(u"server/token"_s, token);
    m_settings.sync();
}

QByteArray Settings::generateToken()
{
    QByteArray bytes(32, Qt::Uninitialized);
    QRandomGenerator::system()->generate(bytes.begin(), bytes.end());
    return bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

ServerConfig Settings::serverConfig() const
{
    ServerConfig config;
    const int port = m_settings.value(u"server/port"_s, config.port).toInt();
    if (port >= 0 && port <= 65535)
        config.port = quint16(port);
    const QHostAddress address(m_settings.value(u"server/bind"_s).toString());
    if (!address.isNull())
        config.address = address;
    const int heartbeat = m_settings.value(u"server/heartbeatSeconds"_s, 15).toInt();
    if (heartbeat >= 1 && heartbeat <= 3600)
        config.heartbeat = std::chrono::seconds(heartbeat);
    const int replay = m_settings.value(u"server/replay"_s, config.replayCapacity).toInt();
    if (replay >= 0 && replay <= 1000000)
        config.replayCapacity = replay;
    config.token = publishToken();
    config.dataDir = m_dataDir;
    return config;
}

void Settings::setServerConfig(const ServerConfig &config)
{
    m_settings.setValue(u"server/port"_s, config.port);
    m_settings.setValue(u"server/bind"_s, config.address.toString());
    m_settings.setValue(u"server/heartbeatSeconds"_s,
        int(std::chrono::duration_cast<std::chrono::seconds>(config.heartbeat).count()));
    m_settings.setValue(u"server/replay"_s, config.replayCapacity);
    m_settings.setValue(u"server/token"_s, config.token);
}

QString Settings::language() const
{
    return m_settings.value(u"ui/language"_s).toString();
}

void Settings::setLanguage(const QString &language)
{
    m_settings.setValue(u"ui/language"_s, language);
}
