#include "settings.h"

#include <QRandomGenerator>

using namespace Qt::StringLiterals;

Settings::Settings(const QString &dataDir)
    : m_settings(dataDir + u"/livedesk.ini"_s, QSettings::IniFormat)
{ }

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
