#include "protocol/sseencoder.h"
#include "protocol/sseparser.h"

#include <QTest>

class tst_SseEncoder final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void encode_data();
    void encode();
    void comment();
    void retry();
    void roundTrip_data();
    void roundTrip();
};

void tst_SseEncoder::encode_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<QByteArray>("type");
    QTest::addColumn<QByteArray>("id");
    QTest::addColumn<QByteArray>("expected");

    QTest::addRow("single line") << QByteArray("hello") << QByteArray() << QByteArray()
                                 << QByteArray("data: hello\n\n");
    QTest::addRow("multi-line LF")
        << QByteArray("a\nb") << QByteArray() << QByteArray() << QByteArray("data: a\ndata: b\n\n");
    QTest::addRow("CRLF") << QByteArray("a\r\nb") << QByteArray() << QByteArray()
                          << QByteArray("data: a\ndata: b\n\n");
    QTest::addRow("CR only") << QByteArray("a\rb\rc") << QByteArray() << QByteArray()
                             << QByteArray("data: a\ndata: b\ndata: c\n\n");
    QTest::addRow("trailing newline")
        << QByteArray("a\n") << QByteArray() << QByteArray() << QByteArray("data: a\ndata:\n\n");
    QTest::addRow("empty data") << QByteArray() << QByteArray() << QByteArray()
                                << QByteArray("data:\n\n");
    QTest::addRow("empty line inside") << QByteArray("a\n\nb") << QByteArray() << QByteArray()
                                       << QByteArray("data: a\ndata:\ndata: b\n\n");
    QTest::addRow("id and type") << QByteArray("{\"home\":1}") << QByteArray("score")
                                 << QByteArray("42")
                                 << QByteArray("id: 42\nevent: score\ndata: {\"home\":1}\n\n");
    QTest::addRow("unicode") << QByteArray("进球 ⚽ Müller") << QByteArray("news-flash")
                             << QByteArray()
                             << QByteArray("event: news-flash\ndata: 进球 ⚽ Müller\n\n");
    QTest::addRow("id cannot break framing")
        << QByteArray("x") << QByteArray() << QByteArray("4\r\n2\0", 5)
        << QByteArray("id: 42\ndata: x\n\n");
    QTest::addRow("type cannot break framing")
        << QByteArray("x") << QByteArray("a\ndata: forged") << QByteArray()
        << QByteArray("event: adata: forged\ndata: x\n\n");
    QTest::addRow("NUL kept in type, dropped from id")
        << QByteArray("x") << QByteArray("a\0b", 3) << QByteArray("1\0", 2)
        << QByteArray(
               "id: 1\nevent: a\0b\ndata: x\n\n", sizeof("id: 1\nevent: a\0b\ndata: x\n\n") - 1);
    QTest::addRow("leading space kept") << QByteArray(" indented") << QByteArray() << QByteArray()
                                        << QByteArray("data:  indented\n\n");
}

void tst_SseEncoder::encode()
{
    QFETCH(QByteArray, data);
    QFETCH(QByteArray, type);
    QFETCH(QByteArray, id);
    QFETCH(QByteArray, expected);
    SseEvent event;
    event.data = data;
    event.type = type;
    if (!id.isEmpty())
        event.id = id;
    QCOMPARE(SseEncoder::encode(event), expected);
}

void tst_SseEncoder::comment()
{
    QCOMPARE(SseEncoder::comment("keep-alive"), QByteArray(": keep-alive\n\n"));
    QCOMPARE(SseEncoder::comment("two\nlines"), QByteArray(": two lines\n\n"));
}

void tst_SseEncoder::retry()
{
    QCOMPARE(SseEncoder::retry(3000), QByteArray("retry: 3000\n\n"));
    QCOMPARE(SseEncoder::retry(-5), QByteArray("retry: 0\n\n"));
    SseEvent event;
    event.data = "x";
    event.retryMs = 1500;
    QCOMPARE(SseEncoder::encode(event), QByteArray("retry: 1500\ndata: x\n\n"));
}

void tst_SseEncoder::roundTrip_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<QByteArray>("expected"); // what a client sees: line ends become LF

    QTest::addRow("plain") << QByteArray("hello") << QByteArray("hello");
    QTest::addRow("json") << QByteArray(R"({"a":[1,2],"b":"c: d"})")
                          << QByteArray(R"({"a":[1,2],"b":"c: d"})");
    QTest::addRow("LF") << QByteArray("a\nb\nc") << QByteArray("a\nb\nc");
    QTest::addRow("CRLF") << QByteArray("a\r\nb") << QByteArray("a\nb");
    QTest::addRow("CR") << QByteArray("a\rb") << QByteArray("a\nb");
    QTest::addRow("trailing LF") << QByteArray("a\n") << QByteArray("a\n");
    QTest::addRow("only newlines") << QByteArray("\n\n") << QByteArray("\n\n");
    QTest::addRow("empty") << QByteArray() << QByteArray();
    QTest::addRow("colon and spaces")
        << QByteArray(": not a comment ") << QByteArray(": not a comment ");
    QTest::addRow("unicode") << QByteArray("比分 2:1 — GOAL") << QByteArray("比分 2:1 — GOAL");
    QTest::addRow("BOM inside data") << QByteArray("\xEF\xBB\xBFx") << QByteArray("\xEF\xBB\xBFx");
}

void tst_SseEncoder::roundTrip()
{
    QFETCH(QByteArray, data);
    QFETCH(QByteArray, expected);
    SseEvent event;
    event.data = data;
    event.type = "commentary";
    event.id = "17";

    // Fed byte by byte, so every split point in the framing is exercised too.
    const QByteArray wire = SseEncoder::encode(event) + SseEncoder::encode(event);
    SseParser parser;
    QList<SseEvent> received;
    for (const char c : wire)
        received += parser.feed(QByteArrayView(&c, 1));
    QCOMPARE(received.size(), 2);
    for (const SseEvent &got : std::as_const(received)) {
        QCOMPARE(got.data, expected);
        QCOMPARE(got.type, QByteArray("commentary"));
        QCOMPARE(got.id, std::optional<QByteArray>("17"));
    }
}

QTEST_APPLESS_MAIN(tst_SseEncoder)
#include "tst_sseencoder.moc"
