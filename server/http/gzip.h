#pragma once

#include <QByteArray>
#include <QByteArrayView>

// gzip (RFC 1952) for answers that are made per request, such as the rendered page; the
// page's own files are compressed once, at build time (server/http/CMakeLists.txt). Streams
// are never compressed: a compressor holds back what it has not yet emitted, and a stream's
// event must reach the reader the moment it is sent.
class Gzip final
{
public:
    // Whether an Accept-Encoding header accepts gzip (by name or "*", with a q above 0).
    static bool accepted(QByteArrayView acceptEncoding);
    // `data` as one gzip member (zlib's default level: the page is made once per event and
    // shared by every reader, so a higher level buys little for its time).
    static QByteArray compress(QByteArrayView data);
};
