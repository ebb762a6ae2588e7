#include "historymodel.h"

#include "eventrenderer.h"
#include "hub/statepolicy.h"

using namespace Qt::StringLiterals;

HistoryModel::HistoryModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

int HistoryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_events.size());
}

int HistoryModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant HistoryModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_events.size())
        return {};
    const HubEvent &event = *m_events.at(index.row());
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case Id:
            return QString::number(event.id);
        case Time:
            return event.time.toLocalTime().toString(u"HH:mm:ss"_s);
        case Channel:
            return event.channel;
        case Type:
            return event.type;
        case Summary:
            return EventRenderer::summary(event.type, event.data);
        }
    }
    if (role == Qt::TextAlignmentRole && index.column() == Id)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole && index.column() == Summary)
        return EventRenderer::summary(event.type, event.data);
    return {};
}

QVariant HistoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Id:
        return tr("Id");
    case Time:
        return tr("Time");
    case Channel:
        return tr("Channel");
    case Type:
        return tr("Type");
    case Summary:
        return tr("Summary");
    }
    return {};
}

HubEventPtr HistoryModel::eventAt(int row) const
{
    return row >= 0 && row < m_events.size() ? m_events.at(row) : HubEventPtr();
}

void HistoryModel::add(const HubEventPtr &event)
{
    if (!event || StatePolicy::isTicker(event->type))
        return;
    beginInsertRows({}, 0, 0);
    m_events.prepend(event);
    endInsertRows();
    if (m_events.size() > MaxRows) {
        beginRemoveRows({}, MaxRows, int(m_events.size()) - 1);
        m_events.resize(MaxRows);
        endRemoveRows();
    }
}
