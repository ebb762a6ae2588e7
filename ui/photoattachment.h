#pragma once

#include <QByteArray>
#include <QImage>
#include <QJsonObject>
#include <QWidget>

class QLabel;
class QLineEdit;
class QMimeData;
class QPushButton;

// A photo for the post being written, taken three ways: "Add photo…" (a file dialog), a file
// or an image dropped on the composer, or Ctrl+Shift+V (the clipboard). It shows a preview,
// and asks for the alt text a photo needs (for readers who cannot see it), with an optional
// caption and credit. What it holds is the photo's bytes as taken; the server checks,
// re-encodes and stores them (POST /api/media), so nothing is decoded twice here beyond the
// preview.
class PhotoAttachment final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PhotoAttachment)

public:
    // As the server takes at most (MediaStore::Limits::maxBytes).
    static constexpr qint64 MaxBytes = 10 * 1024 * 1024;

    explicit PhotoAttachment(QWidget *parent);

    bool hasPhoto() const { return !m_bytes.isEmpty(); }
    QByteArray bytes() const { return m_bytes; }
    QByteArray mimeType() const { return m_mimeType; }
    // {"alt", "caption", "credit"} as typed, trimmed; empty ones left out.
    QJsonObject words() const;
    // Empty when the photo can go (or there is none); else what is missing.
    QString problem() const;
    void clear();

    // Takes an image from a drop or the clipboard (a file URL or image data); false, with
    // the reason shown, when there is none or it cannot be used.
    bool take(const QMimeData *mime);
    bool takeFile(const QString &fileName);

public Q_SLOTS:
    void choose();
    void pasteFromClipboard();

Q_SIGNALS:
    void changed();
    // Why a photo was not taken (too large, not an image), for the composer's message line.
    void refused(const QString &why);

protected:
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void buildLayout();
    bool takeBytes(const QByteArray &bytes, const QString &what);
    bool takeImage(const QImage &image);
    void showPreview(const QImage &image);

    QPushButton *m_add;
    QPushButton *m_remove;
    QLabel *m_preview;
    QLineEdit *m_alt;
    QLineEdit *m_caption;
    QLineEdit *m_credit;
    QWidget *m_details;
    QByteArray m_bytes;
    QByteArray m_mimeType;
};
