#include "store/idfloor.h"

#include "store/logging.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

#include <fcntl.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {

const QString FloorKey = u"noIdAbove"_s;

// QSaveFile renames the new file over the old one; the rename itself is only durable once
// the directory is synced too.
bool syncDirectory(const QString &dir)
{
    const int fd = ::open(QFile::encodeName(dir).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return false;
    const bool ok = ::fsync(fd) == 0;
    ::close(fd);
    return ok;
}

QString floorPathFor(const QString &journalPath)
{
    const QFileInfo info(journalPath);
    return info.dir().filePath(info.completeBaseName() + u".ids"_s);
}

} // namespace

IdFloor::IdFloor(const QString &journalPath, quint64 block)
    : m_filePath(floorPathFor(journalPath))
    , m_block(qMax<quint64>(1, block))
{ }

bool IdFloor::load(QString *error)
{
    QFile file(m_filePath);
    if (!file.exists()) {
        m_floor = 0;
        return true;
    }
    if (!file.open(QIODevice::ReadOnly)) {
        *error = u"cannot read %1: %2"_s.arg(m_filePath, file.errorString());
        return false;
    }
    const QJsonValue value = QJsonDocument::fromJson(file.read(4096)).object().value(FloorKey);
    const qint64 floor = value.toInteger(-1);
    if (!value.isDouble() || floor < 0) {
        *error = u"%1 is damaged, so LiveDesk cannot tell which event ids were already given; "
                 "if the journal beside it is intact, delete %1 and start again"_s.arg(m_filePath);
        return false;
    }
    m_floor = quint64(floor);
    return true;
}

bool IdFloor::cover(quint64 id, QString *error)
{
    if (id <= m_floor)
        return true;
    return store(id - 1 + m_block, error);
}

bool IdFloor::raise(quint64 id, QString *error)
{
    return id <= m_floor || store(id, error);
}

bool IdFloor::settle(quint64 lastId, QString *error)
{
    return lastId == m_floor || store(lastId, error);
}

bool IdFloor::store(quint64 floor, QString *error)
{
    QSaveFile file(m_filePath);
    const QByteArray text = QJsonDocument(QJsonObject { { FloorKey, qint64(floor) } }).toJson();
    const bool written = file.open(QIODevice::WriteOnly) && file.write(text) == text.size()
        && file.flush() && ::fsync(file.handle()) == 0 && file.commit();
    if (!written || !syncDirectory(QFileInfo(m_filePath).absolutePath())) {
        *error = u"cannot record the event ids given in %1: %2"_s.arg(m_filePath,
            file.errorString().isEmpty() ? u"the directory cannot be synced"_s
                                         : file.errorString());
        qCWarning(lcStore).noquote() << *error;
        return false;
    }
    m_floor = floor;
    return true;
}
