#include "historymodel.h"
#include "host/serverhost.h"

#include <QAbstractItemModelTester>
#include <QColor>
#include <QJsonArray>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>

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

QList<quint64> ids(const HistoryModel &model)
{
    QList<quint64> list;
    for (int row = 0; row < model.rowCount(); ++row)
        list << model.eventAt(row)->id;
    return list;
}

Outbox::Entry queuedEntry(
    qint64 seq, const QString &headline, const QString &type = u"news-flash"_s)
{
    Outbox::Entry entry;
    entry.seq = seq;
    entry.channel = u"news"_s;
    entry.type = type;
    entry.data = QJsonObject { { u"headline"_s, headline } };
    entry.queuedAt = QDateTime::currentDateTimeUtc().addSecs(-90);
    entry.attempts = 4;
    entry.lastError = u"127.0.0.1 refused the connection"_s;
    return entry;
}

QJsonObject teamsData(const QString &home, const QString &away)
{
    return { { u"match"_s, u"match-1"_s }, { u"home"_s, home }, { u"away"_s, away },
        { u"minute"_s, 3 }, { u"second"_s, 0 } };
}

// An event as /api/state lists it.
QJsonObject stateEvent(quint64 id, const QString &channel, const QString &type,
    const QJsonValue &data = QJsonObject {})
{
    return { { u"id"_s, QString::number(id) }, { u"channel"_s, channel }, { u"type"_s, type },
        { u"data"_s, data }, { u"time"_s, Noon.toString(Qt::ISODateWithMs) } };
}

// The Chinese of the few words these tests read, as the lead's merged .ts will have them;
// the point is that they go through tr() in the contexts named.
class Chinese final : public QTranslator
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Chinese)

public:
    Chinese() = default;

    QString translate(const char *context, const char *source, const char *, int) const override
    {
        static const QHash<QByteArray, QString> words {
            { "EventRenderer|Commentary", u"解说"_s },
            { "EventRenderer|News flash", u"快讯"_s },
            { "EventRenderer|Red card", u"红牌"_s },
            { "HistoryModel|News", u"新闻"_s },
        };
        return words.value(QByteArray(context) + '|' + source);
    }
    bool isEmpty() const override { return false; }
};

ServerConfig journalConfig(const QString &dataDir)
{
    ServerConfig config;
    config.port = 0;
    config.token = "token";
    config.dataDir = dataDir;
    return config;
}

bool publish(ServerHost &host, const QString &channel, const QString &type, const QJsonObject &data)
{
    std::optional<PublishOutcome> outcome;
    host.publish(channel, type, data, nullptr, [&](const PublishOutcome &o) { outcome = o; });
    return QTest::qWaitFor([&] { return outcome.has_value(); }, 5000) && outcome->ok();
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
    void typeColumn_data();
    void typeColumn();
    void channelShowsTeamsOnceKnown();
    void newerTeamNamesWin();
    void chineseTypesKindTagsAndChannels();
    void anIdIsListedOnce();
    void restoreSnapshotPutsEventsFromBeforeInTheirPlace();
    void restoreSnapshotIgnoresWhatIsNotAStoredEvent();
    void historyComesBackAfterARestart();
    void queuedPostsAreListedAboveAndGreyed();
    void queuedRowsComeAndGoOneByOne();
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
    // No score or clock has named the teams yet: the channel as it is.
    QCOMPARE(display(model, 0, HistoryModel::Channel), u"match-1"_s);
    QCOMPARE(display(model, 0, HistoryModel::Type), u"Commentary"_s);
    QCOMPARE(display(model, 0, HistoryModel::Summary), u"9' [Chance] Wide"_s);
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
    // The names the API uses, behind the words shown.
    QCOMPARE(
        model.data(model.index(0, HistoryModel::Channel), Qt::ToolTipRole).toString(), u"news"_s);
    QCOMPARE(model.data(model.index(0, HistoryModel::Type), Qt::ToolTipRole).toString(),
        u"news-flash"_s);
    QVERIFY(!model.data(model.index(0, HistoryModel::Time), Qt::ToolTipRole).isValid());
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
                                << u"23' [Goal] Saka!"_s;
    QTest::addRow("neutral commentary has no tag")
        << u"commentary"_s
        << QJsonValue(QJsonObject {
               { u"minute"_s, 1 }, { u"kind"_s, u"comment"_s }, { u"text"_s, u"Kick-off"_s } })
        << u"1' Kick-off"_s;
    QTest::addRow("neutral commentary with placeholders")
        << u"commentary"_s
        << QJsonValue(QJsonObject {
               { u"minute"_s, 2 }, { u"kind"_s, u"comment"_s }, { u"text"_s, u"%1 %2 50%"_s } })
        << u"2' %1 %2 50%"_s;
    QTest::addRow("red card") << u"commentary"_s
                              << QJsonValue(QJsonObject { { u"minute"_s, 70 },
                                     { u"kind"_s, u"red-card"_s }, { u"text"_s, u"Off."_s } })
                              << u"70' [Red card] Off."_s;
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

void tst_HistoryModel::typeColumn_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("shown");
    QTest::addRow("news flash") << u"news-flash"_s << u"News flash"_s;
    QTest::addRow("score") << u"score"_s << u"Score"_s;
    QTest::addRow("commentary") << u"commentary"_s << u"Commentary"_s;
    QTest::addRow("correction") << u"correction"_s << u"Correction"_s;
    QTest::addRow("retraction") << u"retraction"_s << u"Retraction"_s;
    QTest::addRow("a type of a script's own") << u"weather"_s << u"weather"_s;
}

void tst_HistoryModel::typeColumn()
{
    QFETCH(QString, type);
    QFETCH(QString, shown);
    HistoryModel model;
    model.add(makeEvent(1, type));
    QCOMPARE(display(model, 0, HistoryModel::Type), shown);
    QCOMPARE(model.data(model.index(0, HistoryModel::Type), Qt::ToolTipRole).toString(), type);
}

void tst_HistoryModel::channelShowsTeamsOnceKnown()
{
    HistoryModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.add(
        makeEvent(1, u"commentary"_s, QJsonObject { { u"text"_s, u"Early"_s } }, u"match-1"_s));
    model.add(makeEvent(2, u"news-flash"_s, QJsonObject { { u"headline"_s, u"h"_s } }));
    QCOMPARE(display(model, 1, HistoryModel::Channel), u"match-1"_s);
    QCOMPARE(display(model, 0, HistoryModel::Channel), u"News"_s);

    // A clock tick is not listed, but it names the teams: the rows before it follow.
    model.add(makeEvent(3, u"clock"_s, teamsData(u"Arsenal"_s, u"Chelsea"_s), u"match-1"_s));
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.first().at(0).toModelIndex().column(), int(HistoryModel::Channel));
    QCOMPARE(display(model, 1, HistoryModel::Channel), u"Arsenal – Chelsea"_s);
    QCOMPARE(model.channelName(u"match-1"_s), u"Arsenal – Chelsea"_s);
    QCOMPARE(model.data(model.index(1, HistoryModel::Channel), Qt::ToolTipRole).toString(),
        u"match-1"_s);
    // The same names again change nothing; a half-named match names nothing.
    model.add(makeEvent(4, u"clock"_s, teamsData(u"Arsenal"_s, u"Chelsea"_s), u"match-1"_s));
    model.add(makeEvent(5, u"score"_s, teamsData(u"North"_s, QString()), u"match-2"_s));
    QCOMPARE(changed.count(), 1);
    QCOMPARE(display(model, 0, HistoryModel::Channel), u"match-2"_s);
}

void tst_HistoryModel::newerTeamNamesWin()
{
    HistoryModel model;
    model.add(makeEvent(10, u"score"_s, teamsData(u"Arsenal"_s, u"Chelsea"_s), u"match-1"_s));
    model.add(makeEvent(12, u"score"_s, teamsData(u"Arsenal W"_s, u"Chelsea W"_s), u"match-1"_s));
    QCOMPARE(model.channelName(u"match-1"_s), u"Arsenal W – Chelsea W"_s);
    // One from before the restart arrives late: it does not undo the rename.
    model.add(makeEvent(11, u"score"_s, teamsData(u"Arsenal"_s, u"Chelsea"_s), u"match-1"_s));
    QCOMPARE(model.channelName(u"match-1"_s), u"Arsenal W – Chelsea W"_s);
    QCOMPARE(ids(model), (QList<quint64> { 12, 11, 10 }));
}

void tst_HistoryModel::chineseTypesKindTagsAndChannels()
{
    Chinese chinese;
    QVERIFY(QCoreApplication::installTranslator(&chinese));
    HistoryModel model;
    model.add(makeEvent(1, u"commentary"_s,
        QJsonObject { { u"minute"_s, 70 }, { u"kind"_s, u"red-card"_s }, { u"text"_s, u"Off."_s } },
        u"match-1"_s));
    model.add(makeEvent(2, u"news-flash"_s, QJsonObject { { u"headline"_s, u"h"_s } }));
    const QString commentaryType = display(model, 1, HistoryModel::Type);
    const QString summary = display(model, 1, HistoryModel::Summary);
    const QString flashType = display(model, 0, HistoryModel::Type);
    const QString newsChannel = display(model, 0, HistoryModel::Channel);
    QCoreApplication::removeTranslator(&chinese);
    QCOMPARE(commentaryType, u"解说"_s);
    QCOMPARE(summary, u"70' [红牌] Off."_s);
    QCOMPARE(flashType, u"快讯"_s);
    QCOMPARE(newsChannel, u"新闻"_s);
}

void tst_HistoryModel::anIdIsListedOnce()
{
    HistoryModel model;
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    model.add(makeEvent(1, u"t"_s));
    model.add(makeEvent(1, u"t"_s));
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(inserted.count(), 1);
}

void tst_HistoryModel::restoreSnapshotPutsEventsFromBeforeInTheirPlace()
{
    HistoryModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    // Live events can arrive before the snapshot answers, and be in it too.
    model.add(makeEvent(7, u"news-flash"_s, QJsonObject { { u"headline"_s, u"live"_s } }));
    model.add(makeEvent(8, u"news-flash"_s, QJsonObject { { u"headline"_s, u"newer"_s } }));
    const QJsonObject clock = teamsData(u"Arsenal"_s, u"Chelsea"_s);
    const QJsonObject state {
        { u"lastId"_s, u"8"_s },
        { u"latest"_s, QJsonArray { stateEvent(3, u"match-1"_s, u"clock"_s, clock) } },
        { u"recent"_s,
            QJsonArray { stateEvent(2, u"match-1"_s, u"commentary"_s,
                             QJsonObject { { u"minute"_s, 2 }, { u"kind"_s, u"goal"_s },
                                 { u"text"_s, u"Saka!"_s } }),
                stateEvent(5, u"news"_s, u"news-flash"_s,
                    QJsonObject { { u"headline"_s, u"Before the restart"_s } }),
                stateEvent(
                    6, u"news"_s, u"retraction"_s, QJsonObject { { u"targetId"_s, u"5"_s } }),
                stateEvent(7, u"news"_s, u"news-flash"_s,
                    QJsonObject { { u"headline"_s, u"live"_s } }) } },
    };
    model.restoreSnapshot(state);
    QCOMPARE(ids(model), (QList<quint64> { 8, 7, 6, 5, 2 }));
    // What the history panel corrects from: the stored event, with its channel and data.
    const HubEventPtr restored = model.eventAt(3);
    QCOMPARE(restored->channel, u"news"_s);
    QCOMPARE(restored->type, u"news-flash"_s);
    QCOMPARE(restored->data.toObject().value(u"headline"_s).toString(), u"Before the restart"_s);
    QCOMPARE(restored->time, Noon);
    QCOMPARE(display(model, 4, HistoryModel::Channel), u"Arsenal – Chelsea"_s);
    QCOMPARE(display(model, 4, HistoryModel::Summary), u"2' [Goal] Saka!"_s);
    // The same snapshot twice lists nothing twice; a live event still lands on top.
    model.restoreSnapshot(state);
    model.add(makeEvent(9, u"t"_s));
    QCOMPARE(ids(model), (QList<quint64> { 9, 8, 7, 6, 5, 2 }));
}

void tst_HistoryModel::restoreSnapshotIgnoresWhatIsNotAStoredEvent()
{
    HistoryModel model;
    model.restoreSnapshot({});
    model.restoreSnapshot(QJsonObject { { u"recent"_s, u"not a list"_s } });
    model.restoreSnapshot(QJsonObject { { u"recent"_s,
        QJsonArray { 42, QJsonObject {}, stateEvent(0, u"news"_s, u"t"_s),
            QJsonObject { { u"id"_s, u"x"_s }, { u"type"_s, u"t"_s } } } } });
    QCOMPARE(model.rowCount(), 0);
}

void tst_HistoryModel::historyComesBackAfterARestart()
{
    QTemporaryDir dir;
    auto host = std::make_unique<ServerHost>(journalConfig(dir.path()));
    QString error;
    QVERIFY2(host->start(&error), qPrintable(error));
    QVERIFY(publish(*host, u"news"_s, u"news-flash"_s, { { u"headline"_s, u"Kick-off soon"_s } }));
    QVERIFY(publish(*host, u"match-1"_s, u"score"_s, teamsData(u"Arsenal"_s, u"Chelsea"_s)));
    QVERIFY(publish(*host, u"match-1"_s, u"clock"_s, teamsData(u"Arsenal"_s, u"Chelsea"_s)));
    QVERIFY(publish(*host, u"news"_s, u"correction"_s,
        { { u"targetId"_s, u"1"_s }, { u"headline"_s, u"Kick-off now"_s } }));
    host->stop();

    // The console starts again on the same journal, as app/ and MainWindow wire it.
    host = std::make_unique<ServerHost>(journalConfig(dir.path()));
    QVERIFY2(host->start(&error), qPrintable(error));
    HistoryModel model;
    connect(host.get(), &ServerHost::published, &model, &HistoryModel::add);
    connect(host.get(), &ServerHost::snapshotReady, &model, &HistoryModel::restoreSnapshot);
    host->requestSnapshot();
    QVERIFY(publish(*host, u"news"_s, u"news-flash"_s, { { u"headline"_s, u"After"_s } }));
    QTRY_COMPARE(ids(model), (QList<quint64> { 5, 4, 2, 1 }));
    QCOMPARE(display(model, 2, HistoryModel::Channel), u"Arsenal – Chelsea"_s);
    QCOMPARE(display(model, 3, HistoryModel::Summary), u"Kick-off soon"_s);
    QCOMPARE(display(model, 1, HistoryModel::Summary), u"correction of #1"_s);
    host->stop();
}

void tst_HistoryModel::queuedPostsAreListedAboveAndGreyed()
{
    HistoryModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.add(makeEvent(1, u"news-flash"_s, QJsonObject { { u"headline"_s, u"Sent"_s } }));
    // Oldest first, as Outbox::entries() gives them; clock ticks are not listed.
    model.setQueued({ queuedEntry(1, u"First"_s), queuedEntry(2, u"tick"_s, u"clock"_s),
        queuedEntry(3, u"Second"_s) });
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.queuedCount(), 2);
    QCOMPARE(display(model, 0, HistoryModel::Summary), u"Second"_s);
    QCOMPARE(display(model, 1, HistoryModel::Summary), u"First"_s);
    QCOMPARE(display(model, 0, HistoryModel::Id), HistoryModel::tr("queued"));
    QCOMPARE(display(model, 0, HistoryModel::Time), HistoryModel::tr("waiting %1").arg(u"1 min"_s));
    QCOMPARE(model.index(0, 0).data(Qt::ForegroundRole).value<QColor>(), QColor(0x80, 0x80, 0x80));
    QVERIFY(model.index(0, HistoryModel::Summary)
                .data(Qt::ToolTipRole)
                .toString()
                .contains(u"refused the connection"_s));
    QVERIFY(!model.eventAt(0));
    QCOMPARE(model.queuedSeqAt(1), std::optional<qint64>(1));
    QCOMPARE(model.eventAt(2)->id, 1u);
    QCOMPARE(model.queuedSeqAt(2), std::nullopt);
    // A live event lands below the queued rows.
    model.add(makeEvent(2, u"news-flash"_s, QJsonObject { { u"headline"_s, u"Next"_s } }));
    QCOMPARE(model.eventAt(2)->id, 2u);
    QCOMPARE(display(model, 2, HistoryModel::Summary), u"Next"_s);
}

// Rows are added on top and removed where they are, never reset: a queued row the operator
// has selected (to take it back) stays selected while others come and go.
void tst_HistoryModel::queuedRowsComeAndGoOneByOne()
{
    HistoryModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setQueued(
        { queuedEntry(1, u"One"_s), queuedEntry(2, u"Two"_s), queuedEntry(3, u"Three"_s) });
    const QPersistentModelIndex two = model.index(1, HistoryModel::Summary);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    // "One" was sent, "Four" was written.
    model.setQueued(
        { queuedEntry(2, u"Two"_s), queuedEntry(3, u"Three"_s), queuedEntry(4, u"Four"_s) });
    QCOMPARE(reset.count(), 0);
    QCOMPARE(removed.count(), 1);
    QCOMPARE(inserted.count(), 1);
    QVERIFY(two.isValid());
    QCOMPARE(two.data().toString(), u"Two"_s);
    QCOMPARE(two.row(), 2);
    model.setQueued({});
    QCOMPARE(model.rowCount(), 0);
}

QTEST_MAIN(tst_HistoryModel)
#include "tst_historymodel.moc"
