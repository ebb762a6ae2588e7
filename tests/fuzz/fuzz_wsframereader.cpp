// Any bytes from a WebSocket client, split anywhere: the reader must not crash, must hold
// every message to its bound (4 KiB, control frames 125 bytes), and once it has failed it
// must yield nothing more.
#include "protocol/wsframe.h"
#include "protocol/wsframereader.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    const QByteArrayView all(reinterpret_cast<const char *>(data), qsizetype(size));
    const qsizetype split = data[0] % all.size();
    WsFrameReader reader(4096);
    QList<WsFrameReader::Message> messages = reader.feed(all.first(split));
    const bool failedEarly = reader.failed();
    const QList<WsFrameReader::Message> more = reader.feed(all.sliced(split));
    if (failedEarly && !more.isEmpty())
        std::abort();
    messages += more;
    for (const WsFrameReader::Message &message : messages) {
        const bool control = message.opcode >= WsFrame::Close;
        if (message.payload.size() > (control ? 125 : 4096))
            std::abort();
        if (!control && message.opcode != WsFrame::Text)
            std::abort();
    }
    if (reader.failed() && reader.closeCode() != 1002 && reader.closeCode() != 1003
        && reader.closeCode() != 1008)
        std::abort();
    return 0;
}
