#include "mainwindow.h"

#include "connectionspanel.h"
#include "domain/desk.h"
#include "historymodel.h"
#include "historypanel.h"
#include "host/serverhost.h"
#include "matchpanel.h"
#include "newspanel.h"
#include "settingsdialog.h"
#include "store/eventjournal.h"
#include "viewerpane.h"

#include <QApplication>
#include <QClipboard>
#include <QDesktopServices>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QSaveFile>
#include <QSplitter>
#include <QStatusBar>
#include <QTabBar>
#include <QTabWidget>
#include <QThread>
#include <QToolButton>
#include <QVBoxLayout>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

QLineEdit *teamEdit(const QString &name, const QString &placeholder, QWidget *parent)
{
    auto *edit = new QLineEdit(parent);
    edit->setObjectName(name);
    edit->setPlaceholderText(placeholder);
    return edit;
}

struct ExportResult
{
    bool ok = false;
    QString message;
};

// On the export thread: reads the journal, writes the file, says how it went.
ExportResult exportToFile(
    const QString &journalPath, const QString &channel, const QString &fileName)
{
    EventJournal journal(journalPath);
    QString error;
    qint64 count = 0;
    QSaveFile out(fileName);
    const bool ok = journal.openForReading(&error) && out.open(QIODevice::WriteOnly)
        && journal.exportChannel(channel, &out, &count, &error) && out.commit();
    return { ok,
        ok ? MainWindow::tr("Exported %n event(s) of %1 to %2.", nullptr, int(count))
                 .arg(channel, fileName)
           : MainWindow::tr("Export failed: %1").arg(error.isEmpty() ? out.errorString() : error) };
}

} // namespace

MainWindow::MainWindow(Desk *desk, ServerHost *host, Settings *settings, QWidget *parent)
    : QMainWindow(parent)
    , m_desk(desk)
    , m_host(host)
    , m_settings(settings)
    , m_historyModel(new HistoryModel(this))
    , m_tabs(new QTabWidget(this))
    , m_news(new NewsPanel(desk, this))
    , m_viewer(new ViewerPane(this))
    , m_historyPanel(new HistoryPanel(desk, m_historyModel, this))
    , m_connections(new ConnectionsPanel(host, this))
    , m_newMatchBar(new QWidget(this))
    , m_feedUrl(new QLabel(this))
    , m_clients(new QLabel(this))
    , m_eventsSent(new QLabel(this))
    , m_serverState(new QLabel(this))
{
    setWindowTitle(tr("LiveDesk"));
    resize(1280, 820);
    // In this order: widgets join the tab order as they are made.
    buildDesks();
    buildNewMatchBar();
    buildCentralWidget();
    buildDocks();
    buildStatusBar();
    buildMenus();
    connectDesk();
    connectHost();
    showInitialState();
}

// The desks: news, then one tab per match, with a "+ Match" button in the corner.
void MainWindow::buildDesks()
{
    m_tabs->setObjectName(u"deskTabs"_s);
    m_tabs->addTab(m_news, tr("News"));
    m_tabs->setTabsClosable(true);
    m_tabs->tabBar()->setTabButton(0, QTabBar::RightSide, nullptr); // news stays
    auto *addMatch = new QToolButton(this);
    addMatch->setText(tr("+ Match"));
    addMatch->setToolTip(tr("New match (Ctrl+N)"));
    m_tabs->setCornerWidget(addMatch, Qt::TopRightCorner);
    connect(addMatch, &QToolButton::clicked, this, &MainWindow::newMatch);
}

// Asks for the teams in place, above the tabs; hidden until newMatch().
void MainWindow::buildNewMatchBar()
{
    m_newMatchHome = teamEdit(u"newMatchHome"_s, tr("Home team"), m_newMatchBar);
    m_newMatchAway = teamEdit(u"newMatchAway"_s, tr("Away team"), m_newMatchBar);
    auto *create = new QPushButton(tr("Start covering"), m_newMatchBar);
    auto *cancel = new QPushButton(tr("Cancel"), m_newMatchBar);
    auto *layout = new QHBoxLayout(m_newMatchBar);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(new QLabel(tr("New match:"), m_newMatchBar));
    layout->addWidget(m_newMatchHome);
    layout->addWidget(new QLabel(tr("vs"), m_newMatchBar));
    layout->addWidget(m_newMatchAway);
    layout->addWidget(create);
    layout->addWidget(cancel);
    m_newMatchBar->hide();
    connect(create, &QPushButton::clicked, this, &MainWindow::createMatch);
    connect(m_newMatchAway, &QLineEdit::returnPressed, this, &MainWindow::createMatch);
    connect(
        m_newMatchHome, &QLineEdit::returnPressed, m_newMatchAway, qOverload<>(&QWidget::setFocus));
    connect(cancel, &QPushButton::clicked, m_newMatchBar, &QWidget::hide);
}

// The desks (under the new-match bar) on the left, what viewers see on the right.
void MainWindow::buildCentralWidget()
{
    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(m_newMatchBar);
    leftLayout->addWidget(m_tabs);
    auto *splitter = new QSplitter(this);
    splitter->addWidget(left);
    splitter->addWidget(m_viewer);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    setCentralWidget(splitter);
}

// History and audience below, as tabbed docks, history in front.
void MainWindow::buildDocks()
{
    m_historyDock = new QDockWidget(tr("Broadcast history"), this);
    m_historyDock->setObjectName(u"historyDock"_s);
    m_historyDock->setWidget(m_historyPanel);
    m_connectionsDock = new QDockWidget(tr("Connections"), this);
    m_connectionsDock->setObjectName(u"connectionsDock"_s);
    m_connectionsDock->setWidget(m_connections);
    addDockWidget(Qt::BottomDockWidgetArea, m_historyDock);
    tabifyDockWidget(m_historyDock, m_connectionsDock);
    m_historyDock->raise();
}

// Where the feed is, copy/open/embed it, how many watch, how much was sent; exports report
// here too.
void MainWindow::buildStatusBar()
{
    m_feedUrl->setObjectName(u"feedUrl"_s);
    m_feedUrl->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_clients->setObjectName(u"clientCount"_s);
    m_eventsSent->setObjectName(u"eventsSent"_s);
    m_serverState->setObjectName(u"serverState"_s);
    QToolButton *copy = statusButton(tr("Copy"), &MainWindow::copyFeedUrl);
    QToolButton *open = statusButton(tr("Open in browser"), &MainWindow::openFeedInBrowser);
    QToolButton *embed = statusButton(tr("Copy embed code"), &MainWindow::copyEmbedCode);
    embed->setObjectName(u"embedButton"_s);
    embed->setToolTip(tr("An <iframe> with the live widget for the channel of the current tab"));
    statusBar()->addWidget(new QLabel(tr("Feed:"), this));
    statusBar()->addWidget(m_feedUrl);
    statusBar()->addWidget(copy);
    statusBar()->addWidget(open);
    statusBar()->addWidget(embed);
    statusBar()->addWidget(m_serverState, 1);
    statusBar()->addPermanentWidget(m_clients);
    statusBar()->addPermanentWidget(m_eventsSent);
    connect(this, &MainWindow::exportFinished, this,
        [this](bool, const QString &message) { statusBar()->showMessage(message, 10000); });
}

QToolButton *MainWindow::statusButton(const QString &text, void (MainWindow::*onClick)())
{
    auto *button = new QToolButton(this);
    button->setText(text);
    connect(button, &QToolButton::clicked, this, onClick);
    return button;
}

// Everything in the menus also has a shortcut.
void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Export history…"), QKeySequence(Qt::CTRL | Qt::Key_E), this,
        &MainWindow::exportHistory);
    file->addAction(tr("&Settings…"), QKeySequence::Preferences, this, &MainWindow::openSettings);
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);
    QMenu *matchMenu = menuBar()->addMenu(tr("&Match"));
    matchMenu->addAction(tr("&New match…"), QKeySequence::New, this, &MainWindow::newMatch);
    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->addAction(m_historyDock->toggleViewAction());
    view->addAction(m_connectionsDock->toggleViewAction());
    view->addAction(
        tr("&News desk"), QKeySequence(Qt::CTRL | Qt::Key_1), this, &MainWindow::showNewsDesk);
    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About LiveDesk"), this, &MainWindow::showAbout);
}

// One tab per match of the desk: closing a tab removes the match, and the desk's word on
// which matches exist opens and closes tabs.
void MainWindow::connectDesk()
{
    connect(m_tabs, &QTabWidget::tabCloseRequested, this, [this](int index) {
        if (auto *panel = qobject_cast<MatchPanel *>(m_tabs->widget(index)))
            m_desk->removeMatch(panel->match());
    });
    connect(m_desk, &Desk::matchAdded, this, &MainWindow::addMatchTab);
    connect(m_desk, &Desk::matchRemoved, this, [this](Match *match) {
        if (QWidget *panel = m_tabs->findChild<QWidget *>(match->channel()))
            panel->deleteLater();
    });
}

void MainWindow::connectHost()
{
    connect(m_host, &ServerHost::published, m_historyModel, &HistoryModel::add);
    connect(m_host, &ServerHost::published, m_viewer, &ViewerPane::notePublished);
    connect(m_host, &ServerHost::published, this,
        [this] { m_eventsSent->setText(tr("Events sent: %1").arg(++m_sent)); });
    connect(m_host, &ServerHost::clientCountChanged, this,
        [this](int count) { m_clients->setText(tr("Viewers: %1").arg(count)); });
    connect(m_host, &ServerHost::started, this, &MainWindow::onServerStarted);
    connect(m_host, &ServerHost::stopped, this, &MainWindow::onServerStopped);
}

// The desk and the server may be under way already; the news desk has the keyboard.
void MainWindow::showInitialState()
{
    for (Match *match : m_desk->matches())
        addMatchTab(match);
    m_clients->setText(tr("Viewers: %1").arg(0));
    m_eventsSent->setText(tr("Events sent: %1").arg(0));
    if (m_host->isRunning())
        onServerStarted();
    else
        onServerStopped();
    m_news->setFocus();
}

void MainWindow::addMatchTab(Match *match)
{
    auto *panel = new MatchPanel(match, m_tabs);
    panel->setObjectName(match->channel());
    const int index = m_tabs->addTab(panel, u"%1 – %2"_s.arg(match->home(), match->away()));
    connect(match, &Match::changed, panel, [this, panel, match] {
        m_tabs->setTabText(m_tabs->indexOf(panel),
            u"%1 %2–%3 %4"_s.arg(match->home())
                .arg(match->homeScore())
                .arg(match->awayScore())
                .arg(match->away()));
    });
    m_tabs->setCurrentIndex(index);
}

void MainWindow::exportHistory()
{
    QStringList channels { u"news"_s };
    for (const Match *match : m_desk->matches())
        channels << match->channel();
    const auto *panel = qobject_cast<MatchPanel *>(m_tabs->currentWidget());
    bool ok = false;
    const QString channel
        = QInputDialog::getItem(this, tr("Export history"), tr("Channel to export:"), channels,
            panel ? int(channels.indexOf(panel->match()->channel())) : 0, true, &ok);
    if (!ok || channel.isEmpty())
        return;
    const QString fileName = QFileDialog::getSaveFileName(this, tr("Export history"),
        QDir::home().filePath(channel + u".jsonl"_s), tr("JSON Lines (*.jsonl)"));
    if (!fileName.isEmpty())
        exportChannel(channel, fileName);
}

void MainWindow::exportChannel(const QString &channel, const QString &fileName)
{
    if (!EventHub::isValidName(channel)) {
        Q_EMIT exportFinished(false, tr("\"%1\" is not a channel name.").arg(channel));
        return;
    }
    // A read-only connection of its own, on a short-lived thread: an export of a whole
    // season must not freeze the window, nor stall the server thread's fan-out.
    const QString journalPath = m_host->config().dataDir + u"/journal.sqlite"_s;
    auto result = std::make_shared<ExportResult>();
    auto *worker = QThread::create([journalPath, channel, fileName, result] {
        *result = exportToFile(journalPath, channel, fileName);
    });
    // The window may be closed, and destroyed, while a long export runs, so the worker never
    // touches it. finished() reaches the window queued, on the GUI thread, and Qt drops it if
    // the window is gone by then. (A QPointer tested on the worker thread could not promise
    // that: the window could go between the test and the post.)
    connect(worker, &QThread::finished, this,
        [this, result] { Q_EMIT exportFinished(result->ok, result->message); });
    connect(worker, &QThread::finished, worker, &QObject::deleteLater);
    worker->start();
}

void MainWindow::newMatch()
{
    m_newMatchBar->show();
    m_newMatchHome->setFocus();
}

void MainWindow::createMatch()
{
    const bool homeNamed = !m_newMatchHome->text().trimmed().isEmpty();
    if (!homeNamed || m_newMatchAway->text().trimmed().isEmpty()) {
        (homeNamed ? m_newMatchAway : m_newMatchHome)->setFocus();
        statusBar()->showMessage(tr("Name both teams to start a match."), 4000);
        return;
    }
    Match *match = m_desk->addMatch(m_newMatchHome->text(), m_newMatchAway->text());
    m_newMatchHome->clear();
    m_newMatchAway->clear();
    m_newMatchBar->hide();
    if (QWidget *panel = m_tabs->findChild<QWidget *>(match->channel()))
        panel->setFocus();
}

void MainWindow::showNewsDesk()
{
    m_tabs->setCurrentIndex(0);
    m_news->setFocus();
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About LiveDesk"),
        tr("<b>LiveDesk %1</b><p>A live-commentary console with an embedded "
           "Server-Sent Events server.</p>")
            .arg(QStringLiteral(LIVEDESK_VERSION)));
}

void MainWindow::openSettings()
{
    SettingsDialog dialog(m_settings, m_host, this);
    dialog.exec();
}

void MainWindow::copyFeedUrl()
{
    QApplication::clipboard()->setText(m_host->baseUrl().toString());
    statusBar()->showMessage(tr("Feed URL copied."), 3000);
}

void MainWindow::openFeedInBrowser()
{
    if (!QDesktopServices::openUrl(m_host->baseUrl()))
        statusBar()->showMessage(tr("No browser could be opened; copy the URL instead."), 5000);
}

QString MainWindow::embedCode() const
{
    const auto *panel = qobject_cast<MatchPanel *>(m_tabs->currentWidget());
    const QString channel = panel ? panel->match()->channel() : u"news"_s;
    QUrl url = m_host->baseUrl().resolved(QUrl(u"embed"_s));
    url.setQuery(u"channel="_s + channel);
    return uR"(<iframe src="%1" width="360" height="520" style="border:0" title="LiveDesk: %2"></iframe>)"_s
        .arg(url.toString(), channel);
}

void MainWindow::copyEmbedCode()
{
    const QString code = embedCode();
    QApplication::clipboard()->setText(code);
    statusBar()->showMessage(tr("Embed code copied: %1").arg(code), 8000);
}

void MainWindow::onServerStarted()
{
    const QUrl url = m_host->baseUrl();
    m_feedUrl->setText(url.toString());
    setWindowTitle(tr("LiveDesk — %1").arg(url.toString()));
    const bool exposed = !m_host->config().address.isLoopback();
    m_serverState->setText(
        exposed ? tr("Reachable from your network: anyone there can read the feed.") : QString());
    m_serverState->setStyleSheet(exposed ? u"color: #b7791f;"_s : QString());
    m_viewer->connectTo(url);
}

void MainWindow::onServerStopped()
{
    m_feedUrl->setText(tr("(server stopped)"));
    m_serverState->setText(
        tr("The server is stopped; nothing can be sent. Check File → Settings."));
    m_serverState->setStyleSheet(u"color: #b00020;"_s);
}
