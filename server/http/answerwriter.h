#pragma once

#include <QByteArray>
#include <QElapsedTimer>
#include <QHash>
#include <QMultiHash>
#include <QObject>
#include <QTimer>

#include <chrono>

class HttpConnection;

// Writes every answer outside a stream (HttpServer's), so that no client can make the server
// hold memory by not reading:
//
// - An answer is queued whole and held once: connections waiting for the same bytes (a
//   stadium's browsers all loading /api/state at the same moment) share one copy, however
//   many there are and however slowly they read.
// - Process-wide, the distinct answers still unsent may hold at most `budgetBytes`. An
//   expensive answer (one whose size follows the events: /api/state) that is new and would
//   pass it is not written: the caller refuses it (503 + Retry-After). Cheap answers (errors,
//   health, metrics, the page's files) always go: they are small or shared.
// - Per connection, the client must keep taking its answer: one that takes nothing for
//   `writeTimeout` is reset (RST, so the kernel drops its buffers too), and its share of
//   the memory goes back at once.
// - Memory returns when the connections close: once megabytes of answers have been freed,
//   the allocator is asked to give its free pages back to the system (glibc keeps them for
//   reuse otherwise, and the process would stay at its peak).
// - On a kept connection (keep-alive) the answer is followed by nothing: once the kernel has
//   all of it, delivered() hands the connection back to the guard for its next request. A
//   client that does not read its answer is never asked for another one.
class AnswerWriter final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AnswerWriter)

public:
    struct Limits
    {
        qint64 budgetBytes = 64 * 1024 * 1024;
        std::chrono::milliseconds writeTimeout { std::chrono::seconds(10) };
    };
    enum class Cost { Cheap, Expensive };
    // What becomes of the connection once its answer is sent.
    enum class After { Close, KeepOpen };

    explicit AnswerWriter(Limits limits, QObject *parent = nullptr);
    ~AnswerWriter() override;

    // Queues `bytes` (a whole serialised answer) on `socket`, then closes it once they are
    // sent or (KeepOpen) emits delivered(). `tag`, when given, names the answer so that a
    // later request for the same thing can find it with held() before building it again.
    // False only for an expensive answer refused for the budget: then nothing was written
    // and the caller answers instead.
    bool send(HttpConnection *socket, const QByteArray &bytes, Cost cost = Cost::Cheap,
        const QByteArray &tag = {}, After after = After::Close);
    // The answer named `tag` while some connection is still being sent it; null otherwise.
    QByteArray held(const QByteArray &tag) const;
    // False once the budget is spent: an expensive answer need not even be built.
    bool hasRoom() const { return m_heldBytes < m_limits.budgetBytes; }

    qint64 heldBytes() const { return m_heldBytes; }
    int connections() const { return int(m_sending.size()); }
    quint64 refused() const { return m_refused; }
    quint64 reset() const { return m_reset; }

Q_SIGNALS:
    // A KeepOpen answer is all with the kernel: the connection may take its next request.
    // Never emitted from inside send().
    void delivered(HttpConnection *socket);

private:
    struct Held
    {
        QByteArray bytes;
        QByteArray tag;
        int users = 0;
    };
    struct Sending
    {
        Held *held = nullptr;
        qint64 lastProgressMs = 0;
        After after = After::Close;
    };

    Held *find(const QByteArray &bytes) const;
    Held *hold(const QByteArray &bytes, const QByteArray &tag);
    // Sends a small answer straight to the kernel when nothing is queued before it; returns
    // how much the kernel took. All of it: the connection is closed or handed back already.
    qsizetype sendAtOnce(HttpConnection *socket, const QByteArray &bytes, After after);
    // All of an answer is with the kernel: close, or read the next request (delivered()).
    void done(HttpConnection *socket, After after);
    void onWritten(HttpConnection *socket);
    void finish(HttpConnection *socket);
    void resetStalled();
    void giveMemoryBack();

    const Limits m_limits;
    QElapsedTimer m_clock;
    QTimer m_sweep;
    QTimer m_trim;
    qint64 m_freedSinceTrim = 0;
    QMultiHash<size_t, Held *> m_byContent;
    QHash<QByteArray, Held *> m_byTag;
    QHash<HttpConnection *, Sending> m_sending;
    qint64 m_heldBytes = 0;
    quint64 m_refused = 0;
    quint64 m_reset = 0;
};
