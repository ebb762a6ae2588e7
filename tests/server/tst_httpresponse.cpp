#include "http/httpresponse.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(HttpResponse)

namespace {

struct Parsed
{
    QByteArray statusLine;
    QList<QPair<QByteArray, QByteArray>> headers; // in order
    QByteArray body;
    bool hasBlankLine = false;

    QByteArray header(const QByteArray &name) const
    {
        for (const auto &[n, v] : headers) {
            if (n.compare(name, Qt::CaseInsensitive) == 0)
                return v;
        }
        return {};
    }
    int count(const QByteArray &name) const
    {
        int n = 0;
        for (const auto &header : headers)
            n += header.first.compare(name, Qt::CaseInsensitive) == 0 ? 1 : 0;
        return n;
    }
};

// Splits serialised bytes the way a client would: CRLF lines up to the blank line, then body.
Parsed parse(const QByteArray &bytes)
{
    Parsed p;
    const qsizetype end = bytes.indexOf("\r\n\r\n");
    p.hasBlankLine = end >= 0;
    const QByteArray head = end < 0 ? bytes : bytes.first(end);
    p.body = end < 0 ? QByteArray() : bytes.sliced(end + 4);
    const QList<QByteArray> lines = head.split('\n');
    p.statusLine = lines.constFirst().chopped(lines.size() > 1 ? 1 : 0);
    for (qsizetype i = 1; i < lines.size(); ++i) {
        QByteArray line = lines.at(i);
        if (line.endsWith('\r'))
            line.chop(1);
        const qsizetype colon = line.indexOf(": ");
        p.headers.append({ line.first(colon < 0 ? line.size() : colon),
            colon < 0 ? QByteArray() : line.sliced(colon + 2) });
    }
    return p;
}

} // namespace

// The one place every answer outside a stream is built: status line, common headers, body.
class tst_HttpResponse final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void reasonPhrase_data();
    void reasonPhrase();
    void statusLine_data();
    void statusLine();
    void exactBytes();
    void commonHeaders_data();
    void commonHeaders();
    void contentLengthCountsBytes_data();
    void contentLengthCountsBytes();
    void noContentTypeWithoutOne();
    void extraHeadersFollowTheCommonOnes();
    void headKeepsContentLengthWithoutBody_data();
    void headKeepsContentLengthWithoutBody();
    void jsonIsCompact();
    void error_data();
    void error();
    void defaults();
};

void tst_HttpResponse::reasonPhrase_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("reason");

    QTest::addRow("100") << 100 << QByteArray("Continue");
    QTest::addRow("200") << 200 << QByteArray("OK");
    QTest::addRow("201") << 201 << QByteArray("Created");
    QTest::addRow("204") << 204 << QByteArray("No Content");
    QTest::addRow("400") << 400 << QByteArray("Bad Request");
    QTest::addRow("401") << 401 << QByteArray("Unauthorized");
    QTest::addRow("403") << 403 << QByteArray("Forbidden");
    QTest::addRow("404") << 404 << QByteArray("Not Found");
    QTest::addRow("405") << 405 << QByteArray("Method Not Allowed");
    QTest::addRow("408") << 408 << QByteArray("Request Timeout");
    QTest::addRow("409") << 409 << QByteArray("Conflict");
    QTest::addRow("411") << 411 << QByteArray("Length Required");
    QTest::addRow("413") << 413 << QByteArray("Payload Too Large");
    QTest::addRow("415") << 415 << QByteArray("Unsupported Media Type");
    QTest::addRow("417") << 417 << QByteArray("Expectation Failed");
    QTest::addRow("422") << 422 << QByteArray("Unprocessable Content");
    QTest::addRow("429") << 429 << QByteArray("Too Many Requests");
    QTest::addRow("431") << 431 << QByteArray("Request Header Fields Too Large");
    QTest::addRow("500") << 500 << QByteArray("Internal Server Error");
    QTest::addRow("501") << 501 << QByteArray("Not Implemented");
    QTest::addRow("503") << 503 << QByteArray("Service Unavailable");
    QTest::addRow("505") << 505 << QByteArray("HTTP Version Not Supported");
    QTest::addRow("507") << 507 << QByteArray("Insufficient Storage");
    // Codes without their own phrase: a generic one by class.
    QTest::addRow("unknown 2xx") << 299 << QByteArray("OK");
    QTest::addRow("unknown 4xx") << 418 << QByteArray("Error");
    QTest::addRow("unknown 5xx") << 599 << QByteArray("Error");
}

void tst_HttpResponse::reasonPhrase()
{
    QFETCH(int, status);
    QFETCH(QByteArray, reason);
    QCOMPARE(HttpResponse::reasonPhrase(status), reason);
}

void tst_HttpResponse::statusLine_data()
{
    reasonPhrase_data();
}

void tst_HttpResponse::statusLine()
{
    QFETCH(int, status);
    QFETCH(QByteArray, reason);

    HttpResponse response;
    response.status = status;
    const QByteArray bytes = response.serialize();
    const QByteArray expected = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason;
    QVERIFY(bytes.startsWith(QByteArray(expected + "\r\n")));
    QCOMPARE(parse(bytes).statusLine, expected);
}

void tst_HttpResponse::exactBytes()
{
    const HttpResponse response { 404, "text/plain", "gone", { { "X-Extra", "1" } } };
    QCOMPARE(response.serialize(),
        QByteArray("HTTP/1.1 404 Not Found\r\n"
                   "Content-Type: text/plain\r\n"
                   "Content-Length: 4\r\n"
                   "Access-Control-Allow-Origin: *\r\n"
                   "Cache-Control: no-store\r\n"
                   "X-Content-Type-Options: nosniff\r\n"
                   "Connection: close\r\n"
                   "X-Extra: 1\r\n"
                   "\r\n"
                   "gone"));
    QCOMPARE(response.serialize(true),
        QByteArray("HTTP/1.1 404 Not Found\r\n"
                   "Content-Type: text/plain\r\n"
                   "Content-Length: 4\r\n"
                   "Access-Control-Allow-Origin: *\r\n"
                   "Cache-Control: no-store\r\n"
                   "X-Content-Type-Options: nosniff\r\n"
                   "Connection: close\r\n"
                   "X-Extra: 1\r\n"
                   "\r\n"));
}

void tst_HttpResponse::commonHeaders_data()
{
    QTest::addColumn<HttpResponse>("response");

    QTest::addRow("empty 204") << HttpResponse { 204, {}, {}, {} };
    QTest::addRow("json 200") << HttpResponse::json(200, QJsonObject { { u"ok"_s, true } });
    QTest::addRow("error 413") << HttpResponse::error(413, u"too big"_s);
    QTest::addRow("html with extra headers") << HttpResponse { 200, "text/html; charset=utf-8",
        "<p>hi</p>", { { "ETag", "\"1\"" }, { "Vary", "Origin" } } };
}

void tst_HttpResponse::commonHeaders()
{
    QFETCH(HttpResponse, response);

    for (const bool headOnly : { false, true }) {
        const Parsed p = parse(response.serialize(headOnly));
        QVERIFY(p.hasBlankLine);
        QCOMPARE(p.header("Content-Length"), QByteArray::number(response.body.size()));
        QCOMPARE(p.header("Access-Control-Allow-Origin"), QByteArray("*"));
        QCOMPARE(p.header("Cache-Control"), QByteArray("no-store"));
        QCOMPARE(p.header("X-Content-Type-Options"), QByteArray("nosniff"));
        QCOMPARE(p.header("Connection"), QByteArray("close"));
        for (const char *name : { "Content-Length", "Access-Control-Allow-Origin", "Cache-Control",
                 "X-Content-Type-Options", "Connection" }) {
            QCOMPARE(p.count(name), 1);
        }
        for (const auto &[name, value] : response.headers)
            QCOMPARE(p.header(name), value);
        QCOMPARE(p.headers.size(),
            5 + (response.contentType.isEmpty() ? 0 : 1) + response.headers.size());
        QCOMPARE(p.body, headOnly ? QByteArray() : response.body);
    }
}

void tst_HttpResponse::contentLengthCountsBytes_data()
{
    QTest::addColumn<QByteArray>("body");

    QTest::addRow("empty") << QByteArray();
    QTest::addRow("ascii") << QByteArray("hello");
    QTest::addRow("UTF-8") << QString(u"进球 — goal"_s).toUtf8();
    QTest::addRow("NUL bytes") << QByteArray("a\0b\0c", 5);
    QTest::addRow("CRLF in the body") << QByteArray("\r\n\r\nlooks like a head end\r\n\r\n");
    QTest::addRow("64 KiB") << QByteArray(64 * 1024, 'x');
}

void tst_HttpResponse::contentLengthCountsBytes()
{
    QFETCH(QByteArray, body);

    HttpResponse response;
    response.contentType = "application/octet-stream";
    response.body = body;
    const QByteArray bytes = response.serialize();
    const Parsed p = parse(bytes);
    QCOMPARE(p.header("Content-Length"), QByteArray::number(body.size()));
    // The body follows the first blank line, byte for byte, and nothing after it.
    QVERIFY(bytes.endsWith(body));
    QCOMPARE(bytes.size() - (bytes.indexOf("\r\n\r\n") + 4), body.size());
}

void tst_HttpResponse::noContentTypeWithoutOne()
{
    const Parsed p = parse(HttpResponse { 204, {}, {}, {} }.serialize());
    QCOMPARE(p.count("Content-Type"), 0);
    QCOMPARE(p.header("Content-Length"), QByteArray("0"));

    const Parsed typed = parse(HttpResponse { 200, "text/css", "a{}", {} }.serialize());
    QCOMPARE(typed.count("Content-Type"), 1);
    QCOMPARE(typed.header("Content-Type"), QByteArray("text/css"));
}

void tst_HttpResponse::extraHeadersFollowTheCommonOnes()
{
    const HttpResponse response = HttpResponse::error(
        405, u"no"_s, { { "Allow", "GET, POST, HEAD, OPTIONS" }, { "Retry-After", "1" } });
    const Parsed p = parse(response.serialize());
    QCOMPARE(p.headers.size(), 8);
    QCOMPARE(p.headers.at(0).first, QByteArray("Content-Type"));
    QCOMPARE(p.headers.at(1).first, QByteArray("Content-Length"));
    QCOMPARE(p.headers.at(5).first, QByteArray("Connection"));
    QCOMPARE(p.headers.at(6), (QPair<QByteArray, QByteArray>("Allow", "GET, POST, HEAD, OPTIONS")));
    QCOMPARE(p.headers.at(7), (QPair<QByteArray, QByteArray>("Retry-After", "1")));
}

void tst_HttpResponse::headKeepsContentLengthWithoutBody_data()
{
    QTest::addColumn<HttpResponse>("response");
    QTest::addRow("json") << HttpResponse::json(
        200, QJsonObject { { u"lastId"_s, u"42"_s }, { u"channels"_s, QJsonArray {} } });
    QTest::addRow("error") << HttpResponse::error(404, u"no such route"_s);
    QTest::addRow("page") << HttpResponse { 200, "text/html", QByteArray(5000, 'h'), {} };
    QTest::addRow("empty body") << HttpResponse { 204, {}, {}, {} };
}

void tst_HttpResponse::headKeepsContentLengthWithoutBody()
{
    QFETCH(HttpResponse, response);

    const QByteArray full = response.serialize();
    const QByteArray head = response.serialize(true);
    QVERIFY(head.endsWith("\r\n\r\n"));
    // The HEAD answer is the GET answer without its body, so a client sees the same length.
    QCOMPARE(head, full.chopped(response.body.size()));
    QCOMPARE(parse(head).header("Content-Length"), QByteArray::number(response.body.size()));
    QVERIFY(parse(head).body.isEmpty());
    QCOMPARE(full.size(), head.size() + response.body.size());
}

void tst_HttpResponse::jsonIsCompact()
{
    const QJsonObject object { { u"a"_s, 1 }, { u"b"_s, QJsonArray { u"x"_s, true } } };
    const HttpResponse response = HttpResponse::json(201, object, { { "Location", "/x" } });
    QCOMPARE(response.status, 201);
    QCOMPARE(response.contentType, QByteArray("application/json"));
    QCOMPARE(response.body, QByteArray(R"({"a":1,"b":["x",true]})"));
    QCOMPARE(response.headers.size(), 1);
    QCOMPARE(response.headers.constFirst().first, QByteArray("Location"));
    const Parsed p = parse(response.serialize());
    QCOMPARE(p.statusLine, QByteArray("HTTP/1.1 201 Created"));
    QCOMPARE(QJsonDocument::fromJson(p.body).object(), object);
}

void tst_HttpResponse::error_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("message");

    QTest::addRow("plain") << 400 << u"the request line is not \"METHOD /path HTTP/1.1\""_s;
    QTest::addRow("empty message") << 500 << QString();
    QTest::addRow("unicode") << 403 << u"令牌错误 — wrong token"_s;
    QTest::addRow("control characters") << 400 << u"line\nbreak\ttab\u0001"_s;
    QTest::addRow("unknown status") << 418 << u"teapot"_s;
}

void tst_HttpResponse::error()
{
    QFETCH(int, status);
    QFETCH(QString, message);

    const HttpResponse response = HttpResponse::error(status, message);
    QCOMPARE(response.status, status);
    QCOMPARE(response.contentType, QByteArray("application/json"));
    QVERIFY(response.headers.isEmpty());
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(response.body, &parseError);
    QCOMPARE(parseError.error, QJsonParseError::NoError);
    QVERIFY(document.isObject());
    QCOMPARE(document.object().keys(), QStringList { u"error"_s });
    QCOMPARE(document.object().value(u"error"_s).toString(), message);
    // Compact and on one line: the body never carries a raw line break.
    QVERIFY(!response.body.contains('\n'));

    const Parsed p = parse(response.serialize());
    const QByteArray statusLine
        = "HTTP/1.1 " + QByteArray::number(status) + ' ' + HttpResponse::reasonPhrase(status);
    QCOMPARE(p.statusLine, statusLine);
    QCOMPARE(p.header("Content-Type"), QByteArray("application/json"));
    QCOMPARE(p.header("Content-Length"), QByteArray::number(response.body.size()));
    QCOMPARE(p.body, response.body);
}

void tst_HttpResponse::defaults()
{
    const HttpResponse response;
    QCOMPARE(response.status, 200);
    QCOMPARE(response.serialize(),
        QByteArray("HTTP/1.1 200 OK\r\n"
                   "Content-Length: 0\r\n"
                   "Access-Control-Allow-Origin: *\r\n"
                   "Cache-Control: no-store\r\n"
                   "X-Content-Type-Options: nosniff\r\n"
                   "Connection: close\r\n"
                   "\r\n"));
}

QTEST_APPLESS_MAIN(tst_HttpResponse)
#include "tst_httpresponse.moc"
