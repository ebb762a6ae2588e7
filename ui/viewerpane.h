#pragma once

#include "client/feedclient.h"
#include "hub/hubevent.h"

#include <QDateTime>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QSet>
#include <QStringList>
#include <QWidget>

#include <chrono>
#include <optional>

class QFrame;
class QGridLayout;
class QLabel;
class QListWidget;
class QListWidgetItem;

// What viewers see: a real client of the app's own server over HTTP (FeedClient, never a
// shortcut in memory) that starts as the viewers' page does, with the /api/state snapshot
// and then the stream from its lastId, and draws what the page (resources/web/app.js) draws:
// a scoreboard per match, the timeline newest first with corrections applied in place and
// retractions removed, the urgent banner and the "missed" notice, in the same words
// (EventRenderer). Beside it, for the operator: the connection state, the last event id and
// the publish-to-receive latency of the last event.
class ViewerPane final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ViewerPane)

public:
    // What each row of the list ("viewerList") holds besides its text: the event id and the
    // card it shows (EventRenderer::Card), which is what a test compares with the page.
    enum ItemRole { IdRole = Qt::UserRole, TypeRole, MetaRole, LinesRole, UrgentRole };
    // As many items as the page keeps (MAX_ITEMS).
    static constexpr int MaxItems = 200;

    explicit ViewerPane(QWidget *parent = nullptr);

    FeedClient *feed() { return &m_feed; }
    // Milliseconds from the hub accepting the last event to this pane receiving it; -1 if
    // not known yet.
    double lastLatencyMs() const { return m_lastLatencyMs; }

Q_SIGNALS:
    // A publish-to-receive latency, in milliseconds, as the pane measured it.
    void latencyMeasured(double ms);

public Q_SLOTS:
    // (Re)subscribe to the server at this base URL: the snapshot first, then the stream.
    void connectTo(const QUrl &baseUrl);
    // The hub's record of an event, for latency: its accept time on the monotonic clock.
    void notePublished(const HubEventPtr &event);

private:
    // One timeline item, as the page's `items` map keeps it.
    struct Item
    {
        QString type;
        QJsonValue data;
        QString match; // the match channel its data names, if any
        bool corrected = false;
        QListWidgetItem *row = nullptr;
    };
    // One match's scoreboard, as the page's `boards` map keeps it.
    struct Scoreboard
    {
        QJsonObject score;
        QJsonObject clock;
        quint64 scoreId = 0;
        quint64 clockId = 0;
        QString names; // "Home – Away" once known, for the match tag of its items
        QFrame *frame = nullptr;
        QLabel *teamsLabel = nullptr;
        QLabel *scoreLabel = nullptr;
        QLabel *clockLabel = nullptr;
        QLabel *stateLabel = nullptr;
    };

    void buildWidgets();
    void buildLayout();
    void onState(FeedClient::State state);
    void showLatency(quint64 id);
    void onEvent(const SseEvent &event);

    // render(): everything again from a snapshot (/api/state, or a resync's data).
    void render(const QJsonObject &state, bool missed);
    void clear();
    // apply(): one event, as the page applies it.
    void apply(quint64 id, const QString &type, const QJsonValue &data, const QDateTime &time);
    void applyState(quint64 id, const QString &type, const QJsonObject &data);
    void applyAmendment(const QString &type, const QJsonObject &amendment);
    void applyPins(const QJsonArray &pins);
    void applyPin(quint64 id, const QJsonObject &data);
    void setPinned(quint64 id, bool pinned);
    void place(quint64 id, Item &item);
    int pinnedRows() const;
    void addItem(quint64 id, const QString &type, const QJsonValue &data, const QDateTime &time);
    void draw(Item &item);
    void dropOldest();
    Scoreboard &board(const QString &match);
    void drawBoard(Scoreboard &board);
    void showBanner(quint64 id, const QJsonValue &flash);
    void hideBanner();
    void updateEmpty();

    FeedClient m_feed;
    QLabel *m_state;
    QLabel *m_lastId;
    QLabel *m_latency;
    QFrame *m_banner;
    QLabel *m_bannerText;
    QLabel *m_notice;
    QWidget *m_boards;
    QGridLayout *m_boardsGrid;
    QListWidget *m_list;
    QLabel *m_empty;
    QHash<quint64, Item> m_items;
    QHash<QString, Scoreboard> m_scoreboards; // by match channel
    QSet<quint64> m_pinned; // the pinned posts' ids, shown on top
    std::optional<quint64> m_bannerId;
    std::optional<quint64> m_renderedId; // the newest id rendered; older ones are replays
    // Both halves of a latency measurement, whichever arrives first waits for the other.
    QHash<quint64, std::chrono::steady_clock::time_point> m_accepted;
    QHash<quint64, std::chrono::steady_clock::time_point> m_received;
    double m_lastLatencyMs = -1;
};
