#include "http/streamrequest.h"

#include <QStringList>

#include <limits>

using namespace Qt::StringLiterals;

std::optional<quint64> StreamRequest::parseEventId(QByteArrayView text)
{
    if (text.isEmpty() || text.size() > 20)
        return std::nullopt;
    quint64 value = 0;
    for (const char c : text) {
        if (c < '0' || c > '9')
            return std::nullopt;
        const quint64 digit = quint64(c - '0');
        if (value > (std::numeric_limits<quint64>::max() - digit) / 10)
            return std::nullopt;
        value = value * 10 + digit;
    }
    return value;
}

std::optional<StreamRequest> StreamRequest::parse(
    const QUrlQuery &query, QByteArrayView lastEventIdHeader, QString *error)
{
    StreamRequest request;
    const QStringList values = query.allQueryItemValues(u"channel"_s, QUrl::FullyDecoded);
    for (const QString &value : values) {
        for (const QString &name : value.split(u',')) {
            if (!EventHub::isValidName(name)) {
                *error = u"invalid channel \"%1\": a channel name is 1 to 64 characters "
                         "from A-Z, a-z, 0-9, '.', '_' and '-'"_s.arg(name.left(80));
                return std::nullopt;
            }
            request.channels.insert(name);
        }
    }
    if (request.channels.size() > MaxChannels) {
        *error = u"too many channels: at most %1 per stream"_s.arg(MaxChannels);
        return std::nullopt;
    }

    request.heartbeatEvents = query.queryItemValue(u"heartbeat"_s) == u"event";
    request.envelope = query.queryItemValue(u"envelope"_s) == u"1";
    request.lastEventId = parseEventId(lastEventIdHeader);
    if (!request.lastEventId && query.hasQueryItem(u"lastEventId"_s))
        request.lastEventId
            = parseEventId(query.queryItemValue(u"lastEventId"_s, QUrl::FullyDecoded).toUtf8());
    return request;
}
