#pragma once

#include "host/serverconfig.h"

#include <QByteArray>
#include <QSettings>
#include <QString>
#include <QUrl>

#include <optional>

// The application's persistent settings: an INI file in the data directory, so that
// --data-dir keeps a whole installation (settings and data) in one place. Command-line
// options override these for one run without changing them.
class Settings final
{
public:
    explicit Settings(const QString &dataDir);

    QString dataDir() const { return m_dataDir; }
    QString fileName() const { return m_settings.fileName(); }
    bool isWritable() const { return m_settings.isWritable(); }
    // Writes pending changes; false (with the reason) when the file cannot be written.
    bool sync(QString *error = nullptr);

    QByteArray publishToken() const;
    void setPublishToken(const QByteArray &token);
    // 32 random bytes from the system CSPRNG, base64url without padding (43 characters).
    static QByteArray generateToken();

    // The server part: port, bind address, heartbeat, replay depth (token and data dir too).
    ServerConfig serverConfig() const;
    void setServerConfig(const ServerConfig &config);

    // Where the desk publishes: an empty URL is this computer's own server; otherwise a
    // LiveDesk elsewhere (http or https), with that server's publish token.
    QUrl upstream() const;
    QByteArray upstreamToken() const;
    void setUpstream(const QUrl &url, const QByteArray &token);
    // A server's address as an operator types it (https://feed.example.org/, a port and a
    // path allowed), or why it is not one. The command line and the Settings dialog agree.
    static std::optional<QUrl> parseUpstream(const QString &text, QString *error);

    // The operator's name, carried as the byline of what this desk sends ("" for none).
    QString byline() const;
    void setByline(const QString &name);

    // How long each post the operator writes waits, with Undo, before it goes: 0 (off), 3, 5
    // or 10 seconds. Any other value, stored by hand or given, is 0: the choices are the ones
    // the Settings dialog offers.
    int sendDelaySeconds() const;
    void setSendDelaySeconds(int seconds);
    static bool isSendDelay(int seconds);

    // "" follows the system locale; otherwise "en" or "zh_CN".
    QString language() const;
    void setLanguage(const QString &language);

private:
    const QString m_dataDir;
    mutable QSettings m_settings;
};
