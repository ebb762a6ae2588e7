#pragma once

#include "draftstore.h"

#include <QJsonObject>
#include <QMainWindow>
#include <QTimer>

class AudiencePanel;
class ClusterStatus;
class ConnectionsPanel;
class Desk;
class FeedSource;
class HistoryModel;
class HistoryPanel;
class Match;
class NewsPanel;
class Outbox;
class OutboxStatus;
class RemoteFeed;
class ScheduleClient;
class ScheduledPanel;
class ServerHost;
class Settings;
class ViewerPane;
class QDockWidget;
class QLabel;
class QLineEdit;
class QTabWidget;
class QToolButton;

// The operator console: news and match desks on the left, what viewers see on the right,
// history and audience below, the feed URL and live counts in the status bar. It edits the
// domain objects and listens to a FeedSource: this computer's own server (ServerHost), or
// one elsewhere (RemoteFeed), whose connections and cluster it does not show. It never
// touches a socket or waits on one.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    MainWindow(Desk *desk, ServerHost *host, Settings *settings, QWidget *parent = nullptr);
    MainWindow(Desk *desk, RemoteFeed *remote, Settings *settings, QWidget *parent = nullptr);
    // Saves the drafts: a quit by signal (SIGTERM, logout) ends the event loop without a
    // close event.
    ~MainWindow() override;

    ViewerPane *viewer() const { return m_viewer; }
    HistoryPanel *history() const { return m_historyPanel; }
    ConnectionsPanel *connections() const { return m_connections; }
    NewsPanel *news() const { return m_news; }
    QTabWidget *desks() const { return m_tabs; }
    OutboxStatus *outboxStatus() const { return m_outboxStatus; }

    // Shows what the outbox the desk publishes through still holds: in the history (greyed,
    // with its age, and taken back from there), in the status bar, and, once, how many posts
    // an earlier run left to send.
    void watchOutbox(Outbox *outbox);
    // Scheduling a flash, and the Scheduled list, on the console's server. Not owned.
    void useScheduleClient(ScheduleClient *client);
    // An <iframe> snippet for the channel of the current tab (news, or the match).
    QString embedCode() const;
    // Every desk's unsent text, keyed "news" or by match channel.
    QJsonObject drafts() const;

public Q_SLOTS:
    // Asks for the teams in place (a small bar over the tabs) and opens a tab for the match.
    void newMatch();
    void openSettings();
    // File → Export: a channel's history from the journal to a JSON Lines file.
    void exportHistory();
    // The same without dialogs, off the GUI thread; exportFinished() reports.
    void exportChannel(const QString &channel, const QString &fileName);
    void copyFeedUrl();
    void openFeedInBrowser();
    // Copies embedCode() to the clipboard.
    void copyEmbedCode();
    // drafts() to drafts.json now (also every few seconds and on close).
    void saveDrafts();

Q_SIGNALS:
    void exportFinished(bool ok, const QString &message);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    MainWindow(Desk *desk, FeedSource *feed, ServerHost *host, RemoteFeed *remote,
        Settings *settings, QWidget *parent);
    void restoreDrafts();
    void buildDesks();
    void fitToScreen();
    void buildNewMatchBar();
    void buildFirstRunHint();
    void updateFirstRunHint();
    void buildRestoredNotice();
    void showRestoredNotice();
    void buildCentralWidget();
    void buildDocks();
    void buildStatusBar();
    QToolButton *statusButton(const QString &text, void (MainWindow::*onClick)());
    void buildMenus();
    void connectDesk();
    void connectFeed();
    void connectHost();
    void showInitialState();
    void applySendDelay();
    void sendPendingPosts();

    void createMatch();
    void cancelNewMatch();
    void closeMatchTab(int index);
    bool confirmEnding(const Match *match);
    void addMatchTab(Match *match, bool here);
    // Asks where, then writes the match report (MatchReport) there: PDF or PNG.
    void saveMatchReport(Match *match);
    void showNewsDesk();
    void showAbout();
    void onServerStarted();
    void onServerStopped();
    void onLinkError(const QString &message);

    Desk *const m_desk;
    FeedSource *const m_feed;
    ServerHost *const m_host; // null for the console of a server elsewhere
    RemoteFeed *const m_remote; // null for the console of this computer's server
    Settings *const m_settings;
    HistoryModel *m_historyModel;
    QTabWidget *m_tabs;
    NewsPanel *m_news;
    ViewerPane *m_viewer;
    HistoryPanel *m_historyPanel;
    ScheduledPanel *m_scheduled;
    ConnectionsPanel *m_connections = nullptr;
    AudiencePanel *m_audience = nullptr;
    QWidget *m_newMatchBar;
    QLineEdit *m_newMatchHome = nullptr;
    QLineEdit *m_newMatchAway = nullptr;
    QLabel *m_newMatchMessage = nullptr;
    QLabel *m_firstRunHint = nullptr;
    QLabel *m_restoredNotice = nullptr;
    QDockWidget *m_historyDock = nullptr;
    QDockWidget *m_connectionsDock = nullptr;
    QDockWidget *m_audienceDock = nullptr;
    QDockWidget *m_scheduledDock = nullptr;
    QLabel *m_feedUrl;
    QLabel *m_clients;
    ClusterStatus *m_clusterStatus = nullptr;
    OutboxStatus *m_outboxStatus = nullptr;
    Outbox *m_outbox = nullptr;
    QLabel *m_eventsSent;
    QLabel *m_serverState;
    quint64 m_sent = 0;
    DraftStore m_drafts;
    QJsonObject m_pendingDrafts; // loaded, for match tabs not back yet
    QTimer m_draftTimer;
};
