#include "outbox/remotefeed.h"

#include "outbox/logging.h"
#include "outbox/remotepublisher.h"

#include <QJsonDocument>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRandomGenerator>
#include <QUrlQuery>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

constexpr int StateTimeoutMs = 10000;

quint64 idOf(const QJsonValue &value)
{
    return value.isString() ? value.toString().toULongLong() : quint64(value.toInteger());
}

} // namespace

RemoteFeed::RemoteFeed(QObject *parent)
    : FeedSource(parent)
{
    m_reconnect.setSingleShot(true);
    connect(&m_reconnect, &QTimer::timeout, this, [this] {
        if (m_haveState)
            openSocket();
        else
            fetchState();
    });
    m_ping.setInterval(DefaultPingMs);
    connect(&m_ping, &QTimer::timeout, this, &RemoteFeed::onPingTick);
    connect(&m_socket, &QWebSocket::connected, this, &RemoteFeed::onConnected);
    connect(&m_socket, &QWebSocket::disconnected, this, &RemoteFeed::onDisconnected);
    connect(&m_socket, &QWebSocket::textMessageReceived, this, &RemoteFeed::onFrame);
    connect(&m_socket, &QWebSocket::pong, this, [this] { m_awaitingPong = false; });
}

RemoteFeed::~RemoteFeed()
{
    // No disconnected() into a half-destroyed object.
    m_socket.disconnect(this);
    m_socket.abort();
}

void RemoteFeed::setBaseUrl(const QUrl &url)
{
    m_baseUrl = url;
    if (!m_baseUrl.path().endsWith(u'/'))
        m_baseUrl.setPath(m_baseUrl.path() + u'/');
}

void RemoteFeed::setRetryDelays(int firstMs, int maxMs)
{
    m_firstRetryMs = firstMs;
    m_maxRetryMs = maxMs;
}

void RemoteFeed::setPingIntervalMs(int ms)
{
    m_ping.setInterval(ms);
}

void RemoteFeed::start()
{
    if (m_running)
        return;
    m_running = true;
    m_haveState = false;
    m_failures = 0;
    fetchState();
}

void RemoteFeed::stop()
{
    m_running = false;
    m_reconnect.stop();
    m_ping.stop();
    if (m_stateReply)
        m_stateReply->abort();
    m_socket.abort();
}

void RemoteFeed::requestSnapshot()
{
    if (!m_stateReply)
        fetchState();
}

void RemoteFeed::fetchState()
{
    QNetworkRequest request(m_baseUrl.resolved(QUrl(u"api/state"_s)));
    request.setTransferTimeout(StateTimeoutMs);
    // A login page or a moved site is not the feed: say so rather than follow it.
    request.setAttribute(
        QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    QNetworkReply *reply = m_network.get(request);
    m_stateReply = reply;
    connect(reply, &QNetworkReply::finished, this, [this, reply] { onStateFinished(reply); });
}

void RemoteFeed::onStateFinished(QNetworkReply *reply)
{
    reply->deleteLater();
    if (!m_running)
        return;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QJsonObject state = QJsonDocument::fromJson(reply->readAll()).object();
    if (status == 0) {
        fail(RemotePublisher::networkFailure(reply));
        return;
    }
    if (status != 200 || !state.contains(u"lastId"_s)) {
        fail(tr("%1 is not a LiveDesk server (it answered HTTP %2 to GET /api/state).")
                 .arg(m_baseUrl.toDisplayString())
                 .arg(status));
        return;
    }
    // The first snapshot since start() is where the stream resumes; a later one (asked
    // for) only refreshes the present.
    if (!m_haveState) {
        m_lastId = idOf(state.value(u"lastId"_s));
        m_haveState = true;
        Q_EMIT snapshotReady(state);
        openSocket();
        return;
    }
    Q_EMIT snapshotReady(state);
}

void RemoteFeed::openSocket()
{
    QUrl url = m_baseUrl.resolved(QUrl(u"ws"_s));
    url.setScheme(m_baseUrl.scheme() == u"https" ? u"wss"_s : u"ws"_s);
    url.setQuery(QUrlQuery { { u"lastEventId"_s, QString::number(m_lastId) } });
    qCDebug(lcOutbox) << "following" << url.toDisplayString();
    m_socket.open(QNetworkRequest(url));
}

void RemoteFeed::onConnected()
{
    m_open = true;
    m_failures = 0;
    m_awaitingPong = false;
    m_ping.start();
    qCInfo(lcOutbox) << "following" << m_baseUrl.toDisplayString() << "from id" << m_lastId;
    Q_EMIT linkChanged(true);
    Q_EMIT started(m_baseUrl);
}

void RemoteFeed::onDisconnected()
{
    m_ping.stop();
    const bool wasOpen = m_open;
    m_open = false;
    if (!m_running)
        return;
    fail(wasOpen ? tr("The link to %1 dropped (%2); reconnecting.")
                       .arg(m_baseUrl.host(),
                           m_socket.closeReason().isEmpty() ? m_socket.errorString()
                                                            : m_socket.closeReason())
                 : socketFailure());
    if (wasOpen)
        Q_EMIT stopped();
}

void RemoteFeed::onFrame(const QString &text)
{
    const QJsonObject frame = QJsonDocument::fromJson(text.toUtf8()).object();
    if (!frame.contains(u"id"_s))
        return; // the answer to a command (this client sends none), or an error before a close
    const quint64 id = idOf(frame.value(u"id"_s));
    const QString type = frame.value(u"type"_s).toString();
    if (type == u"resync") {
        // Down longer than the server keeps: the present, then live from here.
        m_lastId = id;
        Q_EMIT snapshotReady(frame.value(u"data"_s).toObject());
        return;
    }
    if (id <= m_lastId)
        return; // seen before the link dropped
    m_lastId = id;
    // When the server stored it: a clock replayed after a drop runs on from then.
    QDateTime time = QDateTime::fromString(frame.value(u"time"_s).toString(), Qt::ISODateWithMs);
    if (!time.isValid())
        time = QDateTime::currentDateTimeUtc();
    const EventDraft draft { frame.value(u"channel"_s).toString(), type, frame.value(u"data"_s),
        time.toUTC() };
    Q_EMIT published(makeHubEvent(id, draft));
}

void RemoteFeed::onPingTick()
{
    if (m_awaitingPong) {
        qCInfo(lcOutbox) << "no answer to a ping from" << m_baseUrl.host() << "; reconnecting";
        m_socket.abort(); // disconnected() follows, and the reconnect with it
        return;
    }
    m_awaitingPong = true;
    m_socket.ping();
}

void RemoteFeed::fail(const QString &message)
{
    m_lastError = message;
    qCInfo(lcOutbox) << "feed:" << message;
    Q_EMIT errorOccurred(message);
    // A refresh asked for while the link is up failed: the link itself needs nothing.
    if (!m_running || m_open)
        return;
    const int ceiling = std::min(m_maxRetryMs, m_firstRetryMs << std::min(m_failures, 10));
    ++m_failures;
    // Jitter: the consoles of a ground that lost the same Wi-Fi do not come back in step.
    const int delay = ceiling / 2 + int(QRandomGenerator::global()->bounded(ceiling / 2 + 1));
    m_reconnect.start(delay);
}

QString RemoteFeed::socketFailure() const
{
    const QString host = m_baseUrl.host();
    switch (m_socket.error()) {
    case QAbstractSocket::HostNotFoundError:
        return tr("The server %1 was not found: check the address.").arg(host);
    case QAbstractSocket::ConnectionRefusedError:
        return tr("%1 refused the connection: is LiveDesk running there, on that port?").arg(host);
    case QAbstractSocket::SslHandshakeFailedError:
        return tr("The certificate of %1 is not one this computer trusts: %2")
            .arg(host, m_socket.errorString());
    default:
        // /api/state answered as LiveDesk does, so what refused the upgrade is most likely
        // a proxy in front of it.
        if (m_haveState)
            return tr("%1 answers, but its live feed (/ws) did not open (%2). A proxy in front "
                      "of it must pass WebSocket upgrades on (docs/cluster.md).")
                .arg(host, m_socket.errorString());
        return tr("Cannot follow the feed of %1: %2").arg(host, m_socket.errorString());
    }
}
