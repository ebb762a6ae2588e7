#pragma once

#include "hub/hubevent.h"
#include "outbox/outbox.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QSet>
#include <QTimer>

#include <optional>

// Everything broadcast, newest first: id, time, channel, type, summary (as EventRenderer
// words it, in the interface language). Fed live by ServerHost::published() and, at start,
// by what the server kept from before (restoreSnapshot()), so after a restart the operator
// can still correct and retract what viewers see. Each id is listed once, whichever way it
// came. Ticker state (StatePolicy: clock ticks) is left out: one a second per match would
// bury what an operator may need to correct. A match's channel shows as its teams once a
// score or clock event has named them.
//
// Above them, greyed, the posts still in the console's outbox (setQueued()), newest first,
// with how long each has waited: not sent, so neither correctable nor retractable, but they
// can be taken back (Outbox::remove()).
class HistoryModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HistoryModel)

public:
    enum Column { Id, Time, Channel, Type, Summary, ColumnCount };
    static constexpr int MaxRows = 5000;

    explicit HistoryModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    // Null for a queued row.
    HubEventPtr eventAt(int row) const;
    // The outbox's number for a queued row.
    std::optional<qint64> queuedSeqAt(int row) const;
    int queuedCount() const { return int(m_queued.size()); }
    // The channel as the Channel column names it: "Arsenal – Chelsea", "News", or the id.
    QString channelName(const QString &channel) const;

public Q_SLOTS:
    void add(const HubEventPtr &event);
    // Events from before (any order, duplicates of listed ids ignored), each in its place.
    void restore(const QList<HubEventPtr> &events);
    // The /api/state document (ServerHost::snapshotReady): its "recent" events, and the
    // team names its "latest" score and clock events carry.
    void restoreSnapshot(const QJsonObject &state);
    // What the outbox holds now (Outbox::entries()); clock ticks are left out, as above.
    void setQueued(const QList<Outbox::Entry> &entries);

private:
    struct Teams
    {
        quint64 id = 0; // of the event that named them: newer names win
        QString names;
    };

    void learnTeams(
        quint64 id, const QString &channel, const QString &type, const QJsonValue &data);
    void insertInOrder(const HubEventPtr &event);
    void trim();
    QVariant queuedData(const Outbox::Entry &entry, int column, int role) const;

    QList<Outbox::Entry> m_queued; // newest first, on rows 0 to m_queued.size() - 1
    QTimer m_ages; // the queued rows' "waiting for" moves on
    QList<HubEventPtr> m_events; // newest (highest id) first, below the queued rows
    QSet<quint64> m_ids;
    QHash<QString, Teams> m_teams; // by match channel
};
