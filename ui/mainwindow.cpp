#include "mainwindow.h"

#include "audiencepanel.h"
#include "clusterstatus.h"
#include "connectionspanel.h"
#include "domain/desk.h"
#include "draftstore.h"
#include "eventrenderer.h"
#include "historymodel.h"
#include "historypanel.h"
#include "host/serverhost.h"
#include "host/settings.h"
#include "matchpanel.h"
#include "matchreport.h"
#include "newspanel.h"
#include "outbox/outbox.h"
#include "outbox/remotefeed.h"
#include "outboxstatus.h"
#include "scheduledpanel.h"
#include "settingsdialog.h"
#include "store/eventjournal.h"
#include "viewerpane.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
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
#include <QPointer>
#include <QPushButton>
#include <QRegularExpression>
#include <QSaveFile>
#include <QScreen>
#include <QShortcut>
#include <QSplitter>
#include <QSslCertificate>
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
    : MainWindow(desk, host, host, nullptr, settings, parent)
{ }

MainWindow::MainWindow(Desk *desk, RemoteFeed *remote, Settings *settings, QWidget *parent)
    : MainWindow(desk, remote, nullptr, remote, settings, parent)
{ }

MainWindow::MainWindow(Desk *desk, FeedSource *feed, ServerHost *host, RemoteFeed *remote,
    Settings *settings, QWidget *parent)
    : QMainWindow(parent)
    , m_desk(desk)
    , m_feed(feed)
    , m_host(host)
    , m_remote(remote)
    , m_settings(settings)
    , m_historyModel(new HistoryModel(this))
    , m_tabs(new QTabWidget(this))
    , m_news(new NewsPanel(desk, this))
    , m_viewer(new ViewerPane(this))
    , m_historyPanel(new HistoryPanel(desk, m_historyModel, this))
    , m_scheduled(new ScheduledPanel(this))
    , m_connections(host ? new ConnectionsPanel(host, this) : nullptr)
    , m_audience(host ? new AudiencePanel(this) : nullptr)
    , m_newMatchBar(new QWidget(this))
    , m_feedUrl(new QLabel(this))
    , m_clients(new QLabel(this))
    , m_clusterStatus(host ? new ClusterStatus(host, this) : nullptr)
    , m_eventsSent(new QLabel(this))
    , m_serverState(new QLabel(this))
    , m_drafts(settings->dataDir())
{
    setWindowTitle(tr("LiveDesk"));
    fitToScreen();
    // In this order: widgets join the tab order as they are made.
    buildDesks();
    buildNewMatchBar();
    buildFirstRunHint();
    buildRestoredNotice();
    buildCentralWidget();
    buildDocks();
    buildStatusBar();
    buildMenus();
    connectDesk();
    connectFeed();
    connectHost();
    showInitialState();
    applySendDelay();
    restoreDrafts();
}

MainWindow::~MainWindow()
{
    m_draftTimer.stop();
    sendPendingPosts();
    saveDrafts();
}

// 1280×760 where there is room, never taller or wider than the screen's free area: on a
// 1366×768 laptop the status bar with the feed URL must stay on screen.
void MainWindow::fitToScreen()
{
    const QScreen *screen = QGuiApplication::primaryScreen();
    QSize size(1280, 760);
    if (screen) {
        // Room for the window manager's title bar and borders.
        const QSize room = screen->availableGeometry().size() - QSize(16, 48);
        size = size.boundedTo(room);
    }
    resize(size);
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
    create->setObjectName(u"startCoveringButton"_s);
    auto *cancel = new QPushButton(tr("Cancel"), m_newMatchBar);
    m_newMatchMessage = new QLabel(m_newMatchBar);
    m_newMatchMessage->setObjectName(u"newMatchMessage"_s);
    m_newMatchMessage->setStyleSheet(u"color: #b00020; font-weight: bold;"_s);
    auto *layout = new QHBoxLayout(m_newMatchBar);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(new QLabel(tr("New match:"), m_newMatchBar));
    layout->addWidget(m_newMatchHome);
    layout->addWidget(new QLabel(tr("vs"), m_newMatchBar));
    layout->addWidget(m_newMatchAway);
    layout->addWidget(create);
    layout->addWidget(cancel);
    layout->addWidget(m_newMatchMessage, 1);
    m_newMatchBar->hide();
    connect(create, &QPushButton::clicked, this, &MainWindow::createMatch);
    connect(m_newMatchAway, &QLineEdit::returnPressed, this, &MainWindow::createMatch);
    connect(
        m_newMatchHome, &QLineEdit::returnPressed, m_newMatchAway, qOverload<>(&QWidget::setFocus));
    connect(cancel, &QPushButton::clicked, this, &MainWindow::cancelNewMatch);
    // Esc in either team field cancels, as in any inline editor.
    auto *escape = new QShortcut(QKeySequence(Qt::Key_Escape), m_newMatchBar);
    escape->setContext(Qt::WidgetWithChildrenShortcut);
    connect(escape, &QShortcut::activated, this, &MainWindow::cancelNewMatch);
}

// Until the first match: where to start, in the place the new-match bar opens.
void MainWindow::buildFirstRunHint()
{
    m_firstRunHint = new QLabel(tr("Press <b>Ctrl+N</b> to cover a match, or type a news flash "
                                   "below and send it with <b>Ctrl+Enter</b>."),
        this);
    m_firstRunHint->setObjectName(u"firstRunHint"_s);
    m_firstRunHint->setWordWrap(true);
    m_firstRunHint->setStyleSheet(
        u"background: #eef4fb; border: 1px solid #c7d9ee; border-radius: 4px; padding: 4px 8px;"_s);
}

void MainWindow::buildRestoredNotice()
{
    m_restoredNotice = new QLabel(this);
    m_restoredNotice->setObjectName(u"restoredNotice"_s);
    m_restoredNotice->setWordWrap(true);
    m_restoredNotice->setStyleSheet(u"background: #fff4e0; border: 1px solid #e8c47c; "
                                    "border-radius: 4px; padding: 4px 8px;"_s);
    m_restoredNotice->hide();
}

void MainWindow::updateFirstRunHint()
{
    m_firstRunHint->setVisible(m_desk->matches().isEmpty() && m_newMatchBar->isHidden());
}

// The desks (under the new-match bar) on the left, what viewers see on the right.
void MainWindow::buildCentralWidget()
{
    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(m_restoredNotice);
    leftLayout->addWidget(m_firstRunHint);
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
void MainWindow::useScheduleClient(ScheduleClient *client)
{
    m_news->setScheduleClient(client);
    m_scheduled->setClient(client);
    connect(m_news, &NewsPanel::scheduled, m_scheduled, &ScheduledPanel::refresh);
    connect(m_scheduled, &ScheduledPanel::editRequested, this, [this](const QJsonObject &data) {
        m_news->setDraft(data);
        m_tabs->setCurrentWidget(m_news);
        m_news->setFocus();
    });
    connect(m_scheduled, &ScheduledPanel::message, this, [this](const QString &text, bool error) {
        statusBar()->showMessage(text, error ? 15000 : 6000);
    });
    // A post missed while LiveDesk was closed is asked about where the operator looks.
    connect(m_scheduled, &ScheduledPanel::missedChanged, this, [this](int missed) {
        if (missed > 0)
            m_scheduledDock->raise();
    });
}

void MainWindow::buildDocks()
{
    m_historyDock = new QDockWidget(tr("Broadcast history"), this);
    m_historyDock->setObjectName(u"historyDock"_s);
    m_historyDock->setWidget(m_historyPanel);
    addDockWidget(Qt::BottomDockWidgetArea, m_historyDock);
    // The connections are a server's; a console of one elsewhere has none to show.
    if (m_connections) {
        m_connectionsDock = new QDockWidget(tr("Connections"), this);
        m_connectionsDock->setObjectName(u"connectionsDock"_s);
        m_connectionsDock->setWidget(m_connections);
        tabifyDockWidget(m_historyDock, m_connectionsDock);
        m_audienceDock = new QDockWidget(tr("Audience"), this);
        m_audienceDock->setObjectName(u"audienceDock"_s);
        m_audienceDock->setWidget(m_audience);
        tabifyDockWidget(m_historyDock, m_audienceDock);
    }
    m_scheduledDock = new QDockWidget(tr("Scheduled"), this);
    m_scheduledDock->setObjectName(u"scheduledDock"_s);
    m_scheduledDock->setWidget(m_scheduled);
    tabifyDockWidget(m_historyDock, m_scheduledDock);
    m_historyDock->raise();
    // A quarter of the height: the desks, where the operator types, get the rest.
    resizeDocks({ m_historyDock }, { height() / 4 }, Qt::Vertical);
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
    copy->setObjectName(u"feedCopyButton"_s);
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
    if (m_clusterStatus)
        statusBar()->addPermanentWidget(m_clusterStatus);
    // The viewers are counted by the server that has them.
    if (m_host)
        statusBar()->addPermanentWidget(m_clients);
    else
        m_clients->hide();
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
    QAction *settings = file->addAction(tr("&Settings…"), this, &MainWindow::openSettings);
    // The platform's Preferences key is empty on most Linux desktops; Ctrl+, is what the
    // README promises and what operators know from other tools.
    settings->setShortcuts({ QKeySequence(Qt::CTRL | Qt::Key_Comma), QKeySequence::Preferences });
    settings->setObjectName(u"settingsAction"_s);
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);
    QMenu *matchMenu = menuBar()->addMenu(tr("&Match"));
    matchMenu->addAction(tr("&New match…"), QKeySequence::New, this, &MainWindow::newMatch);
    QAction *close = matchMenu->addAction(
        tr("&End and close match…"), this, [this] { closeMatchTab(m_tabs->currentIndex()); });
    close->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_W));
    close->setObjectName(u"closeMatchAction"_s);
    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->addAction(m_historyDock->toggleViewAction());
    if (m_connectionsDock)
        view->addAction(m_connectionsDock->toggleViewAction());
    if (m_audienceDock)
        view->addAction(m_audienceDock->toggleViewAction());
    view->addAction(
        tr("&News desk"), QKeySequence(Qt::CTRL | Qt::Key_1), this, &MainWindow::showNewsDesk);
    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About LiveDesk"), this, &MainWindow::showAbout);
}

// One tab per match of the desk: closing a tab removes the match, and the desk's word on
// which matches exist opens and closes tabs.
void MainWindow::connectDesk()
{
    connect(m_tabs, &QTabWidget::tabCloseRequested, this, &MainWindow::closeMatchTab);
    connect(m_desk, &Desk::matchAdded, this, &MainWindow::addMatchTab);
    connect(m_desk, &Desk::matchAdded, this, &MainWindow::updateFirstRunHint);
    connect(m_desk, &Desk::matchRemoved, this, [this](Match *match) {
        if (QWidget *panel = m_tabs->findChild<QWidget *>(match->channel()))
            panel->deleteLater();
        updateFirstRunHint();
    });
}

void MainWindow::connectFeed()
{
    connect(m_feed, &FeedSource::published, m_historyModel, &HistoryModel::add);
    // The history comes back with the server's recent events at start (the journal's, asked
    // for by main() once the window is up, or the remote server's state), merged by id with
    // anything live.
    connect(m_feed, &FeedSource::snapshotReady, m_historyModel, &HistoryModel::restoreSnapshot);
    // Publish-to-receive latency is this server's to measure: a remote feed's events reach
    // the console over a link of their own, later than they were stored.
    if (m_host)
        connect(m_host, &FeedSource::published, m_viewer, &ViewerPane::notePublished);
    connect(m_feed, &FeedSource::published, this,
        [this] { m_eventsSent->setText(tr("Events sent: %1").arg(++m_sent)); });
    connect(m_feed, &FeedSource::started, this, &MainWindow::onServerStarted);
    connect(m_feed, &FeedSource::stopped, this, &MainWindow::onServerStopped);
    if (m_remote)
        connect(m_remote, &RemoteFeed::errorOccurred, this, &MainWindow::onLinkError);
}

void MainWindow::connectHost()
{
    if (!m_host)
        return;
    connect(m_host, &ServerHost::clientCountChanged, this,
        [this](int count) { m_clients->setText(tr("Viewers: %1").arg(count)); });
    // The charts follow this server's own audience, and its own viewer pane's latency.
    connect(m_host, &ServerHost::audienceSampled, m_audience, &AudiencePanel::addSample);
    connect(m_viewer, &ViewerPane::latencyMeasured, m_audience, &AudiencePanel::noteLatency);
}

void MainWindow::watchOutbox(Outbox *outbox)
{
    m_outbox = outbox;
    m_outboxStatus = new OutboxStatus(outbox, m_remote, this);
    statusBar()->addPermanentWidget(m_outboxStatus);
    const auto showQueue = [this] { m_historyModel->setQueued(m_outbox->entries()); };
    connect(outbox, &Outbox::changed, this, showQueue);
    showQueue();
    connect(m_historyPanel, &HistoryPanel::takeBackRequested, this,
        [this](qint64 seq) { m_historyPanel->showTakeBackResult(m_outbox->remove(seq)); });
    connect(outbox, &Outbox::refused, this, [this](const Outbox::Entry &entry, const QString &why) {
        statusBar()->showMessage(tr("The server refused a queued %1, which is not sent: %2")
                                     .arg(EventRenderer::typeLabel(entry.type), why),
            30000);
    });
    if (outbox->restoredCount() > 0)
        showRestoredNotice();
}

// Above the desks until the last of them is sent: the operator must know that posts of
// the last run are still going out, and when they all have.
void MainWindow::showRestoredNotice()
{
    m_restoredNotice->setText(
        tr("%n post(s) from the last run had not reached the server; they are being sent "
           "now, in order.",
            nullptr, m_outbox->restoredCount()));
    m_restoredNotice->show();
    connect(m_outbox, &Outbox::sent, m_restoredNotice, [this] {
        if (m_outbox->size() == 0)
            m_restoredNotice->hide();
    });
}

// The desk and the server may be under way already; the news desk has the keyboard.
void MainWindow::showInitialState()
{
    for (Match *match : m_desk->matches())
        addMatchTab(match, true);
    m_clients->setText(tr("Viewers: %1").arg(0));
    m_eventsSent->setText(tr("Events sent: %1").arg(0));
    updateFirstRunHint();
    if (m_feed->isRunning())
        onServerStarted();
    else
        onServerStopped();
    m_news->setFocus();
}

void MainWindow::saveMatchReport(Match *match)
{
    const QString suggested = u"%1-%2-report.pdf"_s.arg(match->home(), match->away())
                                  .replace(QRegularExpression(u"[^\\w.-]+"_s), u"-"_s);
    const QString name = QFileDialog::getSaveFileName(this, tr("Save match report"),
        QDir(m_settings->dataDir()).filePath(suggested), tr("PDF (*.pdf);;PNG image (*.png)"));
    if (name.isEmpty())
        return;
    const MatchReport report = MatchReport::of(
        *match, *m_historyModel, m_audience ? m_audience->history() : AudienceHistory());
    const QString error = report.save(name);
    statusBar()->showMessage(
        error.isEmpty() ? tr("Saved the match report to %1").arg(name) : error, 10000);
}

void MainWindow::addMatchTab(Match *match, bool here)
{
    auto *panel = new MatchPanel(match, m_tabs);
    panel->setObjectName(match->channel());
    panel->setSendDelay(std::chrono::seconds(m_settings->sendDelaySeconds()));
    if (m_pendingDrafts.contains(match->channel()))
        panel->setDraft(m_pendingDrafts.take(match->channel()).toObject());
    const int index = m_tabs->addTab(panel, u"%1 – %2"_s.arg(match->home(), match->away()));
    connect(panel, &MatchPanel::reportRequested, this, [this, match] { saveMatchReport(match); });
    connect(match, &Match::changed, panel, [this, panel, match] {
        m_tabs->setTabText(m_tabs->indexOf(panel),
            u"%1 %2–%3 %4"_s.arg(match->home())
                .arg(match->homeScore())
                .arg(match->awayScore())
                .arg(match->away()));
    });
    // A match another console opened must not take the tab the operator is typing in.
    if (here)
        m_tabs->setCurrentIndex(index);
    else
        statusBar()->showMessage(tr("%1 – %2 was opened elsewhere (another console or a script).")
                                     .arg(match->home(), match->away()),
            10000);
}

// The drafts of the last run: the news desk's at once, each match's once its tab is back
// (the matches come back from the journal after the window is up).
void MainWindow::restoreDrafts()
{
    QString error;
    m_pendingDrafts = m_drafts.load(&error);
    if (!error.isEmpty())
        statusBar()->showMessage(tr("Drafts of the last session were not restored: %1").arg(error));
    m_news->setDraft(m_pendingDrafts.take(u"news"_s).toObject());
    for (int i = 0; i < m_tabs->count(); ++i) {
        if (auto *panel = qobject_cast<MatchPanel *>(m_tabs->widget(i)))
            panel->setDraft(m_pendingDrafts.take(panel->match()->channel()).toObject());
    }
    // Saved every few seconds while typing goes on, so a crash costs a few seconds at most;
    // and once more on close.
    m_draftTimer.setInterval(3000);
    connect(&m_draftTimer, &QTimer::timeout, this, &MainWindow::saveDrafts);
    m_draftTimer.start();
}

QJsonObject MainWindow::drafts() const
{
    // Drafts for matches that have not come back yet are kept, not dropped.
    QJsonObject all = m_pendingDrafts;
    const QJsonObject news = m_news->draft();
    if (!news.isEmpty())
        all.insert(u"news"_s, news);
    for (int i = 0; i < m_tabs->count(); ++i) {
        const auto *panel = qobject_cast<MatchPanel *>(m_tabs->widget(i));
        if (!panel)
            continue;
        const QJsonObject draft = panel->draft();
        if (!draft.isEmpty())
            all.insert(panel->match()->channel(), draft);
    }
    return all;
}

void MainWindow::saveDrafts()
{
    QString error;
    if (!m_drafts.save(drafts(), &error))
        statusBar()->showMessage(tr("Drafts not saved: %1").arg(error), 10000);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    sendPendingPosts();
    saveDrafts();
    QMainWindow::closeEvent(event);
}

// The send delay from Settings, on every desk: for the next post (one already waiting keeps
// its time). Match tabs opened later get it in addMatchTab().
void MainWindow::applySendDelay()
{
    const std::chrono::seconds delay(m_settings->sendDelaySeconds());
    m_news->setSendDelay(delay);
    for (int i = 0; i < m_tabs->count(); ++i) {
        if (auto *panel = qobject_cast<MatchPanel *>(m_tabs->widget(i)))
            panel->setSendDelay(delay);
    }
}

// A post still waiting out the send delay when the window goes (Quit, or a quit by signal)
// goes at once rather than being dropped: the operator pressed Send and meant it, and Undo
// is no longer on screen. Its outcome comes too late for the panel, so, like any post not
// answered yet by then, its text is also kept with the drafts.
void MainWindow::sendPendingPosts()
{
    m_news->sendPendingNow();
    for (int i = 0; i < m_tabs->count(); ++i) {
        if (auto *panel = qobject_cast<MatchPanel *>(m_tabs->widget(i)))
            panel->sendPendingNow();
    }
}

// A live match is not just closed: viewers' pages would keep it frozen mid-game. The
// operator is asked, and the match ends for viewers (full time, clock stopped) before its
// tab goes; if that cannot be stored, the tab stays and says why.
void MainWindow::closeMatchTab(int index)
{
    auto *panel = qobject_cast<MatchPanel *>(m_tabs->widget(index));
    if (!panel)
        return; // the news desk stays
    Match *match = panel->match();
    if (!match->isLive()) {
        panel->sendPendingNow(); // the operator meant it, as on quit
        m_desk->removeMatch(match);
        return;
    }
    if (!confirmEnding(match))
        return;
    // A line still waiting goes before full time, in the order the operator sent them.
    panel->sendPendingNow();
    match->end(this, [this, match = QPointer<Match>(match)](const PublishOutcome &outcome) {
        if (!match)
            return;
        // Queued is as good as sent: full time goes out once the server can be reached.
        if (!outcome.ok() && !outcome.queued) {
            statusBar()->showMessage(
                tr("The match was not ended, so its tab stays: %1").arg(outcome.error), 15000);
            return;
        }
        m_desk->removeMatch(match);
    });
}

bool MainWindow::confirmEnding(const Match *match)
{
    QMessageBox box(QMessageBox::Question, tr("End the match?"),
        tr("%1 – %2 is live. Closing its tab ends the match: viewers see full time at %3–%4.")
            .arg(match->home(), match->away())
            .arg(match->homeScore())
            .arg(match->awayScore()),
        QMessageBox::NoButton, this);
    box.setObjectName(u"endMatchQuestion"_s);
    QPushButton *end = box.addButton(tr("End match and close"), QMessageBox::AcceptRole);
    end->setObjectName(u"endMatchButton"_s);
    QPushButton *keep = box.addButton(tr("Keep covering"), QMessageBox::RejectRole);
    box.setDefaultButton(keep);
    box.setEscapeButton(keep);
    box.exec();
    return box.clickedButton() == end;
}

void MainWindow::exportHistory()
{
    // Named as the operator knows them; the channel id is only what gets exported. A channel
    // typed by hand (one from an earlier match, say) is taken as it is.
    QStringList channels { u"news"_s };
    QStringList names { tr("News") };
    for (const Match *match : m_desk->matches()) {
        channels << match->channel();
        names << u"%1 – %2"_s.arg(match->home(), match->away());
    }
    const auto *panel = qobject_cast<MatchPanel *>(m_tabs->currentWidget());
    bool ok = false;
    const QString picked = QInputDialog::getItem(this, tr("Export history"), tr("Export:"), names,
        panel ? int(channels.indexOf(panel->match()->channel())) : 0, true, &ok);
    const qsizetype index = names.indexOf(picked);
    const QString channel = index >= 0 ? channels.at(index) : picked.trimmed();
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
    // While the server runs it holds the journal: its storage thread writes the file, between
    // commits, so neither the window nor the fan-out waits on it.
    const auto reported = [this, channel, fileName](bool ok, qint64 count, const QString &error) {
        Q_EMIT exportFinished(ok,
            ok ? tr("Exported %n event(s) of %1 to %2.", nullptr, int(count)).arg(channel, fileName)
               : tr("Export failed: %1").arg(error));
    };
    if (!m_host) {
        // The journal is the server's, elsewhere: it exports there.
        Q_EMIT exportFinished(false,
            tr("The history is kept by %1: export it there (livedesk --export %2 FILE).")
                .arg(m_feed->baseUrl().toDisplayString(), channel));
        return;
    }
    if (m_host->exportChannel(channel, fileName, this, reported))
        return;
    // Stopped: a read-only connection of its own, on a short-lived thread, so an export of a
    // whole season does not freeze the window.
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
    m_newMatchMessage->clear();
    m_newMatchBar->show();
    updateFirstRunHint();
    m_newMatchHome->setFocus();
}

void MainWindow::cancelNewMatch()
{
    m_newMatchBar->hide();
    m_newMatchMessage->clear();
    updateFirstRunHint();
    if (QWidget *current = m_tabs->currentWidget())
        current->setFocus();
}

void MainWindow::createMatch()
{
    const bool homeNamed = !m_newMatchHome->text().trimmed().isEmpty();
    if (!homeNamed || m_newMatchAway->text().trimmed().isEmpty()) {
        // Said beside the fields, where the operator is looking (the status bar may be off
        // screen, and a message there is gone in seconds).
        (homeNamed ? m_newMatchAway : m_newMatchHome)->setFocus();
        m_newMatchMessage->setText(
            homeNamed ? tr("Name the away team too.") : tr("Name the home team to start a match."));
        return;
    }
    Match *match = m_desk->addMatch(m_newMatchHome->text(), m_newMatchAway->text());
    m_newMatchHome->clear();
    m_newMatchAway->clear();
    m_newMatchMessage->clear();
    m_newMatchBar->hide();
    updateFirstRunHint();
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
    SettingsDialog dialog(m_settings, m_host, m_remote ? m_remote->baseUrl() : QUrl(), this);
    dialog.exec();
    // The byline and the send delay apply at once, to the next post.
    m_desk->setByline(m_settings->byline());
    applySendDelay();
}

void MainWindow::copyFeedUrl()
{
    QApplication::clipboard()->setText(m_feed->baseUrl().toString());
    statusBar()->showMessage(tr("Feed URL copied."), 3000);
}

void MainWindow::openFeedInBrowser()
{
    if (!QDesktopServices::openUrl(m_feed->baseUrl()))
        statusBar()->showMessage(tr("No browser could be opened; copy the URL instead."), 5000);
}

QString MainWindow::embedCode() const
{
    const auto *panel = qobject_cast<MatchPanel *>(m_tabs->currentWidget());
    const QString channel = panel ? panel->match()->channel() : u"news"_s;
    QUrl url = m_feed->baseUrl().resolved(QUrl(u"embed"_s));
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
    const QUrl url = m_feed->baseUrl();
    m_feedUrl->setText(url.toString());
    setWindowTitle(tr("LiveDesk — %1").arg(url.toString()));
    if (!m_host) {
        // The viewers' page of the server elsewhere, checked as any browser checks it.
        m_serverState->setText(tr("Publishing to %1.").arg(url.host()));
        m_serverState->setStyleSheet(QString());
        if (m_viewer->feed()->state() == FeedClient::State::Idle)
            m_viewer->connectTo(url);
        return;
    }
    const bool exposed = !m_host->config().address.isLoopback();
    m_serverState->setText(
        exposed ? tr("Reachable from your network: anyone there can read the feed.") : QString());
    m_serverState->setStyleSheet(exposed ? u"color: #b7791f;"_s : QString());
    // Over https the pane trusts exactly this server's certificate, whoever issued it.
    if (m_host->config().usesTls())
        m_viewer->feed()->setPinnedCertificates(
            QSslCertificate::fromPath(m_host->config().tlsCertificate));
    m_viewer->connectTo(url);
}

void MainWindow::onServerStopped()
{
    if (!m_host) {
        onLinkError(m_remote->lastError());
        return;
    }
    m_feedUrl->setText(tr("(server stopped)"));
    m_serverState->setText(
        tr("The server is stopped; nothing can be sent. Check File → Settings."));
    m_serverState->setStyleSheet(u"color: #b00020;"_s);
}

// The console of a server elsewhere: the link is down (or never came up). Posts wait in the
// outbox; the words say which problem it is.
void MainWindow::onLinkError(const QString &message)
{
    m_feedUrl->setText(m_feed->baseUrl().toString());
    m_serverState->setText(
        tr("%1 Posts wait in the outbox and go out once the link is back.").arg(message));
    m_serverState->setToolTip(m_serverState->text());
    m_serverState->setStyleSheet(u"color: #b00020;"_s);
}
