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

    if (!m_bomChecked) {
        // The BOM may itself arrive split; hold bytes back until we can tell.
        m_line.append(chunk);
        if (m_line.size() < Bom.size() && Bom.startsWith(m_line))
            return out;
        m_bomChecked = true;
        const QByteArray pending = m_line.startsWith(Bom) ? m_line.sliced(Bom.size()) : m_line;
        m_line.clear();
        return feed(pending);
    }

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
        const QByteArrayView piece = chunk.sliced(start, i - start);
        if (m_line.isEmpty()) {
            processLine(piece, out);
        } else {
            m_line.append(piece);
            processLine(m_line, out);
            m_line.clear();
        }
        if (m_error)
            return out;
        if (c == '\r') {
            if (i + 1 < chunk.size()) {
                if (chunk[i + 1] == '\n')
                    ++i;
            } else {
                m_skipLeadingLf = true;
            }
        }
        start = i + 1;
    }
    m_line.append(chunk.sliced(start));
    if (m_line.size() > m_maxLineBytes)
        m_error = true;
    return out;
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
