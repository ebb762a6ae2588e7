#include "settingsdialog.h"

#include "host/serverhost.h"
#include "host/settings.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

SettingsDialog::SettingsDialog(
    Settings *settings, ServerHost *host, const QUrl &running, QWidget *parent)
    : QDialog(parent)
    , m_settings(settings)
    , m_host(host)
    , m_running(running)
    , m_serverBox(new QWidget(this))
    , m_publishHere(new QRadioButton(tr("This &computer: its own server, set up below"), this))
    , m_publishRemote(new QRadioButton(tr("A LiveDesk &server elsewhere:"), this))
    , m_upstreamUrl(new QLineEdit(this))
    , m_upstreamToken(new QLineEdit(this))
    , m_byline(new QLineEdit(this))
    , m_sendDelay(new QComboBox(this))
    , m_port(new QSpinBox(this))
    , m_bind(new QComboBox(this))
    , m_bindWarning(new QLabel(this))
    , m_token(new QLineEdit(this))
    , m_tlsCertificate(new QLineEdit(this))
    , m_tlsKey(new QLineEdit(this))
    , m_heartbeat(new QSpinBox(this))
    , m_replay(new QSpinBox(this))
    , m_language(new QComboBox(this))
    , m_message(new QLabel(this))
{
    setWindowTitle(tr("LiveDesk settings"));
    const ServerConfig config = m_host ? m_host->config() : m_settings->serverConfig();
    buildServerFields(config);
    buildBindField(config);
    buildLanguageField();
    buildSendDelayField();
    buildForm(buildTokenRow(config));
    connectButtons();
    updateBindWarning();
}

// "Publish to": this computer, or a server elsewhere at a URL with that server's token.
QVBoxLayout *SettingsDialog::buildPublishTarget()
{
    m_publishHere->setObjectName(u"publishHereRadio"_s);
    m_publishRemote->setObjectName(u"publishRemoteRadio"_s);
    m_upstreamUrl->setObjectName(u"upstreamUrlEdit"_s);
    m_upstreamUrl->setPlaceholderText(u"https://feed.example.org/"_s);
    m_upstreamUrl->setText(m_settings->upstream().toString());
    m_upstreamToken->setObjectName(u"upstreamTokenEdit"_s);
    m_upstreamToken->setEchoMode(QLineEdit::Password);
    m_upstreamToken->setPlaceholderText(tr("that server's publish token"));
    m_upstreamToken->setText(QString::fromLatin1(m_settings->upstreamToken()));
    (m_settings->upstream().isEmpty() ? m_publishHere : m_publishRemote)->setChecked(true);
    auto *remote = new QFormLayout;
    remote->setContentsMargins(24, 0, 0, 0);
    remote->addRow(tr("&URL"), m_upstreamUrl);
    remote->addRow(tr("T&oken"), m_upstreamToken);
    auto *column = new QVBoxLayout;
    column->addWidget(new QLabel(tr("<b>Publish to</b>"), this));
    if (!m_running.isEmpty()) {
        auto *now
            = new QLabel(tr("Now publishing to %1. A choice made here applies from the next start.")
                             .arg(m_running.toDisplayString()),
                this);
        now->setObjectName(u"publishingNowLabel"_s);
        now->setWordWrap(true);
        column->addWidget(now);
    }
    column->addWidget(m_publishHere);
    column->addWidget(m_publishRemote);
    column->addLayout(remote);
    connect(m_publishRemote, &QRadioButton::toggled, this, &SettingsDialog::updatePublishTarget);
    updatePublishTarget();
    return column;
}

void SettingsDialog::updatePublishTarget()
{
    m_upstreamUrl->setEnabled(m_publishRemote->isChecked());
    m_upstreamToken->setEnabled(m_publishRemote->isChecked());
    m_serverBox->setEnabled(m_publishHere->isChecked());
}

bool SettingsDialog::applyPublishTarget(bool *changed)
{
    const QUrl before = m_settings->upstream();
    const QByteArray beforeToken = m_settings->upstreamToken();
    if (m_publishHere->isChecked()) {
        *changed = !before.isEmpty();
        if (*changed)
            m_settings->setUpstream(QUrl(), beforeToken);
        return true;
    }
    QString error;
    const std::optional<QUrl> url = Settings::parseUpstream(m_upstreamUrl->text(), &error);
    if (!url) {
        showError(tr("Publish to: %1").arg(error));
        m_upstreamUrl->setFocus();
        return false;
    }
    const QString token = m_upstreamToken->text().trimmed();
    const bool printable = !token.isEmpty() && std::all_of(token.begin(), token.end(), [](QChar c) {
        return c.unicode() > 0x20 && c.unicode() < 0x7f;
    });
    if (!printable) {
        showError(tr("Publish to: give that server's publish token (printable ASCII without "
                     "spaces)."));
        m_upstreamToken->setFocus();
        return false;
    }
    *changed = *url != before || token.toLatin1() != beforeToken;
    if (*changed)
        m_settings->setUpstream(*url, token.toLatin1());
    return true;
}

void SettingsDialog::showError(const QString &text)
{
    m_message->setText(text);
    m_message->setStyleSheet(u"color: #b00020;"_s);
}

void SettingsDialog::buildServerFields(const ServerConfig &config)
{
    m_port->setObjectName(u"portSpin"_s);
    m_port->setRange(0, 65535);
    m_port->setSpecialValueText(tr("any free port"));
    m_port->setValue(config.port);
    m_heartbeat->setObjectName(u"heartbeatSpin"_s);
    m_heartbeat->setRange(1, 3600);
    m_heartbeat->setSuffix(tr(" s"));
    m_heartbeat->setValue(
        int(std::chrono::duration_cast<std::chrono::seconds>(config.heartbeat).count()));
    m_replay->setObjectName(u"replaySpin"_s);
    m_replay->setRange(0, 1000000);
    m_replay->setSuffix(tr(" events"));
    m_replay->setValue(config.replayCapacity);
}

// Loopback or every interface; an address set elsewhere (the command line) is kept as a
// third choice rather than lost.
void SettingsDialog::buildBindField(const ServerConfig &config)
{
    m_bind->setObjectName(u"bindCombo"_s);
    m_bind->addItem(tr("This computer only (127.0.0.1)"), u"127.0.0.1"_s);
    m_bind->addItem(tr("Local network (all interfaces, 0.0.0.0)"), u"0.0.0.0"_s);
    const int bindIndex = m_bind->findData(config.address.toString());
    if (bindIndex < 0)
        m_bind->addItem(config.address.toString(), config.address.toString());
    m_bind->setCurrentIndex(bindIndex >= 0 ? bindIndex : m_bind->count() - 1);
    m_bindWarning->setWordWrap(true);
    m_bindWarning->setStyleSheet(u"color: #b7791f;"_s);
}

void SettingsDialog::buildLanguageField()
{
    m_language->setObjectName(u"languageCombo"_s);
    m_language->addItem(tr("System language"), QString());
    m_language->addItem(u"English"_s, u"en"_s);
    m_language->addItem(u"简体中文"_s, u"zh_CN"_s);
    m_language->setCurrentIndex(qMax(0, m_language->findData(m_settings->language())));
}

// Off, or 3, 5 or 10 seconds: the choices Settings keeps.
void SettingsDialog::buildSendDelayField()
{
    m_sendDelay->setObjectName(u"sendDelayCombo"_s);
    m_sendDelay->addItem(tr("Off"), 0);
    m_sendDelay->addItem(tr("3 seconds"), 3);
    m_sendDelay->addItem(tr("5 seconds"), 5);
    m_sendDelay->addItem(tr("10 seconds"), 10);
    m_sendDelay->setCurrentIndex(qMax(0, m_sendDelay->findData(m_settings->sendDelaySeconds())));
}

// A file name with a Choose… button that opens a file dialog.
QHBoxLayout *SettingsDialog::buildFileRow(
    QLineEdit *edit, const QString &objectName, const QString &value, const QString &title)
{
    edit->setObjectName(objectName);
    edit->setText(value);
    edit->setPlaceholderText(tr("none: plain http"));
    edit->setClearButtonEnabled(true);
    auto *choose = new QPushButton(tr("Choose…"), this);
    connect(choose, &QPushButton::clicked, this, [this, edit, title] {
        const QString file = QFileDialog::getOpenFileName(
            this, title, edit->text(), tr("PEM files (*.pem *.crt *.key);;All files (*)"));
        if (!file.isEmpty())
            edit->setText(QDir::toNativeSeparators(file));
    });
    auto *row = new QHBoxLayout;
    row->addWidget(edit, 1);
    row->addWidget(choose);
    return row;
}

// The token, hidden until shown, with Copy and Regenerate beside it.
QHBoxLayout *SettingsDialog::buildTokenRow(const ServerConfig &config)
{
    m_token->setObjectName(u"tokenEdit"_s);
    m_token->setEchoMode(QLineEdit::Password);
    m_token->setText(QString::fromLatin1(config.token));
    auto *show = new QPushButton(tr("Show"), this);
    show->setCheckable(true);
    auto *copy = new QPushButton(tr("Copy"), this);
    auto *regenerate = new QPushButton(tr("Regenerate"), this);
    auto *tokenRow = new QHBoxLayout;
    tokenRow->addWidget(m_token, 1);
    tokenRow->addWidget(show);
    tokenRow->addWidget(copy);
    tokenRow->addWidget(regenerate);
    show->setObjectName(u"tokenShowButton"_s);
    connect(show, &QPushButton::toggled, this, [this, show](bool on) {
        m_token->setEchoMode(on ? QLineEdit::Normal : QLineEdit::Password);
        show->setText(on ? tr("Hide") : tr("Show"));
    });
    connect(copy, &QPushButton::clicked, this,
        [this] { QApplication::clipboard()->setText(m_token->text()); });
    connect(regenerate, &QPushButton::clicked, this, &SettingsDialog::regenerateToken);
    return tokenRow;
}

void SettingsDialog::buildForm(QHBoxLayout *tokenRow)
{
    m_message->setObjectName(u"settingsMessage"_s);
    m_message->setWordWrap(true);
    // The server part, greyed while the desk publishes elsewhere.
    auto *form = new QFormLayout(m_serverBox);
    form->setContentsMargins(0, 0, 0, 0);
    form->addRow(tr("&Port"), m_port);
    form->addRow(tr("&Listen on"), m_bind);
    form->addRow(QString(), m_bindWarning);
    // Rows whose field is a layout: the labels get their line edits as buddies by hand.
    const ServerConfig config = m_host ? m_host->config() : m_settings->serverConfig();
    auto *certificateLabel = new QLabel(tr("HTTPS &certificate"), this);
    certificateLabel->setBuddy(m_tlsCertificate);
    form->addRow(certificateLabel,
        buildFileRow(m_tlsCertificate, u"tlsCertificateEdit"_s, config.tlsCertificate,
            tr("The certificate (PEM, with its chain)")));
    auto *keyLabel = new QLabel(tr("HTTPS &key"), this);
    keyLabel->setBuddy(m_tlsKey);
    form->addRow(keyLabel,
        buildFileRow(
            m_tlsKey, u"tlsKeyEdit"_s, config.tlsKey, tr("The certificate's private key (PEM)")));
    // A row whose field is a layout gets no buddy from QFormLayout, so its label would show
    // the '&' literally; the label is given the line edit as its buddy instead.
    auto *tokenLabel = new QLabel(tr("Publish &token"), this);
    tokenLabel->setBuddy(m_token);
    form->addRow(tokenLabel, tokenRow);
    form->addRow(tr("&Heartbeat"), m_heartbeat);
    form->addRow(tr("&Replay depth"), m_replay);
    auto *languageForm = new QFormLayout;
    languageForm->addRow(tr("Lan&guage"), m_language);
    languageForm->addRow(
        QString(), new QLabel(tr("A new language applies when LiveDesk restarts."), this));
    m_buttons = new QDialogButtonBox(
        QDialogButtonBox::Ok | QDialogButtonBox::Apply | QDialogButtonBox::Cancel, this);
    m_byline->setObjectName(u"bylineEdit"_s);
    m_byline->setMaxLength(100);
    m_byline->setPlaceholderText(tr("e.g. Sam Okafor"));
    m_byline->setText(m_settings->byline());
    auto *bylineForm = new QFormLayout;
    bylineForm->addRow(tr("Your &name (byline)"), m_byline);
    auto *delayForm = new QFormLayout;
    delayForm->addRow(tr("Send &delay"), m_sendDelay);
    auto *delayNote
        = new QLabel(tr("Each flash and commentary line waits this long before it goes, so Esc "
                        "or Undo can take it back. Score buttons and the clock never wait."),
            this);
    delayNote->setWordWrap(true);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bylineForm);
    layout->addWidget(new QLabel(tr("Shown on every post you send from this desk."), this));
    layout->addLayout(delayForm);
    layout->addWidget(delayNote);
    layout->addSpacing(8);
    layout->addLayout(buildPublishTarget());
    layout->addSpacing(8);
    layout->addWidget(new QLabel(tr("<b>This computer's server</b>"), this));
    layout->addWidget(m_serverBox);
    layout->addSpacing(8);
    layout->addLayout(languageForm);
    layout->addWidget(m_message);
    layout->addWidget(m_buttons);
}

void SettingsDialog::connectButtons()
{
    connect(m_bind, &QComboBox::currentIndexChanged, this, &SettingsDialog::updateBindWarning);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);
    connect(m_buttons->button(QDialogButtonBox::Apply), &QPushButton::clicked, this,
        &SettingsDialog::apply);
}

void SettingsDialog::regenerateToken()
{
    m_token->setText(QString::fromLatin1(Settings::generateToken()));
    m_message->setText(tr("A new token takes effect when you apply; scripts need it then."));
}

void SettingsDialog::updateBindWarning()
{
    const QHostAddress address(m_bind->currentData().toString());
    m_bindWarning->setText(address.isLoopback()
            ? QString()
            : tr("Anyone on your network can then read the feed. Publishing still needs the "
                 "token."));
    m_bindWarning->setVisible(!address.isLoopback());
}

bool SettingsDialog::apply()
{
    const QString token = m_token->text().trimmed();
    // A console of a server elsewhere may have no token of its own yet: one is generated
    // when this computer serves again.
    const bool none = token.isEmpty() && !m_host;
    const bool printable
        = none || (!token.isEmpty() && std::all_of(token.begin(), token.end(), [](QChar c) {
              return c.unicode() > 0x20 && c.unicode() < 0x7f;
          }));
    if (!printable) {
        m_message->setText(tr("The token must be printable ASCII without spaces."));
        m_message->setStyleSheet(u"color: #b00020;"_s);
        return false;
    }
    const QString certificate = m_tlsCertificate->text().trimmed();
    const QString key = m_tlsKey->text().trimmed();
    if (certificate.isEmpty() != key.isEmpty()) {
        m_message->setText(tr("For https choose both the certificate and its key; leave both "
                              "empty for plain http."));
        m_message->setStyleSheet(u"color: #b00020;"_s);
        return false;
    }
    bool targetChanged = false;
    if (!applyPublishTarget(&targetChanged))
        return false;
    const ServerConfig before = m_host ? m_host->config() : m_settings->serverConfig();
    ServerConfig config = before;
    config.tlsCertificate = QDir::fromNativeSeparators(certificate);
    config.tlsKey = QDir::fromNativeSeparators(key);
    config.port = quint16(m_port->value());
    config.address = QHostAddress(m_bind->currentData().toString());
    config.token = token.toLatin1();
    config.heartbeat = std::chrono::seconds(m_heartbeat->value());
    config.replayCapacity = m_replay->value();

    m_settings->setLanguage(m_language->currentData().toString());
    m_settings->setByline(m_byline->text());
    m_settings->setSendDelaySeconds(m_sendDelay->currentData().toInt());
    const bool serverChanged = config.port != before.port || config.address != before.address
        || config.token != before.token || config.heartbeat != before.heartbeat
        || config.replayCapacity != before.replayCapacity
        || config.tlsCertificate != before.tlsCertificate || config.tlsKey != before.tlsKey;
    if (serverChanged && !m_host) {
        m_settings->setServerConfig(config); // used when this computer serves again
    } else if (serverChanged) {
        QString error;
        if (!m_host->restart(config, &error)) {
            QString again;
            m_host->restart(before, &again); // keep serving on what worked
            m_message->setText(tr("Not applied: %1").arg(error));
            m_message->setStyleSheet(u"color: #b00020;"_s);
            return false;
        }
        m_settings->setServerConfig(config);
    }
    QString error;
    if (!m_settings->sync(&error)) {
        m_message->setText(tr("Applied, but not saved: %1").arg(error));
        m_message->setStyleSheet(u"color: #b00020;"_s);
        return false;
    }
    const QString target = m_settings->upstream().isEmpty()
        ? tr("this computer")
        : m_settings->upstream().toDisplayString();
    m_message->setText(targetChanged
            ? tr("Saved: LiveDesk publishes to %1 from its next start.").arg(target)
            : serverChanged && m_host
            ? tr("Applied: the server restarted on %1.").arg(m_host->baseUrl().toString())
            : tr("Saved."));
    m_message->setStyleSheet(u"color: #2a7d2a;"_s);
    return true;
}

void SettingsDialog::accept()
{
    if (apply())
        QDialog::accept();
}
