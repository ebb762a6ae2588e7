#pragma once

#include "hub/hubevent.h"

#include <QAbstractTableModel>
#include <QList>

// Everything broadcast this session, newest first: id, time, channel, type, summary (as
// EventRenderer words it). Fed by ServerHost::published(). Ticker state (StatePolicy: clock
// ticks) is left out: one a second per match would bury what an operator may need to correct.
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

    HubEventPtr eventAt(int row) const;

public Q_SLOTS:
    void add(const HubEventPtr &event);

private:
    QList<HubEventPtr> m_events; // newest first
};
