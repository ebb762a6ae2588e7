#include "idreservation.h"

#include "logging.h"

#include <QFile>
#include <QSaveFile>

using namespace Qt::StringLiterals;

IdReservation::IdReservation(QString filePath, quint64 blockSize)
    : m_filePath(std::move(filePath))
    , m_blockSize(qMax<quint64>(1, blockSize))
{ }

bool IdReservation::load(QString *error)
{
    QFile file(m_filePath);
    if (!file.exists()) {
        m_previous = 0;
        return true;
    }
    if (!file.open(QIODevice::ReadOnly)) {
        *error = u"cannot read %1: %2"_s.arg(m_filePath, file.errorString());
        return false;
    }
    const QList<QByteArray> words = file.read(256).trimmed().split(' ');
    bool ok = words.size() == 2 && (words.at(0) == "reserved" || words.at(0) == "clean");
    const quint64 id = ok ? words.at(1).toULongLong(&ok) : 0;
    if (!ok) {
        *error = u"%1 is not a LiveDesk id file (expected \"clean N\" or \"reserved N\"); "
                 "move it away to start over"_s.arg(m_filePath);
        return false;
    }
    m_previous = id;
    return true;
}

quint64 IdReservation::reserveThrough(quint64 id)
{
    const quint64 upTo = id + m_blockSize - 1;
    return write("reserved", upTo) ? upTo : 0;
}

bool IdReservation::close(quint64 lastUsed)
{
    return write("clean", lastUsed);
}

bool IdReservation::write(const char *state, quint64 id)
{
    QSaveFile file(m_filePath);
    if (!file.open(QIODevice::WriteOnly)
        || file.write(QByteArray(state) + ' ' + QByteArray::number(id) + '\n') < 0
        || !file.commit()) {
        qCWarning(lcHub).noquote() << "cannot write" << m_filePath << "-" << file.errorString();
        return false;
    }
    return true;
}
