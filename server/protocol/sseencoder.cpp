#include "protocol/sseencoder.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>

namespace {

enum class Nul { Keep, Drop };

// Fields other than data must stay on one line: line breaks become `replacement`, or vanish
// when it is '\0'. NUL is legal everywhere except in an id, where it makes clients ignore the
// whole id (found by fuzz_sseparser: stripping it from a type broke the round trip).
QByteArray singleLine(QByteArrayView value, char replacement, Nul nul = Nul::Keep)
{
    QByteArray out;
    out.reserve(value.size());
    for (const char c : value) {
        if (c == '\r' || c == '\n') {
            if (replacement != '\0')
                out.append(replacement);
        } else if (c != '\0' || nul == Nul::Keep) {
            out.append(c);
        }
    }
    return out;
}

void appendField(QByteArray &out, QByteArrayView name, QByteArrayView value)
{
    out.append(name);
    out.append(':');
    // "field:value" and "field: value" mean the same; skip the space for empty values so
    // the output has no trailing blanks.
    if (!value.isEmpty()) {
        out.append(' ');
        out.append(value);
    }
    out.append('\n');
}

} // namespace

namespace SseEncoder {

QByteArray encode(const SseEvent &event)
{
    QByteArray out;
    out.reserve(event.data.size() + event.type.size() + 48);
    if (event.id)
        appendField(out, "id", singleLine(*event.id, '\0', Nul::Drop));
    if (!event.type.isEmpty())
        appendField(out, "event", singleLine(event.type, '\0'));
    if (event.retryMs && *event.retryMs >= 0)
        appendField(out, "retry", QByteArray::number(*event.retryMs));

    // CRLF, lone CR and lone LF all end a line for the client, so each becomes its own
    // data: line. The client joins them with LF, which is the one lossless normalisation.
    const QByteArray &data = event.data;
    qsizetype start = 0;
    for (qsizetype i = 0; i < data.size(); ++i) {
        const char c = data.at(i);
        if (c != '\r' && c != '\n')
            continue;
        appendField(out, "data", QByteArrayView(data).sliced(start, i - start));
        if (c == '\r' && i + 1 < data.size() && data.at(i + 1) == '\n')
            ++i;
        start = i + 1;
    }
    appendField(out, "data", QByteArrayView(data).sliced(start));
    out.append('\n');
    return out;
}

QByteArray comment(QByteArrayView text)
{
    QByteArray out(": ");
    out.append(singleLine(text, ' '));
    out.append("\n\n");
    return out;
}

QByteArray retry(int milliseconds)
{
    return "retry: " + QByteArray::number(qMax(0, milliseconds)) + "\n\n";
}

QByteArray payloadText(const QJsonValue &data)
{
    switch (data.type()) {
    case QJsonValue::String:
        return data.toString().toUtf8();
    case QJsonValue::Object:
        return QJsonDocument(data.toObject()).toJson(QJsonDocument::Compact);
    case QJsonValue::Array:
        return QJsonDocument(data.toArray()).toJson(QJsonDocument::Compact);
    case QJsonValue::Undefined:
        return "null";
    default: {
        // QJsonDocument only holds containers; serialise the scalar inside one and unwrap it.
        const QByteArray wrapped
            = QJsonDocument(QJsonArray { data }).toJson(QJsonDocument::Compact);
        return wrapped.sliced(1, wrapped.size() - 2);
    }
    }
}

} // namespace SseEncoder
