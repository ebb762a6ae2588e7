#include "connectionsmodel.h"

#include <QLocale>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

// Above this many runs of arrivals and departures in one refresh, reset instead.
constexpr int MaxIncrementalRuns = 64;

bool lessById(const SseBroadcaster::ClientInfo &a, const SseBroadcaster::ClientInfo &b)
{
    return a.id < b.id;
}

// How many runs of departures and arrivals turn `before` into `after` (both sorted by id):
// a merge of the two lists.
int changeRuns(
    const QList<SseBroadcaster::ClientInfo> &before, const QList<SseBroadcaster::ClientInfo> &after)
{
    int runs = 0;
    qsizetype i = 0;
    qsizetype j = 0;
    enum { Same, Gone, Came } previous = Same;
    while (i < before.size() || j < after.size()) {
        auto step = Same;
        if (j == after.size() || (i < before.size() && before.at(i).id < after.at(j).id))
            step = Gone, ++i;
        else if (i == before.size() || after.at(j).id < before.at(i).id)
            step = Came, ++j;
        else
            ++i, ++j;
        if (step != Same && step != previous)
            ++runs;
        previous = step;
    }
    return runs;
}

} // namespace

ConnectionsModel::ConnectionsModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

int ConnectionsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_clients.size());
}

int ConnectionsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

quint64 ConnectionsModel::clientId(int row) const
{
    return row >= 0 && row < m_clients.size() ? m_clients.at(row).id : 0;
}

QVariant ConnectionsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const SseBroadcaster::ClientInfo &c = m_clients.at(index.row());
    if (role == IdRole)
        return QVariant::fromValue(c.id);
    if (role == Qt::TextAlignmentRole && index.column() >= EventsSent)
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    switch (index.column()) {
    case Peer:
        return c.peerAddress.protocol() == QAbstractSocket::IPv6Protocol
            ? u"[%1]:%2"_s.arg(c.peerAddress.toString()).arg(c.peerPort)
            : u"%1:%2"_s.arg(c.peerAddress.toString()).arg(c.peerPort);
    case Transport:
        return c.webSocket ? tr("WebSocket") : tr("SSE");
    case Channels:
        return c.channels.isEmpty() ? tr("all") : c.channels.join(u", "_s);
    case Since:
        return c.connectedAt.toLocalTime().toString(u"HH:mm:ss"_s);
    case EventsSent:
        return QLocale().toString(qulonglong(c.eventsSent));
    case BytesQueued:
        return QLocale().toString(c.bytesQueued);
    default:
        return {};
    }
}

QVariant ConnectionsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Peer:
        return tr("Peer");
    case Transport:
        //: How the viewer receives events: SSE (EventSource) or WebSocket
        return tr("Transport");
    case Channels:
        return tr("Channels");
    case Since:
        return tr("Connected since");
    case EventsSent:
        return tr("Events sent");
    case BytesQueued:
        return tr("Bytes queued");
    default:
        return {};
    }
}

void ConnectionsModel::update(const QList<SseBroadcaster::ClientInfo> &clients)
{
    QList<SseBroadcaster::ClientInfo> next = clients;
    if (!std::is_sorted(next.cbegin(), next.cend(), lessById))
        std::sort(next.begin(), next.end(), lessById);

    if (changeRuns(m_clients, next) > MaxIncrementalRuns) {
        beginResetModel();
        m_clients = std::move(next);
        endResetModel();
        return;
    }
    merge(next);
    // The counters move on every row; one signal covers them all, and the view repaints
    // only what is on screen.
    if (!m_clients.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(int(m_clients.size()) - 1, ColumnCount - 1));
}

// Walks both id-sorted lists once: a run of departures is one removal, a run of arrivals one
// insertion, and a stream that stayed takes its new counters in place.
void ConnectionsModel::merge(const QList<SseBroadcaster::ClientInfo> &next)
{
    qsizetype row = 0;
    qsizetype j = 0;
    while (row < m_clients.size() || j < next.size()) {
        if (j == next.size() || (row < m_clients.size() && m_clients.at(row).id < next.at(j).id))
            removeGone(row, j == next.size() ? nullptr : &next.at(j));
        else if (row == m_clients.size() || next.at(j).id < m_clients.at(row).id)
            j = insertCame(&row, next, j);
        else
            m_clients[row++] = next.at(j++);
    }
}

// The rows from `row` on whose streams are gone: those before `upcoming`, the next stream
// still there (all of them when there is none).
void ConnectionsModel::removeGone(qsizetype row, const SseBroadcaster::ClientInfo *upcoming)
{
    qsizetype end = row + 1;
    while (end < m_clients.size() && (!upcoming || m_clients.at(end).id < upcoming->id))
        ++end;
    beginRemoveRows({}, int(row), int(end - 1));
    m_clients.remove(row, end - row);
    endRemoveRows();
}

// The streams next[j…] that arrived before row *row; inserts them there, moves *row past
// them, and returns the index in `next` after them.
qsizetype ConnectionsModel::insertCame(
    qsizetype *row, const QList<SseBroadcaster::ClientInfo> &next, qsizetype j)
{
    const qsizetype at = *row;
    qsizetype end = j + 1;
    while (end < next.size() && (at == m_clients.size() || next.at(end).id < m_clients.at(at).id))
        ++end;
    beginInsertRows({}, int(at), int(at + end - j - 1));
    m_clients.insert(at, end - j, SseBroadcaster::ClientInfo());
    std::copy(next.cbegin() + j, next.cbegin() + end, m_clients.begin() + at);
    endInsertRows();
    *row = at + (end - j);
    return end;
}
