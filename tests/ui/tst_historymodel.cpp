#include "historymodel.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

const QDateTime Noon = QDateTime(QDate(2024, 5, 4), QTime(12, 34, 56), Qt::UTC);

HubEventPtr makeEvent(quint64 id, const QString &type, const QJsonValue &data = QJsonObject {},
    const QString &channel = u"news"_s)
{
    return makeHubEvent(id, EventDraft { channel, type, data, Noon });
}

QString display(const HistoryModel &model, int row, int column)
{
    return model.data(model.index(row, column)).toString();
}

} // namespace

class tst_HistoryModel final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void empty();
    void headers();
    void rowsNewestFirst();
    void columns();
    void otherRoles();
    void tickerEventsAreSkipped();
    void nullIsIgnored();
    void boundedToMaxRows();
    void summaries_data();
    void summaries();
    void eventAt();
};

void tst_HistoryModel::empty()
{
    HistoryModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.columnCount(), int(HistoryModel::ColumnCount));
    QCOMPARE(model.columnCount(), 5);
    QVERIFY(!model.eventAt(0));
    QVERIFY(!model.eventAt(-1));
    QVERIFY(!model.data(QModelIndex()).isValid());
    QVERIFY(!model.data(model.index(0, 0)).isValid());
}

void tst_HistoryModel::headers()
{
    HistoryModel model;
    const QStringList expected { u"Id"_s, u"Time"_s, u"Channel"_s, u"Type"_s, u"Summary"_s };
    for (int section = 0; section < expected.size(); ++section)
        QCOMPARE(model.headerData(section, Qt::Horizontal, Qt::DisplayRole).toString(),
            expected.at(section));
    QVERIFY(
        !model.headerData(HistoryModel::ColumnCount, Qt::Horizontal, Qt::DisplayRole).isValid());
    QVERIFY(!model.headerData(0, Qt::Vertical, Qt::DisplayRole).isValid());
    QVERIFY(!model.headerData(0, Qt::Horizontal, Qt::ToolTipRole).isValid());
}

void tst_HistoryModel::rowsNewestFirst()
{
    HistoryModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);

    for (quint64 id = 1; id <= 3; ++id)
        model.add(
            makeEvent(id, u"news-flash"_s, QJsonObject { { u"headline"_s, u"h%1"_s.arg(id) } }));
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(display(model, 0, HistoryModel::Id), u"3"_s);
    QCOMPARE(display(model, 1, HistoryModel::Id), u"2"_s);
    QCOMPARE(display(model, 2, HistoryModel::Id), u"1"_s);
    // Each one arrives at the top.
    QCOMPARE(inserted.count(), 3);
    for (const QList<QVariant> &args : std::as_const(inserted)) {
        QCOMPARE(args.at(1).toInt(), 0);
        QCOMPARE(args.at(2).toInt(), 0);
    }
    QVERIFY(!model.data(model.index(3, 0)).isValid());
}

void tst_HistoryModel::columns()
{
    HistoryModel model;
    model.add(makeEvent(42, u"commentary"_s,
        QJsonObject { { u"minute"_s, 9 }, { u"kind"_s, u"chance"_s }, { u"text"_s, u"Wide"_s } },
        u"match-1"_s));
    QCOMPARE(display(model, 0, HistoryModel::Id), u"42"_s);
    QCOMPARE(display(model, 0, HistoryModel::Time), Noon.toLocalTime().toString(u"HH:mm:ss"_s));
    QCOMPARE(display(model, 0, HistoryModel::Channel), u"match-1"_s);
    QCOMPARE(display(model, 0, HistoryModel::Type), u"commentary"_s);
    QCOMPARE(display(model, 0, HistoryModel::Summary), u"9' [chance] Wide"_s);
}

void tst_HistoryModel::otherRoles()
{
    HistoryModel model;
    model.add(makeEvent(1, u"news-flash"_s, QJsonObject { { u"headline"_s, u"Hi"_s } }));
    QCOMPARE(model.data(model.index(0, HistoryModel::Id), Qt::TextAlignmentRole).toInt(),
        int(Qt::AlignRight | Qt::AlignVCenter));
    QVERIFY(!model.data(model.index(0, HistoryModel::Type), Qt::TextAlignmentRole).isValid());
    QCOMPARE(
        model.data(model.index(0, HistoryModel::Summary), Qt::ToolTipRole).toString(), u"Hi"_s);
    QVERIFY(!model.data(model.index(0, HistoryModel::Channel), Qt::ToolTipRole).isValid());
    QVERIFY(!model.data(model.index(0, HistoryModel::Id), Qt::EditRole).isValid());
    QVERIFY(!model.data(model.index(0, HistoryModel::Id), Qt::DecorationRole).isValid());
}

void tst_HistoryModel::tickerEventsAreSkipped()
{
    HistoryModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);

    model.add(makeEvent(1, u"clock"_s, QJsonObject { { u"minute"_s, 1 } }, u"match-1"_s));
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(inserted.count(), 0);
    // Other state (the score) is news an operator may need to correct: kept.
    model.add(makeEvent(2, u"score"_s, QJsonObject { { u"homeScore"_s, 1 } }, u"match-1"_s));
    for (quint64 id = 3; id < 63; ++id)
        model.add(makeEvent(id, u"clock"_s, QJsonObject { { u"minute"_s, 2 } }, u"match-1"_s));
    model.add(makeEvent(63, u"correction"_s, QJsonObject { { u"targetId"_s, u"2"_s } }));
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(inserted.count(), 2);
    QCOMPARE(model.eventAt(0)->id, quint64(63));
    QCOMPARE(model.eventAt(1)->id, quint64(2));
    // Only the exact ticker type is skipped.
    model.add(makeEvent(64, u"clocks"_s));
    QCOMPARE(model.rowCount(), 3);
}

void tst_HistoryModel::nullIsIgnored()
{
    HistoryModel model;
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    model.add(HubEventPtr());
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(inserted.count(), 0);
}

void tst_HistoryModel::boundedToMaxRows()
{
    HistoryModel model;
    QCOMPARE(HistoryModel::MaxRows, 5000);
    for (quint64 id = 1; id <= quint64(HistoryModel::MaxRows); ++id)
        model.add(makeEvent(id, u"t"_s));
    QCOMPARE(model.rowCount(), HistoryModel::MaxRows);

    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.add(makeEvent(HistoryModel::MaxRows + 1, u"t"_s));
    model.add(makeEvent(HistoryModel::MaxRows + 2, u"t"_s));
    QCOMPARE(model.rowCount(), HistoryModel::MaxRows);
    // The oldest go from the bottom, one by one.
    QCOMPARE(removed.count(), 2);
    for (const QList<QVariant> &args : std::as_const(removed)) {
        QCOMPARE(args.at(1).toInt(), HistoryModel::MaxRows);
        QCOMPARE(args.at(2).toInt(), HistoryModel::MaxRows);
    }
    QCOMPARE(model.eventAt(0)->id, quint64(HistoryModel::MaxRows + 2));
    QCOMPARE(model.eventAt(HistoryModel::MaxRows - 1)->id, quint64(3));
    QVERIFY(!model.eventAt(HistoryModel::MaxRows));
    QVERIFY(!model.data(model.index(HistoryModel::MaxRows, 0)).isValid());
}

void tst_HistoryModel::summaries_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<QJsonValue>("data");
    QTest::addColumn<QString>("expected");

    QTest::addRow("news flash") << u"news-flash"_s
                                << QJsonValue(QJsonObject { { u"headline"_s, u"Kick-off"_s } })
                                << u"Kick-off"_s;
    QTest::addRow("news flash with body")
        << u"news-flash"_s
        << QJsonValue(QJsonObject { { u"headline"_s, u"GOAL"_s }, { u"body"_s, u"Saka, 23'"_s } })
        << u"GOAL — Saka, 23'"_s;
    QTest::addRow("urgent news flash")
        << u"news-flash"_s
        << QJsonValue(QJsonObject { { u"headline"_s, u"Red card"_s }, { u"urgent"_s, true } })
        << u"URGENT: Red card"_s;
    QTest::addRow("urgent news flash with body")
        << u"news-flash"_s
        << QJsonValue(QJsonObject {
               { u"headline"_s, u"Abandoned"_s }, { u"body"_s, u"Fog"_s }, { u"urgent"_s, true } })
        << u"URGENT: Abandoned — Fog"_s;
    QTest::addRow("urgent false") << u"news-flash"_s
                                  << QJsonValue(QJsonObject {
                                         { u"headline"_s, u"x"_s }, { u"urgent"_s, false } })
                                  << u"x"_s;
    QTest::addRow("news flash with an empty body")
        << u"news-flash"_s
        << QJsonValue(QJsonObject { { u"headline"_s, u"x"_s }, { u"body"_s, QString() } })
        << u"x"_s;
    QTest::addRow("score") << u"score"_s
                           << QJsonValue(QJsonObject { { u"home"_s, u"Arsenal"_s },
                                  { u"away"_s, u"Chelsea"_s }, { u"homeScore"_s, 2 },
                                  { u"awayScore"_s, 1 }, { u"minute"_s, 67 } })
                           << u"Arsenal 2–1 Chelsea (67')"_s;
    QTest::addRow("score without fields")
        << u"score"_s << QJsonValue(QJsonObject {}) << u" 0–0  (0')"_s;
    QTest::addRow("commentary") << u"commentary"_s
                                << QJsonValue(QJsonObject { { u"minute"_s, 23 },
                                       { u"kind"_s, u"goal"_s }, { u"text"_s, u"Saka!"_s } })
                                << u"23' [goal] Saka!"_s;
    QTest::addRow("commentary with %% and placeholders in the text")
        << u"commentary"_s
        << QJsonValue(QJsonObject {
               { u"minute"_s, 5 }, { u"kind"_s, u"info"_s }, { u"text"_s, u"100% %1 %2"_s } })
        << u"5' [info] 100% %1 %2"_s;
    QTest::addRow("correction") << u"correction"_s
                                << QJsonValue(QJsonObject {
                                       { u"targetId"_s, u"12"_s }, { u"text"_s, u"fixed"_s } })
                                << u"correction of #12"_s;
    QTest::addRow("retraction") << u"retraction"_s
                                << QJsonValue(QJsonObject { { u"targetId"_s, u"7"_s } })
                                << u"retraction of #7"_s;
    QTest::addRow("string data") << u"custom"_s << QJsonValue(u"plain words"_s) << u"plain words"_s;
    QTest::addRow("long string data cut at 200")
        << u"custom"_s << QJsonValue(QString(300, u's')) << QString(200, u's');
    QTest::addRow("other object as compact JSON")
        << u"custom"_s << QJsonValue(QJsonObject { { u"b"_s, 2 }, { u"a"_s, u"x"_s } })
        << u"{\"a\":\"x\",\"b\":2}"_s;
    QTest::addRow("long object cut at 200")
        << u"custom"_s << QJsonValue(QJsonObject { { u"k"_s, QString(300, u'o') } })
        << QString(u"{\"k\":\""_s + QString(300, u'o')).left(200);
    QTest::addRow("array") << u"custom"_s << QJsonValue(QJsonArray { 1, u"two"_s })
                           << u"[1,\"two\"]"_s;
    // A scalar is shown as itself, as the viewers receive it (not as an empty array).
    QTest::addRow("number") << u"custom"_s << QJsonValue(42) << u"42"_s;
    QTest::addRow("bool") << u"custom"_s << QJsonValue(true) << u"true"_s;
}

void tst_HistoryModel::summaries()
{
    QFETCH(QString, type);
    QFETCH(QJsonValue, data);
    QFETCH(QString, expected);

    // The one-line wording of the Summary column, and its tooltip (the whole line).
    HistoryModel model;
    model.add(makeEvent(1, type, data));
    QCOMPARE(display(model, 0, HistoryModel::Summary), expected);
    QCOMPARE(
        model.data(model.index(0, HistoryModel::Summary), Qt::ToolTipRole).toString(), expected);
}

void tst_HistoryModel::eventAt()
{
    HistoryModel model;
    const HubEventPtr first = makeEvent(1, u"t"_s);
    const HubEventPtr second = makeEvent(2, u"t"_s);
    model.add(first);
    model.add(second);
    // The same shared event, not a copy: a correction panel reads its id and data.
    QCOMPARE(model.eventAt(0).get(), second.get());
    QCOMPARE(model.eventAt(1).get(), first.get());
    QVERIFY(!model.eventAt(2));
    QVERIFY(!model.eventAt(-1));
    QVERIFY(!model.eventAt(std::numeric_limits<int>::max()));
}

QTEST_MAIN(tst_HistoryModel)
#include "tst_historymodel.moc"
