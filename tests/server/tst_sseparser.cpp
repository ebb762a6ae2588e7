#include "protocol/sseparser.h"

#include <QTest>

namespace {

// Compact form for tables: "type|id|data" per event.
QByteArrayList describe(const QList<SseEvent> &events)
{
    QByteArrayList out;
    for (const SseEvent &e : events)
        out << e.type + '|' + e.id.value_or(QByteArray()) + '|' + e.data;
    return out;
}

} // namespace

class tst_SseParser final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parse_data();
    void parse();
    void retry_data();
    void retry();
    void comments();
    void oversizedLineIsAnError();
    void resetKeepsLastEventId();
};

void tst_SseParser::parse_data()
{
    QTest::addColumn<QByteArrayList>("chunks");
    QTest::addColumn<QByteArrayList>("expected");
    QTest::addColumn<QByteArray>("lastEventId");

    QTest::addRow("simple") << QByteArrayList { "data: hello\n\n" }
                            << QByteArrayList { "message||hello" } << QByteArray();
    QTest::addRow("LF lines") << QByteArrayList { "data: a\ndata: b\n\n" }
                              << QByteArrayList { "message||a\nb" } << QByteArray();
    QTest::addRow("CR lines") << QByteArrayList { "data: a\rdata: b\r\r" }
                              << QByteArrayList { "message||a\nb" } << QByteArray();
    QTest::addRow("CRLF lines") << QByteArrayList { "data: a\r\ndata: b\r\n\r\n" }
                                << QByteArrayList { "message||a\nb" } << QByteArray();
    QTest::addRow("CRLF split across chunks")
        << QByteArrayList { "data: a\r", "\n\r", "\ndata: b\r", "\n\r\n" }
        << QByteArrayList { "message||a", "message||b" } << QByteArray();
    QTest::addRow("CR at chunk end then data")
        << QByteArrayList { "data: a\r", "data: b\r\r" } << QByteArrayList { "message||a\nb" }
        << QByteArray();
    QTest::addRow("mixed line ends") << QByteArrayList { "data: 1\r\ndata: 2\rdata: 3\n\r\n" }
                                     << QByteArrayList { "message||1\n2\n3" } << QByteArray();
    QTest::addRow("leading BOM skipped") << QByteArrayList { "\xEF\xBB\xBF"
                                                             "data: x\n\n" }
                                         << QByteArrayList { "message||x" } << QByteArray();
    QTest::addRow("BOM split across chunks") << QByteArrayList { "\xEF", "\xBB",
        "\xBF"
        "data: x\n\n" } << QByteArrayList { "message||x" }
                                             << QByteArray();
    QTest::addRow("second BOM is not skipped") << QByteArrayList { "\xEF\xBB\xBF\xEF\xBB\xBF"
                                                                   "data: x\n\ndata: y\n\n" }
                                               << QByteArrayList { "message||y" } << QByteArray();
    QTest::addRow("comment ignored") << QByteArrayList { ": hello\ndata: x\n\n" }
                                     << QByteArrayList { "message||x" } << QByteArray();
    QTest::addRow("no space after colon")
        << QByteArrayList { "data:x\n\n" } << QByteArrayList { "message||x" } << QByteArray();
    QTest::addRow("only one space stripped")
        << QByteArrayList { "data:  x\n\n" } << QByteArrayList { "message|| x" } << QByteArray();
    QTest::addRow("field without colon")
        << QByteArrayList { "data\n\n" } << QByteArrayList { "message||" } << QByteArray();
    QTest::addRow("empty data line") << QByteArrayList { "data:\ndata: b\n\n" }
                                     << QByteArrayList { "message||\nb" } << QByteArray();
    QTest::addRow("named type") << QByteArrayList { "event: score\ndata: 1\n\n" }
                                << QByteArrayList { "score||1" } << QByteArray();
    QTest::addRow("empty event type is message") << QByteArrayList { "event:\ndata: 1\n\n" }
                                                 << QByteArrayList { "message||1" } << QByteArray();
    QTest::addRow("type resets after dispatch")
        << QByteArrayList { "event: score\ndata: 1\n\ndata: 2\n\n" }
        << QByteArrayList { "score||1", "message||2" } << QByteArray();
    QTest::addRow("field names are case-sensitive")
        << QByteArrayList { "Data: x\nDATA: y\ndata: z\n\n" } << QByteArrayList { "message||z" }
        << QByteArray();
    QTest::addRow("unknown fields ignored") << QByteArrayList { "foo: bar\ndata: y\n\n" }
                                            << QByteArrayList { "message||y" } << QByteArray();
    QTest::addRow("id carries over")
        << QByteArrayList { "id: 5\ndata: a\n\ndata: b\n\n" }
        << QByteArrayList { "message|5|a", "message|5|b" } << QByteArray("5");
    QTest::addRow("id with NUL ignored")
        << QByteArrayList { "id: 1\ndata: a\n\n",
               QByteArray("id: 2\0x\ndata: b\n\n", sizeof("id: 2\0x\ndata: b\n\n") - 1) }
        << QByteArrayList { "message|1|a", "message|1|b" } << QByteArray("1");
    QTest::addRow("empty id resets")
        << QByteArrayList { "id: 1\ndata: a\n\nid\ndata: b\n\n" }
        << QByteArrayList { "message|1|a", "message||b" } << QByteArray();
    QTest::addRow("block without data sets id only")
        << QByteArrayList { "id: 9\n\n" } << QByteArrayList {} << QByteArray("9");
    QTest::addRow("unterminated event discarded")
        << QByteArrayList { "data: a\n\ndata: b\n" } << QByteArrayList { "message||a" }
        << QByteArray();
    QTest::addRow("unicode split mid-character")
        << QByteArrayList { "data: \xE8\xBF", "\x9B\xE7\x90\x83\n\n" }
        << QByteArrayList { "message||进球" } << QByteArray();
    QTest::addRow("byte by byte is the same") << QByteArrayList {
        "i", "d", ":", " ", "7", "\r", "\n", "d", "a", "t", "a", ":", "x", "\r", "\n", "\r", "\n"
    } << QByteArrayList { "message|7|x" } << QByteArray("7");
}

void tst_SseParser::parse()
{
    QFETCH(QByteArrayList, chunks);
    QFETCH(QByteArrayList, expected);
    QFETCH(QByteArray, lastEventId);

    SseParser parser;
    QList<SseEvent> events;
    for (const QByteArray &chunk : std::as_const(chunks))
        events += parser.feed(chunk);
    QCOMPARE(describe(events), expected);
    QCOMPARE(parser.lastEventId(), lastEventId);
    QVERIFY(!parser.hasError());
}

void tst_SseParser::retry_data()
{
    QTest::addColumn<QByteArray>("stream");
    QTest::addColumn<int>("expected");

    QTest::addRow("digits") << QByteArray("retry: 1500\n") << 1500;
    QTest::addRow("no space") << QByteArray("retry:250\n") << 250;
    QTest::addRow("not digits ignored") << QByteArray("retry: 15x\n") << -1;
    QTest::addRow("negative ignored") << QByteArray("retry: -5\n") << -1;
    QTest::addRow("empty ignored") << QByteArray("retry:\n") << -1;
    QTest::addRow("later valid wins") << QByteArray("retry: 10\nretry: abc\nretry: 20\n") << 20;
    QTest::addRow("garbage after digits is ignored, without overflow")
        << QByteArray("retry: 3" + QByteArray(40, '\xff') + "\n") << -1;
    QTest::addRow("huge saturates")
        << QByteArray("retry: 99999999999999999999\n") << std::numeric_limits<int>::max();
}

void tst_SseParser::retry()
{
    QFETCH(QByteArray, stream);
    QFETCH(int, expected);
    SseParser parser;
    parser.feed(stream);
    QCOMPARE(parser.retryMs(), expected);
}

void tst_SseParser::comments()
{
    SseParser parser;
    parser.feed(": keep-alive\n\n:\n: x\r\n");
    QCOMPARE(parser.commentCount(), 3);
}

void tst_SseParser::oversizedLineIsAnError()
{
    SseParser parser(1024);
    parser.feed(QByteArray("data: " + QByteArray(2000, 'x')));
    QVERIFY(parser.hasError());
    QVERIFY(parser.feed("\n\n").isEmpty());

    SseParser manyLines(1024);
    QByteArray stream;
    for (int i = 0; i < 100; ++i)
        stream += "data: " + QByteArray(50, 'y') + '\n';
    manyLines.feed(stream);
    QVERIFY(manyLines.hasError());
}

void tst_SseParser::resetKeepsLastEventId()
{
    SseParser parser;
    parser.feed("retry: 100\nid: 3\ndata: a\n\ndata: half");
    parser.resetStream();
    const QList<SseEvent> events = parser.feed("data: b\n\n");
    QCOMPARE(events.size(), 1);
    QCOMPARE(events.constFirst().data, QByteArray("b"));
    QCOMPARE(parser.lastEventId(), QByteArray("3"));
    QCOMPARE(parser.retryMs(), 100);
}

QTEST_APPLESS_MAIN(tst_SseParser)
#include "tst_sseparser.moc"
