#include "photoattachment.h"

#include <QBuffer>
#include <QClipboard>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFile>
#include <QFileDialog>
#include <QFormLayout>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QImageReader>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QPushButton>
#include <QUrl>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {

constexpr int PreviewSide = 160;

// The types the server takes, by what the bytes say they are (not the file's name).
QByteArray mimeFor(const QByteArray &format)
{
    if (format == "png")
        return "image/png";
    if (format == "jpeg" || format == "jpg")
        return "image/jpeg";
    if (format == "webp")
        return "image/webp";
    if (format == "gif")
        return "image/gif";
    return {};
}

QLineEdit *field(const QString &name, const QString &placeholder, int maxLength, QWidget *parent)
{
    auto *edit = new QLineEdit(parent);
    edit->setObjectName(name);
    edit->setPlaceholderText(placeholder);
    edit->setMaxLength(maxLength);
    return edit;
}

} // namespace

PhotoAttachment::PhotoAttachment(QWidget *parent)
    : QWidget(parent)
    , m_add(new QPushButton(tr("Add photo…"), this))
    , m_remove(new QPushButton(tr("Remove photo"), this))
    , m_preview(new QLabel(this))
    , m_alt(field(
          u"photoAlt"_s, tr("What the photo shows, for readers who cannot see it"), 500, this))
    , m_caption(field(u"photoCaption"_s, tr("Optional"), 500, this))
    , m_credit(field(u"photoCredit"_s, tr("Optional: the photographer or agency"), 100, this))
    , m_details(new QWidget(this))
{
    setObjectName(u"photoAttachment"_s);
    setAcceptDrops(true);
    m_add->setObjectName(u"addPhotoButton"_s);
    m_add->setToolTip(tr("Choose a photo, drop one here, or paste one (Ctrl+Shift+V)"));
    m_remove->setObjectName(u"removePhotoButton"_s);
    m_preview->setObjectName(u"photoPreview"_s);
    m_preview->setFixedSize(PreviewSide, PreviewSide * 3 / 4);
    m_preview->setAlignment(Qt::AlignCenter);
    m_preview->setFrameShape(QFrame::StyledPanel);
    buildLayout();
    connect(m_add, &QPushButton::clicked, this, &PhotoAttachment::choose);
    connect(m_remove, &QPushButton::clicked, this, &PhotoAttachment::clear);
    for (QLineEdit *edit : { m_alt, m_caption, m_credit })
        connect(edit, &QLineEdit::textEdited, this, &PhotoAttachment::changed);
    clear();
}

void PhotoAttachment::buildLayout()
{
    auto *form = new QFormLayout;
    form->addRow(tr("&Alt text"), m_alt);
    form->addRow(tr("Capt&ion"), m_caption);
    form->addRow(tr("Credit"), m_credit);
    auto *details = new QHBoxLayout(m_details);
    details->setContentsMargins(0, 0, 0, 0);
    details->addWidget(m_preview, 0, Qt::AlignTop);
    details->addLayout(form, 1);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_add);
    buttons->addWidget(m_remove);
    buttons->addStretch(1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(buttons);
    layout->addWidget(m_details);
}

QJsonObject PhotoAttachment::words() const
{
    QJsonObject words;
    const auto put = [&words](const char16_t *key, const QLineEdit *edit) {
        if (const QString text = edit->text().trimmed(); !text.isEmpty())
            words.insert(QString::fromUtf16(key), text);
    };
    put(u"alt", m_alt);
    put(u"caption", m_caption);
    put(u"credit", m_credit);
    return words;
}

QString PhotoAttachment::problem() const
{
    if (hasPhoto() && m_alt->text().trimmed().isEmpty())
        return tr("a photo needs alt text: say what it shows, for readers who cannot see it");
    return {};
}

void PhotoAttachment::clear()
{
    m_bytes.clear();
    m_mimeType.clear();
    m_preview->clear();
    for (QLineEdit *edit : { m_alt, m_caption, m_credit })
        edit->clear();
    m_details->hide();
    m_remove->hide();
    Q_EMIT changed();
}

void PhotoAttachment::choose()
{
    const QString file = QFileDialog::getOpenFileName(
        this, tr("Add a photo"), QString(), tr("Photos (*.png *.jpg *.jpeg *.webp *.gif)"));
    if (!file.isEmpty())
        takeFile(file);
}

void PhotoAttachment::pasteFromClipboard()
{
    take(QGuiApplication::clipboard()->mimeData());
}

bool PhotoAttachment::take(const QMimeData *mime)
{
    if (mime && mime->hasUrls() && mime->urls().constFirst().isLocalFile())
        return takeFile(mime->urls().constFirst().toLocalFile());
    if (mime && mime->hasImage())
        return takeImage(qvariant_cast<QImage>(mime->imageData()));
    Q_EMIT refused(tr("There is no photo to take: copy a photo or a photo file first."));
    return false;
}

bool PhotoAttachment::takeFile(const QString &fileName)
{
    QFile file(fileName);
    if (file.size() > MaxBytes) {
        Q_EMIT refused(tr("The photo is larger than 10 MB; make it smaller first."));
        return false;
    }
    if (!file.open(QIODevice::ReadOnly)) {
        Q_EMIT refused(tr("Cannot read %1: %2").arg(fileName, file.errorString()));
        return false;
    }
    return takeBytes(file.readAll(), fileName);
}

bool PhotoAttachment::takeBytes(const QByteArray &bytes, const QString &what)
{
    QBuffer buffer;
    buffer.setData(bytes);
    buffer.open(QIODevice::ReadOnly);
    const QByteArray mime = mimeFor(QImageReader::imageFormat(&buffer));
    QImageReader reader(&buffer);
    reader.setAutoTransform(true);
    // The preview only: a thumbnail is decoded, never the whole photo at full size.
    const QSize size = reader.size();
    if (size.isValid())
        reader.setScaledSize(size.scaled(PreviewSide * 2, PreviewSide * 2, Qt::KeepAspectRatio));
    const QImage preview = reader.read();
    if (mime.isEmpty() || preview.isNull()) {
        Q_EMIT refused(tr("%1 is not a PNG, JPEG, WebP or GIF photo.").arg(what));
        return false;
    }
    m_bytes = bytes;
    m_mimeType = mime;
    showPreview(preview);
    return true;
}

// Pasted pixels have no file: they go as a PNG, which keeps them as they are.
bool PhotoAttachment::takeImage(const QImage &image)
{
    if (image.isNull()) {
        Q_EMIT refused(tr("The clipboard's image could not be read."));
        return false;
    }
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    if (bytes.size() > MaxBytes) {
        Q_EMIT refused(tr("The photo is larger than 10 MB; make it smaller first."));
        return false;
    }
    m_bytes = bytes;
    m_mimeType = "image/png";
    showPreview(image);
    return true;
}

void PhotoAttachment::showPreview(const QImage &image)
{
    m_preview->setPixmap(QPixmap::fromImage(
        image.scaled(m_preview->size(), Qt::KeepAspectRatio, Qt::SmoothTransformation)));
    m_details->show();
    m_remove->show();
    m_alt->setFocus();
    Q_EMIT changed();
}

void PhotoAttachment::dragEnterEvent(QDragEnterEvent *event)
{
    if (event->mimeData()->hasImage() || event->mimeData()->hasUrls())
        event->acceptProposedAction();
}

void PhotoAttachment::dropEvent(QDropEvent *event)
{
    if (take(event->mimeData()))
        event->acceptProposedAction();
}
