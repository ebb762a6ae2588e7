#pragma once

#include "protocol/sseevent.h"

#include <QByteArray>
#include <QByteArrayView>

class QJsonValue;

// Pure functions that turn events into text/event-stream bytes (WHATWG HTML, "Server-sent
// events"). They never fail: anything that could break the framing (CR, LF, NUL in a field
// that must stay on one line) is removed, and multi-line data becomes one "data:" line per line.
namespace SseEncoder {

QByteArray encode(const SseEvent &event);
// ": text\n\n". Line breaks in text are replaced by spaces so a comment stays one line.
QByteArray comment(QByteArrayView text);
QByteArray retry(int milliseconds);
// The text sent in data: lines for a JSON payload (NestJS MessageEvent rule): objects and
// arrays are compact JSON, a string is its raw text, other scalars are their JSON literal.
QByteArray payloadText(const QJsonValue &data);

} // namespace SseEncoder
