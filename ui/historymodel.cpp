#include "historymodel.h"

#include "eventrenderer.h"
#include "hub/statepolicy.h"

#include <QColor>
#include <QFont>
#include <QJsonArray>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

QString waited(const QDateTime &since)
{
    const qint64 seconds = std::max<qint64>(0, since.secsTo(QDateTime::currentDateTimeUtc()));
    if (seconds < 60)
        return HistoryModel::tr("%n s", nullptr, int(seconds));
    if (seconds < 3600)
        return HistoryModel::tr("%n min", nullptr, int(seconds / 60));
    return HistoryModel::tr("%n h", nullptr, int(seconds / 3600));
}

} // namespace

HistoryModel::HistoryModel(QObject *parent)
    : QAbstractTableModel(parent)
{
    m_ages.setInterval(5000);
    connect(&m_ages, &QTimer::timeout, this, [this] {
        if (!m_queued.isEmpty())
            Q_EMIT dataChanged(index(0, Time), index(queuedCount() - 1, Time));
    });
}

int HistoryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_queued.size() + m_events.size());
}

int HistoryModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant HistoryModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    if (index.row() < m_queued.size())
        return queuedData(m_queued.at(index.row()), index.column(), role);
    const HubEvent &event = *m_events.at(index.row() - m_queued.size());
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case Id:
            return QString::number(event.id);
        case Time:
            return event.time.toLocalTime().toString(u"HH:mm:ss"_s);
        case Channel:
            return channelName(event.channel);
        case Type:
            return EventRenderer::typeLabel(event.type);
        case Summary:
            return EventRenderer::summary(event.type, event.data);
        }
    }
    if (role == Qt::TextAlignmentRole && index.column() == Id)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole && index.column() == Summary)
        return EventRenderer::summary(event.type, event.data);
    // The names the API and the exports use, for whoever needs them.
    if (role == Qt::ToolTipRole && index.column() == Channel)
        return event.channel;
    if (role == Qt::ToolTipRole && index.column() == Type)
        return event.type;
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

// Greyed, with the wait in the time column and the last failure in the tooltip.
QVariant HistoryModel::queuedData(const Outbox::Entry &entry, int column, int role) const
{
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case Id:
            return tr("queued");
        case Time:
            return tr("waiting %1").arg(waited(entry.queuedAt));
        case Channel:
            return channelName(entry.channel);
        case Type:
            return EventRenderer::typeLabel(entry.type);
        case Summary:
            return EventRenderer::summary(entry.type, entry.data);
        }
        return {};
    case Qt::ForegroundRole:
        return QColor(0x80, 0x80, 0x80);
    case Qt::FontRole: {
        QFont font;
        font.setItalic(true);
        return font;
    }
    case Qt::ToolTipRole:
        return tr("Not sent yet: queued at %1, %n attempt(s) so far.%2", nullptr, entry.attempts)
            .arg(entry.queuedAt.toLocalTime().toString(u"HH:mm:ss"_s),
                entry.lastError.isEmpty() ? QString() : u"\n"_s + entry.lastError);
    case Qt::TextAlignmentRole:
        return column == Id ? QVariant(int(Qt::AlignRight | Qt::AlignVCenter)) : QVariant();
    }
    return {};
}

HubEventPtr HistoryModel::eventAt(int row) const
{
    row -= int(m_queued.size());
    return row >= 0 && row < m_events.size() ? m_events.at(row) : HubEventPtr();
}

std::optional<qint64> HistoryModel::queuedSeqAt(int row) const
{
    if (row < 0 || row >= m_queued.size())
        return std::nullopt;
    return m_queued.at(row).seq;
}

// Row by row, not reset: a selected queued row (about to be taken back) stays selected
// while posts are added above it and sent below it.
void HistoryModel::setQueued(const QList<Outbox::Entry> &entries)
{
    QList<Outbox::Entry> shown; // newest first, as the rows are
    QSet<qint64> seqs;
    for (auto it = entries.crbegin(); it != entries.crend(); ++it) {
        if (!StatePolicy::isTicker(it->type)) {
            shown << *it;
            seqs.insert(it->seq);
        }
    }
    for (int row = queuedCount() - 1; row >= 0; --row) {
        if (seqs.contains(m_queued.at(row).seq))
            continue;
        beginRemoveRows({}, row, row);
        m_queued.removeAt(row);
        endRemoveRows();
    }
    // An outbox only ever adds at its end: what is new here goes on top.
    const qint64 newest = m_queued.isEmpty() ? 0 : m_queued.constFirst().seq;
    const auto fresh = std::find_if(
        shown.cbegin(), shown.cend(), [newest](const Outbox::Entry &e) { return e.seq <= newest; });
    if (const int added = int(fresh - shown.cbegin()); added > 0) {
        beginInsertRows({}, 0, added - 1);
        m_queued = shown.first(added) + m_queued;
        endInsertRows();
    }
    m_queued = shown; // the same rows, with their attempts and last errors now
    if (!m_queued.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(queuedCount() - 1, ColumnCount - 1));
    if (m_queued.isEmpty())
        m_ages.stop();
    else if (!m_ages.isActive())
        m_ages.start();
}

QString HistoryModel::channelName(const QString &channel) const
{
    if (channel == u"news")
        return tr("News");
    const auto teams = m_teams.constFind(channel);
    return teams == m_teams.cend() ? channel : teams->names;
}

void HistoryModel::add(const HubEventPtr &event)
{
    if (!event)
        return;
    learnTeams(event->id, event->channel, event->type, event->data);
    if (StatePolicy::isTicker(event->type) || m_ids.contains(event->id))
        return;
    insertInOrder(event);
    trim();
}

void HistoryModel::restore(const QList<HubEventPtr> &events)
{
    for (const HubEventPtr &event : events)
        add(event);
}

void HistoryModel::restoreSnapshot(const QJsonObject &state)
{
    QList<HubEventPtr> events;
    for (const QString &key : { u"latest"_s, u"recent"_s }) {
        const QJsonArray list = state.value(key).toArray();
        for (const auto &value : list) {
            const QJsonObject e = value.toObject();
            const quint64 id = e.value(u"id"_s).toString().toULongLong();
            if (id == 0)
                continue; // not an event the server stored
            events << makeHubEvent(id,
                EventDraft { e.value(u"channel"_s).toString(), e.value(u"type"_s).toString(),
                    e.value(u"data"_s),
                    QDateTime::fromString(e.value(u"time"_s).toString(), Qt::ISODateWithMs) });
        }
    }
    // "latest" holds the newest clock tick, which teaches the team names and is not listed.
    restore(events);
}

void HistoryModel::learnTeams(
    quint64 id, const QString &channel, const QString &type, const QJsonValue &data)
{
    if (!StatePolicy::carriesState(type))
        return;
    const QString names = EventRenderer::teams(data.toObject());
    const auto known = m_teams.constFind(channel);
    if (names.isEmpty() || (known != m_teams.cend() && (id < known->id || names == known->names)))
        return;
    m_teams.insert(channel, { id, names });
    if (rowCount() > 0)
        Q_EMIT dataChanged(index(0, Channel), index(rowCount() - 1, Channel));
}

void HistoryModel::insertInOrder(const HubEventPtr &event)
{
    // Newest first; a live event lands on top, one from before the restart in its place.
    const auto at = std::lower_bound(m_events.cbegin(), m_events.cend(), event->id,
        [](const HubEventPtr &listed, quint64 id) { return listed->id > id; });
    const int place = int(at - m_events.cbegin());
    const int row = place + queuedCount();
    beginInsertRows({}, row, row);
    m_events.insert(place, event);
    m_ids.insert(event->id);
    endInsertRows();
}

void HistoryModel::trim()
{
    if (m_events.size() <= MaxRows)
        return;
    beginRemoveRows({}, queuedCount() + MaxRows, rowCount() - 1);
    for (qsizetype i = MaxRows; i < m_events.size(); ++i)
        m_ids.remove(m_events.at(i)->id);
    m_events.resize(MaxRows);
    endRemoveRows();
}
