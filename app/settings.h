#pragma once

#include <QByteArray>
#include <QSettings>
#include <QString>

// The application's persistent settings: an INI file in the data directory, so that
// --data-dir keeps a whole installation (settings and data) in one place.
class Settings final
{
public:
    explicit Settings(const QString &dataDir);

    QString fileName() const { return m_settings.fileName(); }
    bool isWritable() const { return m_settings.isWritable(); }

    QByteArray publishToken() const;
    void setPublishToken(const QByteArray &token);
    // 32 random bytes from the system CSPRNG, base64url without padding (43 characters).
    static QByteArray generateToken();

private:
    mutable QSettings m_settings;
};
