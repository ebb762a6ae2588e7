// Any bytes as what a client has sent so far: RequestHead::check never crashes or reads past
// them, and its verdict keeps its promises. A refusal carries a 4xx status (or 501 for a
// WebSocket upgrade, 505 for an HTTP version) and a message (and headers only for 405's
// Allow); waiting and accepting carry neither; only waiting may ask for "100 Continue"; a
// request is complete only once a blank line ends its head within the head limit, and then
// `length` (the bytes the guard reads off the socket as this request, the next one starting
// after them) covers its head and lies within what was received.
#include "http/requesthead.h"

#include <cstdint>
#include <cstdlib>

namespace {

void checkVerdict(QByteArrayView bytes, const RequestHead::Limits &limits)
{
    using Verdict = RequestHead::Verdict;
    const RequestHead::Result result = RequestHead::check(bytes, limits);
    switch (result.verdict) {
    case Verdict::Reject: {
        const bool status = (result.status >= 400 && result.status <= 499) || result.status == 501
            || result.status == 505;
        if (!status || result.message.isEmpty() || result.expectsContinue)
            std::abort();
        if (!result.headers.isEmpty() && result.status != 405)
            std::abort();
        break;
    }
    case Verdict::Complete: {
        const QByteArrayView head = bytes.first(qMin(bytes.size(), limits.maxHeadBytes));
        if (!head.contains("\r\n\r\n") || result.expectsContinue)
            std::abort();
        if (result.headBytes < 4 || result.headBytes > limits.maxHeadBytes
            || result.length < result.headBytes || result.length > bytes.size()
            || result.length - result.headBytes > limits.maxBodyBytes || !result.headComplete)
            std::abort();
        [[fallthrough]];
    }
    case Verdict::Incomplete:
        if (result.status != 0 || !result.message.isEmpty() || !result.headers.isEmpty())
            std::abort();
        break;
    }
    // A pure function: the same bytes, the same verdict.
    const RequestHead::Result again = RequestHead::check(bytes, limits);
    if (again.verdict != result.verdict || again.status != result.status
        || again.message != result.message || again.expectsContinue != result.expectsContinue
        || again.length != result.length || again.keepAlive != result.keepAlive)
        std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    // The fuzzer's own buffer, exactly `size` bytes long: ASan reports any read past it.
    const QByteArrayView bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    checkVerdict(bytes, RequestHead::Limits {});
    // Tiny limits reach the 413 and 431 paths with short inputs.
    RequestHead::Limits tiny;
    tiny.maxHeadBytes = 64;
    tiny.maxBodyBytes = 16;
    checkVerdict(bytes, tiny);
    return 0;
}
