#pragma once

#include <QJsonObject>
#include <QString>

// What the operator typed and has not sent yet, kept in the data directory (drafts.json) so
// a quit, a crash or a power cut does not cost a half-written report. One JSON object, keyed
// by desk ("news", or a match's channel); each value is that panel's draft() as it gave it.
//
// Written whole through QSaveFile, so a reader never sees half a file, and small enough
// (a few drafts) to write on the GUI thread.
class DraftStore final
{
public:
    explicit DraftStore(const QString &dataDir);

    // Empty when there is no file yet; a file that cannot be read or parsed is reported in
    // `error` and reads as empty (drafts are a convenience: they never stop the console).
    QJsonObject load(QString *error) const;
    // Writes only when `drafts` differs from what was last written or loaded.
    bool save(const QJsonObject &drafts, QString *error);

    QString fileName() const { return m_fileName; }

private:
    const QString m_fileName;
    mutable QJsonObject m_written;
};
