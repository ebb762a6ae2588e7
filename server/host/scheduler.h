#pragma once

#include "hub/scheduledesk.h"

#include <QObject>
#include <QSet>
#include <QThreadPool>
#include <QTimer>

#include <functional>

class EventHub;

// Publishes scheduled posts on time, on the server thread, through the hub like any other
// publish (the event gets its id then). The posts are kept in DATA_DIR/scheduled.json, read
// once at start and written whole after each change by a thread of its own, in order, so
// the fan-out thread never waits on the disk. A post whose time passed while the server was
// not running is marked missed and held: it goes only when someone sends it.
class Scheduler final : public QObject, public ScheduleDesk
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Scheduler)

public:
    using Clock = std::function<QDateTime()>; // UTC wall-clock time

    // `file` empty: nothing is kept across a restart. `hub` must outlive this object.
    Scheduler(EventHub *hub, QString file, QObject *parent = nullptr);
    ~Scheduler() override;

    void setClock(Clock clock);
    // Reads the file (blocking: called once before anything is served). False, with the
    // reason, when it exists but cannot be read; nothing is then overwritten.
    bool load(QString *error);

    ScheduledPost add(const QString &channel, const QString &type, const QJsonValue &data,
        const QDateTime &at) override;
    QList<ScheduledPost> list() const override { return m_posts; }
    bool cancel(const QString &id) override;
    bool sendNow(const QString &id, SendDone done) override;
    QDateTime now() const override { return m_clock(); }

private:
    void arm();
    void publishDue();
    void publish(const ScheduledPost &post, SendDone done);
    void forget(const QString &id);
    void save();

    EventHub *const m_hub;
    const QString m_file;
    Clock m_clock;
    QList<ScheduledPost> m_posts; // soonest first
    QSet<QString> m_sending; // handed to the hub, not stored yet
    QTimer m_timer;
    QThreadPool m_writer; // one thread: the writes land in the order they were made
    bool m_canWrite = true; // false when the file was there but unreadable
};
