#include "draftstore.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QSaveFile>

using namespace Qt::StringLiterals;

DraftStore::DraftStore(const QString &dataDir)
    : m_fileName(QDir(dataDir).filePath(u"drafts.json"_s))
{ }

QJsonObject DraftStore::load(QString *error) const
{
    QFile file(m_fileName);
    if (!file.exists())
        return {};
    if (!file.open(QIODevice::ReadOnly)) {
        *error = u"cannot read %1: %2"_s.arg(m_fileName, file.errorString());
        return {};
    }
    QJsonParseError parse {};
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &parse);
    if (!doc.isObject()) {
        *error = u"%1 is not a drafts file (%2)"_s.arg(m_fileName, parse.errorString());
        return {};
    }
    m_written = doc.object();
    return m_written;
}

bool DraftStore::save(const QJsonObject &drafts, QString *error)
{
    if (drafts == m_written)
        return true;
    QSaveFile file(m_fileName);
    if (!file.open(QIODevice::WriteOnly)
        || file.write(QJsonDocument(drafts).toJson(QJsonDocument::Compact)) < 0 || !file.commit()) {
        *error = u"cannot save the drafts to %1: %2"_s.arg(m_fileName, file.errorString());
        return false;
    }
    m_written = drafts;
    return true;
}
