#!/usr/bin/python3
"""What one post costs the console's GUI thread when the outbox is on disk.

Outbox::publish() (server/outbox/outbox.cpp) writes each post to SQLite before it returns,
with the settings Outbox::open() sets: WAL, synchronous=FULL, one INSERT per transaction.
This does the same through Debian's libsqlite3 (the library Qt's QSQLITE driver uses) in
the directory given (default: a temporary one on the disk of the data directory), and
prints the median, the 99th percentile and the worst of N writes, in milliseconds.

    /usr/bin/python3 tests/bench/outboxfsync.py [DIR] [N]
"""
import os
import sqlite3
import sys
import tempfile
import time


def main():
    directory = sys.argv[1] if len(sys.argv) > 1 else None
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 500
    with tempfile.TemporaryDirectory(dir=directory) as scratch:
        db = sqlite3.connect(os.path.join(scratch, "outbox.sqlite"), isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")
        db.execute("CREATE TABLE outbox (seq INTEGER PRIMARY KEY, key TEXT NOT NULL,"
                   " channel TEXT NOT NULL, type TEXT NOT NULL, data TEXT NOT NULL,"
                   " queued_at INTEGER NOT NULL)")
        took = []
        for seq in range(1, count + 1):
            start = time.perf_counter()
            db.execute("INSERT INTO outbox VALUES (?, ?, ?, ?, ?, ?)",
                       (seq, "0b9f6c52-8a3e-4f0e-9d7a-3c1e2b4a5d6f", "news", "news-flash",
                        '{"headline":"Kick-off at Riverside Stadium","urgent":false}',
                        int(time.time() * 1000)))
            took.append((time.perf_counter() - start) * 1000)
        db.close()
    took.sort()
    print(f"{count} writes: median {took[count // 2]:.2f} ms, "
          f"p99 {took[int(count * 0.99) - 1]:.2f} ms, worst {took[-1]:.2f} ms")


if __name__ == "__main__":
    main()
