#include "host/datadirlock.h"

#include "host/logging.h"

#include <QDir>
#include <QFile>

using namespace Qt::StringLiterals;

QString DataDirLock::lockFileName(const QString &dataDir)
{
    return QDir(dataDir).filePath(u"livedesk.lock"_s);
}

std::optional<qint64> DataDirLock::holder(const QString &dataDir)
{
    if (!QFile::exists(lockFileName(dataDir)))
        return std::nullopt;
    QLockFile lock(lockFileName(dataDir));
    lock.setStaleLockTime(0);
    if (lock.tryLock(0) || lock.error() != QLockFile::LockFailedError)
        return std::nullopt; // free (released again by the destructor), or unknowable
    qint64 pid = 0;
    QString host, application;
    lock.getLockInfo(&pid, &host, &application);
    return pid;
}

bool DataDirLock::acquire(const QString &dataDir, QString *error)
{
    auto lock = std::make_unique<QLockFile>(lockFileName(dataDir));
    // Stale means "its process is gone", never "old": a console runs for days.
    lock->setStaleLockTime(0);
    if (lock->tryLock(0)) {
        m_lock = std::move(lock);
        return true;
    }
    qint64 pid = 0;
    QString host;
    QString application;
    switch (lock->error()) {
    case QLockFile::LockFailedError:
        *error = lock->getLockInfo(&pid, &host, &application)
            ? u"another LiveDesk (process %1 on %2) is already using the data directory %3; "
              "close it first, or give this one its own directory with --data-dir"_s.arg(pid)
                  .arg(host, QDir::toNativeSeparators(dataDir))
            : u"another LiveDesk is already using the data directory %1"_s.arg(
                QDir::toNativeSeparators(dataDir));
        break;
    case QLockFile::PermissionError:
        *error = u"cannot lock the data directory %1: it is not writable"_s.arg(
            QDir::toNativeSeparators(dataDir));
        break;
    default:
        *error = u"cannot lock the data directory %1"_s.arg(QDir::toNativeSeparators(dataDir));
        break;
    }
    qCWarning(lcHost, "%s", qUtf8Printable(*error));
    return false;
}
