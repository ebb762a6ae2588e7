#pragma once

#include <QDialog>
#include <QUrl>

class ServerHost;
class Settings;
struct ServerConfig;
class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QHBoxLayout;
class QLabel;
class QLineEdit;
class QRadioButton;
class QSpinBox;
class QVBoxLayout;

// Where the desk publishes (this computer's own server, or a LiveDesk elsewhere with its
// token), then this computer's server: port, bind address, https (certificate and key
// files), publish token, heartbeat, replay depth; and the language. Applying server changes
// restarts the server in place (the window stays, the viewer pane reconnects); if the new
// settings cannot listen, the old ones are restored and the reason is shown here. Where to
// publish, and the language, apply when LiveDesk restarts; the byline and the send delay
// apply at once, to the next post. `host` is null in a console of a server elsewhere: the
// server part is then only saved.
class SettingsDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SettingsDialog)

public:
    // `running`: the server elsewhere this console publishes to now (empty: this computer).
    SettingsDialog(
        Settings *settings, ServerHost *host, const QUrl &running = {}, QWidget *parent = nullptr);

public Q_SLOTS:
    // Saves and applies; stays open with the reason when that fails.
    bool apply();
    void accept() override;

private:
    QVBoxLayout *buildPublishTarget();
    void updatePublishTarget();
    // False (with the reason shown) when the remote choice is not complete.
    bool applyPublishTarget(bool *changed);
    void buildServerFields(const ServerConfig &config);
    void buildBindField(const ServerConfig &config);
    void buildLanguageField();
    void buildSendDelayField();
    QHBoxLayout *buildTokenRow(const ServerConfig &config);
    QHBoxLayout *buildFileRow(
        QLineEdit *edit, const QString &objectName, const QString &value, const QString &title);
    void buildForm(QHBoxLayout *tokenRow);
    void connectButtons();

    void regenerateToken();
    void showError(const QString &text);
    void updateBindWarning();

    Settings *const m_settings;
    ServerHost *const m_host;
    const QUrl m_running;
    QWidget *m_serverBox;
    QRadioButton *m_publishHere;
    QRadioButton *m_publishRemote;
    QLineEdit *m_upstreamUrl;
    QLineEdit *m_upstreamToken;
    QLineEdit *m_byline;
    QComboBox *m_sendDelay;
    QSpinBox *m_port;
    QComboBox *m_bind;
    QLabel *m_bindWarning;
    QLineEdit *m_token;
    QLineEdit *m_tlsCertificate;
    QLineEdit *m_tlsKey;
    QSpinBox *m_heartbeat;
    QSpinBox *m_replay;
    QComboBox *m_language;
    QLabel *m_message;
    QDialogButtonBox *m_buttons = nullptr;
};
