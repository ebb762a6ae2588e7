#pragma once

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QString>
#include <QTemporaryDir>

// A small tmpfs of our own, mounted for one test, that can be filled to the last byte and
// freed again: a real full disk under a real journal. Mounting needs root (CI and the
// developers' machines run as root); elsewhere mount() fails and says why, and the test skips.
class FullDisk final
{
public:
    explicit FullDisk(const QString &size = QStringLiteral("4m"))
        : m_size(size)
    { }
    ~FullDisk()
    {
        if (m_mounted)
            QProcess::execute(QStringLiteral("umount"), { QStringLiteral("-l"), m_dir.path() });
    }
    FullDisk(const FullDisk &) = delete;
    FullDisk &operator=(const FullDisk &) = delete;

    bool mount(QString *why)
    {
        QProcess p;
        p.start(QStringLiteral("mount"),
            { QStringLiteral("-t"), QStringLiteral("tmpfs"), QStringLiteral("-o"),
                QStringLiteral("size=") + m_size, QStringLiteral("livedesk-test"), m_dir.path() });
        if (!p.waitForFinished(10000) || p.exitStatus() != QProcess::NormalExit
            || p.exitCode() != 0) {
            *why = QStringLiteral("cannot mount a tmpfs here (needs root): ")
                + QString::fromLocal8Bit(p.readAllStandardError()).trimmed();
            return false;
        }
        m_mounted = true;
        return true;
    }
    QString path() const { return m_dir.path(); }

    // Writes a filler file until the file system has no byte left.
    void fill()
    {
        QFile filler(m_dir.filePath(QStringLiteral("filler")));
        if (!filler.open(QIODevice::WriteOnly | QIODevice::Append))
            return;
        const QByteArray chunk(4096, 'x');
        while (filler.write(chunk) == chunk.size() && filler.flush()) { }
        // The last partial block: byte by byte until even that fails.
        while (filler.write("x", 1) == 1 && filler.flush()) { }
    }
    void free() { QFile::remove(m_dir.filePath(QStringLiteral("filler"))); }

private:
    QTemporaryDir m_dir;
    const QString m_size;
    bool m_mounted = false;
};
