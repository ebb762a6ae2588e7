#include "http/gzip.h"

#include <QList>

#include <zlib.h>

namespace {

// The q value of one Accept-Encoding entry's parameters ("q=0.5"); 1 when none is given.
double quality(QByteArrayView parameters)
{
    for (QByteArrayView part : QByteArray(parameters.data(), parameters.size()).split(';')) {
        part = part.trimmed();
        if (part.size() > 2 && (part.first(2) == "q=" || part.first(2) == "Q="))
            return QByteArray(part.sliced(2).data(), part.size() - 2).toDouble();
    }
    return 1;
}

} // namespace

bool Gzip::accepted(QByteArrayView acceptEncoding)
{
    const QByteArray header(acceptEncoding.data(), acceptEncoding.size());
    for (const QByteArray &entry : header.split(',')) {
        const qsizetype semicolon = entry.indexOf(';');
        const QByteArray name
            = (semicolon < 0 ? entry : entry.first(semicolon)).trimmed().toLower();
        if ((name == "gzip" || name == "x-gzip" || name == "*")
            && quality(
                   semicolon < 0 ? QByteArrayView() : QByteArrayView(entry).sliced(semicolon + 1))
                > 0)
            return true;
    }
    return false;
}

QByteArray Gzip::compress(QByteArrayView data)
{
    z_stream stream {};
    // 15 window bits + 16: a gzip header and trailer rather than zlib's.
    if (deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY)
        != Z_OK)
        return {};
    QByteArray out(qsizetype(deflateBound(&stream, uLong(data.size()))) + 32, Qt::Uninitialized);
    stream.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.data()));
    stream.avail_in = uInt(data.size());
    stream.next_out = reinterpret_cast<Bytef *>(out.data());
    stream.avail_out = uInt(out.size());
    const int result = deflate(&stream, Z_FINISH);
    const qsizetype written = qsizetype(stream.total_out);
    deflateEnd(&stream);
    if (result != Z_STREAM_END)
        return {};
    out.truncate(written);
    return out;
}
