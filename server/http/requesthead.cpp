#include "http/requesthead.h"

#include <QList>

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

const QList<QByteArray> KnownMethods { "GET", "POST", "HEAD", "OPTIONS", "PUT", "DELETE", "PATCH" };

Result reject(int status, QString message, HttpResponse::Headers headers = {})
{
    return { Verdict::Reject, status, std::move(message), std::move(headers) };
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

std::optional<Result> checkRequestLine(QByteArrayView line)
{
    const QList<QByteArray> parts = line.trimmed().toByteArray().split(' ');
    if (parts.size() != 3 || !parts.at(2).startsWith("HTTP/1.") || parts.at(2).size() != 8)
        return reject(400, u"the request line is not \"METHOD /path HTTP/1.1\""_s);
    if (!KnownMethods.contains(parts.at(0))) {
        return reject(405,
            u"the method %1 is not supported"_s.arg(QString::fromLatin1(parts.at(0).left(16))),
            { { "Allow", "GET, POST, HEAD, OPTIONS" } });
    }
    if (!isValidTarget(parts.at(1)))
        return reject(400, u"the request target is not a valid, percent-encoded path"_s);
    return std::nullopt;
}

// One Content-Length value: digits only, the same each time it repeats, within the limit.
std::optional<Result> checkContentLength(
    QByteArrayView value, const RequestHead::Limits &limits, qint64 *contentLength, bool *sawLength)
{
    bool ok = !value.isEmpty() && value.size() <= 18;
    for (const char c : value)
        ok = ok && c >= '0' && c <= '9';
    const qint64 length = ok ? value.toLongLong(&ok) : -1;
    if (!ok || (*sawLength && length != *contentLength))
        return reject(400, u"the Content-Length header is invalid"_s);
    if (length > limits.maxBodyBytes) {
        return reject(413,
            u"the body is %1 bytes; at most %2 are accepted"_s.arg(length).arg(
                limits.maxBodyBytes));
    }
    *contentLength = length;
    *sawLength = true;
    return std::nullopt;
}

std::optional<Result> checkHeaders(
    const QList<QByteArray> &lines, const RequestHead::Limits &limits, qint64 *contentLength)
{
    bool sawLength = false;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).endsWith('\r') ? lines.at(i).chopped(1) : lines.at(i);
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0 || !isToken(QByteArrayView(line).first(colon)))
            return reject(400, u"a header line is malformed"_s);
        const QByteArray name = line.first(colon).toLower();
        const QByteArray value = line.sliced(colon + 1).trimmed();
        if (name == "transfer-encoding")
            return reject(
                411, u"send the body with Content-Length; chunked bodies are not accepted"_s);
        if (name == "content-length") {
            if (auto bad = checkContentLength(value, limits, contentLength, &sawLength))
                return bad;
        }
    }
    return std::nullopt;
}

} // namespace

RequestHead::Result RequestHead::check(QByteArrayView bytes, const Limits &limits)
{
    bytes = bytes.first(qMin(bytes.size(), window(limits)));
    if (!looksLikeHttp(bytes))
        return reject(400, u"this is not an HTTP request"_s);
    const qsizetype headEnd = bytes.indexOf("\r\n\r\n");
    if (headEnd < 0)
        return bytes.size() > limits.maxHeadBytes ? tooLarge(limits) : Result {};
    if (headEnd + 4 > limits.maxHeadBytes)
        return tooLarge(limits);

    const QList<QByteArray> lines = bytes.first(headEnd).toByteArray().split('\n');
    if (auto bad = checkRequestLine(lines.constFirst()))
        return *bad;
    qint64 contentLength = 0;
    if (auto bad = checkHeaders(lines, limits, &contentLength))
        return *bad;
    if (bytes.size() < headEnd + 4 + contentLength)
        return {}; // the body is on its way (bounded: the limit and the guard's timer)
    return { Verdict::Complete, 0, {}, {} };
}
