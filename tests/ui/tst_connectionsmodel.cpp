#include "connectionsmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;

using Ids = QList<quint64>;

// The connections panel's model: a refresh keeps the rows of streams that stayed, and
// adds and removes the others, or resets when the change is too scattered to be worth it.
class tst_ConnectionsModel final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void updateMergesByIdAndKeepsWhoStayed_data();
    void updateMergesByIdAndKeepsWhoStayed();
    void showsWhatTheOperatorReads();
};

namespace {

QList<SseBroadcaster::ClientInfo> clients(const Ids &ids, quint64 eventsSent = 0)
{
    QList<SseBroadcaster::ClientInfo> list;
    for (const quint64 id : ids) {
        SseBroadcaster::ClientInfo info;
        info.id = id;
        info.peerAddress = QHostAddress::LocalHost;
        info.peerPort = quint16(40000 + id);
        info.eventsSent = eventsSent;
        list.append(info);
    }
    return list;
}

Ids idsOf(const ConnectionsModel &model)
{
    Ids ids;
    for (int row = 0; row < model.rowCount(); ++row)
        ids.append(model.clientId(row));
    return ids;
}

Ids range(quint64 from, quint64 to, quint64 step = 1)
{
    Ids ids;
    for (quint64 id = from; id <= to; id += step)
        ids.append(id);
    return ids;
}

} // namespace

void tst_ConnectionsModel::updateMergesByIdAndKeepsWhoStayed_data()
{
    QTest::addColumn<Ids>("before");
    QTest::addColumn<Ids>("after");
    QTest::addColumn<bool>("reset");

    QTest::addRow("first list") << Ids {} << Ids { 1, 2, 3 } << false;
    QTest::addRow("everyone leaves") << Ids { 1, 2, 3 } << Ids {} << false;
    QTest::addRow("one leaves, one comes") << Ids { 1, 2, 3 } << Ids { 2, 3, 4 } << false;
    QTest::addRow("nothing changes") << Ids { 5, 9 } << Ids { 5, 9 } << false;
    QTest::addRow("every other leaves") << range(1, 20) << range(1, 20, 2) << false;
    QTest::addRow("runs in the middle") << Ids { 1, 2, 3, 4, 5, 6 } << Ids { 1, 7, 8, 9 } << false;
    QTest::addRow("unsorted input") << Ids { 1, 2 } << Ids { 4, 2, 3 } << false;
    QTest::addRow("10,000 arrive at once") << Ids {} << range(1, 10000) << false;
    QTest::addRow("10,000 leave at once") << range(1, 10000) << Ids {} << false;
    QTest::addRow("scattered mass reconnect")
        << range(1, 1000) << range(2, 1000, 2) + range(1001, 1500) << true;
}

void tst_ConnectionsModel::updateMergesByIdAndKeepsWhoStayed()
{
    QFETCH(Ids, before);
    QFETCH(Ids, after);
    QFETCH(bool, reset);

    ConnectionsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.update(clients(before));
    QCOMPARE(idsOf(model), before);

    // A row the operator is looking at, of a stream that stays.
    Ids stayed;
    for (const quint64 id : before) {
        if (after.contains(id))
            stayed.append(id);
    }
    QPersistentModelIndex watched;
    if (!stayed.isEmpty())
        watched = model.index(int(before.indexOf(stayed.last())), 0);

    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    model.update(clients(after, 7));
    Ids sorted = after;
    std::sort(sorted.begin(), sorted.end());
    QCOMPARE(idsOf(model), sorted);
    QCOMPARE(resets.count(), reset ? 1 : 0);
    if (!reset && !stayed.isEmpty()) {
        QVERIFY(watched.isValid());
        QCOMPARE(watched.data(ConnectionsModel::IdRole).toULongLong(), stayed.last());
    }
    for (int row = 0; row < model.rowCount(); ++row)
        QCOMPARE(model.index(row, ConnectionsModel::EventsSent).data().toString(), u"7"_s);
}

void tst_ConnectionsModel::showsWhatTheOperatorReads()
{
    ConnectionsModel model;
    QList<SseBroadcaster::ClientInfo> list = clients({ 1, 2 });
    list[0].channels = QStringList { u"match-1"_s, u"news"_s };
    list[1].peerAddress = QHostAddress(u"::1"_s);
    list[1].bytesQueued = 1234567;
    list[1].webSocket = true;
    list[1].connectedAt = QDateTime(QDate(2026, 11, 21), QTime(20, 15, 7));
    model.update(list);

    QCOMPARE(model.columnCount(), int(ConnectionsModel::ColumnCount));
    QCOMPARE(model.index(0, ConnectionsModel::Peer).data().toString(), u"127.0.0.1:40001"_s);
    QCOMPARE(model.index(1, ConnectionsModel::Peer).data().toString(), u"[::1]:40002"_s);
    QCOMPARE(model.index(0, ConnectionsModel::Channels).data().toString(), u"match-1, news"_s);
    QCOMPARE(model.index(1, ConnectionsModel::Channels).data().toString(), u"all"_s);
    QCOMPARE(model.index(1, ConnectionsModel::Since).data().toString(), u"20:15:07"_s);
    QCOMPARE(model.index(0, ConnectionsModel::Transport).data().toString(), u"SSE"_s);
    QCOMPARE(model.index(1, ConnectionsModel::Transport).data().toString(), u"WebSocket"_s);
    QCOMPARE(model.index(1, ConnectionsModel::BytesQueued).data().toString(),
        QLocale().toString(1234567));
    QCOMPARE(model.index(1, ConnectionsModel::BytesQueued)
                 .data(Qt::TextAlignmentRole)
                 .value<Qt::Alignment>(),
        Qt::AlignRight | Qt::AlignVCenter);
    QCOMPARE(model.headerData(ConnectionsModel::Since, Qt::Horizontal, Qt::DisplayRole).toString(),
        u"Connected since"_s);
}

QTEST_MAIN(tst_ConnectionsModel)
#include "tst_connectionsmodel.moc"
