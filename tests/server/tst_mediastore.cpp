#include "fulldisk.h"
#include "media/mediastore.h"
#include "testimages.h"

#include <QBuffer>
#include <QColorSpace>
#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QImageReader>
#include <QImageWriter>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>

#include <vector>

using namespace Qt::StringLiterals;
using namespace TestImages;

namespace {

// Stands in for what a camera or an editor leaves in a file and must never be served.
constexpr char Marker[] = "GPS 51.50735N 0.12776W LIVEDESK-PRIVATE-MARKER";
// Qt compresses a PNG text value longer than 40 characters (zTXt), where no search finds it.
constexpr char ShortMarker[] = "51.50735N 0.12776W";

const QRegularExpression &urlPattern()
{
    static const QRegularExpression pattern(
        QRegularExpression::anchoredPattern(u"/media/[0-9a-f]{64}\\.(png|jpg|webp)"_s));
    return pattern;
}

QImage flat(QSize size, QColor colour = QColor(30, 120, 200))
{
    QImage image(size, QImage::Format_RGB32);
    image.fill(colour);
    return image;
}

bool writesWebp()
{
    return QImageWriter::supportedImageFormats().contains("webp");
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void appendLittleEndian16(QByteArray &out, int value)
{
    out += char(value & 0xFF);
    out += char((value >> 8) & 0xFF);
}

// An EXIF block as a camera writes it, right after SOI: orientation 6 (turn 90° clockwise) and,
// after the one IFD, the marker standing in for a GPS position.
QByteArray withExif(const QByteArray &jpeg)
{
    QByteArray tiff("MM\x00\x2A\x00\x00\x00\x08", 8);
    tiff += QByteArray("\x00\x01"
                       "\x01\x12"
                       "\x00\x03"
                       "\x00\x00\x00\x01"
                       "\x00\x06\x00\x00"
                       "\x00\x00\x00\x00",
        18);
    const QByteArray payload = QByteArray("Exif\x00\x00", 6) + tiff + Marker;
    QByteArray app1("\xFF\xE1", 2);
    appendBigEndian(app1, quint32(payload.size() + 2), 2);
    return jpeg.first(2) + app1 + payload + jpeg.sliced(2);
}

// Qt has no GIF writer, so an animated GIF is put together here: a 128-colour palette whose
// first entries are the frames' colours, each frame filled with its colour. The LZW data uses
// 8-bit codes with a clear code every 100 pixels, so the code width never grows and each code
// is one byte.
QByteArray gif(QSize size, const QList<QRgb> &frames)
{
    QByteArray out("GIF89a");
    appendLittleEndian16(out, size.width());
    appendLittleEndian16(out, size.height());
    out += QByteArray("\xE6\x00\x00", 3); // a 128-entry global palette; background 0
    for (int i = 0; i < 128; ++i) {
        const QRgb colour = i < frames.size() ? frames.at(i) : qRgb(0, 0, 0);
        out += char(qRed(colour));
        out += char(qGreen(colour));
        out += char(qBlue(colour));
    }
    out += QByteArray("\x21\xFF\x0B"
                      "NETSCAPE2.0\x03\x01\x00\x00\x00",
        19); // loop for ever
    for (int frame = 0; frame < frames.size(); ++frame) {
        out += QByteArray("\x21\xF9\x04\x00\x0A\x00\x00\x00", 8); // 0.1 s a frame
        out += QByteArray("\x2C\x00\x00\x00\x00", 5);
        appendLittleEndian16(out, size.width());
        appendLittleEndian16(out, size.height());
        out += QByteArray("\x00\x07", 2); // no local palette; LZW minimum code size 7
        QByteArray codes;
        for (int pixel = 0; pixel < size.width() * size.height(); ++pixel) {
            if (pixel % 100 == 0)
                codes += char(128); // clear
            codes += char(frame);
        }
        codes += char(129); // end of information
        for (qsizetype at = 0; at < codes.size(); at += 255) {
            const QByteArray block = codes.mid(at, 255);
            out += char(block.size()) + block;
        }
        out += '\0';
    }
    return out + ';';
}

} // namespace

class tst_MediaStore final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void storesAndFindsAgain_data();
    void storesAndFindsAgain();
    void theSamePhotoIsStoredOnce();
    void theFolderIsMadeByTheFirstStore();
    void contentTypeParametersAndCaseAreIgnored_data();
    void contentTypeParametersAndCaseAreIgnored();
    void scalesDownNeverUp_data();
    void scalesDownNeverUp();
    void metadataIsDropped_data();
    void metadataIsDropped();
    void refusals_data();
    void refusals();
    void exactlyMaxBytesIsAccepted();
    void aGifBecomesAPngOfItsFirstFrame();
    void aWebpStaysWebp();
    void anUnwritableFolderIsA500();
    void aFullDiskIsA500AndLeavesNothing();
    void storesFromWorkerThreads();
    void find_data();
    void find();
    void contentTypesAndLimits();

private:
    QTemporaryDir m_dir;
    QString folder(const QString &name) const { return m_dir.filePath(name); }
};

void tst_MediaStore::storesAndFindsAgain_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QByteArray>("storedFormat");
    QTest::addColumn<QString>("extension");
    QTest::addRow("png") << png() << "image/png"_ba
                         << "png"_ba << u"png"_s;
    QTest::addRow("jpeg") << jpeg() << "image/jpeg"_ba
                          << "jpeg"_ba << u"jpg"_s;
}

void tst_MediaStore::storesAndFindsAgain()
{
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, contentType);
    QFETCH(QByteArray, storedFormat);
    QFETCH(QString, extension);
    const MediaStore media(folder(u"roundtrip"_s));

    const MediaStore::Stored stored = media.store(body, contentType);
    QVERIFY2(stored.status == 201, qPrintable(stored.error));
    QVERIFY(stored.error.isEmpty());
    QVERIFY2(urlPattern().match(stored.url).hasMatch(), qPrintable(stored.url));
    QCOMPARE(stored.url, u"/media/"_s + stored.name);
    QVERIFY(stored.name.endsWith(u'.' + extension));
    QCOMPARE(QSize(stored.width, stored.height), QSize(640, 480));

    const QString path = QDir(media.directory()).filePath(stored.name);
    const QByteArray bytes = readAll(path);
    QVERIFY(!bytes.isEmpty());
    // Content-addressed: the name is the hash of the very bytes on disk.
    QCOMPARE(stored.name.first(64).toLatin1(),
        QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
    QBuffer buffer;
    buffer.setData(bytes);
    QVERIFY(buffer.open(QIODevice::ReadOnly));
    QCOMPARE(QImageReader::imageFormat(&buffer), storedFormat);
    const QImage decoded = QImage::fromData(bytes);
    QCOMPARE(decoded.size(), QSize(stored.width, stored.height));

    const MediaStore::File file = media.find(stored.name);
    QVERIFY(file.found);
    QCOMPARE(QFileInfo(file.path), QFileInfo(path));
    QCOMPARE(file.size, qint64(bytes.size()));

    const MediaStore::Stored again = media.store(body, contentType);
    QCOMPARE(again.status, 201);
    QCOMPARE(again.url, stored.url);
}

void tst_MediaStore::theSamePhotoIsStoredOnce()
{
    const MediaStore media(folder(u"once"_s));
    const QByteArray body = png();
    const MediaStore::Stored first = media.store(body, "image/png");
    QCOMPARE(first.status, 201);
    const QString path = QDir(media.directory()).filePath(first.name);
    const QDateTime longAgo = QDateTime::currentDateTimeUtc().addDays(-30);
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadWrite));
        QVERIFY(file.setFileTime(longAgo, QFileDevice::FileModificationTime));
    }
    const MediaStore::Stored second = media.store(body, "image/png");
    QCOMPARE(second.status, 201);
    QCOMPARE(second.name, first.name);
    // Not written again: the file is as old as it was made to look.
    QCOMPARE(QFileInfo(path).lastModified().toSecsSinceEpoch(), longAgo.toSecsSinceEpoch());
    QCOMPARE(QDir(media.directory()).entryList(QDir::Files | QDir::Hidden).size(), 1);
}

void tst_MediaStore::theFolderIsMadeByTheFirstStore()
{
    const QString directory = folder(u"data/deep/media"_s);
    const MediaStore media(directory);
    QVERIFY(!QFileInfo::exists(directory));
    QVERIFY(!media.find(u"%1.png"_s.arg(QString(64, u'a'))).found);
    QCOMPARE(media.store(png(), "image/png").status, 201);
    QVERIFY(QFileInfo(directory).isDir());
}

void tst_MediaStore::contentTypeParametersAndCaseAreIgnored_data()
{
    QTest::addColumn<QByteArray>("contentType");
    QTest::addRow("plain") << "image/png"_ba;
    QTest::addRow("upper case") << "IMAGE/PNG"_ba;
    QTest::addRow("a parameter") << "image/png; charset=binary"_ba;
    QTest::addRow("spaces") << "  Image/Png ;x=y"_ba;
}

void tst_MediaStore::contentTypeParametersAndCaseAreIgnored()
{
    QFETCH(QByteArray, contentType);
    const MediaStore media(folder(u"types"_s));
    const MediaStore::Stored stored = media.store(png(QSize(32, 32)), contentType);
    QVERIFY2(stored.status == 201, qPrintable(stored.error));
}

void tst_MediaStore::scalesDownNeverUp_data()
{
    QTest::addColumn<QByteArray>("format");
    QTest::addColumn<QSize>("size");
    QTest::addColumn<QSize>("stored");
    // 2000 × 1600 / 3000 = 1066.67, rounded.
    QTest::addRow("3000 × 2000 png") << "png"_ba << QSize(3000, 2000) << QSize(1600, 1067);
    QTest::addRow("3000 × 2000 jpeg") << "jpeg"_ba << QSize(3000, 2000) << QSize(1600, 1067);
    QTest::addRow("800 × 600") << "png"_ba << QSize(800, 600) << QSize(800, 600);
    QTest::addRow("exactly 1600 wide") << "png"_ba << QSize(1600, 900) << QSize(1600, 900);
    QTest::addRow("1601 × 1") << "png"_ba << QSize(1601, 1) << QSize(1600, 1);
    QTest::addRow("4000 × 10") << "png"_ba << QSize(4000, 10) << QSize(1600, 4);
    QTest::addRow("tall, narrow enough") << "png"_ba << QSize(1000, 5000) << QSize(1000, 5000);
}

void tst_MediaStore::scalesDownNeverUp()
{
    QFETCH(QByteArray, format);
    QFETCH(QSize, size);
    QFETCH(QSize, stored);
    const MediaStore media(folder(u"scaled"_s));
    const QByteArray body = encoded(flat(size), format.constData());
    const MediaStore::Stored result = media.store(body, "image/" + format);
    QVERIFY2(result.status == 201, qPrintable(result.error));
    QCOMPARE(QSize(result.width, result.height), stored);
    const QImage onDisk(QDir(media.directory()).filePath(result.name));
    QCOMPARE(onDisk.size(), stored);
}

void tst_MediaStore::metadataIsDropped_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QByteArrayList>("forbidden");
    QTest::addColumn<QSize>("stored");

    QImage tagged = photo(QSize(400, 300));
    tagged.setText(u"GPS"_s, QString::fromLatin1(ShortMarker));
    tagged.setText(u"Comment"_s, u"shot from the press box"_s);
    QImage profiled = tagged;
    profiled.setColorSpace(QColorSpace(QColorSpace::DisplayP3));

    QTest::addRow("png with text keys")
        << encoded(tagged, "png") << "image/png"_ba
        << QByteArrayList { ShortMarker, "tEXt", "press box" } << QSize(400, 300);
    QTest::addRow("png with an ICC profile")
        << encoded(profiled, "png") << "image/png"_ba
        << QByteArrayList { ShortMarker, "tEXt", "iCCP" } << QSize(400, 300);
    QTest::addRow("indexed png with an ICC profile")
        << encoded(profiled.convertToFormat(QImage::Format_Indexed8), "png") << "image/png"_ba
        << QByteArrayList { ShortMarker, "tEXt", "iCCP" } << QSize(400, 300);
    // Orientation 6: a 400 × 300 sensor image standing upright.
    QTest::addRow("jpeg with exif")
        << withExif(encoded(photo(QSize(400, 300)), "jpeg")) << "image/jpeg"_ba
        << QByteArrayList { Marker, "Exif" } << QSize(300, 400);
    QTest::addRow("jpeg with a comment and an ICC profile")
        << encoded(profiled, "jpeg") << "image/jpeg"_ba
        << QByteArrayList { ShortMarker, "press box", "ICC_PROFILE" } << QSize(400, 300);
    if (writesWebp()) {
        QTest::addRow("webp with an ICC profile") << encoded(profiled, "webp") << "image/webp"_ba
                                                  << QByteArrayList { "ICCP" } << QSize(400, 300);
    }
}

void tst_MediaStore::metadataIsDropped()
{
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, contentType);
    QFETCH(QByteArrayList, forbidden);
    QFETCH(QSize, stored);
    // The upload really carries each of them; else this would prove nothing.
    for (const QByteArray &what : forbidden)
        QVERIFY2(body.contains(what), what.constData());

    const MediaStore media(folder(u"metadata"_s));
    const MediaStore::Stored result = media.store(body, contentType);
    QVERIFY2(result.status == 201, qPrintable(result.error));
    QCOMPARE(QSize(result.width, result.height), stored);
    const QByteArray bytes = readAll(QDir(media.directory()).filePath(result.name));
    for (const QByteArray &what : forbidden)
        QVERIFY2(!bytes.contains(what), what.constData());
    for (const char *chunk : { "tEXt", "iTXt", "zTXt", "eXIf", "Exif", "iCCP", "ICC_PROFILE" })
        QVERIFY2(!bytes.contains(chunk), chunk);
    const QImage decoded = QImage::fromData(bytes);
    QCOMPARE(decoded.size(), stored);
    QVERIFY(decoded.textKeys().isEmpty());
}

void tst_MediaStore::refusals_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("message");

    const QByteArray aPng = png();
    const QByteArray aJpeg = jpeg();
    const QByteArray text = "These are the minutes of the match, not a photo.\n";
    const QString anyOf = u"Content-Type must be one of image/png, image/jpeg, image/webp or "
                          "image/gif"_s;
    QTest::addRow("text declared image/png")
        << text << "image/png"_ba << 415 << u"the body is not a PNG image"_s;
    QTest::addRow("png declared image/jpeg")
        << aPng << "image/jpeg"_ba << 415 << u"declared image/jpeg but the body is a png image"_s;
    QTest::addRow("jpeg declared image/webp")
        << aJpeg << "image/webp"_ba << 415 << u"declared image/webp but the body is a jpeg image"_s;
    QTest::addRow("content type text/plain") << aPng << "text/plain"_ba << 415 << anyOf;
    QTest::addRow("no content type") << aPng << QByteArray() << 415 << anyOf;
    QTest::addRow("image/svg+xml") << QByteArray("<svg xmlns='http://www.w3.org/2000/svg'/>")
                                   << "image/svg+xml"_ba << 415 << anyOf;
    QTest::addRow("image/png/x") << aPng << "image/png/x"_ba << 415 << anyOf;
    QTest::addRow("truncated jpeg") << aJpeg.first(aJpeg.size() / 2) << "image/jpeg"_ba << 415
                                    << u"the image could not be decoded: the JPEG data ends"_s;
    QTest::addRow("jpeg without its last bytes")
        << aJpeg.chopped(2) << "image/jpeg"_ba << 415 << u"the image could not be decoded: "_s;
    const QByteArray aGif = gif(QSize(30, 20), { qRgb(200, 0, 0) });
    QTest::addRow("truncated gif") << aGif.first(aGif.size() / 2) << "image/gif"_ba << 415
                                   << u"the image could not be decoded: the GIF data ends"_s;
    QTest::addRow("gif screen only")
        << aGif.first(13) << "image/gif"_ba << 415 << u"the image could not be decoded: "_s;
    QTest::addRow("truncated png") << aPng.first(aPng.size() / 2) << "image/png"_ba << 415
                                   << u"the image could not be decoded: "_s;
    QByteArray garbled = aPng;
    for (qsizetype at = 100; at < garbled.size() - 20; at += 7)
        garbled[at] = char(garbled.at(at) ^ 0x5A);
    QTest::addRow("corrupt png") << garbled << "image/png"_ba << 415
                                 << u"the image could not be decoded: "_s;
    QTest::addRow("png header only")
        << aPng.first(8) << "image/png"_ba << 415 << u"the image could not be decoded: "_s;
    QTest::addRow("100000 × 100000 png") << pngClaiming(100'000, 100'000) << "image/png"_ba << 413
                                         << u"the image is 100000 × 100000 pixels; at most"_s;
    QTest::addRow("20001 × 1 png")
        << pngClaiming(20'001, 1) << "image/png"_ba << 413 << u"the image is 20001 × 1 pixels"_s;
    QTest::addRow("10 MB + 1 byte") << QByteArray(10 * 1024 * 1024 + 1, 'x') << "image/png"_ba
                                    << 413 << u"a photo may be at most 10 MB (10485760 bytes)"_s;
    QTest::addRow("empty") << QByteArray() << "image/png"_ba << 400 << u"the body is empty"_s;
}

void tst_MediaStore::refusals()
{
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, contentType);
    QFETCH(int, status);
    QFETCH(QString, message);
    QTemporaryDir dir;
    const MediaStore media(dir.filePath(u"media"_s));

    QElapsedTimer timer;
    timer.start();
    const MediaStore::Stored stored = media.store(body, contentType);
    // A bomb is refused from its header: decoding 10^10 pixels would take far longer (if the
    // allocation were allowed at all), and the status would not be 413.
    QVERIFY2(timer.elapsed() < 2000, qPrintable(u"took %1 ms"_s.arg(timer.elapsed())));
    QCOMPARE(stored.status, status);
    QVERIFY2(stored.error.contains(message), qPrintable(stored.error));
    QVERIFY(stored.url.isEmpty());
    QVERIFY(stored.name.isEmpty());
    QVERIFY(!QFileInfo::exists(media.directory())); // nothing written, not even the folder
}

void tst_MediaStore::exactlyMaxBytesIsAccepted()
{
    const QByteArray body = png(QSize(40, 30));
    MediaStore::Limits limits;
    limits.maxBytes = body.size();
    const MediaStore exact(folder(u"exact"_s), limits);
    const MediaStore::Stored stored = exact.store(body, "image/png");
    QVERIFY2(stored.status == 201, qPrintable(stored.error));

    limits.maxBytes = body.size() - 1;
    const MediaStore smaller(folder(u"exact"_s), limits);
    const MediaStore::Stored refused = smaller.store(body, "image/png");
    QCOMPARE(refused.status, 413);
    QCOMPARE(refused.error, u"a photo may be at most %1 bytes"_s.arg(body.size() - 1));
}

void tst_MediaStore::aGifBecomesAPngOfItsFirstFrame()
{
    const QRgb red = qRgb(220, 20, 30);
    const QByteArray body = gif(QSize(30, 20), { red, qRgb(10, 20, 230) });
    QBuffer buffer;
    buffer.setData(body);
    QVERIFY(buffer.open(QIODevice::ReadOnly));
    QImageReader reader(&buffer, "gif");
    QCOMPARE(reader.imageCount(), 2); // a real animation, as Qt reads it

    const MediaStore media(folder(u"gif"_s));
    const MediaStore::Stored stored = media.store(body, "image/gif");
    QVERIFY2(stored.status == 201, qPrintable(stored.error));
    QVERIFY(stored.name.endsWith(u".png"_s));
    QCOMPARE(QSize(stored.width, stored.height), QSize(30, 20));
    const QImage onDisk(QDir(media.directory()).filePath(stored.name), "png");
    QCOMPARE(onDisk.size(), QSize(30, 20));
    QCOMPARE(onDisk.pixel(15, 10) & RGB_MASK, red & RGB_MASK);
    QCOMPARE(media.find(stored.name).mimeType, "image/png"_ba);

    // Only the first frame is kept, so only the first frame must be whole.
    const MediaStore::Stored secondFrameCut = media.store(body.chopped(100), "image/gif");
    QVERIFY2(secondFrameCut.status == 201, qPrintable(secondFrameCut.error));
    QCOMPARE(secondFrameCut.url, stored.url);
}

void tst_MediaStore::aWebpStaysWebp()
{
    if (!writesWebp())
        QSKIP("Qt has no WebP writer here (qt6-image-formats-plugins)");
    const MediaStore media(folder(u"webp"_s));
    const MediaStore::Stored stored
        = media.store(encoded(photo(QSize(300, 200)), "webp"), "image/webp");
    QVERIFY2(stored.status == 201, qPrintable(stored.error));
    QVERIFY(stored.name.endsWith(u".webp"_s));
    const MediaStore::File file = media.find(stored.name);
    QVERIFY(file.found);
    QCOMPARE(file.mimeType, "image/webp"_ba);
    QCOMPARE(QImage(file.path).size(), QSize(300, 200));
}

void tst_MediaStore::anUnwritableFolderIsA500()
{
    const QString notAFolder = folder(u"a-file"_s);
    QFile file(notAFolder);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();
    const MediaStore media(notAFolder);
    const MediaStore::Stored stored = media.store(png(QSize(20, 20)), "image/png");
    QCOMPARE(stored.status, 500);
    QVERIFY2(stored.error.startsWith(u"could not store the photo: "_s), qPrintable(stored.error));
    QVERIFY2(stored.error.contains(notAFolder), qPrintable(stored.error));
    QVERIFY(stored.url.isEmpty());
}

void tst_MediaStore::aFullDiskIsA500AndLeavesNothing()
{
    FullDisk disk(u"1m"_s);
    QString why;
    if (!disk.mount(&why))
        QSKIP(qPrintable(why));
    const QString directory = QDir(disk.path()).filePath(u"media"_s);
    QVERIFY(QDir().mkpath(directory));
    const MediaStore media(directory);
    const QByteArray body = png(QSize(300, 300));
    disk.fill();
    const MediaStore::Stored refused = media.store(body, "image/png");
    QCOMPARE(refused.status, 500);
    QVERIFY2(refused.error.startsWith(u"could not store the photo: "_s), qPrintable(refused.error));
    QVERIFY(QDir(directory).isEmpty(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot));

    disk.free();
    const MediaStore::Stored stored = media.store(body, "image/png");
    QVERIFY2(stored.status == 201, qPrintable(stored.error));
    QCOMPARE(QDir(directory).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot),
        QStringList { stored.name });
}

void tst_MediaStore::storesFromWorkerThreads()
{
    const MediaStore media(folder(u"threads"_s));
    const QList<QByteArray> bodies { png(QSize(64, 48)), jpeg(QSize(64, 48)), png(QSize(3200, 40)),
        jpeg(QSize(80, 60)) };
    constexpr int Tasks = 16;
    std::vector<MediaStore::Stored> results(Tasks);
    QThreadPool pool;
    pool.setMaxThreadCount(4);
    for (int i = 0; i < Tasks; ++i) {
        const QByteArray &body = bodies.at(i % bodies.size());
        const QByteArray type = i % 2 ? "image/jpeg" : "image/png";
        pool.start([&media, &results, i, body, type] { results[i] = media.store(body, type); });
    }
    QVERIFY(pool.waitForDone(60'000));
    for (int i = 0; i < Tasks; ++i) {
        QVERIFY2(results[i].status == 201, qPrintable(results[i].error));
        QCOMPARE(results[i].url, results[i % bodies.size()].url);
    }
    QCOMPARE(QDir(media.directory())
                 .entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot)
                 .size(),
        bodies.size());
}

void tst_MediaStore::find_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("mimeType"); // empty: not found
    // <png>, <jpg>: the names store() gave; <hash>: the PNG's hash.
    QTest::addRow("the stored png") << u"<png>"_s << "image/png"_ba;
    QTest::addRow("the stored jpg") << u"<jpg>"_s << "image/jpeg"_ba;
    QTest::addRow("upper-case hex") << u"<HASH>.png"_s << QByteArray();
    QTest::addRow("upper-case extension") << u"<hash>.PNG"_s << QByteArray();
    QTest::addRow("other extension") << u"<hash>.jpg"_s << QByteArray();
    QTest::addRow("wrong extension") << u"<hash>.gif"_s << QByteArray();
    QTest::addRow("jpeg, spelled out") << u"<hash>.jpeg"_s << QByteArray();
    QTest::addRow("no extension") << u"<hash>"_s << QByteArray();
    QTest::addRow("only a dot") << u"<hash>."_s << QByteArray();
    QTest::addRow("63 hex digits") << u"<hash63>.png"_s << QByteArray();
    QTest::addRow("65 hex digits") << u"<hash>0.png"_s << QByteArray();
    QTest::addRow("..") << u"../x"_s << QByteArray();
    QTest::addRow("encoded ..") << u"%2e%2e/x"_s << QByteArray();
    QTest::addRow("a path to it") << u"./<png>"_s << QByteArray();
    QTest::addRow("from the parent") << u"../find/<png>"_s << QByteArray();
    QTest::addRow("NUL after") << u"<png>\0"_s << QByteArray();
    QTest::addRow("NUL before the dot") << u"<hash63>\0.png"_s << QByteArray();
    QTest::addRow("a final newline") << u"<png>\n"_s << QByteArray();
    QTest::addRow("a leading space") << u" <png>"_s << QByteArray();
    QTest::addRow("full-width digit") << u"\uFF10<hash63>.png"_s << QByteArray();
    QTest::addRow("empty") << QString() << QByteArray();
    QTest::addRow("never stored") << u"%1.png"_s.arg(QString(64, u'c')) << QByteArray();
    QTest::addRow("a symlink out") << u"%1.png"_s.arg(QString(64, u'a')) << QByteArray();
    QTest::addRow("a directory") << u"%1.png"_s.arg(QString(64, u'b')) << QByteArray();
}

void tst_MediaStore::find()
{
    QFETCH(QString, name);
    QFETCH(QByteArray, mimeType);
    const MediaStore media(folder(u"find"_s));
    const MediaStore::Stored storedPng = media.store(png(QSize(50, 40)), "image/png");
    const MediaStore::Stored storedJpg = media.store(jpeg(QSize(50, 40)), "image/jpeg");
    QCOMPARE(storedPng.status, 201);
    QCOMPARE(storedJpg.status, 201);
    const QDir dir(media.directory());
    const QString outside = folder(u"outside.png"_s);
    QVERIFY(QFile::copy(dir.filePath(storedPng.name), outside) || QFileInfo::exists(outside));
    const QString link = dir.filePath(u"%1.png"_s.arg(QString(64, u'a')));
    QVERIFY(QFile::link(outside, link) || QFileInfo(link).isSymLink());
    QVERIFY(dir.mkpath(u"%1.png"_s.arg(QString(64, u'b'))));

    const QString hash = storedPng.name.first(64);
    name.replace(u"<png>"_s, storedPng.name)
        .replace(u"<jpg>"_s, storedJpg.name)
        .replace(u"<HASH>"_s, hash.toUpper())
        .replace(u"<hash63>"_s, hash.first(63))
        .replace(u"<hash>"_s, hash);
    const MediaStore::File file = media.find(name);
    QCOMPARE(file.found, !mimeType.isEmpty());
    if (!file.found) {
        QVERIFY(file.path.isEmpty());
        return;
    }
    QCOMPARE(file.mimeType, mimeType);
    QCOMPARE(file.path, dir.absoluteFilePath(name));
    QCOMPARE(file.etag, '"' + name.first(64).toLatin1() + '"');
    QCOMPARE(file.size, QFileInfo(file.path).size());
    QVERIFY(file.size > 0);
}

void tst_MediaStore::contentTypesAndLimits()
{
    QCOMPARE(MediaStore::contentTypes(),
        QStringList({ u"image/png"_s, u"image/jpeg"_s, u"image/webp"_s, u"image/gif"_s }));
    const MediaStore defaults(folder(u"limits"_s));
    QCOMPARE(defaults.limits().maxBytes, qint64(10 * 1024 * 1024));
    QCOMPARE(defaults.limits().maxWidth, 1600);
    QCOMPARE(defaults.limits().maxPixels, qint64(50'000'000));
    QCOMPARE(defaults.limits().maxSide, 20'000);
    // The second guard admits what the limits admit (50 megapixels at up to 8 bytes each).
    QVERIFY(QImageReader::allocationLimit() == 0 || QImageReader::allocationLimit() >= 382);
}

QTEST_GUILESS_MAIN(tst_MediaStore)
#include "tst_mediastore.moc"
