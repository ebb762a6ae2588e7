#include "http/publishrequest.h"

#include "hub/eventhub.h"
#include "hub/eventschema.h"
#include "protocol/sseencoder.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

using namespace Qt::StringLiterals;

namespace {

std::optional<QString> nameField(const QJsonObject &object, const QString &key, QString *error)
{
    const QJsonValue value = object.value(key);
    if (!value.isString()) {
        *error = u"\"%1\" is required and must be a string"_s.arg(key);
        return std::nullopt;
    }
    const QString name = value.toString();
    if (!EventHub::isValidName(name)) {
        *error
            = u"\"%1\" must be 1 to 64 characters from A-Z, a-z, 0-9, '.', '_' and '-'"_s.arg(key);
        return std::nullopt;
    }
    return name;
}

// RFC 8259 §7: a string holds no raw control character (U+0000 to U+001F), and Qt 6.4's
// parser lets them through (also right after a backslash). The offset of the first one inside
// a string, or -1. Outside strings Qt already refuses them.
qsizetype rawControlInString(QByteArrayView body)
{
    bool inString = false;
    for (qsizetype i = 0; i < body.size(); ++i) {
        const auto c = uchar(body[i]);
        if (inString && c < 0x20)
            return i;
        if (c == '"') {
            inString = !inString;
        } else if (c == '\\' && inString && i + 1 < body.size()) {
            if (uchar(body[++i]) < 0x20)
                return i;
        }
    }
    return -1;
}

// "at" as ISO 8601 with its offset ("2026-12-02T14:00:00Z", "…+08:00"): a time without one
// would mean the server's local time, which a script elsewhere cannot know.
std::optional<QDateTime> scheduledTime(const QJsonValue &value, QString *error)
{
    const QString text = value.toString();
    const QDateTime at = QDateTime::fromString(text, Qt::ISODateWithMs);
    const bool hasOffset
        = text.endsWith(u'Z') || text.contains(u'+') || text.lastIndexOf(u'-') > text.indexOf(u'T');
    if (!value.isString() || !at.isValid() || !hasOffset) {
        *error = u"\"at\" must be a time in ISO 8601 with its offset, e.g. "
                 "\"2026-12-02T14:00:00Z\" or \"2026-12-02T22:00:00+08:00\""_s;
        return std::nullopt;
    }
    return at.toUTC();
}

} // namespace

std::optional<PublishRequest> PublishRequest::parse(QByteArrayView body, QString *error)
{
    if (const qsizetype at = rawControlInString(body); at >= 0) {
        *error = u"invalid JSON: a raw control character in a string at offset %1 (escape it, "
                 "e.g. \\n or \\u0000)"_s.arg(at);
        return std::nullopt;
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body.toByteArray(), &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error = u"invalid JSON: %1 at offset %2"_s.arg(parseError.errorString())
                     .arg(parseError.offset);
        return std::nullopt;
    }
    if (!document.isObject()) {
        *error = u"the body must be a JSON object {\"channel\", \"type\", \"data\"}"_s;
        return std::nullopt;
    }
    const QJsonObject object = document.object();

    PublishRequest request;
    const auto channel = nameField(object, u"channel"_s, error);
    if (!channel)
        return std::nullopt;
    const auto type = nameField(object, u"type"_s, error);
    if (!type)
        return std::nullopt;
    if (!object.contains(u"data"_s)) {
        *error = u"\"data\" is required (use null for an event without data)"_s;
        return std::nullopt;
    }
    request.channel = *channel;
    request.type = *type;
    request.data = object.value(u"data"_s);
    if (SseEncoder::payloadText(request.data).size() > MaxDataBytes) {
        *error = u"\"data\" is larger than %1 bytes"_s.arg(MaxDataBytes);
        return std::nullopt;
    }
    if (object.contains(u"at"_s) && !(request.at = scheduledTime(object.value(u"at"_s), error)))
        return std::nullopt;
    // A known type in another shape would reach pages that cannot show it.
    if (const QString problem = EventSchema::check(request.type, request.data);
        !problem.isEmpty()) {
        *error = problem;
        return std::nullopt;
    }
    return request;
}
