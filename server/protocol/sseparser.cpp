#include "protocol/sseparser.h"

#include <limits>

namespace {
constexpr QByteArrayView Bom("\xEF\xBB\xBF", 3);
} // namespace

SseParser::SseParser(qsizetype maxLineBytes)
    : m_maxLineBytes(maxLineBytes)
{ }

void SseParser::resetStream()
{
    m_line.clear();
    m_data.clear();
    m_type.clear();
    m_bomChecked = false;
    m_skipLeadingLf = false;
    m_error = false;
}

QList<SseEvent> SseParser::feed(QByteArrayView chunk)
{
    QList<SseEvent> out;
    if (m_error)
        return out;

    if (!m_bomChecked)
        return feedPastBom(chunk);

    qsizetype start = 0;
    if (m_skipLeadingLf && !chunk.isEmpty()) {
        m_skipLeadingLf = false;
        if (chunk.front() == '\n')
            start = 1;
    }
    for (qsizetype i = start; i < chunk.size(); ++i) {
        const char c = chunk[i];
        if (c != '\r' && c != '\n')
            continue;
        endLine(chunk.sliced(start, i - start), out);
        if (m_error)
            return out;
        if (c == '\r')
            i = pastCrLf(chunk, i);
        start = i + 1;
    }
    m_line.append(chunk.sliced(start));
    if (m_line.size() > m_maxLineBytes)
        m_error = true;
    return out;
}

// The BOM may itself arrive split; hold bytes back until we can tell.
QList<SseEvent> SseParser::feedPastBom(QByteArrayView chunk)
{
    m_line.append(chunk);
    if (m_line.size() < Bom.size() && Bom.startsWith(m_line))
        return {};
    m_bomChecked = true;
    const QByteArray pending = m_line.startsWith(Bom) ? m_line.sliced(Bom.size()) : m_line;
    m_line.clear();
    return feed(pending);
}

// A line ends at `piece`; its start may be held from earlier chunks.
void SseParser::endLine(QByteArrayView piece, QList<SseEvent> &out)
{
    if (m_line.isEmpty()) {
        processLine(piece, out);
        return;
    }
    m_line.append(piece);
    processLine(m_line, out);
    m_line.clear();
}

// A CR ends a line and takes a LF after it along (CRLF is one line end), even when that LF
// is the next chunk's first byte. Returns the index of the line end's last byte.
qsizetype SseParser::pastCrLf(QByteArrayView chunk, qsizetype cr)
{
    if (cr + 1 >= chunk.size()) {
        m_skipLeadingLf = true;
        return cr;
    }
    return chunk[cr + 1] == '\n' ? cr + 1 : cr;
}

void SseParser::processLine(QByteArrayView line, QList<SseEvent> &out)
{
    if (line.isEmpty()) {
        dispatch(out);
        return;
    }
    if (line.front() == ':') {
        ++m_comments;
        return;
    }

    QByteArrayView field = line;
    QByteArrayView value;
    if (const qsizetype colon = line.indexOf(':'); colon >= 0) {
        field = line.first(colon);
        value = line.sliced(colon + 1);
        if (value.startsWith(' '))
            value = value.sliced(1);
    }

    if (field == "event") {
        m_type = value.toByteArray();
    } else if (field == "data") {
        if (m_data.size() + value.size() > m_maxLineBytes) {
            m_error = true;
            return;
        }
        m_data.append(value);
        m_data.append('\n');
    } else if (field == "id") {
        if (!value.contains('\0'))
            m_lastEventId = value.toByteArray();
    } else if (field == "retry") {
        bool digitsOnly = !value.isEmpty();
        qint64 ms = 0;
        for (const char c : value) {
            if (c < '0' || c > '9') {
                digitsOnly = false; // found by fuzz_sseparser: do not compute with the rest
                break;
            }
            // Saturate instead of overflowing: any run of digits is valid per the standard.
            ms = qMin<qint64>(ms * 10 + (c - '0'), std::numeric_limits<int>::max());
        }
        if (digitsOnly)
            m_retryMs = int(ms);
    }
    // Any other field is ignored, as the standard requires.
}

void SseParser::dispatch(QList<SseEvent> &out)
{
    if (m_data.isEmpty()) {
        m_type.clear();
        return;
    }
    if (m_data.endsWith('\n'))
        m_data.chop(1);
    SseEvent event;
    event.data = std::move(m_data);
    event.type = m_type.isEmpty() ? QByteArrayLiteral("message") : std::move(m_type);
    event.id = m_lastEventId;
    out.append(std::move(event));
    m_data.clear();
    m_type.clear();
}
