#include "historymodel.h"

#include <QFont>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

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

QString HistoryModel::summary(const HubEvent &event)
{
    const QJsonObject o = event.data.toObject();
    const auto text = [&o](const char *key) { return o.value(QLatin1StringView(key)).toString(); };
    if (event.type == u"news-flash") {
        const QString body = text("body");
        return (o.value(u"urgent"_s).toBool() ? tr("URGENT: ") : QString()) + text("headline")
            + (body.isEmpty() ? QString() : u" — "_s + body);
    }
    if (event.type == u"score") {
        return u"%1 %2–%3 %4 (%5')"_s.arg(text("home"))
            .arg(o.value(u"homeScore"_s).toInt())
            .arg(o.value(u"awayScore"_s).toInt())
            .arg(text("away"))
            .arg(o.value(u"minute"_s).toInt());
    }
    if (event.type == u"commentary")
        return u"%1' [%2] %3"_s.arg(o.value(u"minute"_s).toInt()).arg(text("kind"), text("text"));
    if (event.type == u"correction")
        return tr("correction of #%1").arg(text("targetId"));
    if (event.type == u"retraction")
        return tr("retraction of #%1").arg(text("targetId"));
    if (event.data.isString())
        return event.data.toString().left(200);
    return QString::fromUtf8(event.data.isObject()
            ? QJsonDocument(o).toJson(QJsonDocument::Compact)
            : QJsonDocument(event.data.toArray()).toJson(QJsonDocument::Compact))
        .left(200);
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
            return summary(event);
        }
    }
    if (role == Qt::TextAlignmentRole && index.column() == Id)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole && index.column() == Summary)
        return summary(event);
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
    if (!event || event->type == u"clock")
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
