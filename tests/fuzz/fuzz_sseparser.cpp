// Any bytes, split anywhere: the parser must not crash, must honour its memory bound, and
// what it yields must survive encode -> parse unchanged.
#include "protocol/sseencoder.h"
#include "protocol/sseparser.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    const QByteArrayView all(reinterpret_cast<const char *>(data), qsizetype(size));
    const qsizetype split = data[0] % (all.size());
    SseParser parser(4096);
    QList<SseEvent> events = parser.feed(all.first(split));
    events += parser.feed(all.sliced(split));
    for (const SseEvent &event : events) {
        SseParser again;
        SseEvent copy = event;
        const QList<SseEvent> round = again.feed(SseEncoder::encode(copy));
        if (round.size() != 1 || round.constFirst().data != event.data
            || round.constFirst().type != event.type)
            std::abort();
    }
    return 0;
}
