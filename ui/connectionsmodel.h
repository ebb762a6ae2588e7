#pragma once

#include "http/ssebroadcaster.h"

#include <QAbstractTableModel>
#include <QList>

// The open streams as the connections panel shows them, one row per stream, in id order.
//
// With 10,000 viewers the panel must not cost the GUI thread more than a millisecond or
// two a refresh: the list arrives once a second, and text is formatted in data(), so only
// the rows on screen are ever turned into strings (a QTableWidget made 50,000 items a
// second, and converting each connect time to local time stats /etc/localtime in glibc).
class ConnectionsModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectionsModel)

public:
    enum Column { Peer, Transport, Channels, Since, EventsSent, BytesQueued, ColumnCount };
    static constexpr int IdRole = Qt::UserRole;

    explicit ConnectionsModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    quint64 clientId(int row) const;

    // Takes a fresh list (sorted by id, as SseBroadcaster::clients() gives it). Rows of
    // streams that stayed keep their place, so the view keeps the selection and scroll
    // position; departures and arrivals are removed and inserted in runs. When the change
    // is scattered over many runs (a mass reconnect), one reset is cheaper than thousands
    // of row moves, and the selection is lost only then.
    void update(const QList<SseBroadcaster::ClientInfo> &clients);

private:
    void merge(const QList<SseBroadcaster::ClientInfo> &next);
    void removeGone(qsizetype row, const SseBroadcaster::ClientInfo *upcoming);
    qsizetype insertCame(
        qsizetype *row, const QList<SseBroadcaster::ClientInfo> &next, qsizetype j);

    QList<SseBroadcaster::ClientInfo> m_clients; // sorted by id
};
