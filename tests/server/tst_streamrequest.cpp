#include "http/publishrequest.h"
#include "http/streamrequest.h"

#include <QJsonArray>
#include <QTest>
#include <QUrl>

using namespace Qt::StringLiterals;

// The two parsers of untrusted request input: the GET /events query with Last-Event-ID, and
// the POST /api/events body.
class tst_StreamRequest final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parse_data();
    void parse();
    void eventId_data();
    void eventId();
    void publishBody_data();
    void publishBody();
};

void tst_StreamRequest::parse_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<QStringList>("channels");
    QTest::addColumn<qint64>("lastId"); // -1: absent
    QTest::addColumn<bool>("error");

    QTest::addRow("nothing") << QString() << QByteArray() << QStringList() << -1LL << false;
    QTest::addRow("one channel") << u"channel=news"_s << QByteArray() << QStringList { u"news"_s }
                                 << -1LL << false;
    QTest::addRow("repeated") << u"channel=match-1&channel=news"_s << QByteArray()
                              << QStringList { u"match-1"_s, u"news"_s } << -1LL << false;
    QTest::addRow("comma list") << u"channel=a,b"_s << QByteArray()
                                << QStringList { u"a"_s, u"b"_s } << -1LL << false;
    QTest::addRow("percent-encoded")
        << u"channel=match%2D1"_s << QByteArray() << QStringList { u"match-1"_s } << -1LL << false;
    QTest::addRow("bad channel") << u"channel=a%20b"_s << QByteArray() << QStringList() << -1LL
                                 << true;
    QTest::addRow("empty channel")
        << u"channel="_s << QByteArray() << QStringList() << -1LL << true;
    QTest::addRow("newline in channel")
        << u"channel=a%0Ab"_s << QByteArray() << QStringList() << -1LL << true;
    QTest::addRow("header id") << QString() << QByteArray("42") << QStringList() << 42LL << false;
    QTest::addRow("query id") << u"lastEventId=7"_s << QByteArray() << QStringList() << 7LL
                              << false;
    QTest::addRow("header wins over query")
        << u"lastEventId=7"_s << QByteArray("9") << QStringList() << 9LL << false;
    QTest::addRow("malformed header falls back to query")
        << u"lastEventId=7"_s << QByteArray("x9") << QStringList() << 7LL << false;
    QTest::addRow("malformed header is absent")
        << QString() << QByteArray("1e3") << QStringList() << -1LL << false;
    QTest::addRow("header with CR is absent")
        << QString() << QByteArray("4\r2") << QStringList() << -1LL << false;
    QTest::addRow("header with NUL is absent") << QString()
                                               << QByteArray("4\0"
                                                             "2",
                                                      3)
                                               << QStringList() << -1LL << false;
    QTest::addRow("negative is absent")
        << u"lastEventId=-1"_s << QByteArray() << QStringList() << -1LL << false;
}

void tst_StreamRequest::parse()
{
    QFETCH(QString, query);
    QFETCH(QByteArray, header);
    QFETCH(QStringList, channels);
    QFETCH(qint64, lastId);
    QFETCH(bool, error);

    QString message;
    const auto parsed = StreamRequest::parse(QUrlQuery(query), header, &message);
    QCOMPARE(!parsed, error);
    QCOMPARE(message.isEmpty(), !error);
    if (error)
        return;
    const StreamRequest &request = *parsed;
    QStringList got = request.channels.values();
    got.sort();
    QCOMPARE(got, channels);
    QCOMPARE(request.lastEventId.has_value(), lastId >= 0);
    if (lastId >= 0)
        QCOMPARE(*request.lastEventId, quint64(lastId));
}

void tst_StreamRequest::eventId_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<quint64>("value");
    QTest::addRow("zero") << QByteArray("0") << true << quint64(0);
    QTest::addRow("max") << QByteArray("18446744073709551615") << true
                         << std::numeric_limits<quint64>::max();
    QTest::addRow("overflow") << QByteArray("18446744073709551616") << false << quint64(0);
    QTest::addRow("21 digits") << QByteArray("000000000000000000001") << false << quint64(0);
    QTest::addRow("space") << QByteArray(" 5") << false << quint64(0);
    QTest::addRow("plus") << QByteArray("+5") << false << quint64(0);
    QTest::addRow("empty") << QByteArray() << false << quint64(0);
}

void tst_StreamRequest::eventId()
{
    QFETCH(QByteArray, text);
    QFETCH(bool, valid);
    QFETCH(quint64, value);
    const auto parsed = StreamRequest::parseEventId(text);
    QCOMPARE(parsed.has_value(), valid);
    if (valid)
        QCOMPARE(*parsed, value);
}

void tst_StreamRequest::publishBody_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("error"); // empty: accepted

    QTest::addRow("valid") << QByteArray(
        R"({"channel":"news","type":"news-flash","data":{"headline":"GOAL!"}})")
                           << QString();
    QTest::addRow("null data") << QByteArray(R"({"channel":"news","type":"t","data":null})")
                               << QString();
    QTest::addRow("string data") << QByteArray(R"({"channel":"news","type":"t","data":"a\nb"})")
                                 << QString();
    QTest::addRow("not JSON") << QByteArray("{nope") << u"invalid JSON"_s;
    QTest::addRow("empty body") << QByteArray() << u"invalid JSON"_s;
    QTest::addRow("array") << QByteArray("[1]") << u"must be a JSON object"_s;
    QTest::addRow("missing channel")
        << QByteArray(R"({"type":"t","data":1})") << u"\"channel\" is required"_s;
    QTest::addRow("number channel")
        << QByteArray(R"({"channel":5,"type":"t","data":1})") << u"\"channel\" is required"_s;
    QTest::addRow("bad channel") << QByteArray(R"({"channel":"a b","type":"t","data":1})")
                                 << u"\"channel\" must be 1 to 64"_s;
    QTest::addRow("forged newline in type")
        << QByteArray(R"({"channel":"news","type":"x\ndata: evil","data":1})")
        << u"\"type\" must be 1 to 64"_s;
    QTest::addRow("missing data") << QByteArray(R"({"channel":"news","type":"t"})")
                                  << u"\"data\" is required"_s;
    QByteArray big = R"({"channel":"news","type":"t","data":[)";
    for (int i = 0; i < 5000; ++i)
        big += "1e15,";
    big += "1]}";
    QTest::addRow("data over 64 KiB once serialised") << big << u"larger than 65536"_s;
}

void tst_StreamRequest::publishBody()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, error);
    QString message;
    const auto request = PublishRequest::parse(body, &message);
    QCOMPARE(request.has_value(), error.isEmpty());
    if (!error.isEmpty())
        QVERIFY2(message.contains(error), qPrintable(message));
}

QTEST_APPLESS_MAIN(tst_StreamRequest)
#include "tst_streamrequest.moc"
