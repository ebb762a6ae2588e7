#pragma once

#include <QString>

// The highest id any journal in this place may ever have given, kept in a small file beside
// the journal (journal.sqlite -> journal.ids). Ids must never repeat, whatever happens to the
// journal: a journal found damaged is moved aside and a new one started, someone may delete
// the journal or its write-ahead log by hand, and a browser may still hold Last-Event-ID 300
// from before. A new journal therefore starts above this floor, never at 1, and the hub sees
// every id at or below it as history it no longer has (so such a client gets a resync).
//
// The file is not written per event, which would double the syncs: ids are reserved in
// blocks. A crash may leave the floor up to one block above the last id given, so the next
// id jumps; a clean close records the exact last id, so a normal restart leaves no gap.
//
// Every write reaches the disk before cover() returns (fsync of the file and of the
// directory): an id is only given once the reservation covering it is durable.
class IdFloor final
{
public:
    explicit IdFloor(const QString &journalPath, quint64 block = 1000);

    // Reads the floor. A missing file is floor 0; an unreadable or damaged one is an error
    // (nothing can be promised about ids then).
    bool load(QString *error);
    quint64 floor() const { return m_floor; }
    QString filePath() const { return m_filePath; }

    // Before giving `id`: makes sure the durable floor covers it, reserving a block if not.
    bool cover(quint64 id, QString *error);
    // Raises the floor to at least `id` (e.g. the last id read from a journal moved aside).
    bool raise(quint64 id, QString *error);
    // On a clean close: the exact last id, so the next start goes on without a gap.
    bool settle(quint64 lastId, QString *error);

private:
    bool store(quint64 floor, QString *error);

    const QString m_filePath;
    const quint64 m_block;
    quint64 m_floor = 0;
};
