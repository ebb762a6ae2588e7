#include "media/mediastore.h"

#include "media/logging.h"

#include <QBuffer>
#include <QColorSpace>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QImageReader>
#include <QImageWriter>
#include <QSaveFile>

#include <fcntl.h>
#include <limits>
#include <optional>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {

using Stored = MediaStore::Stored;
using Limits = MediaStore::Limits;

// The formats a photo may arrive in.
struct Kind
{
    const char *mimeType;
    const char *format; // as QImageReader names it
    const char *label; // for messages
};
constexpr Kind Kinds[] = {
    { "image/png", "png", "PNG" },
    { "image/jpeg", "jpeg", "JPEG" },
    { "image/webp", "webp", "WebP" },
    { "image/gif", "gif", "GIF" },
};

// What a photo is stored as.
struct Output
{
    QByteArray format; // as QImageWriter names it
    QString extension;
};

constexpr qsizetype HashLength = 64; // hex digits of a SHA-256

Stored refused(int status, QString error)
{
    qCDebug(lcMedia).noquote() << "refused a photo:" << status << error;
    Stored stored;
    stored.status = status;
    stored.error = std::move(error);
    return stored;
}

Stored undecodable(const QString &why)
{
    return refused(415, u"the image could not be decoded: "_s + why);
}

const Kind *declaredKind(const QByteArray &contentType)
{
    const qsizetype parameters = contentType.indexOf(';');
    const QByteArray type
        = (parameters < 0 ? contentType : contentType.first(parameters)).trimmed().toLower();
    for (const Kind &kind : Kinds) {
        if (type == kind.mimeType)
            return &kind;
    }
    return nullptr;
}

QString tooManyBytes(qint64 maxBytes)
{
    constexpr qint64 MB = 1024 * 1024;
    if (maxBytes >= MB && maxBytes % MB == 0)
        return u"a photo may be at most %1 MB (%2 bytes)"_s.arg(maxBytes / MB).arg(maxBytes);
    return u"a photo may be at most %1 bytes"_s.arg(maxBytes);
}

bool exceeds(QSize size, const Limits &limits)
{
    return size.width() > limits.maxSide || size.height() > limits.maxSide
        || qint64(size.width()) * size.height() > limits.maxPixels;
}

Stored tooManyPixels(QSize size, const Limits &limits)
{
    return refused(413,
        u"the image is %1 × %2 pixels; at most %3 pixels a side and %4 pixels in all are accepted"_s
            .arg(size.width())
            .arg(size.height())
            .arg(limits.maxSide)
            .arg(limits.maxPixels));
}

uchar byteAt(QByteArrayView data, qsizetype at)
{
    return uchar(data.at(at));
}

// RSTn and TEM stand alone: no length follows them.
bool standsAlone(uchar marker)
{
    return marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7);
}

// From the start of a scan's entropy-coded data: where the marker after it begins (its FF),
// or the end of data. In the data an FF is followed by 00 (a stuffed FF byte) or by RSTn.
qsizetype endOfScan(QByteArrayView data, qsizetype at)
{
    for (; at + 1 < data.size(); ++at) {
        const uchar next = byteAt(data, at + 1);
        if (byteAt(data, at) == 0xFF && next != 0x00 && next != 0xFF && !standsAlone(next))
            return at;
    }
    return data.size();
}

// Qt's JPEG reader decodes a truncated file without an error (libjpeg only warns of a
// "premature end of data segment" and paints the rest grey), so truncation is found here: the
// segments are walked from SOI, each skipped by its length and each scan up to the marker after
// it, until EOI. Bytes after the EOI do not matter (some cameras, and "motion photos", append
// data there), and the EOI of an EXIF thumbnail is skipped with its segment, never taken for
// the end.
bool jpegIsComplete(QByteArrayView data)
{
    if (data.size() < 4 || byteAt(data, 0) != 0xFF || byteAt(data, 1) != 0xD8)
        return false;
    qsizetype at = 2;
    while (at + 1 < data.size()) {
        const uchar marker = byteAt(data, at + 1);
        if (byteAt(data, at) != 0xFF || marker == 0xFF) {
            ++at; // a stray or fill byte, which libjpeg skips as well
            continue;
        }
        at += 2;
        if (marker == 0xD9)
            return true;
        if (standsAlone(marker))
            continue;
        if (at + 2 > data.size())
            return false;
        at += (qsizetype(byteAt(data, at)) << 8) | byteAt(data, at + 1); // counts its 2 bytes
        if (marker == 0xDA)
            at = endOfScan(data, at);
    }
    return false;
}

// After a run of data sub-blocks (each a size byte and that many bytes; size 0 ends the run):
// where the next block begins, or -1 if the data ends first.
qsizetype afterSubBlocks(QByteArrayView data, qsizetype at)
{
    while (at < data.size()) {
        const uchar size = byteAt(data, at);
        at += 1 + size;
        if (size == 0)
            return at;
    }
    return -1;
}

// The size of the colour table a GIF's screen or image descriptor announces in its flags.
qsizetype colourTableSize(uchar flags)
{
    return (flags & 0x80) ? 3 * (qsizetype(2) << (flags & 0x07)) : 0;
}

// Qt's GIF reader, like the JPEG one, returns what it decoded of a truncated file without an
// error. Only the first frame is kept, so that is the one which must be whole: the blocks are
// walked (extensions skipped) to the end of the first image's data. A later frame may be cut
// or the trailer missing, as browsers allow.
bool gifFirstFrameIsComplete(QByteArrayView data)
{
    constexpr qsizetype ScreenEnd = 13; // "GIF89a" and the logical screen descriptor
    if (data.size() < ScreenEnd)
        return false;
    qsizetype at = ScreenEnd + colourTableSize(byteAt(data, 10));
    while (at >= 0 && at < data.size()) {
        const uchar block = byteAt(data, at);
        if (block == 0x21) { // an extension: its label, then data sub-blocks
            at = afterSubBlocks(data, at + 2);
        } else if (block == 0x2C) { // an image: descriptor, colour table, LZW code size, data
            if (at + 10 > data.size())
                return false;
            return afterSubBlocks(data, at + 10 + colourTableSize(byteAt(data, at + 9)) + 1) >= 0;
        } else {
            return false; // the trailer, or garbage, before any image
        }
    }
    return false;
}

// Qt's PNG and WebP readers fail on a truncated file by themselves; these two do not.
bool isTruncated(const QByteArray &format, QByteArrayView body)
{
    if (format == "jpeg")
        return !jpegIsComplete(body);
    if (format == "gif")
        return !gifFirstFrameIsComplete(body);
    return false;
}

// The bytes say what a photo is, not the Content-Type: only the declared format's reader is
// ever used, so nothing reaches Qt's other readers (XPM, TIFF, ...).
std::optional<Stored> formatRefusal(const QByteArray &body, const Kind &declared)
{
    QBuffer buffer;
    buffer.setData(body);
    buffer.open(QIODevice::ReadOnly);
    const QByteArray actual = QImageReader::imageFormat(&buffer);
    if (actual.isEmpty())
        return refused(415, u"the body is not a %1 image"_s.arg(QLatin1String(declared.label)));
    if (actual != declared.format) {
        return refused(415,
            u"declared %1 but the body is a %2 image"_s.arg(
                QLatin1String(declared.mimeType), QString::fromLatin1(actual)));
    }
    if (isTruncated(actual, body)) {
        return undecodable(u"the %1 data ends before the image does (a truncated file?)"_s.arg(
            QLatin1String(declared.label)));
    }
    return std::nullopt;
}

// The photo's pixels, turned upright as its EXIF orientation says (before the EXIF is lost),
// or a null image with the refusal in *refusal.
QImage decode(
    const QByteArray &body, const QByteArray &format, const Limits &limits, Stored *refusal)
{
    QBuffer buffer;
    buffer.setData(body);
    buffer.open(QIODevice::ReadOnly);
    QImageReader reader(&buffer, format);
    // The header's size, before a pixel is allocated: a tiny file may claim 100000 × 100000.
    const QSize size = reader.size();
    if (!size.isValid()) {
        *refusal = undecodable(u"its header gives no size"_s);
        return {};
    }
    if (exceeds(size, limits)) {
        *refusal = tooManyPixels(size, limits);
        return {};
    }
    reader.setAutoTransform(true);
    QImage image = reader.read();
    if (image.isNull() || reader.error() != QImageReader::UnknownError) {
        *refusal = undecodable(reader.errorString());
        return {};
    }
    return image;
}

// Scaled down to maxWidth, never up. The height is worked out here rather than left to
// scaledToWidth(), so that it is plainly rounded (3000 × 2000 becomes 1600 × 1067).
QImage fitted(const QImage &image, int maxWidth)
{
    if (image.width() <= maxWidth)
        return image;
    const int height = qMax(1, qRound(double(image.height()) * maxWidth / image.width()));
    return image.scaled(maxWidth, height, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
}

// The ICC profile goes with the other metadata, so a photo in another colour space (Display P3
// from a phone) is converted first, or its colours would be read as sRGB and look wrong.
QImage inSrgb(QImage image)
{
    const QColorSpace srgb(QColorSpace::SRgb);
    if (image.colorSpace().isValid() && image.colorSpace() != srgb)
        image.convertToColorSpace(srgb);
    return image;
}

// QImageWriter writes whatever an image carries: its text() as PNG tEXt chunks or JPEG
// comments (the reader put the upload's own there), its colour space as an ICC profile.
// copy(), scaled() and convertToFormat() all keep that, so the pixels are copied into an image
// that never had any.
QImage withoutMetadata(const QImage &image)
{
    QImage bare = QImage(
        image.constBits(), image.width(), image.height(), image.bytesPerLine(), image.format())
                      .copy();
    bare.setColorTable(image.colorTable());
    return bare;
}

QByteArray encoded(const QImage &image, const QByteArray &format, QString *error)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    QImageWriter writer(&buffer, format);
    if (format != "png")
        writer.setQuality(85); // a photo, not a diagram: lossy, and no visible loss at 85
    writer.setOptimizedWrite(true);
    if (!writer.write(image)) {
        *error = writer.errorString();
        return {};
    }
    return bytes;
}

// QSaveFile renames the new file into place; the rename itself is only durable once the
// directory is synced too, and a post may name the photo as soon as store() returns.
bool syncDirectory(const QString &dir)
{
    const int fd = ::open(QFile::encodeName(dir).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return false;
    const bool ok = ::fsync(fd) == 0;
    ::close(fd);
    return ok;
}

// Writes the file unless it is there already: its name is the hash of its bytes, so a file by
// that name holds these very bytes. Returns why not, or an empty string.
QString writeOnce(const QString &directory, const QString &name, const QByteArray &bytes)
{
    if (!QDir().mkpath(directory))
        return u"cannot create the folder %1"_s.arg(directory);
    const QString path = QDir(directory).filePath(name);
    const QFileInfo existing(path);
    if (existing.isFile() && !existing.isSymLink())
        return {};
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        return u"%1: %2"_s.arg(path, file.errorString());
    if (!syncDirectory(directory))
        return u"cannot sync the folder %1"_s.arg(directory);
    qCInfo(lcMedia).noquote() << "stored" << name << bytes.size() << "bytes";
    return {};
}

Stored keep(const QString &directory, const QImage &image, const Output &output)
{
    QString error;
    const QByteArray bytes = encoded(image, output.format, &error);
    if (bytes.isEmpty())
        return refused(500, u"could not re-encode the photo: "_s + error);
    const QByteArray hash = QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex();
    const QString name = QString::fromLatin1(hash) + u'.' + output.extension;
    error = writeOnce(directory, name, bytes);
    if (!error.isEmpty()) {
        qCWarning(lcMedia).noquote() << "could not store a photo:" << error;
        return refused(500, u"could not store the photo: "_s + error);
    }
    Stored stored;
    stored.status = 201;
    stored.url = u"/media/"_s + name;
    stored.name = name;
    stored.width = image.width();
    stored.height = image.height();
    return stored;
}

Output outputFor(const QByteArray &format, bool writesWebp)
{
    if (format == "jpeg")
        return { "jpeg", u"jpg"_s };
    if (format == "webp" && writesWebp)
        return { "webp", u"webp"_s };
    // PNG stays PNG. Qt cannot write GIF, so a GIF becomes a PNG of its first frame (an
    // animation is not kept), lossless as the GIF was; so does a WebP without Qt's plugin.
    return { "png", u"png"_s };
}

bool isLowerHex(QChar c)
{
    return (c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f');
}

// The MIME type of a name store() could have given, else empty. Checked by hand rather than
// with a QRegularExpression, whose $ also matches before a final "\n".
QByteArray mimeTypeForName(QStringView name)
{
    if (name.size() <= HashLength + 1 || name.at(HashLength) != u'.')
        return {};
    for (QChar c : name.first(HashLength)) {
        if (!isLowerHex(c))
            return {};
    }
    const QStringView extension = name.sliced(HashLength + 1);
    if (extension == u"png")
        return "image/png";
    if (extension == u"jpg")
        return "image/jpeg";
    if (extension == u"webp")
        return "image/webp";
    return {};
}

// QImageReader refuses to allocate more than one process-wide limit (128 MB by default): a
// second guard behind the header check in decode(), for a reader whose header lies. It must
// admit what the limits admit, or a 48-megapixel phone photo (192 MB as RGB32) would fail to
// decode; 8 bytes a pixel covers the deepest image these readers make (a 16-bit PNG, RGBA64).
// The limit cannot be set per reader, and setting it while another thread decodes would be a
// data race, so it is set only here, from the constructor, and only ever raised (0: no limit).
void admitInAllocationLimit(qint64 maxPixels)
{
    constexpr qint64 PixelsPerMegabyte = (1 << 20) / 8; // at 8 bytes a pixel
    const qint64 pixels = qBound<qint64>(0, maxPixels, std::numeric_limits<qint64>::max() / 2);
    const qint64 megabytes = (pixels + PixelsPerMegabyte - 1) / PixelsPerMegabyte;
    const int needed = int(qMin<qint64>(megabytes, std::numeric_limits<int>::max()));
    const int current = QImageReader::allocationLimit();
    if (current != 0 && current < needed)
        QImageReader::setAllocationLimit(needed);
}

} // namespace

MediaStore::MediaStore(QString directory)
    : MediaStore(std::move(directory), Limits())
{ }

MediaStore::MediaStore(QString directory, const Limits &limits)
    : m_directory(std::move(directory))
    , m_limits(limits)
    , m_writesWebp(QImageWriter::supportedImageFormats().contains("webp"))
{
    admitInAllocationLimit(m_limits.maxPixels);
}

MediaStore::Stored MediaStore::store(const QByteArray &body, const QByteArray &contentType) const
{
    const Kind *declared = declaredKind(contentType);
    if (!declared) {
        return refused(
            415, u"Content-Type must be one of image/png, image/jpeg, image/webp or image/gif"_s);
    }
    if (body.isEmpty())
        return refused(400, u"the body is empty; it should be the photo's bytes"_s);
    if (body.size() > m_limits.maxBytes)
        return refused(413, tooManyBytes(m_limits.maxBytes));
    if (std::optional<Stored> refusal = formatRefusal(body, *declared))
        return *refusal;
    Stored refusal;
    const QImage image = decode(body, declared->format, m_limits, &refusal);
    if (image.isNull())
        return refusal;
    const QImage bare = withoutMetadata(inSrgb(fitted(image, m_limits.maxWidth)));
    return keep(m_directory, bare, outputFor(declared->format, m_writesWebp));
}

MediaStore::File MediaStore::find(QStringView name) const
{
    const QByteArray mimeType = mimeTypeForName(name);
    if (mimeType.isEmpty())
        return {};
    // The name has no "/" and no "..", so this is inside the directory; a symlink could still
    // point anywhere, and store() never makes one.
    const QFileInfo info(QDir(m_directory).filePath(name.toString()));
    if (info.isSymLink() || !info.isFile())
        return {};
    File file;
    file.found = true;
    file.path = info.absoluteFilePath();
    file.mimeType = mimeType;
    file.etag = '"' + name.first(HashLength).toLatin1() + '"';
    file.size = info.size();
    return file;
}

QStringList MediaStore::contentTypes()
{
    QStringList types;
    for (const Kind &kind : Kinds)
        types.append(QLatin1String(kind.mimeType));
    return types;
}
