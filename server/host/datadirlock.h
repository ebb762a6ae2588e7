#pragma once

#include <QLockFile>
#include <QString>

#include <memory>
#include <optional>

// One data directory has one owner. Two consoles on one journal would hand out the same ids
// ("UNIQUE constraint failed: events.id") and overwrite each other's settings, so the first
// process takes this lock before it reads or writes anything there, and a second one is
// refused before it touches the directory.
//
// The lock is a QLockFile (a file holding the owner's pid and host name): a lock left by a
// process that crashed or was killed is recognised as stale and taken over, so a kill -9
// never locks an operator out of their own history.
class DataDirLock final
{
public:
    DataDirLock() = default;
    DataDirLock(const DataDirLock &) = delete;
    DataDirLock &operator=(const DataDirLock &) = delete;

    // Takes the lock of `dataDir` (which must exist). False with the reason, naming the
    // process that holds it where that is known, when another live process owns it.
    bool acquire(const QString &dataDir, QString *error);
    bool isLocked() const { return m_lock && m_lock->isLocked(); }

    static QString lockFileName(const QString &dataDir);
    // The pid of the live process that holds `dataDir`'s lock, if one does (0 when it cannot
    // be read). Taking the lock to find out, and letting it go at once.
    static std::optional<qint64> holder(const QString &dataDir);

private:
    std::unique_ptr<QLockFile> m_lock;
};
