#include "http/publishrequest.h"
#include "protocol/sseencoder.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

// {"channel":"news","type":"t","data":<data>} with `data` as raw JSON text.
QByteArray bodyWithData(const QByteArray &data)
{
    return R"({"channel":"news","type":"t","data":)" + data + '}';
}

// A JSON string literal whose UTF-8 text (what "data:" carries) is exactly `bytes` long.
QByteArray stringOfBytes(qsizetype bytes)
{
    return '"' + QByteArray(bytes, 'a') + '"';
}

} // namespace

// The validator of POST /api/events bodies: untrusted input, each refusal with a message
// the publisher can act on.
class tst_PublishRequest final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parse_data();
    void parse();
    void accepted_data();
    void accepted();
    void nameLimits_data();
    void nameLimits();
    void dataLimit_data();
    void dataLimit();
    void invalidJsonNamesTheOffset();
    void channelIsCheckedBeforeType();
    void extraFieldsAreIgnored();
};

void tst_PublishRequest::parse_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("error"); // empty: accepted; otherwise a part of the message

    QTest::addRow("valid object data")
        << QByteArray(R"({"channel":"news","type":"news-flash","data":{"headline":"GOAL!"}})")
        << QString();
    QTest::addRow("null data") << bodyWithData("null") << QString();
    QTest::addRow("number data") << bodyWithData("42") << QString();
    QTest::addRow("string data") << bodyWithData(R"("a\nb")") << QString();
    QTest::addRow("array data") << bodyWithData("[1,2,3]") << QString();
    QTest::addRow("bool data") << bodyWithData("false") << QString();
    QTest::addRow("empty object data") << bodyWithData("{}") << QString();
    QTest::addRow("names with every allowed character")
        << QByteArray(R"({"channel":"Match_1.a-Z","type":"x.y_z-0","data":1})") << QString();
    QTest::addRow("whitespace around the document") << QByteArray(
        " \n\t"
        R"({"channel":"news","type":"t","data":1})"
        "\r\n ") << QString();

    QTest::addRow("empty body") << QByteArray() << u"invalid JSON"_s;
    QTest::addRow("not JSON") << QByteArray("{nope") << u"invalid JSON"_s;
    QTest::addRow("truncated") << QByteArray(R"({"channel":"news","type":"t","data":)")
                               << u"invalid JSON"_s;
    QTest::addRow("trailing garbage")
        << QByteArray(R"({"channel":"news","type":"t","data":1}x)") << u"invalid JSON"_s;
    QTest::addRow("two documents")
        << QByteArray(R"({"channel":"news","type":"t","data":1}{})") << u"invalid JSON"_s;
    QTest::addRow("NUL byte") << QByteArray("{\"channel\":\0}", 13) << u"invalid JSON"_s;
    // RFC 8259 §7: no raw control character inside a string (Qt 6.4's parser allows them).
    QTest::addRow("raw NUL in a string")
        << QByteArray("{\"channel\":\"news\",\"type\":\"t\",\"data\":\"a\0b\"}", 42)
        << u"raw control character in a string at offset 38"_s;
    QTest::addRow("raw line feed in a string")
        << bodyWithData("\"a\nb\"") << u"raw control character"_s;
    QTest::addRow("raw tab in a name")
        << QByteArray("{\"channel\":\"ne\tws\",\"type\":\"t\",\"data\":1}")
        << u"raw control character in a string at offset 14"_s;
    QTest::addRow("raw 0x1f in a key")
        << QByteArray("{\"channel\":\"news\",\"type\":\"t\",\"data\":1,\"x\x1f\":2}")
        << u"raw control character"_s;
    QTest::addRow("raw NUL after a backslash")
        << QByteArray("{\"channel\":\"news\",\"type\":\"t\",\"data\":\"a\\\0\"}", 42)
        << u"raw control character in a string at offset 39"_s;
    QTest::addRow("escaped NUL is valid") << bodyWithData(R"("a\u0000b")") << QString();
    QTest::addRow("escaped quote then a control")
        << bodyWithData("\"a\\\"\x01\"") << u"raw control character"_s;
    QTest::addRow("line breaks and tabs between fields")
        << QByteArray("{\"channel\":\"news\",\"type\":\"t\",\r\n\t\"data\":1}") << QString();
    QTest::addRow("array") << QByteArray("[1]") << u"the body must be a JSON object"_s;
    QTest::addRow("array of the object")
        << QByteArray(R"([{"channel":"news","type":"t","data":1}])")
        << u"the body must be a JSON object {\"channel\", \"type\", \"data\"}"_s;

    QTest::addRow("missing channel") << QByteArray(R"({"type":"t","data":1})")
                                     << u"\"channel\" is required and must be a string"_s;
    QTest::addRow("number channel") << QByteArray(R"({"channel":5,"type":"t","data":1})")
                                    << u"\"channel\" is required and must be a string"_s;
    QTest::addRow("null channel") << QByteArray(R"({"channel":null,"type":"t","data":1})")
                                  << u"\"channel\" is required and must be a string"_s;
    QTest::addRow("array channel") << QByteArray(R"({"channel":["news"],"type":"t","data":1})")
                                   << u"\"channel\" is required and must be a string"_s;
    QTest::addRow("empty channel") << QByteArray(R"({"channel":"","type":"t","data":1})")
                                   << u"\"channel\" must be 1 to 64 characters"_s;
    QTest::addRow("space in channel") << QByteArray(R"({"channel":"a b","type":"t","data":1})")
                                      << u"\"channel\" must be 1 to 64 characters"_s;
    QTest::addRow("non-ASCII channel")
        << QByteArray(R"({"channel":"n\u00e9ws","type":"t","data":1})")
        << u"\"channel\" must be 1 to 64 characters"_s;
    QTest::addRow("slash in channel") << QByteArray(R"({"channel":"a/b","type":"t","data":1})")
                                      << u"\"channel\" must be 1 to 64 characters"_s;

    QTest::addRow("missing type") << QByteArray(R"({"channel":"news","data":1})")
                                  << u"\"type\" is required and must be a string"_s;
    QTest::addRow("object type") << QByteArray(R"({"channel":"news","type":{},"data":1})")
                                 << u"\"type\" is required and must be a string"_s;
    QTest::addRow("forged newline in type")
        << QByteArray(R"({"channel":"news","type":"x\ndata: evil","data":1})")
        << u"\"type\" must be 1 to 64 characters from A-Z, a-z, 0-9, '.', '_' and '-'"_s;
    QTest::addRow("CR in type") << QByteArray(R"({"channel":"news","type":"x\r","data":1})")
                                << u"\"type\" must be 1 to 64 characters"_s;
    QTest::addRow("colon in type") << QByteArray(R"({"channel":"news","type":"a:b","data":1})")
                                   << u"\"type\" must be 1 to 64 characters"_s;

    QTest::addRow("missing data") << QByteArray(R"({"channel":"news","type":"t"})")
                                  << u"\"data\" is required (use null for an event without data)"_s;
    QTest::addRow("data key differs in case")
        << QByteArray(R"({"channel":"news","type":"t","Data":1})") << u"\"data\" is required"_s;
    // A known type in another shape: refused, naming the field (EventSchema).
    QTest::addRow("a score in a shape the page cannot show")
        << QByteArray(R"({"channel":"match-1","type":"score","data":{"home":7,"away":0}})")
        << u"\"data.home\" must be text of 1 to 100 characters"_s;
    QTest::addRow("a commentary as a plain string")
        << QByteArray(R"({"channel":"match-1","type":"commentary","data":"What a save!"})")
        << u"\"data\" of a commentary must be an object such as {\"text\""_s;
}

void tst_PublishRequest::parse()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, error);

    QString message;
    const auto request = PublishRequest::parse(body, &message);
    QCOMPARE(request.has_value(), error.isEmpty());
    if (error.isEmpty())
        return;
    QVERIFY2(message.contains(error), qPrintable(message));
}

void tst_PublishRequest::accepted_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("channel");
    QTest::addColumn<QString>("type");
    QTest::addColumn<QJsonValue>("data");

    QTest::addRow("object") << QByteArray(
        R"({"channel":"match-1","type":"goal-line","data":{"homeScore":2}})")
                            << u"match-1"_s << u"goal-line"_s
                            << QJsonValue(QJsonObject { { u"homeScore"_s, 2 } });
    QTest::addRow("a score as documented")
        << QByteArray(R"({"channel":"match-1","type":"score","data":{"home":"Riverside",
            "away":"Harbour City","homeScore":2,"awayScore":0,"minute":60}})")
        << u"match-1"_s << u"score"_s
        << QJsonValue(QJsonObject { { u"home"_s, u"Riverside"_s }, { u"away"_s, u"Harbour City"_s },
               { u"homeScore"_s, 2 }, { u"awayScore"_s, 0 }, { u"minute"_s, 60 } });
    QTest::addRow("null") << QByteArray(R"({"channel":"news","type":"t","data":null})") << u"news"_s
                          << u"t"_s << QJsonValue(QJsonValue::Null);
    QTest::addRow("string") << QByteArray(R"({"channel":"news","type":"t","data":"a\nb"})")
                            << u"news"_s << u"t"_s << QJsonValue(u"a\nb"_s);
    QTest::addRow("array") << QByteArray(R"({"data":[1,"x"],"type":"t","channel":"news"})")
                           << u"news"_s << u"t"_s << QJsonValue(QJsonArray { 1, u"x"_s });
    QTest::addRow("double") << QByteArray(R"({"channel":"news","type":"t","data":2.5})")
                            << u"news"_s << u"t"_s << QJsonValue(2.5);
    QTest::addRow("true") << QByteArray(R"({"channel":"news","type":"t","data":true})") << u"news"_s
                          << u"t"_s << QJsonValue(true);
}

void tst_PublishRequest::accepted()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, channel);
    QFETCH(QString, type);
    QFETCH(QJsonValue, data);

    QString message;
    const auto request = PublishRequest::parse(body, &message);
    QVERIFY2(request.has_value(), qPrintable(message));
    QCOMPARE(request->channel, channel);
    QCOMPARE(request->type, type);
    QCOMPARE(request->data, data);
}

void tst_PublishRequest::nameLimits_data()
{
    QTest::addColumn<QString>("channel");
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("error");

    QTest::addRow("channel of 1") << u"a"_s << u"t"_s << QString();
    QTest::addRow("channel of 64") << QString(64, u'c') << u"t"_s << QString();
    QTest::addRow("channel of 65")
        << QString(65, u'c') << u"t"_s << u"\"channel\" must be 1 to 64 characters"_s;
    QTest::addRow("type of 64") << u"news"_s << QString(64, u't') << QString();
    QTest::addRow("type of 65") << u"news"_s << QString(65, u't')
                                << u"\"type\" must be 1 to 64 characters"_s;
}

void tst_PublishRequest::nameLimits()
{
    QFETCH(QString, channel);
    QFETCH(QString, type);
    QFETCH(QString, error);

    const QByteArray body = QJsonDocument(QJsonObject {
                                              { u"channel"_s, channel },
                                              { u"type"_s, type },
                                              { u"data"_s, 1 },
                                          })
                                .toJson(QJsonDocument::Compact);
    QString message;
    const auto request = PublishRequest::parse(body, &message);
    QCOMPARE(request.has_value(), error.isEmpty());
    if (request) {
        QCOMPARE(request->channel, channel);
        QCOMPARE(request->type, type);
    } else {
        QVERIFY2(message.contains(error), qPrintable(message));
    }
}

void tst_PublishRequest::dataLimit_data()
{
    QTest::addColumn<QByteArray>("data"); // raw JSON text of the "data" member
    QTest::addColumn<bool>("accepted");

    constexpr qsizetype limit = PublishRequest::MaxDataBytes;
    static_assert(limit == 64 * 1024);

    // A string is sent as its raw text, so its UTF-8 size is what counts.
    QTest::addRow("string of exactly 64 KiB") << stringOfBytes(limit) << true;
    QTest::addRow("string one byte over") << stringOfBytes(limit + 1) << false;
    QTest::addRow("string far over") << stringOfBytes(4 * limit) << false;
    // 21846 three-byte characters: 65538 UTF-8 bytes, though only 21846 QChars.
    QTest::addRow("multi-byte characters count in bytes")
        << QByteArray('"' + QString(21846, QChar(0x20AC)).toUtf8() + '"') << false;
    QTest::addRow("multi-byte characters under the limit")
        << QByteArray('"' + QString(21845, QChar(0x20AC)).toUtf8() + '"') << true;
    // Escapes in the body do not count, the serialised data does: "\n" is one byte.
    QByteArray escaped = "\"";
    for (qsizetype i = 0; i < limit; ++i)
        escaped += "\\n";
    escaped += '"';
    QTest::addRow("escapes count once decoded") << escaped << true;

    // An object is sent as compact JSON: {"k":"...."} is 8 bytes plus the value.
    QTest::addRow("object of exactly 64 KiB once compact")
        << QByteArray(R"({ "k" : )" + stringOfBytes(limit - 8) + " }") << true;
    QTest::addRow("object one byte over once compact")
        << QByteArray(R"({"k":)" + stringOfBytes(limit - 7) + '}') << false;

    // Numbers are re-serialised: 1e15 becomes 1000000000000000 (16 bytes), so a body well
    // under the limit can carry data over it.
    QByteArray numbers = "[";
    for (int i = 0; i < 5000; ++i)
        numbers += "1e15,";
    numbers += "1]";
    QVERIFY(numbers.size() < limit);
    QTest::addRow("data over 64 KiB once serialised") << numbers << false;
}

void tst_PublishRequest::dataLimit()
{
    QFETCH(QByteArray, data);
    QFETCH(bool, accepted);

    QString message;
    const auto request = PublishRequest::parse(bodyWithData(data), &message);
    QCOMPARE(request.has_value(), accepted);
    if (request) {
        QVERIFY(SseEncoder::payloadText(request->data).size() <= PublishRequest::MaxDataBytes);
    } else {
        QCOMPARE(message, u"\"data\" is larger than 65536 bytes"_s);
    }
}

void tst_PublishRequest::invalidJsonNamesTheOffset()
{
    QString message;
    QVERIFY(!PublishRequest::parse(R"({"channel": nope})", &message));
    QVERIFY2(message.startsWith(u"invalid JSON: "_s), qPrintable(message));
    QVERIFY2(message.contains(u" at offset "_s), qPrintable(message));
    const qsizetype at = message.lastIndexOf(u' ');
    bool ok = false;
    const int offset = message.sliced(at + 1).toInt(&ok);
    QVERIFY2(ok, qPrintable(message));
    QVERIFY(offset > 0);
    QVERIFY(offset <= 17);
}

void tst_PublishRequest::channelIsCheckedBeforeType()
{
    QString message;
    QVERIFY(!PublishRequest::parse(R"({"channel":"a b","type":"c d"})", &message));
    QVERIFY2(message.startsWith(u"\"channel\""_s), qPrintable(message));

    QVERIFY(!PublishRequest::parse(R"({"channel":"news","type":"c d"})", &message));
    QVERIFY2(message.startsWith(u"\"type\""_s), qPrintable(message));
}

void tst_PublishRequest::extraFieldsAreIgnored()
{
    QString message;
    const auto request = PublishRequest::parse(
        R"({"channel":"news","type":"t","data":1,"id":"99","token":"x"})", &message);
    QVERIFY2(request.has_value(), qPrintable(message));
    QCOMPARE(request->data, QJsonValue(1));
}

QTEST_APPLESS_MAIN(tst_PublishRequest)
#include "tst_publishrequest.moc"
