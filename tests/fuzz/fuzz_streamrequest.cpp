// Any query string and Last-Event-ID header (split at the first newline): parsing never
// crashes, accepted channels are valid names, and an accepted id is a plain decimal.
#include "http/streamrequest.h"

#include <QUrlQuery>

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input(reinterpret_cast<const char *>(data), qsizetype(size));
    const qsizetype newline = input.indexOf('\n');
    const QByteArray query = newline < 0 ? input : input.first(newline);
    const QByteArray header = newline < 0 ? QByteArray() : input.sliced(newline + 1);
    QString error;
    const auto request = StreamRequest::parse(QUrlQuery(QString::fromUtf8(query)), header, &error);
    if (!request && error.isEmpty())
        std::abort(); // a refusal always says why
    if (request) {
        for (const QString &channel : request->channels) {
            if (!EventHub::isValidName(channel))
                std::abort();
        }
        if (request->channels.size() > StreamRequest::MaxChannels)
            std::abort();
    }
    if (const auto id = StreamRequest::parseEventId(header)) {
        if (QByteArray::number(*id).toULongLong() != *id)
            std::abort();
    }
    return 0;
}
