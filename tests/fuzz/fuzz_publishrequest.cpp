// Any body: the validator either refuses with a message or accepts a request whose names
// cannot break the SSE framing and whose data respects the size limit.
#include "http/publishrequest.h"
#include "hub/eventhub.h"
#include "protocol/sseencoder.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    QString error;
    const auto request = PublishRequest::parse(
        QByteArrayView(reinterpret_cast<const char *>(data), qsizetype(size)), &error);
    if (!request) {
        if (error.isEmpty())
            std::abort();
        return 0;
    }
    if (!EventHub::isValidName(request->channel) || !EventHub::isValidName(request->type)
        || request->channel.contains(u'\n') || request->type.contains(u'\r')
        || SseEncoder::payloadText(request->data).size() > PublishRequest::MaxDataBytes)
        std::abort();
    return 0;
}
