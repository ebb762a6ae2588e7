#include "http/answerwriter.h"

#include "http/httpconnection.h"
#include "http/logging.h"

#include <QPointer>

#include <sys/socket.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

namespace {

// Freed answers past this are worth a malloc_trim(), which walks the whole heap.
constexpr qint64 TrimAfterBytes = 4 * 1024 * 1024;
// Answers up to this size try the kernel at once. A larger one is queued whole, so that
// clients still waiting for the same bytes share one copy (a partly sent one could not).
constexpr qsizetype AtOnceBytes = 16 * 1024;

} // namespace

AnswerWriter::AnswerWriter(Limits limits, QObject *parent)
    : QObject(parent)
    , m_limits(limits)
    , m_sweep(this)
    , m_trim(this)
{
    m_clock.start();
    // A stalled client is noticed within a quarter of the timeout past it.
    m_sweep.setInterval(std::max(m_limits.writeTimeout / 4, std::chrono::milliseconds(10)));
    connect(&m_sweep, &QTimer::timeout, this, &AnswerWriter::resetStalled);
    // Once a burst of closes is over, not once per close.
    m_trim.setSingleShot(true);
    m_trim.setInterval(std::chrono::milliseconds(200));
    connect(&m_trim, &QTimer::timeout, this, &AnswerWriter::giveMemoryBack);
}

AnswerWriter::~AnswerWriter()
{
    // The sockets' own buffers keep what they still send (QByteArray is shared).
    for (auto it = m_sending.cbegin(); it != m_sending.cend(); ++it)
        QObject::disconnect(it.key(), nullptr, this, nullptr);
    qDeleteAll(m_byContent);
}

AnswerWriter::Held *AnswerWriter::find(const QByteArray &bytes) const
{
    const size_t hash = qHash(bytes);
    for (auto it = m_byContent.constFind(hash); it != m_byContent.cend() && it.key() == hash;
         ++it) {
        if ((*it)->bytes == bytes)
            return *it;
    }
    return nullptr;
}

AnswerWriter::Held *AnswerWriter::hold(const QByteArray &bytes, const QByteArray &tag)
{
    auto *held = new Held { bytes, tag, 0 };
    m_byContent.insert(qHash(bytes), held);
    if (!tag.isEmpty())
        m_byTag.insert(tag, held);
    m_heldBytes += bytes.size();
    return held;
}

QByteArray AnswerWriter::held(const QByteArray &tag) const
{
    const Held *held = m_byTag.value(tag);
    return held ? held->bytes : QByteArray();
}

bool AnswerWriter::send(
    HttpConnection *socket, const QByteArray &bytes, Cost cost, const QByteArray &tag, After after)
{
    if (m_sending.contains(socket))
        finish(socket); // one answer at a time per connection; never counted twice
    Held *held = find(bytes);
    // With nothing held, one answer always goes, whatever its size.
    if (!held && cost == Cost::Expensive && m_heldBytes > 0
        && m_heldBytes + bytes.size() > m_limits.budgetBytes) {
        ++m_refused;
        return false;
    }
    const qsizetype sent = sendAtOnce(socket, bytes, after);
    if (sent == bytes.size())
        return true;
    if (!held)
        held = hold(bytes, tag);
    ++held->users;
    m_sending.insert(socket, { held, m_clock.elapsed(), after });
    connect(socket, &HttpConnection::bytesWritten, this, [this, socket] { onWritten(socket); });
    connect(socket, &QObject::destroyed, this, [this, socket] { finish(socket); });
    // Shared, not copied: QIODevice keeps a reference to an array this large. Behind a part
    // the kernel took at once, the (small) rest.
    socket->write(sent == 0 ? held->bytes : bytes.sliced(sent));
    if (socket->bytesToWrite() == 0) {
        // The kernel took all of it inside write(): no bytesWritten follows, and without this
        // a kept connection would wait for writeTimeout before its next request was read.
        finish(socket);
        done(socket, after);
        return true;
    }
    if (after == After::Close)
        socket->disconnectFromHost();
    if (!m_sweep.isActive())
        m_sweep.start();
    return true;
}

qsizetype AnswerWriter::sendAtOnce(HttpConnection *socket, const QByteArray &bytes, After after)
{
    // One send() instead of a write notifier, an event-loop pass and a bytesWritten: what a
    // publisher on a kept connection pays per event. Small answers only: what the kernel
    // leaves of one is queued as a copy, which would undo the sharing of large ones.
    if (bytes.size() > AtOnceBytes || socket->bytesToWrite() > 0 || !socket->isConnected())
        return 0;
    const qsizetype sent = socket->sendNow(bytes);
    if (sent == bytes.size())
        done(socket, after);
    return sent;
}

void AnswerWriter::done(HttpConnection *socket, After after)
{
    if (after == After::Close) {
        socket->disconnectFromHost();
        return;
    }
    // Queued: the guard then reads the next request, whose answer must not come from inside
    // this one's (a pipelined burst would nest one call per request).
    QMetaObject::invokeMethod(
        this,
        [this, guarded = QPointer<HttpConnection>(socket)] {
            if (guarded)
                Q_EMIT delivered(guarded);
        },
        Qt::QueuedConnection);
}

void AnswerWriter::onWritten(HttpConnection *socket)
{
    const auto it = m_sending.find(socket);
    if (it == m_sending.end())
        return;
    it->lastProgressMs = m_clock.elapsed();
    // All of it is with the kernel: nothing here is held for this client any more.
    if (socket->bytesToWrite() == 0) {
        const After after = it->after;
        finish(socket);
        if (after == After::KeepOpen)
            Q_EMIT delivered(socket);
    }
}

void AnswerWriter::finish(HttpConnection *socket)
{
    const auto it = m_sending.constFind(socket);
    if (it == m_sending.cend())
        return;
    Held *held = it->held;
    m_sending.erase(it);
    QObject::disconnect(socket, nullptr, this, nullptr);
    if (--held->users > 0)
        return;
    m_heldBytes -= held->bytes.size();
    m_byContent.remove(qHash(held->bytes), held);
    if (!held->tag.isEmpty())
        m_byTag.remove(held->tag);
    m_freedSinceTrim += held->bytes.size();
    delete held;
    if (m_freedSinceTrim >= TrimAfterBytes)
        m_trim.start();
    if (m_sending.isEmpty())
        m_sweep.stop();
}

void AnswerWriter::giveMemoryBack()
{
    m_freedSinceTrim = 0;
#ifdef __GLIBC__
    malloc_trim(0);
#endif
}

void AnswerWriter::resetStalled()
{
    const qint64 now = m_clock.elapsed();
    QList<HttpConnection *> stalled;
    for (auto it = m_sending.cbegin(); it != m_sending.cend(); ++it) {
        if (now - it->lastProgressMs >= m_limits.writeTimeout.count())
            stalled.append(it.key());
    }
    for (HttpConnection *socket : std::as_const(stalled)) {
        ++m_reset;
        qCInfo(lcHttp).noquote().nospace()
            << "resetting the connection of " << socket->peerAddress().toString() << ": "
            << socket->bytesToWrite() << " bytes of its answer unsent, it took nothing for "
            << m_limits.writeTimeout.count() << " ms";
        finish(socket);
        // A reset, not a close (see StreamConnection::abort): with a zero linger the kernel
        // drops what it still holds for the client instead of trickling it out.
        socket->reset();
    }
}
