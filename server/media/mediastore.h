#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <QStringView>

// The photos posted with commentary (POST /api/media), kept as files named by the SHA-256 of
// their bytes and served back from GET /media/<name>.
//
// Nothing is kept as it arrives. A photo is checked (declared type, real type, size in bytes,
// size in pixels before a pixel is decoded), decoded, turned upright, scaled down and encoded
// again: what is stored carries pixels only, never the camera's EXIF (GPS position, serial
// number), a PNG's text chunks or an ICC profile. Content addressing makes a name permanent
// (a page may cache it for ever) and a second upload of the same photo free.
//
// Synchronous and without mutable state: store() and find() are const and may run on any
// number of worker threads at once (QThreadPool), never on the server's fan-out thread, which
// a decode would stall. Two workers storing the same photo both write the same bytes under the
// same name, each atomically, so neither can see a half-written file.
class MediaStore final
{
public:
    struct Limits
    {
        qint64 maxBytes = 10 * 1024 * 1024; // the upload as it arrives
        int maxWidth = 1600; // what is stored; wider photos are scaled down
        qint64 maxPixels = 50'000'000; // width × height as the header states it
        int maxSide = 20'000; // width or height as the header states it
    };

    // status is the HTTP status to answer: 201 when stored, else the refusal (400, 413, 415,
    // 500), with error a sentence for the JSON body.
    struct Stored
    {
        int status = 0;
        QString error;
        QString url; // "/media/<name>"
        QString name; // "<64 hex digits>.<png|jpg|webp>"
        int width = 0; // of the stored image, after turning and scaling
        int height = 0;
    };

    struct File
    {
        bool found = false;
        QString path;
        QByteArray mimeType;
        QByteArray etag; // "<sha256>", quoted: a strong validator, the name says the bytes
        qint64 size = 0;
    };

    // directory, e.g. <dataDir>/media, is made by the first store(), not here. Construct the
    // store before any worker uses it: the constructor may raise QImageReader's process-wide
    // allocation limit (see mediastore.cpp).
    // (Two constructors, not "Limits limits = {}": GCC cannot use a nested struct's member
    // initializers before the enclosing class is complete.)
    explicit MediaStore(QString directory);
    MediaStore(QString directory, const Limits &limits);

    // contentType as the request's Content-Type header; its parameters are ignored.
    Stored store(const QByteArray &body, const QByteArray &contentType) const;
    // name as it appears after "/media/", already percent-decoded by the caller. Only a name
    // store() could have given finds anything, and only a regular file (not a symlink).
    File find(QStringView name) const;

    // The Content-Types store() accepts.
    static QStringList contentTypes();
    const Limits &limits() const { return m_limits; }
    const QString &directory() const { return m_directory; }

private:
    const QString m_directory;
    const Limits m_limits;
    const bool m_writesWebp; // whether a WebP upload can stay WebP (qt6-image-formats-plugins)
};
