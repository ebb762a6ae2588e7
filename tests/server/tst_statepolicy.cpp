#include "hub/statepolicy.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include <optional>

using namespace Qt::StringLiterals;

// Which event types are state, tickers and amendments, and how a correction applies: the
// rules the hub, the store, the console and (through json()) the viewer page share.
class tst_StatePolicy final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void stateTypes();
    void classify_data();
    void classify();
    void targetOf_data();
    void targetOf();
    void corrected_data();
    void corrected();
    void correctedLeavesItsInputsAlone();
    void json();
    void jsonAgreesWithThePredicates();
};

void tst_StatePolicy::stateTypes()
{
    QCOMPARE(StatePolicy::stateTypes(), (QStringList { u"score"_s, u"clock"_s }));
    // The same list every time (callers may hold the reference).
    QCOMPARE(&StatePolicy::stateTypes(), &StatePolicy::stateTypes());
}

void tst_StatePolicy::classify_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<bool>("state");
    QTest::addColumn<bool>("ticker");
    QTest::addColumn<bool>("amendment");
    QTest::addColumn<bool>("retraction");

    QTest::addRow("score") << u"score"_s << true << false << false << false;
    QTest::addRow("clock") << u"clock"_s << true << true << false << false;
    QTest::addRow("commentary") << u"commentary"_s << false << false << false << false;
    QTest::addRow("news-flash") << u"news-flash"_s << false << false << false << false;
    QTest::addRow("correction") << u"correction"_s << false << false << true << false;
    QTest::addRow("retraction") << u"retraction"_s << false << false << true << true;
    QTest::addRow("resync") << u"resync"_s << false << false << false << false;
    QTest::addRow("heartbeat") << u"heartbeat"_s << false << false << false << false;
    QTest::addRow("empty") << QString() << false << false << false << false;
    // Types are case-sensitive names, matched whole.
    QTest::addRow("Score") << u"Score"_s << false << false << false << false;
    QTest::addRow("CLOCK") << u"CLOCK"_s << false << false << false << false;
    QTest::addRow("score prefix") << u"scores"_s << false << false << false << false;
    QTest::addRow("clock suffix") << u"match-clock"_s << false << false << false << false;
    QTest::addRow("retraction prefix") << u"retract"_s << false << false << false << false;
    QTest::addRow("trailing space") << u"correction "_s << false << false << false << false;
}

void tst_StatePolicy::classify()
{
    QFETCH(QString, type);
    QFETCH(bool, state);
    QFETCH(bool, ticker);
    QFETCH(bool, amendment);
    QFETCH(bool, retraction);

    QCOMPARE(StatePolicy::carriesState(type), state);
    QCOMPARE(StatePolicy::isTicker(type), ticker);
    QCOMPARE(StatePolicy::isAmendment(type), amendment);
    QCOMPARE(StatePolicy::isRetraction(type), retraction);
    // A QStringView into a longer string is the same question.
    const QString padded = u"<"_s + type + u">"_s;
    QCOMPARE(StatePolicy::carriesState(QStringView(padded).sliced(1, type.size())), state);
    QCOMPARE(StatePolicy::isTicker(QStringView(padded).sliced(1, type.size())), ticker);
}

void tst_StatePolicy::targetOf_data()
{
    QTest::addColumn<QJsonValue>("data");
    QTest::addColumn<quint64>("target"); // 0: none (no event has id 0)

    const auto withTarget = [](const QJsonValue &id) {
        return QJsonValue(QJsonObject { { u"targetId"_s, id }, { u"text"_s, u"x"_s } });
    };
    QTest::addRow("decimal string") << withTarget(u"42"_s) << quint64(42);
    QTest::addRow("one") << withTarget(u"1"_s) << quint64(1);
    QTest::addRow("large") << withTarget(u"9007199254740993"_s) << quint64(9007199254740993);
    QTest::addRow("largest 64-bit")
        << withTarget(u"18446744073709551615"_s) << std::numeric_limits<quint64>::max();
    QTest::addRow("zero is no event") << withTarget(u"0"_s) << quint64(0);
    QTest::addRow("negative") << withTarget(u"-5"_s) << quint64(0);
    QTest::addRow("past 64 bits") << withTarget(u"18446744073709551616"_s) << quint64(0);
    QTest::addRow("not a number") << withTarget(u"abc"_s) << quint64(0);
    QTest::addRow("hexadecimal") << withTarget(u"0x2A"_s) << quint64(0);
    QTest::addRow("exponent") << withTarget(u"1e3"_s) << quint64(0);
    QTest::addRow("fraction") << withTarget(u"4.5"_s) << quint64(0);
    QTest::addRow("inner space") << withTarget(u"4 2"_s) << quint64(0);
    QTest::addRow("empty string") << withTarget(QString()) << quint64(0);
    // One spelling per id: anything else could name the same event under another text.
    QTest::addRow("leading space") << withTarget(u" 42"_s) << quint64(0);
    QTest::addRow("trailing space") << withTarget(u"42 "_s) << quint64(0);
    QTest::addRow("tab") << withTarget(u"\t42"_s) << quint64(0);
    QTest::addRow("plus sign") << withTarget(u"+42"_s) << quint64(0);
    QTest::addRow("leading zero") << withTarget(u"042"_s) << quint64(0);
    QTest::addRow("only zeros") << withTarget(u"000"_s) << quint64(0);
    QTest::addRow("minus zero") << withTarget(u"-0"_s) << quint64(0);
    QTest::addRow("leading zeros on the largest id")
        << withTarget(u"018446744073709551615"_s) << quint64(0);
    QTest::addRow("21 digits") << withTarget(u"100000000000000000000"_s) << quint64(0);
    QTest::addRow("Arabic-Indic digits") << withTarget(u"\u0664\u0662"_s) << quint64(0);
    QTest::addRow("fullwidth digits") << withTarget(u"\uff14\uff12"_s) << quint64(0);
    QTest::addRow("NUL after the digits") << withTarget(QString(u"42\0"_s)) << quint64(0);
    // Ids travel as strings (JSON numbers lose precision past 2^53): a number is not one.
    QTest::addRow("JSON number") << withTarget(42) << quint64(0);
    QTest::addRow("null") << withTarget(QJsonValue::Null) << quint64(0);
    QTest::addRow("bool") << withTarget(true) << quint64(0);
    QTest::addRow("array") << withTarget(QJsonArray { u"42"_s }) << quint64(0);
    QTest::addRow("no targetId") << QJsonValue(QJsonObject { { u"text"_s, u"x"_s } }) << quint64(0);
    QTest::addRow("key differs in case")
        << QJsonValue(QJsonObject { { u"targetID"_s, u"42"_s } }) << quint64(0);
    QTest::addRow("data is a string") << QJsonValue(u"42"_s) << quint64(0);
    QTest::addRow("data is an array") << QJsonValue(QJsonArray { u"42"_s }) << quint64(0);
    QTest::addRow("data is null") << QJsonValue(QJsonValue::Null) << quint64(0);
    QTest::addRow("data is undefined") << QJsonValue(QJsonValue::Undefined) << quint64(0);
}

void tst_StatePolicy::targetOf()
{
    QFETCH(QJsonValue, data);
    QFETCH(quint64, target);

    const std::optional<quint64> got = StatePolicy::targetOf(data);
    QCOMPARE(got.has_value(), target != 0);
    if (got)
        QCOMPARE(*got, target);
}

void tst_StatePolicy::corrected_data()
{
    QTest::addColumn<QJsonValue>("original");
    QTest::addColumn<QJsonObject>("correction");
    QTest::addColumn<QJsonObject>("expected");

    const QJsonObject flash { { u"headline"_s, u"GOAL"_s }, { u"body"_s, u"by Smith"_s },
        { u"urgent"_s, true } };
    QTest::addRow("a field replaced, the rest kept")
        << QJsonValue(flash)
        << QJsonObject { { u"targetId"_s, u"7"_s }, { u"body"_s, u"by Jones"_s } }
        << QJsonObject { { u"headline"_s, u"GOAL"_s }, { u"body"_s, u"by Jones"_s },
               { u"urgent"_s, true } };
    QTest::addRow("a field added")
        << QJsonValue(flash) << QJsonObject { { u"targetId"_s, u"7"_s }, { u"minute"_s, 23 } }
        << QJsonObject { { u"headline"_s, u"GOAL"_s }, { u"body"_s, u"by Smith"_s },
               { u"urgent"_s, true }, { u"minute"_s, 23 } };
    QTest::addRow("a field set to null stays, as null")
        << QJsonValue(flash) << QJsonObject { { u"urgent"_s, QJsonValue::Null } }
        << QJsonObject { { u"headline"_s, u"GOAL"_s }, { u"body"_s, u"by Smith"_s },
               { u"urgent"_s, QJsonValue::Null } };
    QTest::addRow("a nested object is replaced whole")
        << QJsonValue(
               QJsonObject { { u"score"_s, QJsonObject { { u"home"_s, 1 }, { u"away"_s, 0 } } } })
        << QJsonObject { { u"score"_s, QJsonObject { { u"home"_s, 2 } } } }
        << QJsonObject { { u"score"_s, QJsonObject { { u"home"_s, 2 } } } };
    QTest::addRow("only a targetId changes nothing")
        << QJsonValue(flash) << QJsonObject { { u"targetId"_s, u"7"_s } } << flash;
    QTest::addRow("empty correction changes nothing")
        << QJsonValue(flash) << QJsonObject {} << flash;
    QTest::addRow("the target's own targetId is kept")
        << QJsonValue(QJsonObject { { u"targetId"_s, u"3"_s }, { u"text"_s, u"a"_s } })
        << QJsonObject { { u"targetId"_s, u"9"_s }, { u"text"_s, u"b"_s } }
        << QJsonObject { { u"targetId"_s, u"3"_s }, { u"text"_s, u"b"_s } };
    QTest::addRow("a string target becomes the fields")
        << QJsonValue(u"plain text"_s)
        << QJsonObject { { u"targetId"_s, u"7"_s }, { u"text"_s, u"new"_s } }
        << QJsonObject { { u"text"_s, u"new"_s } };
    QTest::addRow("a null target becomes the fields")
        << QJsonValue(QJsonValue::Null) << QJsonObject { { u"a"_s, 1 } }
        << QJsonObject { { u"a"_s, 1 } };
    QTest::addRow("an array target becomes the fields")
        << QJsonValue(QJsonArray { 1, 2 }) << QJsonObject { { u"a"_s, 1 } }
        << QJsonObject { { u"a"_s, 1 } };
    QTest::addRow("a number target with only a targetId becomes empty")
        << QJsonValue(5) << QJsonObject { { u"targetId"_s, u"1"_s } } << QJsonObject {};
}

void tst_StatePolicy::corrected()
{
    QFETCH(QJsonValue, original);
    QFETCH(QJsonObject, correction);
    QFETCH(QJsonObject, expected);

    const QJsonObject got = StatePolicy::corrected(original, correction);
    QCOMPARE(QJsonDocument(got).toJson(QJsonDocument::Compact),
        QJsonDocument(expected).toJson(QJsonDocument::Compact));
}

void tst_StatePolicy::correctedLeavesItsInputsAlone()
{
    const QJsonObject original { { u"a"_s, 1 }, { u"b"_s, 2 } };
    const QJsonObject correction { { u"targetId"_s, u"4"_s }, { u"b"_s, 3 } };
    // Made apart, so they share no data with what corrected() is given.
    const QJsonObject originalCopy { { u"a"_s, 1 }, { u"b"_s, 2 } };
    const QJsonObject correctionCopy { { u"targetId"_s, u"4"_s }, { u"b"_s, 3 } };
    const QJsonObject got = StatePolicy::corrected(original, correction);
    QCOMPARE(got, (QJsonObject { { u"a"_s, 1 }, { u"b"_s, 3 } }));
    QCOMPARE(original, originalCopy);
    QCOMPARE(correction, correctionCopy);
}

void tst_StatePolicy::json()
{
    const QJsonObject json = StatePolicy::json();
    QCOMPARE(QJsonDocument(json).toJson(QJsonDocument::Compact),
        QByteArray(R"({"amendmentTypes":["correction","retraction"],)"
                   R"("stateTypes":["score","clock"],"tickerTypes":["clock"]})"));
}

void tst_StatePolicy::jsonAgreesWithThePredicates()
{
    const QJsonObject json = StatePolicy::json();
    QCOMPARE(json.keys(), (QStringList { u"amendmentTypes"_s, u"stateTypes"_s, u"tickerTypes"_s }));
    const QJsonArray state = json.value(u"stateTypes"_s).toArray();
    QCOMPARE(state.size(), StatePolicy::stateTypes().size());
    for (const auto &type : state) {
        QVERIFY(StatePolicy::carriesState(type.toString()));
        QVERIFY(StatePolicy::stateTypes().contains(type.toString()));
    }
    const QJsonArray tickers = json.value(u"tickerTypes"_s).toArray();
    QVERIFY(!tickers.isEmpty());
    for (const auto &type : tickers) {
        QVERIFY(StatePolicy::isTicker(type.toString()));
        // A ticker is state too: only its newest event matters.
        QVERIFY(StatePolicy::carriesState(type.toString()));
    }
    const QJsonArray amendments = json.value(u"amendmentTypes"_s).toArray();
    QVERIFY(!amendments.isEmpty());
    for (const auto &type : amendments) {
        QVERIFY(StatePolicy::isAmendment(type.toString()));
        QVERIFY(!StatePolicy::carriesState(type.toString()));
    }
    // Every retraction is an amendment.
    QVERIFY(StatePolicy::isAmendment(u"retraction"));
}

QTEST_APPLESS_MAIN(tst_StatePolicy)
#include "tst_statepolicy.moc"
