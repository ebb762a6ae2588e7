#pragma once

#include "hub/publisher.h"

#include <QDateTime>
#include <QHash>
#include <QJsonValue>
#include <QList>
#include <QObject>
#include <QString>
#include <QTimer>

#include <deque>

// Every post of a console on its way to the server: kept until the server has acknowledged
// it with an id, sent one at a time in the order it was written, each under an idempotency
// key of its own so that a retry after a lost answer is stored once (IdempotencyIndex).
//
// On disk (open() with a file: SQLite, written before publish() returns) a queue survives a
// crash or a quit; in memory it lasts as long as the process.
//
// publish() answers `done` once: with the stored event or the server's refusal when the
// first attempt settles it, or with PublishOutcome::queued when the server cannot be reached
// now (or earlier posts are still waiting). A queued post's fate comes later through sent()
// or refused(). A refusal by the server (Invalid, Conflict) takes the post out of the queue,
// since sending it again changes nothing; anything else (Unavailable) keeps it and tries
// again after a back-off with jitter, doubling up to a ceiling.
class Outbox final : public QObject, public Publisher
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Outbox)

public:
    struct Entry
    {
        qint64 seq = 0; // this outbox's own number, in the order written
        QString key; // the idempotency key, a UUID
        QString channel;
        QString type;
        QJsonValue data;
        QDateTime queuedAt; // UTC
        int attempts = 0;
        QString lastError; // why the last attempt did not go through
    };
    static constexpr int DefaultFirstRetryMs = 500;
    static constexpr int DefaultMaxRetryMs = 10000;

    // Sends through `upstream`'s publishOnce() (a RemotePublisher, or the console's own
    // server), which must outlive this.
    explicit Outbox(Publisher *upstream, QObject *parent = nullptr);
    ~Outbox() override;

    // Keeps the queue in the SQLite file `filePath` (created if need be) and loads what an
    // earlier run left there; they are sent once start() is called. False, with why.
    bool open(const QString &filePath, QString *error);
    bool isOnDisk() const { return !m_connection.isEmpty(); }
    // Begins sending (what open() loaded, and what is published from now on).
    void start();

    void publish(const QString &channel, const QString &type, const QJsonValue &data,
        QObject *context, PublishCallback done) override;

    QList<Entry> entries() const;
    int size() const { return int(m_entries.size()); }
    // How many the open() loaded from an earlier run.
    int restoredCount() const { return m_restored; }
    // Whether the last attempt failed (and the queue waits for the next); why.
    bool isStalled() const { return !m_lastError.isEmpty(); }
    QString lastError() const { return m_lastError; }
    // Takes a queued post out before it goes (the undo a bad network needs). False for one
    // being sent right now (it may already be stored) or no longer queued.
    bool remove(qint64 seq);
    // Skips the back-off: the operator says the link is back.
    void retryNow();
    // For tests, and a console that wants a quicker first retry.
    void setRetryDelays(int firstMs, int maxMs);

Q_SIGNALS:
    // Entries came or went, or the queue stalled or moved again.
    void changed();
    void sent(const Outbox::Entry &entry, const HubEventPtr &event);
    void refused(const Outbox::Entry &entry, const QString &error);

private:
    // The new entry's seq, or 0 when it could not be kept (m_lastError says why).
    qint64 enqueue(const QString &channel, const QString &type, const QJsonValue &data);
    void sendHead();
    void onOutcome(qint64 seq, const PublishOutcome &outcome);
    void settle(const Entry &entry, const PublishOutcome &outcome);
    void scheduleRetry();
    bool store(const Entry &entry, QString *error);
    void erase(qint64 seq);
    bool load(QString *error);

    Publisher *const m_upstream;
    QString m_connection; // the SQLite connection's name; empty in memory
    std::deque<Entry> m_entries;
    QHash<qint64, PublishCallback> m_waiting; // the publish() callers not answered yet
    qint64 m_nextSeq = 1;
    qint64 m_inFlight = 0; // the entry being sent, 0 when none
    int m_restored = 0;
    bool m_started = false;
    QString m_lastError;
    QTimer m_retry;
    int m_firstRetryMs = DefaultFirstRetryMs;
    int m_maxRetryMs = DefaultMaxRetryMs;
    int m_nextRetryMs = DefaultFirstRetryMs;
};

Q_DECLARE_METATYPE(Outbox::Entry)
