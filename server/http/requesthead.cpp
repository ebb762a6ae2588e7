#include "http/requesthead.h"

#include <QList>

#include <algorithm>
#include <array>
#include <optional>

using namespace Qt::StringLiterals;

namespace {

using Result = RequestHead::Result;
using Verdict = RequestHead::Verdict;

bool isToken(QByteArrayView s)
{
    if (s.isEmpty())
        return false;
    for (const char c : s) {
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
            || QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
        if (!ok)
            return false;
    }
    return true;
}

bool isHex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

bool isDigits(QByteArrayView s)
{
    for (const char c : s) {
        if (c < '0' || c > '9')
            return false;
    }
    return true;
}

// Printable ASCII with every % followed by two hex digits.
bool isValidTarget(QByteArrayView target)
{
    if (target.isEmpty() || target.front() != '/')
        return false;
    for (qsizetype i = 0; i < target.size(); ++i) {
        const char c = target[i];
        if (c <= 0x20 || c >= 0x7f)
            return false;
        if (c == '%' && (i + 2 >= target.size() || !isHex(target[i + 1]) || !isHex(target[i + 2])))
            return false;
    }
    return true;
}

// Text a header may carry (RFC 9110 field-value): no control character but HTAB, and
// anything past ASCII must be UTF-8. A NUL or a 0xFF byte means a client or a proxy is
// confused or probing; whatever reads the value next (Qt, a log, a proxy) must not see it.
bool isValidFieldValue(QByteArrayView value)
{
    for (const char c : value) {
        const auto byte = uchar(c);
        if ((byte < 0x20 && byte != '\t') || byte == 0x7f)
            return false;
    }
    return value.isValidUtf8();
}

// uri-host [ ":" port ] (RFC 9112 §3.2): a name or IPv4 address, or an IPv6 literal in
// brackets. Empty is allowed (a target without an authority); '@', '/' and the like are not,
// since Qt sets the request URL's authority from this header.
// The inside of an IPv6 literal's brackets: hex digits, ':' and '.' (an IPv4 tail).
bool isIpLiteral(QByteArrayView inside)
{
    return std::all_of(
        inside.cbegin(), inside.cend(), [](char c) { return isHex(c) || c == ':' || c == '.'; });
}

// A reg-name or IPv4 address: unreserved and sub-delims characters (RFC 3986 §3.2.2).
bool isRegName(QByteArrayView name)
{
    return std::all_of(name.cbegin(), name.cend(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
            || QByteArrayView("-._~!$&'()*+,;=").contains(c);
    });
}

bool isValidHost(QByteArrayView host)
{
    if (host.isEmpty())
        return true;
    qsizetype end = 0;
    if (host.front() == '[') {
        end = host.indexOf(']');
        if (end < 2 || !isIpLiteral(host.sliced(1, end - 1)))
            return false;
        ++end;
    } else {
        end = host.indexOf(':');
        if (end < 0)
            end = host.size();
        if (end == 0 || !isRegName(host.first(end)))
            return false;
    }
    const QByteArrayView port = host.sliced(end);
    return port.isEmpty() || (port.front() == ':' && port.size() <= 6 && isDigits(port.sliced(1)));
}

bool isKnownMethod(QByteArrayView method)
{
    static constexpr std::array<QByteArrayView, 7> Known { "GET", "POST", "HEAD", "OPTIONS", "PUT",
        "DELETE", "PATCH" };
    return std::find(Known.cbegin(), Known.cend(), method) != Known.cend();
}

Result reject(int status, QString message, HttpResponse::Headers headers = {})
{
    Result result;
    result.verdict = Verdict::Reject;
    result.status = status;
    result.message = std::move(message);
    result.headers = std::move(headers);
    return result;
}

Result tooLarge(const RequestHead::Limits &limits)
{
    return reject(
        431, u"the request line and headers are over %1 bytes"_s.arg(limits.maxHeadBytes));
}

// The request line can be judged as soon as its first word is there.
bool looksLikeHttp(QByteArrayView bytes)
{
    const qsizetype space = bytes.indexOf(' ');
    const QByteArrayView method
        = bytes.first(space < 0 ? qMin<qsizetype>(bytes.size(), 17) : space);
    return !(space < 0 && bytes.size() > 16) && (method.isEmpty() || isToken(method));
}

// What the head says that decides the verdict beyond its single lines.
struct Facts
{
    QByteArray method;
    QByteArray path;
    QByteArray authorization;
    QByteArray target;
    HttpResponse::Headers fields;
    bool http11 = false;
    bool connectionClose = false;
    bool connectionKeepAlive = false;
    qint64 contentLength = 0;
    bool sawLength = false;
    int hosts = 0;
    bool expectsContinue = false;
};

// "HTTP/" DIGIT "." DIGIT, and of those only 1.0 and 1.1: anything else gets 505, which is
// also what an HTTP/2 client speaking without negotiation ("PRI * HTTP/2.0") reads.
std::optional<Result> checkVersion(const QByteArray &version, Facts *facts)
{
    const bool syntax = version.size() == 8 && version.startsWith("HTTP/") && version[6] == '.'
        && isDigits(QByteArrayView(version).sliced(5, 1)) && isDigits(version.sliced(7));
    if (!syntax)
        return reject(400, u"the request line is not \"METHOD /path HTTP/1.1\""_s);
    if (version != "HTTP/1.1" && version != "HTTP/1.0") {
        return reject(505,
            u"%1 is not supported; send HTTP/1.1 or HTTP/1.0"_s.arg(QString::fromLatin1(version)));
    }
    facts->http11 = version == "HTTP/1.1";
    return std::nullopt;
}

std::optional<Result> checkRequestLine(QByteArrayView line, Facts *facts)
{
    const QList<QByteArray> parts = line.trimmed().toByteArray().split(' ');
    if (parts.size() != 3)
        return reject(400, u"the request line is not \"METHOD /path HTTP/1.1\""_s);
    if (auto bad = checkVersion(parts.at(2), facts))
        return bad;
    if (!isKnownMethod(parts.at(0))) {
        return reject(405,
            u"the method %1 is not supported"_s.arg(QString::fromLatin1(parts.at(0).left(16))),
            { { "Allow", "GET, POST, HEAD, OPTIONS" } });
    }
    if (!isValidTarget(parts.at(1)))
        return reject(400, u"the request target is not a valid, percent-encoded path"_s);
    // Qt reads "//x/api/events" as authority "x" and path "/api/events", so a proxy's rule
    // on the path would see one target and the routes another.
    if (parts.at(1).startsWith("//"))
        return reject(400, u"the request target must be a path; it cannot start with //"_s);
    facts->method = parts.at(0);
    facts->target = parts.at(1);
    const qsizetype query = parts.at(1).indexOf('?');
    facts->path = query < 0 ? parts.at(1) : parts.at(1).first(query);
    return std::nullopt;
}

// One Content-Length value: digits only, the same each time it repeats, within the limit.
std::optional<Result> checkContentLength(
    QByteArrayView value, const RequestHead::Limits &limits, Facts *facts)
{
    bool ok = !value.isEmpty() && value.size() <= 18 && isDigits(value);
    const qint64 length = ok ? value.toLongLong(&ok) : -1;
    if (!ok || (facts->sawLength && length != facts->contentLength))
        return reject(400, u"the Content-Length header is invalid"_s);
    const qsizetype most = RequestHead::isUpload(facts->method, facts->path) ? limits.maxUploadBytes
                                                                             : limits.maxBodyBytes;
    if (length > most)
        return reject(
            413, u"the body is %1 bytes; at most %2 are accepted"_s.arg(length).arg(most));
    facts->contentLength = length;
    facts->sawLength = true;
    return std::nullopt;
}

std::optional<Result> checkExpect(QByteArrayView value, Facts *facts)
{
    if (!facts->http11) // RFC 9110 §10.1.1: an HTTP/1.0 expectation is ignored
        return std::nullopt;
    if (value.compare("100-continue", Qt::CaseInsensitive) != 0) {
        return reject(417,
            u"the expectation \"%1\" cannot be met; only 100-continue is supported"_s.arg(
                QString::fromUtf8(value.first(qMin<qsizetype>(value.size(), 64)))));
    }
    facts->expectsContinue = true;
    return std::nullopt;
}

// "Connection: keep-alive, Upgrade": a comma-separated list of options, in any case.
void noteConnection(QByteArrayView value, Facts *facts)
{
    for (const QByteArray &option : value.toByteArray().split(',')) {
        const QByteArray name = option.trimmed().toLower();
        facts->connectionClose = facts->connectionClose || name == "close";
        facts->connectionKeepAlive = facts->connectionKeepAlive || name == "keep-alive";
    }
}

// The headers whose meaning the guard enforces; any other passes as it is.
std::optional<Result> checkField(
    QByteArrayView name, QByteArrayView value, const RequestHead::Limits &limits, Facts *facts)
{
    if (name == "transfer-encoding")
        return reject(411, u"send the body with Content-Length; chunked bodies are not accepted"_s);
    if (name == "content-length")
        return checkContentLength(value, limits, facts);
    if (name == "host") {
        if (++facts->hosts > 1)
            return reject(400, u"the request has more than one Host header"_s);
        if (!isValidHost(value)) {
            return reject(400,
                u"the Host header is not a valid host name or address, with an optional port"_s);
        }
    }
    if (name == "expect")
        return checkExpect(value, facts);
    if (name == "authorization" && facts->authorization.isEmpty())
        facts->authorization = value.toByteArray();
    if (name == "connection")
        noteConnection(value, facts);
    // A WebSocket is opened at GET /ws; anywhere else one clear refusal, before the route
    // could answer as if it were plain HTTP (a publish that also asked to upgrade).
    if (name == "upgrade" && value.toByteArray().toLower().contains("websocket")
        && (facts->path != "/ws" || facts->method != "GET")) {
        return reject(400,
            u"a WebSocket is opened with GET /ws; %1 %2 speaks plain HTTP"_s.arg(
                QString::fromLatin1(facts->method), QString::fromLatin1(facts->path.left(100))));
    }
    return std::nullopt;
}

std::optional<Result> checkHeaderLine(
    QByteArrayView line, const RequestHead::Limits &limits, Facts *facts)
{
    if (line.endsWith('\r'))
        line.chop(1);
    if (line.size() > RequestHead::MaxHeaderLineBytes) {
        return reject(
            431, u"a header line is over %1 bytes"_s.arg(RequestHead::MaxHeaderLineBytes));
    }
    const qsizetype colon = line.indexOf(':');
    if (colon <= 0 || !isToken(line.first(colon)))
        return reject(400, u"a header line is malformed"_s);
    const QByteArray name = line.first(colon).toByteArray().toLower();
    const QByteArrayView raw = line.sliced(colon + 1);
    if (!isValidFieldValue(raw)) {
        return reject(400,
            u"the value of the header %1 has a control character or is not UTF-8"_s.arg(
                QString::fromLatin1(line.first(qMin<qsizetype>(colon, 64)))));
    }
    const QByteArrayView value = raw.trimmed();
    facts->fields.append({ line.first(colon).toByteArray(), value.toByteArray() });
    return checkField(name, value, limits, facts);
}

std::optional<Result> checkHeaders(
    const QList<QByteArray> &lines, const RequestHead::Limits &limits, Facts *facts)
{
    if (lines.size() - 1 > RequestHead::MaxHeaderLines) {
        return reject(
            431, u"the request has more than %1 header lines"_s.arg(RequestHead::MaxHeaderLines));
    }
    for (qsizetype i = 1; i < lines.size(); ++i) {
        if (auto bad = checkHeaderLine(lines.at(i), limits, facts))
            return bad;
    }
    // RFC 9112 §3.2: an HTTP/1.1 request without Host is refused.
    if (facts->http11 && facts->hosts == 0)
        return reject(400, u"an HTTP/1.1 request needs a Host header"_s);
    return std::nullopt;
}

} // namespace

RequestHead::Result RequestHead::check(QByteArrayView bytes, const Limits &limits)
{
    bytes = bytes.first(qMin(bytes.size(), uploadWindow(limits)));
    if (!looksLikeHttp(bytes))
        return reject(400, u"this is not an HTTP request"_s);
    const qsizetype headEnd = bytes.indexOf("\r\n\r\n");
    if (headEnd < 0)
        return bytes.size() > limits.maxHeadBytes ? tooLarge(limits) : Result {};
    if (headEnd + 4 > limits.maxHeadBytes)
        return tooLarge(limits);

    const QList<QByteArray> lines = bytes.first(headEnd).toByteArray().split('\n');
    Facts facts;
    if (auto bad = checkRequestLine(lines.constFirst(), &facts))
        return *bad;
    if (auto bad = checkHeaders(lines, limits, &facts))
        return *bad;
    Result result;
    result.headComplete = true;
    result.method = facts.method;
    result.path = facts.path;
    result.authorization = facts.authorization;
    result.target = facts.target;
    result.keepAlive = facts.http11 ? !facts.connectionClose
                                    : facts.connectionKeepAlive && !facts.connectionClose;
    result.fields = std::move(facts.fields);
    result.headBytes = headEnd + 4;
    result.contentLength = facts.contentLength;
    result.upload = isUpload(facts.method, facts.path);
    if (bytes.size() < headEnd + 4 + facts.contentLength) {
        // The body is on its way (bounded: the limit and the guard's timer).
        result.expectsContinue = facts.expectsContinue;
        return result;
    }
    result.verdict = Verdict::Complete;
    result.length = result.headBytes + facts.contentLength;
    return result;
}
