#include "http/requesthead.h"

#include <QTest>

using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(RequestHead::Verdict)

namespace {

using Verdict = RequestHead::Verdict;

QString name(Verdict verdict)
{
    switch (verdict) {
    case Verdict::Incomplete:
        return u"Incomplete"_s;
    case Verdict::Complete:
        return u"Complete"_s;
    case Verdict::Reject:
        return u"Reject"_s;
    }
    return u"?"_s;
}

RequestHead::Limits limits(qsizetype maxHead, qsizetype maxBody)
{
    RequestHead::Limits l;
    l.maxHeadBytes = maxHead;
    l.maxBodyBytes = maxBody;
    return l;
}

// "GET / HTTP/1.1\r\nHost: x\r\nX-Pad: aaa...\r\nX-Pad: aaa...\r\n\r\n" of exactly `size`
// bytes, blank line included; each line stays within Qt's 8 KiB per header line.
QByteArray headOfSize(qsizetype size)
{
    const QByteArray start = "GET / HTTP/1.1\r\nHost: x\r\nX-Pad: ";
    const QByteArray middle = "\r\nX-Pad: ";
    const QByteArray end = "\r\n\r\n";
    const qsizetype padding = size - start.size() - middle.size() - end.size();
    return start + QByteArray(padding / 2, 'a') + middle + QByteArray(padding - padding / 2, 'a')
        + end;
}

const QByteArray Get = "GET /events?channel=news HTTP/1.1\r\nHost: localhost\r\n\r\n";
const QByteArray Post = "POST /api/events HTTP/1.1\r\n"
                        "Host: localhost\r\n"
                        "Authorization: Bearer t\r\n"
                        "Content-Type: application/json\r\n"
                        "Content-Length: 38\r\n"
                        "\r\n"
                        R"({"channel":"news","type":"t","data":1})";

} // namespace

// The connection guard's verdict on the bytes received so far: a pure function of the bytes
// and the limits.
class tst_RequestHead final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void check_data();
    void check();
    void keepAlive_data();
    void keepAlive();
    void length_data();
    void length();
    void fields_data();
    void fields();
    void bodyArrivesInParts();
    void expectContinue_data();
    void expectContinue();
    void everyPrefixOfAValidRequestIsIncomplete_data();
    void everyPrefixOfAValidRequestIsIncomplete();
    void headLimitBoundary();
    void onlyTheWindowIsLookedAt();
    void window();
};

void tst_RequestHead::check_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<qsizetype>("maxHead");
    QTest::addColumn<qsizetype>("maxBody");
    QTest::addColumn<Verdict>("verdict");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("message"); // the whole message, for Reject
    QTest::addColumn<QByteArray>("allow"); // the Allow header, or empty for none

    const RequestHead::Limits d;
    const qsizetype H = d.maxHeadBytes;
    const qsizetype B = d.maxBodyBytes;
    const QString notHttp = u"this is not an HTTP request"_s;
    const QString badLine = u"the request line is not \"METHOD /path HTTP/1.1\""_s;
    const QString badTarget = u"the request target is not a valid, percent-encoded path"_s;
    const QString malformed = u"a header line is malformed"_s;
    const QString badLength = u"the Content-Length header is invalid"_s;
    const QString chunked = u"send the body with Content-Length; chunked bodies are not accepted"_s;
    const QString headTooLarge = u"the request line and headers are over 16384 bytes"_s;
    const QByteArray allow = "GET, POST, HEAD, OPTIONS";

    const auto incomplete = [&](const char *row, const QByteArray &bytes) {
        QTest::addRow("%s", row) << bytes << H << B << Verdict::Incomplete << 0 << QString()
                                 << QByteArray();
    };
    const auto complete = [&](const char *row, const QByteArray &bytes) {
        QTest::addRow("%s", row) << bytes << H << B << Verdict::Complete << 0 << QString()
                                 << QByteArray();
    };
    const auto reject
        = [&](const char *row, const QByteArray &bytes, int status, const QString &message) {
              QTest::addRow("%s", row)
                  << bytes << H << B << Verdict::Reject << status << message << QByteArray();
          };

    // Nothing to judge yet.
    incomplete("nothing", QByteArray());
    incomplete("one byte", "G");
    incomplete("method only", "GET");
    incomplete("method and space", "GET ");
    incomplete("16 token bytes without a space", QByteArray(16, 'A'));
    incomplete("request line without its end", "GET / HTTP/1.1");
    incomplete("request line", "GET / HTTP/1.1\r\n");
    incomplete("a header", "GET / HTTP/1.1\r\nHost: x\r\n");
    incomplete("half the blank line", "GET / HTTP/1.1\r\nHost: x\r\n\r");
    incomplete("LF LF is not the end of a head", "GET / HTTP/1.1\nHost: x\n\n");
    incomplete("a bad target is judged once the head is complete", "GET /%zz HTTP/1.1\r\n");
    incomplete("an unknown method is judged once the head is complete", "BREW / HTTP/1.1\r\n");

    // Complete requests.
    complete("GET", Get);
    complete("HTTP/1.1 with only a Host header", "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    complete("HTTP/1.0 needs no Host", "GET / HTTP/1.0\r\n\r\n");
    complete("HEAD", "HEAD /api/state HTTP/1.1\r\nHost: x\r\n\r\n");
    complete("OPTIONS", "OPTIONS /api/events HTTP/1.1\r\nHost: x\r\nOrigin: http://a\r\n\r\n");
    complete("PUT, DELETE and PATCH pass the guard (the routes answer them)",
        "DELETE /x HTTP/1.1\r\nHost: x\r\n\r\n");
    complete("POST with its whole body", Post);
    complete("POST with Content-Length 0",
        "POST /api/events HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
    complete("repeated equal Content-Length",
        "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\ncontent-length: 2\r\n\r\nab");
    complete("Content-Length value with spaces around it",
        "POST / HTTP/1.1\r\nHost: x\r\nContent-Length:   2  \r\n\r\nab");
    complete("leading zeros in Content-Length",
        "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 002\r\n\r\nab");
    complete("bytes after the body (the next request) do not matter",
        "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nabGET / HTTP/1.1\r\n\r\n");
    complete(
        "a GET body without Content-Length is ignored", "GET / HTTP/1.1\r\nHost: x\r\n\r\nextra");
    complete("percent-encoded target",
        "GET /events?channel=match%2D1&x=%aF HTTP/1.1\r\nHost: x\r\n\r\n");
    complete("header without a space after the colon", "GET / HTTP/1.1\r\nHost:x\r\n\r\n");
    complete("header with an empty value", "GET / HTTP/1.1\r\nHost: x\r\nX-Empty:\r\n\r\n");
    complete("header lines ended by LF alone", "GET / HTTP/1.1\nHost: x\r\n\r\n");
    complete("token characters in a header name",
        "GET / HTTP/1.1\r\nHost: x\r\nX!#$%&'*+-.^_`|~: y\r\n\r\n");

    // The body is on its way.
    incomplete("POST head without its body", Post.first(Post.indexOf("\r\n\r\n") + 4));
    incomplete("POST with one byte of the body missing", Post.chopped(1));
    incomplete("POST with half of its body", Post.chopped(19));

    // Not HTTP at all: answered at once, before a head is complete.
    reject("TLS ClientHello", QByteArray("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11), 400,
        notHttp);
    reject("17 bytes without a space", QByteArray(17, 'A'), 400, notHttp);
    reject("control character in the method", "GE\x01T / HTTP/1.1\r\n\r\n", 400, notHttp);
    reject("CRLF before any space", "GET\r\nHost: x\r\n\r\n", 400, notHttp);
    reject("quote in the method", "\"GET\" / HTTP/1.1\r\n\r\n", 400, notHttp);
    reject("SSH banner", "SSH-2.0-OpenSSH_9.2p1\r\n", 400, notHttp);

    // A complete head whose request line is wrong.
    reject("missing version", "GET /\r\n\r\n", 400, badLine);
    reject("missing target", "GET HTTP/1.1\r\n\r\n", 400, badLine);
    reject("two spaces", "GET  / HTTP/1.1\r\n\r\n", 400, badLine);
    reject("four words", "GET / x HTTP/1.1\r\n\r\n", 400, badLine);

    reject("HTTP/1.10", "GET / HTTP/1.10\r\n\r\n", 400, badLine);
    reject("lowercase version", "GET / http/1.1\r\n\r\n", 400, badLine);
    reject("blank request line", "\r\n\r\n", 400, notHttp);

    // Unknown methods: 405 with Allow.
    for (const char *method : { "BREW", "get", "CONNECT", "TRACE", "PROPFIND" }) {
        const QByteArray bytes = QByteArray(method) + " / HTTP/1.1\r\nHost: x\r\n\r\n";
        QTest::addRow("405 %s", method)
            << bytes << H << B << Verdict::Reject << 405
            << u"the method %1 is not supported"_s.arg(QLatin1StringView(method)) << allow;
    }
    QTest::addRow("405 names at most 16 characters of the method")
        << QByteArray("ABCDEFGHIJKLMNOPQRST / HTTP/1.1\r\n\r\n") << H << B << Verdict::Reject << 405
        << u"the method ABCDEFGHIJKLMNOP is not supported"_s << allow;

    // Targets.
    reject("asterisk target", "OPTIONS * HTTP/1.1\r\n\r\n", 400, badTarget);
    reject("absolute-form target", "GET http://example.com/ HTTP/1.1\r\n\r\n", 400, badTarget);
    reject("target without a slash", "GET events HTTP/1.1\r\n\r\n", 400, badTarget);
    reject("percent without digits", "GET /%zz HTTP/1.1\r\n\r\n", 400, badTarget);
    reject("percent with one digit", "GET /a%4 HTTP/1.1\r\n\r\n", 400, badTarget);
    reject("percent with one digit then a letter", "GET /%4g HTTP/1.1\r\n\r\n", 400, badTarget);
    reject("percent at the end", "GET /a% HTTP/1.1\r\n\r\n", 400, badTarget);
    reject("tab in the target", "GET /a\tb HTTP/1.1\r\n\r\n", 400, badTarget);
    reject("DEL in the target", "GET /a\x7f HTTP/1.1\r\n\r\n", 400, badTarget);
    reject("non-ASCII in the target", "GET /caf\xc3\xa9 HTTP/1.1\r\n\r\n", 400, badTarget);

    // Header lines.
    reject("header without a colon", "GET / HTTP/1.1\r\nHost\r\n\r\n", 400, malformed);
    reject("header with an empty name", "GET / HTTP/1.1\r\n: x\r\n\r\n", 400, malformed);
    reject("space before the colon", "GET / HTTP/1.1\r\nHost : x\r\n\r\n", 400, malformed);
    reject("space in the name", "GET / HTTP/1.1\r\nX Y: z\r\n\r\n", 400, malformed);
    reject("obsolete line folding", "GET / HTTP/1.1\r\nX-A: b\r\n c\r\n\r\n", 400, malformed);
    reject("empty line inside the head (bare LF)", "GET / HTTP/1.1\r\nA: b\n\nC: d\r\n\r\n", 400,
        malformed);
    reject("NUL in a header name", QByteArray("GET / HTTP/1.1\r\nX\0Y: z\r\n\r\n", 26), 400,
        malformed);

    // Bodies the guard refuses.
    reject("Transfer-Encoding: chunked",
        "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", 411,
        chunked);
    reject("Transfer-Encoding in any case, any value",
        "POST / HTTP/1.1\r\ntRaNsFeR-eNcOdInG: identity\r\n\r\n", 411, chunked);
    reject("Transfer-Encoding beside Content-Length",
        "POST / HTTP/1.1\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\nab", 411,
        chunked);
    reject("Content-Length not a number", "POST / HTTP/1.1\r\nContent-Length: abc\r\n\r\n", 400,
        badLength);
    reject("Content-Length empty", "POST / HTTP/1.1\r\nContent-Length:\r\n\r\n", 400, badLength);
    reject(
        "Content-Length negative", "POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n", 400, badLength);
    reject("Content-Length with a sign", "POST / HTTP/1.1\r\nContent-Length: +5\r\n\r\n", 400,
        badLength);
    reject("Content-Length hexadecimal", "POST / HTTP/1.1\r\nContent-Length: 0x10\r\n\r\n", 400,
        badLength);
    reject(
        "Content-Length list", "POST / HTTP/1.1\r\nContent-Length: 2, 2\r\n\r\nab", 400, badLength);
    reject("Content-Length of 19 digits",
        "POST / HTTP/1.1\r\nContent-Length: 0000000000000000001\r\n\r\n", 400, badLength);
    reject("conflicting Content-Length",
        "POST / HTTP/1.1\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nabc", 400, badLength);
    reject("Content-Length over maxBodyBytes", "POST / HTTP/1.1\r\nContent-Length: 65537\r\n\r\n",
        413, u"the body is 65537 bytes; at most 65536 are accepted"_s);
    reject("huge Content-Length, nothing sent",
        "POST / HTTP/1.1\r\nContent-Length: 10000000000\r\n\r\n", 413,
        u"the body is 10000000000 bytes; at most 65536 are accepted"_s);
    reject("Content-Length of 18 nines",
        "POST / HTTP/1.1\r\nContent-Length: 999999999999999999\r\n\r\n", 413,
        u"the body is 999999999999999999 bytes; at most 65536 are accepted"_s);
    complete("Content-Length of exactly maxBodyBytes",
        "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 65536\r\n\r\n" + QByteArray(B, 'x'));

    // HTTP versions: 1.0 and 1.1 only.
    for (const char *version : { "HTTP/2.0", "HTTP/1.2", "HTTP/1.9", "HTTP/0.9", "HTTP/3.0" }) {
        QTest::addRow("505 %s", version)
            << "GET / " + QByteArray(version) + "\r\nHost: x\r\n\r\n"
            << H << B << Verdict::Reject << 505
            << u"%1 is not supported; send HTTP/1.1 or HTTP/1.0"_s.arg(QLatin1StringView(version))
            << QByteArray();
    }
    reject("HTTP/2 without negotiation (the connection preface)",
        "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 505,
        u"HTTP/2.0 is not supported; send HTTP/1.1 or HTTP/1.0"_s);
    reject("version with a letter", "GET / HTTP/1.x\r\n\r\n", 400, badLine);
    reject("version without its dot", "GET / HTTP/1-1\r\n\r\n", 400, badLine);

    // Host (RFC 9112 §3.2): required by HTTP/1.1, once, and a host[:port].
    const QString noHost = u"an HTTP/1.1 request needs a Host header"_s;
    const QString badHost
        = u"the Host header is not a valid host name or address, with an optional port"_s;
    reject("HTTP/1.1 without Host", "GET / HTTP/1.1\r\n\r\n", 400, noHost);
    reject(
        "HTTP/1.1 POST without Host", "POST / HTTP/1.1\r\nContent-Length: 0\r\n\r\n", 400, noHost);
    reject("two Host headers", "GET / HTTP/1.1\r\nHost: a\r\nhost: b\r\n\r\n", 400,
        u"the request has more than one Host header"_s);
    reject("Host with user info", "GET / HTTP/1.1\r\nHost: evil@x\r\n\r\n", 400, badHost);
    reject("Host with a path", "GET / HTTP/1.1\r\nHost: x/api\r\n\r\n", 400, badHost);
    reject("Host with a space inside", "GET / HTTP/1.1\r\nHost: a b\r\n\r\n", 400, badHost);
    reject("Host with a bad port", "GET / HTTP/1.1\r\nHost: x:80a\r\n\r\n", 400, badHost);
    reject(
        "Host with a port of 6 digits", "GET / HTTP/1.1\r\nHost: x:123456\r\n\r\n", 400, badHost);
    reject("Host that is only a port", "GET / HTTP/1.1\r\nHost: :80\r\n\r\n", 400, badHost);
    reject("Host with an open IPv6 literal", "GET / HTTP/1.1\r\nHost: [::1\r\n\r\n", 400, badHost);
    reject("Host with a percent", "GET / HTTP/1.1\r\nHost: a%41\r\n\r\n", 400, badHost);
    complete("Host with a port", "GET / HTTP/1.1\r\nHost: localhost:8080\r\n\r\n");
    complete("Host as an IPv6 literal with a port", "GET / HTTP/1.1\r\nHost: [::1]:8080\r\n\r\n");
    complete("Host as an IPv4 address", "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    complete("empty Host", "GET / HTTP/1.1\r\nHost:\r\n\r\n");
    complete("Host in any case", "GET / HTTP/1.1\r\nhOsT: x\r\n\r\n");

    // Header values: text, with no control character but HTAB, and UTF-8 past ASCII.
    const auto badValue = [](const char *header) {
        return u"the value of the header %1 has a control character or is not UTF-8"_s.arg(
            QLatin1StringView(header));
    };
    const QByteArray get = "GET / HTTP/1.1\r\nHost: x\r\n";
    reject(
        "NUL in a header value", get + QByteArray("X-A: a\0b\r\n\r\n", 12), 400, badValue("X-A"));
    reject("0xFF in a header value", get + "X-A: a\xff\r\n\r\n", 400, badValue("X-A"));
    reject("CR inside a header value", get + "X-A: a\rb\r\n\r\n", 400, badValue("X-A"));
    reject("vertical tab ending a header value", get + "X-A: a\v\r\n\r\n", 400, badValue("X-A"));
    reject("escape in a header value", get + "X-A: \x1b[31m\r\n\r\n", 400, badValue("X-A"));
    reject("DEL in a header value", get + "X-A: a\x7f\r\n\r\n", 400, badValue("X-A"));
    reject("overlong UTF-8 in a header value", get + "X-A: \xc0\xaf\r\n\r\n", 400, badValue("X-A"));
    reject("truncated UTF-8 in a header value", get + "X-A: caf\xc3\r\n\r\n", 400, badValue("X-A"));
    reject("UTF-16 surrogate in a header value", get + "X-A: \xed\xa0\x80\r\n\r\n", 400,
        badValue("X-A"));
    reject("NUL in the Host value", QByteArray("GET / HTTP/1.1\r\nHost: x\0\r\n\r\n", 28), 400,
        badValue("Host"));
    reject("NUL in the Content-Length value",
        QByteArray("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\0\r\n\r\nab", 50), 400,
        badValue("Content-Length"));
    complete("UTF-8 in a header value", get + "X-A: caf\xc3\xa9 \xe8\xbf\x9b\xe7\x90\x83\r\n\r\n");
    complete("tab inside a header value", get + "X-A: a\tb\r\n\r\n");

    // What Qt's header parser would throw away whole: more than 100 lines, a line over 8 KiB.
    QByteArray hundred = "GET / HTTP/1.1\r\nHost: x\r\n";
    for (int i = 2; i <= 100; ++i)
        hundred += "X-" + QByteArray::number(i) + ": v\r\n";
    complete("100 header lines", hundred + "\r\n");
    reject("101 header lines", hundred + "X-101: v\r\n\r\n", 431,
        u"the request has more than 100 header lines"_s);
    const QByteArray line8k = "X-A: " + QByteArray(8192 - 5, 'a');
    complete("a header line of 8192 bytes", get + line8k + "\r\n\r\n");
    reject("a header line of 8193 bytes", get + line8k + "a\r\n\r\n", 431,
        u"a header line is over 8192 bytes"_s);

    // Targets that name an authority: Qt would route "//x/api/events" as "/api/events".
    const QString doubleSlash = u"the request target must be a path; it cannot start with //"_s;
    reject("//authority/path", "POST //x/api/events HTTP/1.1\r\nHost: x\r\n\r\n", 400, doubleSlash);
    reject("// alone", "GET // HTTP/1.1\r\nHost: x\r\n\r\n", 400, doubleSlash);
    reject("//authority with a port", "GET //127.0.0.1:1/events HTTP/1.1\r\nHost: x\r\n\r\n", 400,
        doubleSlash);
    complete("// later in the path", "GET /a//b HTTP/1.1\r\nHost: x\r\n\r\n");
    complete("// in the query", "GET /events?next=//x HTTP/1.1\r\nHost: x\r\n\r\n");

    // WebSocket upgrades: at GET /ws only; anywhere else one refusal, before any route.
    complete("WebSocket handshake at /ws",
        "GET /ws?channel=news HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
    reject("WebSocket handshake on the stream",
        "GET /events HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
        400, u"a WebSocket is opened with GET /ws; GET /events speaks plain HTTP"_s);
    reject("WebSocket upgrade on a POST",
        "POST /api/events HTTP/1.1\r\nHost: x\r\nConnection: upgrade\r\nUpgrade: WebSocket\r\n"
        "Content-Length: 2\r\n\r\n{}",
        400, u"a WebSocket is opened with GET /ws; POST /api/events speaks plain HTTP"_s);
    reject("WebSocket in an upgrade list, without Connection",
        "GET / HTTP/1.1\r\nHost: x\r\nUpgrade: h2c, websocket/13\r\n\r\n", 400,
        u"a WebSocket is opened with GET /ws; GET / speaks plain HTTP"_s);
    complete("an h2c upgrade is ignored (answered in HTTP/1.1)",
        "GET / HTTP/1.1\r\nHost: x\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\n"
        "HTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n\r\n");

    // Expectations: 100-continue is met (see expectContinue), anything else is 417.
    reject("unknown expectation", "POST / HTTP/1.1\r\nHost: x\r\nExpect: 200-ok\r\n\r\n", 417,
        u"the expectation \"200-ok\" cannot be met; only 100-continue is supported"_s);
    reject("100-continue in a list",
        "POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue, x\r\n\r\n", 417,
        u"the expectation \"100-continue, x\" cannot be met; only 100-continue is supported"_s);
    complete("HTTP/1.0 ignores an expectation", "GET / HTTP/1.0\r\nExpect: 200-ok\r\n\r\n");

    // Heads over maxHeadBytes, with or without their blank line.
    reject("head over the limit with its blank line", headOfSize(H + 1), 431, headTooLarge);
    reject("head over the limit, no blank line yet",
        "GET / HTTP/1.1\r\nX-Pad: " + QByteArray(H, 'a'), 431, headTooLarge);
    reject("17000-byte header",
        "GET / HTTP/1.1\r\nX-Padding: " + QByteArray(17000, 'a') + "\r\n\r\n", 431, headTooLarge);
    complete("head of exactly the limit", headOfSize(H));

    // Other limits.
    QTest::addRow("small limits: head fits")
        << QByteArray("GET / HTTP/1.0\r\n\r\n") << qsizetype(18) << qsizetype(0)
        << Verdict::Complete << 0 << QString() << QByteArray();
    QTest::addRow("small limits: head one over")
        << QByteArray("GET / HTTP/1.0\r\n\r\n") << qsizetype(17) << qsizetype(0) << Verdict::Reject
        << 431 << u"the request line and headers are over 17 bytes"_s << QByteArray();
    QTest::addRow("small limits: no body allowed")
        << QByteArray("POST / HTTP/1.1\r\nContent-Length: 1\r\n\r\nx") << qsizetype(1024)
        << qsizetype(0) << Verdict::Reject << 413
        << u"the body is 1 bytes; at most 0 are accepted"_s << QByteArray();
}

void tst_RequestHead::check()
{
    QFETCH(QByteArray, bytes);
    QFETCH(qsizetype, maxHead);
    QFETCH(qsizetype, maxBody);
    QFETCH(Verdict, verdict);
    QFETCH(int, status);
    QFETCH(QString, message);
    QFETCH(QByteArray, allow);

    const RequestHead::Result result = RequestHead::check(bytes, limits(maxHead, maxBody));
    QCOMPARE(name(result.verdict), name(verdict));
    QCOMPARE(result.status, status);
    QCOMPARE(result.message, message);
    QVERIFY(!result.expectsContinue);
    if (allow.isEmpty()) {
        QVERIFY(result.headers.isEmpty());
    } else {
        QCOMPARE(result.headers.size(), 1);
        QCOMPARE(result.headers.constFirst().first, QByteArray("Allow"));
        QCOMPARE(result.headers.constFirst().second, allow);
    }
    // What the guard builds a request from is there exactly when the head passed.
    QCOMPARE(result.headComplete, result.headBytes > 0);
    if (verdict == Verdict::Reject) {
        QVERIFY(!result.headComplete);
        QVERIFY(!result.keepAlive);
        QVERIFY(result.fields.isEmpty());
        QCOMPARE(result.headBytes, 0);
    }
    if (verdict == Verdict::Complete) {
        QVERIFY(result.length >= result.headBytes);
        QVERIFY(result.length <= bytes.size());
    } else {
        QCOMPARE(result.length, 0);
    }
}

void tst_RequestHead::keepAlive_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<bool>("keepAlive");

    // Each head as HTTP/1.1 (kept unless the client names close among its Connection
    // options) and as HTTP/1.0 (closed unless it names keep-alive, and not close).
    const auto both = [](const char *name, const QByteArray &fields, bool kept11, bool kept10) {
        QTest::addRow("1.1 %s", name)
            << QByteArray("GET / HTTP/1.1\r\nHost: x\r\n" + fields + "\r\n") << kept11;
        QTest::addRow("1.0 %s", name)
            << QByteArray("GET / HTTP/1.0\r\n" + fields + "\r\n") << kept10;
    };
    both("by default", {}, true, false);
    both("Connection: close", "Connection: close\r\n", false, false);
    both("Connection: keep-alive", "Connection: keep-alive\r\n", true, true);
    both("keep-alive, Upgrade", "Connection: keep-alive, Upgrade\r\n", true, true);
    both("keep-alive last in the list", "Connection: TE, Upgrade, keep-alive\r\n", true, true);
    both("close, TE", "Connection: close, TE\r\n", false, false);
    both("close last in the list", "Connection: TE, Upgrade, close\r\n", false, false);
    both("close beside keep-alive", "Connection: keep-alive, close\r\n", false, false);
    both("close on a second Connection line", "Connection: keep-alive\r\nConnection: close\r\n",
        false, false);
    both("keep-alive on a second Connection line", "Connection: TE\r\nConnection: keep-alive\r\n",
        true, true);
    both("close in mixed case, name and value", "cOnNeCtIoN: ClOsE\r\n", false, false);
    both("keep-alive in mixed case", "connection: Keep-ALIVE\r\n", true, true);
    both("spaces and tabs around the options", "Connection:  TE ,\tclose \r\n", false, false);
    both("empty list elements", "Connection: ,close,\r\n", false, false);
    both(
        "options that only contain the words", "Connection: closed, x-keep-alive\r\n", true, false);
    both("empty Connection", "Connection:\r\n", true, false);
    both("the words in other headers", "X-Connection: close\r\nX-Other: keep-alive\r\n", true,
        false);
    both(
        "a Keep-Alive header is not a Connection option", "Keep-Alive: timeout=5\r\n", true, false);

    // Known as soon as the head is, before the body has come.
    const QByteArray waiting = "Content-Length: 5\r\n\r\nab";
    QTest::addRow("1.1 POST waiting for its body")
        << QByteArray("POST / HTTP/1.1\r\nHost: x\r\n" + waiting) << true;
    QTest::addRow("1.1 POST with close waiting for its body")
        << QByteArray("POST / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" + waiting) << false;
    QTest::addRow("1.0 POST with keep-alive waiting for its body")
        << QByteArray("POST / HTTP/1.0\r\nConnection: keep-alive\r\n" + waiting) << true;
}

void tst_RequestHead::keepAlive()
{
    QFETCH(QByteArray, bytes);
    QFETCH(bool, keepAlive);
    const RequestHead::Result result = RequestHead::check(bytes, RequestHead::Limits {});
    QVERIFY2(result.headComplete, qPrintable(result.message));
    QCOMPARE(result.keepAlive, keepAlive);
}

void tst_RequestHead::length_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<Verdict>("verdict");
    QTest::addColumn<qsizetype>("headBytes");
    QTest::addColumn<qsizetype>("length"); // 0 until the whole request has come

    const qsizetype postHead = Post.indexOf("\r\n\r\n") + 4;
    const QByteArray get10 = "GET / HTTP/1.0\r\n\r\n";
    const QByteArray blankLineBody
        = "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 6\r\n\r\na\r\n\r\nb";
    const auto complete
        = [](const char *name, const QByteArray &bytes, qsizetype headBytes, qsizetype length) {
              QTest::addRow("%s", name) << bytes << Verdict::Complete << headBytes << length;
          };
    const auto incomplete = [](const char *name, const QByteArray &bytes, qsizetype headBytes) {
        QTest::addRow("%s", name) << bytes << Verdict::Incomplete << headBytes << qsizetype(0);
    };

    complete("GET", Get, Get.size(), Get.size());
    complete("HTTP/1.0 GET without headers", get10, 18, 18);
    complete("POST with a body", Post, postHead, Post.size());
    QCOMPARE(Post.size() - postHead, 38);
    complete("POST with Content-Length 0",
        "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n", 47, 47);
    complete("head lines ended by LF alone", "GET / HTTP/1.1\nHost: x\r\n\r\n", 26, 26);
    complete("a body holding a blank line", blankLineBody, blankLineBody.size() - 6,
        blankLineBody.size());

    // Pipelined: the length covers the first request only, so the next starts right after.
    complete("GET then a second GET", Get + Get, Get.size(), Get.size());
    complete("GET then a POST", Get + Post, Get.size(), Get.size());
    complete("POST then a second POST", Post + Post, postHead, Post.size());
    complete("POST then the start of a GET", Post + "GET / HT", postHead, Post.size());
    complete(
        "GET then bytes without Content-Length (no body)", Get + "extra", Get.size(), Get.size());

    // Not all there yet.
    incomplete("POST head only", Post.first(postHead), postHead);
    incomplete("POST with one byte of the body missing", Post.chopped(1), postHead);
    incomplete("POST with half of its body", Post.chopped(19), postHead);
    incomplete("head without its blank line", "GET / HTTP/1.1\r\nHost: x\r\n", 0);
    QTest::addRow("refused") << QByteArray("GET / HTTP/1.1\r\n\r\n") << Verdict::Reject
                             << qsizetype(0) << qsizetype(0);
}

void tst_RequestHead::length()
{
    QFETCH(QByteArray, bytes);
    QFETCH(Verdict, verdict);
    QFETCH(qsizetype, headBytes);
    QFETCH(qsizetype, length);
    const RequestHead::Limits defaults;
    const RequestHead::Result result = RequestHead::check(bytes, defaults);
    QCOMPARE(name(result.verdict), name(verdict));
    QCOMPARE(result.headBytes, headBytes);
    QCOMPARE(result.length, length);
    if (verdict != Verdict::Complete)
        return;
    // The first `length` bytes are that request alone, and judged the same.
    const RequestHead::Result alone = RequestHead::check(bytes.first(length), defaults);
    QCOMPARE(name(alone.verdict), name(Verdict::Complete));
    QCOMPARE(alone.length, length);
    QCOMPARE(alone.fields, result.fields);
}

void tst_RequestHead::fields_data()
{
    using Fields = HttpResponse::Headers;
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<Fields>("fields");

    QTest::addRow("none on HTTP/1.0") << QByteArray("GET / HTTP/1.0\r\n\r\n") << Fields {};
    QTest::addRow("Host only") << QByteArray("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
                               << Fields { { "Host", "x" } };
    QTest::addRow("values trimmed of spaces and tabs")
        << QByteArray("GET / HTTP/1.1\r\nHost:   x  \r\nX-A:\t b\tc \t\r\nX-B:c\r\n\r\n")
        << Fields { { "Host", "x" }, { "X-A", "b\tc" }, { "X-B", "c" } };
    QTest::addRow("names as sent") << QByteArray("GET / HTTP/1.1\r\nhOsT: x\r\nX-MiXeD: y\r\n\r\n")
                                   << Fields { { "hOsT", "x" }, { "X-MiXeD", "y" } };
    QTest::addRow("repeated headers, each line in order")
        << QByteArray("GET / HTTP/1.1\r\nAccept: a\r\nHost: x\r\naccept: b\r\nAccept: a\r\n\r\n")
        << Fields { { "Accept", "a" }, { "Host", "x" }, { "accept", "b" }, { "Accept", "a" } };
    QTest::addRow("repeated Authorization keeps both")
        << QByteArray("GET / HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer a\r\n"
                      "Authorization:  Bearer b \r\n\r\n")
        << Fields { { "Host", "x" }, { "Authorization", "Bearer a" },
               { "Authorization", "Bearer b" } };
    QTest::addRow("empty values") << QByteArray(
        "GET / HTTP/1.1\r\nHost: x\r\nX-Empty:\r\nX-Blank:   \r\n\r\n")
                                  << Fields { { "Host", "x" }, { "X-Empty", "" },
                                         { "X-Blank", "" } };
    QTest::addRow("colons inside a value")
        << QByteArray("GET / HTTP/1.1\r\nHost: [::1]:8080\r\nX-A: b: c\r\n\r\n")
        << Fields { { "Host", "[::1]:8080" }, { "X-A", "b: c" } };
    QTest::addRow("lines ended by LF alone")
        << QByteArray("GET / HTTP/1.1\nHost: x\nX-A: b\r\n\r\n")
        << Fields { { "Host", "x" }, { "X-A", "b" } };
    QTest::addRow("UTF-8 value as sent")
        << QByteArray("GET / HTTP/1.1\r\nHost: x\r\nX-Name: caf\xc3\xa9\r\n\r\n")
        << Fields { { "Host", "x" }, { "X-Name", "caf\xc3\xa9" } };
    QTest::addRow("POST: the head's fields, not the body")
        << Post
        << Fields { { "Host", "localhost" }, { "Authorization", "Bearer t" },
               { "Content-Type", "application/json" }, { "Content-Length", "38" } };
    QTest::addRow("POST waiting for its body")
        << QByteArray("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nab")
        << Fields { { "Host", "x" }, { "Content-Length", "5" } };
    QTest::addRow("pipelined: the first request's only")
        << QByteArray(Get + "GET / HTTP/1.1\r\nHost: y\r\nX-Next: 1\r\n\r\n")
        << Fields { { "Host", "localhost" } };
    QTest::addRow("refused: none")
        << QByteArray("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n") << Fields {};
}

void tst_RequestHead::fields()
{
    QFETCH(QByteArray, bytes);
    QFETCH(HttpResponse::Headers, fields);
    const RequestHead::Result result = RequestHead::check(bytes, RequestHead::Limits {});
    QCOMPARE(result.fields, fields);
}

void tst_RequestHead::bodyArrivesInParts()
{
    const RequestHead::Limits defaults;
    const qsizetype headEnd = Post.indexOf("\r\n\r\n") + 4;
    const qsizetype bodySize = Post.size() - headEnd;
    QCOMPARE(bodySize, 38);
    // The head, then the body in four reads.
    QByteArray received = Post.first(headEnd);
    QCOMPARE(name(RequestHead::check(received, defaults).verdict), name(Verdict::Incomplete));
    for (const qsizetype upTo : { 1, 10, 37 }) {
        received += Post.sliced(received.size(), headEnd + upTo - received.size());
        QCOMPARE(received.size(), headEnd + upTo);
        QCOMPARE(name(RequestHead::check(received, defaults).verdict), name(Verdict::Incomplete));
    }
    received += Post.sliced(received.size());
    QCOMPARE(received, Post);
    QCOMPARE(name(RequestHead::check(received, defaults).verdict), name(Verdict::Complete));
}

void tst_RequestHead::expectContinue_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<Verdict>("verdict");
    QTest::addColumn<bool>("expectsContinue");

    const QByteArray head = "POST /api/events HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n";
    const QByteArray expect = head + "Expect: 100-continue\r\n\r\n";
    QTest::addRow("head only: the client waits for 100") << expect << Verdict::Incomplete << true;
    QTest::addRow("in any case") << QByteArray(head + "expect: 100-Continue\r\n\r\n")
                                 << Verdict::Incomplete << true;
    QTest::addRow("part of the body came anyway")
        << QByteArray(expect + "01234") << Verdict::Incomplete << true;
    QTest::addRow("the whole body came anyway")
        << QByteArray(expect + "0123456789") << Verdict::Complete << false;
    QTest::addRow("no body to wait for")
        << QByteArray("GET / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n\r\n")
        << Verdict::Complete << false;
    QTest::addRow("no expectation") << QByteArray(head + "\r\n") << Verdict::Incomplete << false;
    QTest::addRow("HTTP/1.0 ignores it")
        << QByteArray("POST / HTTP/1.0\r\nContent-Length: 10\r\nExpect: 100-continue\r\n\r\n")
        << Verdict::Incomplete << false;
}

void tst_RequestHead::expectContinue()
{
    QFETCH(QByteArray, bytes);
    QFETCH(Verdict, verdict);
    QFETCH(bool, expectsContinue);
    const RequestHead::Result result = RequestHead::check(bytes, RequestHead::Limits {});
    QCOMPARE(name(result.verdict), name(verdict));
    QCOMPARE(result.expectsContinue, expectsContinue);
    QCOMPARE(result.status, 0);
}

void tst_RequestHead::everyPrefixOfAValidRequestIsIncomplete_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addRow("GET") << Get;
    QTest::addRow("POST") << Post;
    QTest::addRow("HEAD") << QByteArray("HEAD / HTTP/1.0\r\n\r\n");
    QTest::addRow("UTF-8, an IPv6 Host and an expectation")
        << QByteArray("POST /api/events HTTP/1.1\r\nHost: [::1]:8080\r\nX-Name: caf\xc3\xa9\r\n"
                      "Expect: 100-continue\r\nContent-Length: 2\r\n\r\n{}");
}

void tst_RequestHead::everyPrefixOfAValidRequestIsIncomplete()
{
    QFETCH(QByteArray, request);
    const RequestHead::Limits defaults;
    for (qsizetype n = 0; n < request.size(); ++n) {
        const QByteArray prefix = request.first(n); // a copy: nothing to read past it
        const RequestHead::Result result = RequestHead::check(prefix, defaults);
        QVERIFY2(result.verdict == Verdict::Incomplete,
            qPrintable(u"%1 bytes: %2 %3 %4"_s.arg(n)
                           .arg(name(result.verdict))
                           .arg(result.status)
                           .arg(result.message)));
    }
    QCOMPARE(name(RequestHead::check(request, defaults).verdict), name(Verdict::Complete));
}

void tst_RequestHead::headLimitBoundary()
{
    const RequestHead::Limits defaults;
    const qsizetype H = defaults.maxHeadBytes;
    const QByteArray full = headOfSize(H);
    QCOMPARE(full.size(), H);
    QCOMPARE(RequestHead::check(full, defaults).verdict, Verdict::Complete);
    // The same head without its blank line: exactly at the limit is still waiting...
    const QByteArray open = full.chopped(4) + "ab";
    QCOMPARE(open.size(), H - 2);
    QCOMPARE(RequestHead::check(open, defaults).verdict, Verdict::Incomplete);
    QCOMPARE(RequestHead::check(QByteArray(open + "cd"), defaults).verdict, Verdict::Incomplete);
    // ...and one byte more can no longer become a head within the limit.
    const RequestHead::Result over = RequestHead::check(QByteArray(open + "cde"), defaults);
    QCOMPARE(over.verdict, Verdict::Reject);
    QCOMPARE(over.status, 431);
}

void tst_RequestHead::onlyTheWindowIsLookedAt()
{
    // The body past the window (head + body limits + 1) is never examined: the verdict on a
    // 65536-byte body is the same whatever follows it.
    const RequestHead::Limits defaults;
    const QByteArray head = "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 65536\r\n\r\n";
    const QByteArray bytes = head + QByteArray(defaults.maxBodyBytes, 'x')
        + QByteArray(RequestHead::window(defaults), '\xff');
    QCOMPARE(RequestHead::check(bytes, defaults).verdict, Verdict::Complete);

    // A terminator beyond the head limit is not searched for once the window is passed.
    const QByteArray late
        = "GET / HTTP/1.1\r\nX: " + QByteArray(RequestHead::window(defaults), 'a') + "\r\n\r\n";
    const RequestHead::Result result = RequestHead::check(late, defaults);
    QCOMPARE(result.verdict, Verdict::Reject);
    QCOMPARE(result.status, 431);
}

void tst_RequestHead::window()
{
    QCOMPARE(RequestHead::window(RequestHead::Limits {}), qsizetype(16 * 1024 + 64 * 1024 + 1));
    QCOMPARE(RequestHead::window(limits(10, 20)), qsizetype(31));
}

QTEST_APPLESS_MAIN(tst_RequestHead)
#include "tst_requesthead.moc"
