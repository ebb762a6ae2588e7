#pragma once

// Real images for the photo tests, made with Qt's own writers, and hand-made ones a writer
// would refuse to make (a PNG whose header claims any size). Nothing binary is checked in.

#include <QBuffer>
#include <QByteArray>
#include <QImage>
#include <QImageWriter>
#include <QSize>

namespace TestImages {

// A picture with detail in it, so that a JPEG of it has real entropy-coded data to cut.
inline QImage photo(QSize size)
{
    QImage image(size, QImage::Format_RGB32);
    for (int y = 0; y < size.height(); ++y) {
        QRgb *line = reinterpret_cast<QRgb *>(image.scanLine(y));
        for (int x = 0; x < size.width(); ++x)
            line[x] = qRgb(x % 256, y % 256, (x * y / 7) % 256);
    }
    return image;
}

inline QByteArray encoded(const QImage &image, const char *format)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    QImageWriter writer(&buffer, format);
    if (!writer.write(image))
        qFatal("cannot write %s: %s", format, qPrintable(writer.errorString()));
    return bytes;
}

inline QByteArray png(QSize size = QSize(640, 480))
{
    return encoded(photo(size), "png");
}

inline QByteArray jpeg(QSize size = QSize(640, 480))
{
    return encoded(photo(size), "jpeg");
}

inline void appendBigEndian(QByteArray &out, quint32 value, int bytes)
{
    for (int shift = (bytes - 1) * 8; shift >= 0; shift -= 8)
        out += char((value >> shift) & 0xFF);
}

// The CRC-32 of PNG chunks (and zlib); Qt only has a CRC-16.
inline quint32 crc32(QByteArrayView bytes)
{
    quint32 crc = 0xFFFFFFFF;
    for (char c : bytes) {
        crc ^= uchar(c);
        for (int bit = 0; bit < 8; ++bit)
            crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    }
    return ~crc;
}

inline QByteArray pngChunk(const QByteArray &type, const QByteArray &data)
{
    QByteArray chunk;
    appendBigEndian(chunk, quint32(data.size()), 4);
    chunk += type + data;
    appendBigEndian(chunk, crc32(QByteArrayView(chunk).sliced(4)), 4);
    return chunk;
}

// A grey PNG made by hand, whose header may claim any size: the pixel data is only as much as
// a small image needs (a decompression bomb claims 100000 × 100000 in a few hundred bytes).
inline QByteArray pngClaiming(quint32 width, quint32 height)
{
    QByteArray header;
    appendBigEndian(header, width, 4);
    appendBigEndian(header, height, 4);
    header += QByteArray("\x08\x00\x00\x00\x00", 5); // 8-bit grey, deflate, no filter, no interlace
    const qint64 rawBytes = qMin<qint64>(qint64(height) * (width + 1), 4096);
    const QByteArray zlib = qCompress(QByteArray(rawBytes, '\0')).sliced(4); // no Qt size prefix
    return QByteArray("\x89PNG\r\n\x1a\n") + pngChunk("IHDR", header) + pngChunk("IDAT", zlib)
        + pngChunk("IEND", {});
}

} // namespace TestImages
