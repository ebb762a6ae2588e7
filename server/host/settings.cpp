#include "host/settings.h"

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

QUrl Settings::upstream() const
{
    const QUrl url(m_settings.value(u"remote/url"_s).toString());
    return url.isValid() && (url.scheme() == u"http" || url.scheme() == u"https") ? url : QUrl();
}

QByteArray Settings::upstreamToken() const
{
    return m_settings.value(u"remote/token"_s).toByteArray();
}

void Settings::setUpstream(const QUrl &url, const QByteArray &token)
{
    m_settings.setValue(u"remote/url"_s, url.toString());
    m_settings.setValue(u"remote/token"_s, token);
    m_settings.sync();
}

std::optional<QUrl> Settings::parseUpstream(const QString &text, QString *error)
{
    const QUrl url = QUrl::fromUserInput(text.trimmed());
    const QString scheme = url.scheme();
    const QString given = text.trimmed();
    if (given.isEmpty()) {
        *error = u"give the server's address, e.g. https://feed.example.org/"_s;
        return std::nullopt;
    }
    // fromUserInput() turns "feed.example.org" into http://; an explicit scheme must be one
    // LiveDesk speaks.
    const bool explicitScheme = given.contains(u"://"_s);
    if (!url.isValid() || url.host().isEmpty() || (scheme != u"http" && scheme != u"https")
        || (explicitScheme && !given.startsWith(scheme + u"://"_s, Qt::CaseInsensitive))) {
        *error = u"\"%1\" is not the address of a server: give http:// or https://, then the "
                 "host, e.g. https://feed.example.org/"_s.arg(given);
        return std::nullopt;
    }
    if (url.hasQuery() || url.hasFragment() || !url.userInfo().isEmpty()) {
        *error = u"give the server's address without a query, a #fragment or a user name "
                 "(the token goes apart): \"%1\""_s.arg(given);
        return std::nullopt;
    }
    return url;
}

QString Settings::byline() const
{
    return m_settings.value(u"desk/byline"_s).toString().trimmed();
}

void Settings::setByline(const QString &name)
{
    m_settings.setValue(u"desk/byline"_s, name.trimmed());
}

int Settings::sendDelaySeconds() const
{
    bool ok = false;
    const int seconds = m_settings.value(u"desk/sendDelaySeconds"_s).toInt(&ok);
    return ok && isSendDelay(seconds) ? seconds : 0;
}

void Settings::setSendDelaySeconds(int seconds)
{
    m_settings.setValue(u"desk/sendDelaySeconds"_s, isSendDelay(seconds) ? seconds : 0);
}

bool Settings::isSendDelay(int seconds)
{
    return seconds == 0 || seconds == 3 || seconds == 5 || seconds == 10;
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
    // A value that is missing, not a number or out of range keeps the default: a settings
    // file edited by hand must not turn "abc" into port 0 or a replay depth of 0.
    const auto number = [this](const QString &key, int fallback, int min, int max) {
        bool ok = false;
        const int value = m_settings.value(key).toInt(&ok);
        return ok && value >= min && value <= max ? value : fallback;
    };
    config.port = quint16(number(u"server/port"_s, config.port, 0, 65535));
    const QHostAddress address(m_settings.value(u"server/bind"_s).toString());
    if (!address.isNull())
        config.address = address;
    config.heartbeat = std::chrono::seconds(number(u"server/heartbeatSeconds"_s,
        int(std::chrono::duration_cast<std::chrono::seconds>(config.heartbeat).count()), 1, 3600));
    config.replayCapacity = number(u"server/replay"_s, config.replayCapacity, 0, 1000000);
    config.tlsCertificate = m_settings.value(u"server/tlsCertificate"_s).toString();
    config.tlsKey = m_settings.value(u"server/tlsKey"_s).toString();
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
    m_settings.setValue(u"server/tlsCertificate"_s, config.tlsCertificate);
    m_settings.setValue(u"server/tlsKey"_s, config.tlsKey);
}

QString Settings::language() const
{
    return m_settings.value(u"ui/language"_s).toString();
}

void Settings::setLanguage(const QString &language)
{
    m_settings.setValue(u"ui/language"_s, language);
}
