#pragma once

#include "protocol/sseevent.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

// Incremental text/event-stream parser that follows the WHATWG "event stream interpretation"
// algorithm exactly: one leading BOM is skipped; CRLF, CR and LF all end a line, even when a
// CRLF is split across two chunks; comments are counted; "retry" accepts ASCII digits only;
// an "id" containing NUL is ignored; the last event id carries over between events; a block
// without data dispatches nothing; the default type is "message".
//
// Feed it whatever the network delivers; it never needs the whole stream. A line longer than
// maxLineBytes (or an event whose data grows past it) puts the parser in an error state, so a
// hostile peer cannot make it buffer without bound.
class SseParser final
{
public:
    static constexpr qsizetype DefaultMaxLineBytes = 16 * 1024 * 1024;

    explicit SseParser(qsizetype maxLineBytes = DefaultMaxLineBytes);

    // Parses a chunk and returns the events it completed, in order.
    QList<SseEvent> feed(QByteArrayView chunk);
    // Starts over, as for a new connection; the last event id and retry survive, as in a
    // browser's EventSource across reconnects.
    void resetStream();

    // Seeds the resume point, e.g. from a client that stored it across sessions.
    void setLastEventId(const QByteArray &id) { m_lastEventId = id; }

    bool hasError() const { return m_error; }
    QByteArray lastEventId() const { return m_lastEventId; }
    // The last valid "retry:" value, or -1 if none was seen.
    int retryMs() const { return m_retryMs; }
    // Comment lines (": ...") seen so far; heartbeats show up here.
    qint64 commentCount() const { return m_comments; }

private:
    QList<SseEvent> feedPastBom(QByteArrayView chunk);
    void endLine(QByteArrayView piece, QList<SseEvent> &out);
    qsizetype pastCrLf(QByteArrayView chunk, qsizetype cr);
    void processLine(QByteArrayView line, QList<SseEvent> &out);
    void dispatch(QList<SseEvent> &out);

    qsizetype m_maxLineBytes;
    QByteArray m_line;
    QByteArray m_data;
    QByteArray m_type;
    QByteArray m_lastEventId;
    int m_retryMs = -1;
    qint64 m_comments = 0;
    bool m_bomChecked = false;
    bool m_skipLeadingLf = false; // the previous chunk ended in CR
    bool m_error = false;
};
