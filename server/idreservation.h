#pragma once

#include <QString>

// Keeps event ids unique across restarts. Ids are handed out from blocks whose upper bound is
// written to a small file in the data directory *before* any id of the block is used, so a
// crash can skip ids but never reuse one. A clean shutdown records the last id actually used,
// so the next run continues without a gap and clients can resume across the restart.
//
// File format, one line: "reserved N" (ids up to N may have been used) or "clean N" (the run
// ended cleanly after id N). Written with QSaveFile, so a crash mid-write leaves the old file.
class IdReservation final
{
public:
    explicit IdReservation(QString filePath, quint64 blockSize = 10000);

    // Reads the file (a missing file means a first run). Fails on an unreadable or corrupt
    // file rather than risk reusing ids.
    bool load(QString *error);
    // The id the previous run ended on (or may have reached); this run starts after it.
    quint64 lastIdOfPreviousRun() const { return m_previous; }
    // Makes sure ids up to at least `id` are reserved on disk. Returns the new upper bound,
    // or 0 when it could not be written.
    quint64 reserveThrough(quint64 id);
    // Records a clean end after `lastUsed`.
    bool close(quint64 lastUsed);

    QString filePath() const { return m_filePath; }

private:
    bool write(const char *state, quint64 id);

    const QString m_filePath;
    const quint64 m_blockSize;
    quint64 m_previous = 0;
};
