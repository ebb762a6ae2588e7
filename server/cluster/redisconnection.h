#pragma once

#include "cluster/redisaddress.h"
#include "cluster/redisreply.h"

#include <QByteArrayList>
#include <QObject>
#include <QTimer>

#include <chrono>
#include <functional>
#include <memory>

struct redisAsyncContext;
class RedisQtAdapter;

// One connection to Redis, asynchronous on the calling thread's event loop: hiredis's async
// context, driven by the Qt adapter hiredis ships (hiredis/adapters/qt.h). No call here
// waits on the network: a host name is resolved with QHostInfo first (hiredis would call
// getaddrinfo() itself, blocking), and every reply comes through the event loop.
//
// It keeps itself connected: after a failed attempt or a lost link it tries again, with a
// delay that doubles from `retryMin` to `retryMax` and a random part, so that a cluster's
// nodes do not all come back at the same instant.
//
// The adapter's lifetime is the one subtle part (see the .cpp): hiredis frees a context by
// itself when a connection fails or drops, while the adapter keeps a pointer to it that its
// destructor writes through. So there is one adapter for the connection's whole life, and it
// is pointed at a context we own (m_parked) whenever hiredis is done with its own.
class RedisConnection final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RedisConnection)

public:
    // Runs exactly once per command: with Redis's reply, or with RedisReply::failure() when
    // the link was down or failed before the reply came (then whether Redis ran it is not
    // known). It may run before command() returns. A connection being destroyed drops the
    // replies it still owes without calling them.
    using Done = std::function<void(const RedisReply &reply)>;
    struct Retry
    {
        std::chrono::milliseconds min { 100 };
        std::chrono::milliseconds max { 5000 };
    };

    explicit RedisConnection(RedisAddress address, QObject *parent = nullptr);
    ~RedisConnection() override;

    void setRetry(Retry retry) { m_retry = retry; }
    // Starts connecting (and keeps at it until destroyed).
    void open();

    const RedisAddress &address() const { return m_address; }
    bool isConnected() const { return m_state == State::Connected; }
    // Why the last attempt failed or the link was lost; empty while connected.
    QString lastError() const { return m_lastError; }

    // Sends one command, its arguments binary-safe (no quoting, no format string).
    void command(const QByteArrayList &args, Done done);

Q_SIGNALS:
    void connected();
    // Only after connected(): the link is gone, and commands fail until connected() again.
    void disconnected(const QString &reason);

private:
    enum class State { Idle, Resolving, Connecting, Selecting, Connected, Waiting };

    void resolve();
    void connectTo(const QString &ip);
    void selectDatabase();
    void becameConnected();
    void lost(const QString &reason);
    void retryLater();
    void park();

    static void onConnect(const redisAsyncContext *context, int status);
    static void onDisconnect(const redisAsyncContext *context, int status);
    static void onReply(redisAsyncContext *context, void *reply, void *done);

    const RedisAddress m_address;
    Retry m_retry;
    State m_state = State::Idle;
    redisAsyncContext *m_context = nullptr;
    // Declared before the adapter, so it outlives it: the adapter's destructor writes to the
    // context it points at last.
    std::unique_ptr<redisAsyncContext> m_parked;
    std::unique_ptr<RedisQtAdapter> m_adapter;
    QTimer m_retryTimer;
    std::chrono::milliseconds m_nextDelay { 0 };
    QString m_lastError;
    int m_lookup = -1;
    bool m_destroying = false;
};
