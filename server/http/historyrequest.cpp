#include "http/historyrequest.h"

#include "http/streamrequest.h"

#include <QStringList>

using namespace Qt::StringLiterals;

namespace {

// The one value of `name`, or nullopt with *error set when it is given more than once (which
// of two would be a guess). Absent: an empty string.
std::optional<QString> single(const QUrlQuery &query, const QString &name, QString *error)
{
    const QStringList values = query.allQueryItemValues(name, QUrl::FullyDecoded);
    if (values.size() > 1) {
        *error = u"\"%1\" may be given only once"_s.arg(name);
        return std::nullopt;
    }
    return values.value(0);
}

} // namespace

std::optional<EventHub::HistoryQuery> HistoryRequest::parse(const QUrlQuery &query, QString *error)
{
    // Only the channels go through the stream's rules: Last-Event-ID and the stream's own
    // options mean nothing to a page.
    QUrlQuery channels;
    for (const QString &value : query.allQueryItemValues(u"channel"_s, QUrl::FullyDecoded))
        channels.addQueryItem(u"channel"_s, value);
    const auto stream = StreamRequest::parse(channels, {}, error);
    const auto before = single(query, u"before"_s, error);
    const auto limit = single(query, u"limit"_s, error);
    if (!stream || !before || !limit)
        return std::nullopt;

    EventHub::HistoryQuery history { stream->channels, 0, DefaultLimit };
    if (!before->isEmpty()) {
        const auto id = StreamRequest::parseEventId(before->toUtf8());
        if (!id || *id == 0) {
            *error = u"\"before\" must be an event id: a positive whole number, not \"%1\""_s.arg(
                before->left(40));
            return std::nullopt;
        }
        history.before = *id;
    }
    if (query.hasQueryItem(u"limit"_s)) {
        const auto count = StreamRequest::parseEventId(limit->toUtf8());
        if (!count || *count < 1 || *count > MaxLimit) {
            *error
                = u"\"limit\" must be a whole number from 1 to %1, not \"%2\""_s.arg(MaxLimit).arg(
                    limit->left(40));
            return std::nullopt;
        }
        history.limit = int(*count);
    }
    return history;
}
