#include "mainwindow.h"

#include "connectionspanel.h"
#include "desk.h"
#include "eventjournal.h"
#include "historymodel.h"
#include "historypanel.h"
#include "matchpanel.h"
#include "newspanel.h"
#include "serverhost.h"
#include "settingsdialog.h"
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

using namespace Qt::StringLiterals;

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

    // Left: the desks (news, one tab per match), with the new-match bar above them.
    m_tabs->setObjectName(u"deskTabs"_s);
    m_tabs->addTab(m_news, tr("News"));
    m_tabs->setTabsClosable(true);
    m_tabs->tabBar()->setTabButton(0, QTabBar::RightSide, nullptr); // news stays
    auto *addMatch = new QToolButton(this);
    addMatch->setText(tr("+ Match"));
    addMatch->setToolTip(tr("New match (Ctrl+N)"));
    m_tabs->setCornerWidget(addMatch, Qt::TopRightCorner);

    auto *home = new QLineEdit(m_newMatchBar);
    home->setObjectName(u"newMatchHome"_s);
    home->setPlaceholderText(tr("Home team"));
    auto *away = new QLineEdit(m_newMatchBar);
    away->setObjectName(u"newMatchAway"_s);
    away->setPlaceholderText(tr("Away team"));
    auto *create = new QPushButton(tr("Start covering"), m_newMatchBar);
    auto *cancel = new QPushButton(tr("Cancel"), m_newMatchBar);
    auto *barLayout = new QHBoxLayout(m_newMatchBar);
    barLayout->setContentsMargins(0, 0, 0, 0);
    barLayout->addWidget(new QLabel(tr("New match:"), m_newMatchBar));
    barLayout->addWidget(home);
    barLayout->addWidget(new QLabel(tr("vs"), m_newMatchBar));
    barLayout->addWidget(away);
    barLayout->addWidget(create);
    barLayout->addWidget(cancel);
    m_newMatchBar->hide();

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

    // Below: history and audience, as tabbed docks.
    auto *historyDock = new QDockWidget(tr("Broadcast history"), this);
    historyDock->setObjectName(u"historyDock"_s);
    historyDock->setWidget(m_historyPanel);
    auto *connectionsDock = new QDockWidget(tr("Connections"), this);
    connectionsDock->setObjectName(u"connectionsDock"_s);
    connectionsDock->setWidget(m_connections);
    addDockWidget(Qt::BottomDockWidgetArea, historyDock);
    tabifyDockWidget(historyDock, connectionsDock);
    historyDock->raise();

    // Status bar: where the feed is, copy/open it, how many watch, how much was sent.
    m_feedUrl->setObjectName(u"feedUrl"_s);
    m_feedUrl->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_clients->setObjectName(u"clientCount"_s);
    m_eventsSent->setObjectName(u"eventsSent"_s);
    m_serverState->setObjectName(u"serverState"_s);
    auto *copy = new QToolButton(this);
    copy->setText(tr("Copy"));
    auto *open = new QToolButton(this);
    open->setText(tr("Open in browser"));
    auto *embed = new QToolButton(this);
    embed->setObjectName(u"embedButton"_s);
    embed->setText(tr("Copy embed code"));
    embed->setToolTip(tr("An <iframe> with the live widget for the channel of the current tab"));
    statusBar()->addWidget(new QLabel(tr("Feed:"), this));
    statusBar()->addWidget(m_feedUrl);
    statusBar()->addWidget(copy);
    statusBar()->addWidget(open);
    statusBar()->addWidget(embed);
    statusBar()->addWidget(m_serverState, 1);
    statusBar()->addPermanentWidget(m_clients);
    statusBar()->addPermanentWidget(m_eventsSent);

    // Menus: everything also has a shortcut.
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Export history…"), QKeySequence(Qt::CTRL | Qt::Key_E), this,
        &MainWindow::exportHistory);
    file->addAction(tr("&Settings…"), QKeySequence::Preferences, this, &MainWindow::openSettings);
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);
    QMenu *matchMenu = menuBar()->addMenu(tr("&Match"));
    matchMenu->addAction(tr("&New match…"), QKeySequence::New, this, &MainWindow::newMatch);
    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->addAction(historyDock->toggleViewAction());
    view->addAction(connectionsDock->toggleViewAction());
    view->addAction(tr("&News desk"), QKeySequence(Qt::CTRL | Qt::Key_1), this, [this] {
        m_tabs->setCurrentIndex(0);
        m_news->setFocus();
    });
    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About LiveDesk"), this, [this] {
        QMessageBox::about(this, tr("About LiveDesk"),
            tr("<b>LiveDesk %1</b><p>A live-commentary console with an embedded "
               "Server-Sent Events server.</p>")
                .arg(QStringLiteral(LIVEDESK_VERSION)));
    });

    connect(addMatch, &QToolButton::clicked, this, &MainWindow::newMatch);
    auto createMatch = [this, home, away] {
        if (home->text().trimmed().isEmpty() || away->text().trimmed().isEmpty()) {
            (home->text().trimmed().isEmpty() ? home : away)->setFocus();
            statusBar()->showMessage(tr("Name both teams to start a match."), 4000);
            return;
        }
        Match *match = m_desk->addMatch(home->text(), away->text());
        home->clear();
        away->clear();
        m_newMatchBar->hide();
        if (QWidget *panel = m_tabs->findChild<QWidget *>(match->channel()))
            panel->setFocus();
    };
    connect(create, &QPushButton::clicked, this, createMatch);
    connect(away, &QLineEdit::returnPressed, this, createMatch);
    connect(home, &QLineEdit::returnPressed, away, qOverload<>(&QWidget::setFocus));
    connect(cancel, &QPushButton::clicked, m_newMatchBar, &QWidget::hide);
    connect(m_tabs, &QTabWidget::tabCloseRequested, this, [this](int index) {
        if (auto *panel = qobject_cast<MatchPanel *>(m_tabs->widget(index)))
            m_desk->removeMatch(panel->match());
    });
    connect(m_desk, &Desk::matchAdded, this, &MainWindow::addMatchTab);
    connect(m_desk, &Desk::matchRemoved, this, [this](Match *match) {
        if (QWidget *panel = m_tabs->findChild<QWidget *>(match->channel()))
            panel->deleteLater();
    });
    connect(copy, &QToolButton::clicked, this, &MainWindow::copyFeedUrl);
    connect(open, &QToolButton::clicked, this, &MainWindow::openFeedInBrowser);
    connect(embed, &QToolButton::clicked, this, &MainWindow::copyEmbedCode);

    connect(m_host, &ServerHost::published, m_historyModel, &HistoryModel::add);
    connect(m_host, &ServerHost::published, m_viewer, &ViewerPane::notePublished);
    connect(m_host, &ServerHost::published, this,
        [this] { m_eventsSent->setText(tr("Events sent: %1").arg(++m_sent)); });
    connect(m_host, &ServerHost::clientCountChanged, this,
        [this](int count) { m_clients->setText(tr("Viewers: %1").arg(count)); });
    connect(m_host, &ServerHost::started, this, &MainWindow::onServerStarted);
    connect(m_host, &ServerHost::stopped, this, &MainWindow::onServerStopped);
    connect(m_host, &ServerHost::publishRejected, this, &MainWindow::onPublishRejected);
    connect(this, &MainWindow::exportFinished, this,
        [this](bool, const QString &message) { statusBar()->showMessage(message, 10000); });

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
    auto *worker = QThread::create([this, journalPath, channel, fileName] {
        EventJournal journal(journalPath);
        QString error;
        qint64 count = 0;
        QSaveFile out(fileName);
        const bool ok = journal.openForReading(&error) && out.open(QIODevice::WriteOnly)
            && journal.exportChannel(channel, &out, &count, &error) && out.commit();
        const QString message = ok
            ? tr("Exported %n event(s) of %1 to %2.", nullptr, int(count)).arg(channel, fileName)
            : tr("Export failed: %1").arg(error.isEmpty() ? out.errorString() : error);
        QMetaObject::invokeMethod(
            this, [this, ok, message] { Q_EMIT exportFinished(ok, message); },
            Qt::QueuedConnection);
    });
    connect(worker, &QThread::finished, worker, &QObject::deleteLater);
    worker->start();
}

void MainWindow::newMatch()
{
    m_newMatchBar->show();
    m_newMatchBar->findChild<QLineEdit *>(u"newMatchHome"_s)->setFocus();
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

void MainWindow::onPublishRejected(const QString &reason)
{
    statusBar()->showMessage(reason, 6000);
}
