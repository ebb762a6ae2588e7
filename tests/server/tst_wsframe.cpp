#include "protocol/wsframe.h"
#include "protocol/wsframereader.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

// A frame as a client sends it: masked (or not, to test the refusal), any opcode and FIN.
QByteArray clientFrame(quint8 opcode, const QByteArray &payload, bool fin = true,
    bool masked = true, quint8 reserved = 0)
{
    QByteArray out;
    out.append(char((fin ? 0x80 : 0) | reserved | opcode));
    const qsizetype size = payload.size();
    const char maskBit = masked ? char(0x80) : char(0);
    if (size < 126) {
        out.append(char(maskBit | size));
    } else if (size <= 0xFFFF) {
        out.append(char(maskBit | 126));
        out.append(char(size >> 8));
        out.append(char(size & 0xFF));
    } else {
        out.append(char(maskBit | 127));
        for (int shift = 56; shift >= 0; shift -= 8)
            out.append(char((quint64(size) >> shift) & 0xFF));
    }
    const QByteArray mask("\x12\x34\x56\x78", 4);
    if (masked)
        out += mask;
    for (qsizetype i = 0; i < size; ++i)
        out.append(masked ? char(payload.at(i) ^ mask.at(i % 4)) : payload.at(i));
    return out;
}

} // namespace

// RFC 6455 framing: what the server sends, and how it reads what clients send.
class tst_WsFrame final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void serverFramesAreUnmaskedAndWhole_data();
    void serverFramesAreUnmaskedAndWhole();
    void anEventIsOneTextFrameWithItsDataAsJson();
    void acceptKeyIsTheRfcExample();
    void clientKeys_data();
    void clientKeys();
    void readsMessagesAcrossAnyChunking();
    void reassemblesAFragmentedMessage();
    void controlFramesComeBetweenFragments();
    void badFramesFailWithACloseCode_data();
    void badFramesFailWithACloseCode();
    void nothingIsReadAfterAFailure();
    void aCloseReasonIsCutOnACharacter();
};

void tst_WsFrame::serverFramesAreUnmaskedAndWhole_data()
{
    QTest::addColumn<int>("size");
    QTest::addColumn<QByteArray>("header");
    QTest::newRow("7-bit") << 5 << QByteArray("\x81\x05", 2);
    QTest::newRow("125") << 125 << QByteArray("\x81\x7d", 2);
    QTest::newRow("16-bit") << 126 << QByteArray("\x81\x7e\x00\x7e", 4);
    QTest::newRow("64-bit") << 70000 << QByteArray("\x81\x7f\x00\x00\x00\x00\x00\x01\x11\x70", 10);
}

void tst_WsFrame::serverFramesAreUnmaskedAndWhole()
{
    QFETCH(int, size);
    QFETCH(QByteArray, header);
    const QByteArray payload(size, 'x');
    const QByteArray frame = WsFrame::text(payload);
    QCOMPARE(frame.left(header.size()), header);
    QCOMPARE(frame.mid(header.size()), payload);
}

void tst_WsFrame::anEventIsOneTextFrameWithItsDataAsJson()
{
    const QByteArray frame = WsFrame::event(
        43, u"news"_s, u"news-flash"_s, QJsonObject { { u"headline"_s, u"GOAL \"quoted\""_s } });
    const QByteArray payload = frame.mid(2);
    QCOMPARE(quint8(frame.at(0)), quint8(0x81));
    QCOMPARE(payload,
        QByteArray(
            R"({"id":"43","channel":"news","type":"news-flash","data":{"headline":"GOAL \"quoted\""}})"));
    // A string stays a JSON string (SSE would send it as the raw data line).
    QCOMPARE(WsFrame::event(1, u"c"_s, u"t"_s, u"two\nlines"_s).mid(2),
        QByteArray(R"({"id":"1","channel":"c","type":"t","data":"two\nlines"})"));
    // When it was stored, last, in UTC with milliseconds, whatever zone it was given in.
    const QDateTime stored(QDate(2026, 12, 2), QTime(14, 5, 9, 42), Qt::UTC);
    QCOMPARE(WsFrame::event(7, u"c"_s, u"t"_s, 1, stored.toLocalTime()).mid(2),
        QByteArray(
            R"({"id":"7","channel":"c","type":"t","data":1,"time":"2026-12-02T14:05:09.042Z"})"));
}

void tst_WsFrame::acceptKeyIsTheRfcExample()
{
    // RFC 6455 §1.3.
    QCOMPARE(
        WsFrame::acceptKey("dGhlIHNhbXBsZSBub25jZQ=="), QByteArray("s3pPLMBiTxaQ9kYGzzhZRbK+xOo="));
}

void tst_WsFrame::clientKeys_data()
{
    QTest::addColumn<QByteArray>("key");
    QTest::addColumn<bool>("valid");
    QTest::newRow("rfc") << QByteArray("dGhlIHNhbXBsZSBub25jZQ==") << true;
    QTest::newRow("empty") << QByteArray() << false;
    QTest::newRow("15 bytes") << QByteArray("dGhlIHNhbXBsZSBub25j") << false;
    QTest::newRow("not base64") << QByteArray("dGhlIHNhbXBsZSBub25j!!==") << false;
}

void tst_WsFrame::clientKeys()
{
    QFETCH(QByteArray, key);
    QFETCH(bool, valid);
    QCOMPARE(WsFrame::isValidClientKey(key), valid);
}

void tst_WsFrame::readsMessagesAcrossAnyChunking()
{
    const QByteArray wire = clientFrame(WsFrame::Text, R"({"subscribe":["a"]})")
        + clientFrame(WsFrame::Ping, "hi") + clientFrame(WsFrame::Text, QByteArray(300, 'y'));
    for (int step = 1; step <= wire.size(); step = step * 2 + 1) {
        WsFrameReader reader;
        QList<WsFrameReader::Message> got;
        for (qsizetype at = 0; at < wire.size(); at += step)
            got += reader.feed(
                QByteArrayView(wire).sliced(at, qMin<qsizetype>(step, wire.size() - at)));
        QVERIFY(!reader.failed());
        QCOMPARE(got.size(), 3);
        QCOMPARE(got.at(0).opcode, quint8(WsFrame::Text));
        QCOMPARE(got.at(0).payload, QByteArray(R"({"subscribe":["a"]})"));
        QCOMPARE(got.at(1).opcode, quint8(WsFrame::Ping));
        QCOMPARE(got.at(1).payload, QByteArray("hi"));
        QCOMPARE(got.at(2).payload, QByteArray(300, 'y'));
    }
}

void tst_WsFrame::reassemblesAFragmentedMessage()
{
    WsFrameReader reader;
    const QByteArray wire = clientFrame(WsFrame::Text, "{\"subs", false)
        + clientFrame(WsFrame::Continuation, "cribe\":", false)
        + clientFrame(WsFrame::Continuation, "[]}", true);
    const auto got = reader.feed(wire);
    QCOMPARE(got.size(), 1);
    QCOMPARE(got.first().payload, QByteArray(R"({"subscribe":[]})"));
}

void tst_WsFrame::controlFramesComeBetweenFragments()
{
    WsFrameReader reader;
    const QByteArray wire = clientFrame(WsFrame::Text, "ab", false) + clientFrame(WsFrame::Pong, "")
        + clientFrame(WsFrame::Continuation, "cd");
    const auto got = reader.feed(wire);
    QCOMPARE(got.size(), 2);
    QCOMPARE(got.at(0).opcode, quint8(WsFrame::Pong));
    QCOMPARE(got.at(1).payload, QByteArray("abcd"));
}

void tst_WsFrame::badFramesFailWithACloseCode_data()
{
    QTest::addColumn<QByteArray>("wire");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("reason");
    QTest::newRow("unmasked") << clientFrame(WsFrame::Text, "x", true, false) << 1002
                              << u"masked"_s;
    QTest::newRow("reserved bits")
        << clientFrame(WsFrame::Text, "x", true, true, 0x40) << 1002 << u"reserved"_s;
    QTest::newRow("binary") << clientFrame(WsFrame::Binary, "\x01\x02") << 1003 << u"binary"_s;
    QTest::newRow("over 4 KiB") << clientFrame(WsFrame::Text, QByteArray(4097, 'x')) << 1008
                                << u"4096"_s;
    // Refused from its header: the 4 GiB never need to arrive.
    QTest::newRow("announced 4 GiB")
        << QByteArray("\x81\xff\x00\x00\x00\x01\x00\x00\x00\x00", 10) << 1008 << u"4096"_s;
    QTest::newRow("fragments over 4 KiB")
        << clientFrame(WsFrame::Text, QByteArray(3000, 'x'), false)
            + clientFrame(WsFrame::Continuation, QByteArray(3000, 'x'))
        << 1008 << u"4096"_s;
    QTest::newRow("long ping") << clientFrame(WsFrame::Ping, QByteArray(126, 'p')) << 1002
                               << u"control"_s;
    QTest::newRow("fragmented close")
        << clientFrame(WsFrame::Close, "", false) << 1002 << u"control"_s;
    QTest::newRow("lone continuation")
        << clientFrame(WsFrame::Continuation, "x") << 1002 << u"continuation"_s;
    QTest::newRow("message inside a message")
        << clientFrame(WsFrame::Text, "a", false) + clientFrame(WsFrame::Text, "b") << 1002
        << u"inside"_s;
    QTest::newRow("unknown opcode") << clientFrame(0x3, "x") << 1002 << u"opcode"_s;
}

void tst_WsFrame::badFramesFailWithACloseCode()
{
    QFETCH(QByteArray, wire);
    QFETCH(int, code);
    QFETCH(QString, reason);
    WsFrameReader reader;
    QVERIFY(reader.feed(wire).isEmpty());
    QVERIFY(reader.failed());
    QCOMPARE(int(reader.closeCode()), code);
    QVERIFY2(reader.error().contains(reason), qPrintable(reader.error()));
}

void tst_WsFrame::nothingIsReadAfterAFailure()
{
    WsFrameReader reader;
    QVERIFY(reader.feed(clientFrame(WsFrame::Binary, "x")).isEmpty());
    QVERIFY(reader.feed(clientFrame(WsFrame::Text, "fine")).isEmpty());
    QCOMPARE(int(reader.closeCode()), 1003);
}

void tst_WsFrame::aCloseReasonIsCutOnACharacter()
{
    const QByteArray reason = QString(70, u'中').toUtf8(); // 210 bytes
    const QByteArray frame = WsFrame::close(1008, reason);
    const QByteArray body = frame.mid(2);
    QVERIFY(body.size() <= 125);
    QCOMPARE(body.left(2), QByteArray("\x03\xf0", 2));
    QCOMPARE(QString::fromUtf8(body.mid(2)), QString(41, u'中')); // 123 bytes hold 41
}

QTEST_GUILESS_MAIN(tst_WsFrame)
#include "tst_wsframe.moc"
