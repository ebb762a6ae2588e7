#include "client/feedclient.h"

#include "client/logging.h"

#include <QJsonDocument>
#include <QJsonParseError>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslConfiguration>
#include <QUrlQuery>

#include <algorithm>
#include <optional>

using namespace Qt::StringLiterals;

namespace {
constexpr int MaxBackoffMs = 30000;

// A /api/state document, or why not: a JSON object whose "lastId" is a decimal id, the
// point the stream resumes from.
std::optional<QJsonObject> parseState(const QByteArray &body, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (!doc.isObject()) {
        *error = parseError.error != QJsonParseError::NoError ? parseError.errorString()
                                                              : u"not a JSON object"_s;
        return std::nullopt;
    }
    const QString lastId = doc.object().value(u"lastId"_s).toString();
    const bool decimal = !lastId.isEmpty() && lastId.size() <= 20
        && std::all_of(
            lastId.cbegin(), lastId.cend(), [](QChar c) { return c >= u'0' && c <= u'9'; });
    if (!decimal) {
        *error = u"no decimal \"lastId\""_s;
        return std::nullopt;
    }
    return doc.object();
}
} // namespace

FeedClient::FeedClient(QObject *parent)
    : QObject(parent)
    , m_reconnectTimer(this)
{
    qRegisterMetaType<SseEvent>();
    m_reconnectTimer.setSingleShot(true);
    connect(&m_reconnectTimer, &QTimer::timeout, this, &FeedClient::attempt);
    connect(&m_network, &QNetworkAccessManager::sslErrors, this, &FeedClient::onSslErrors);
}

FeedClient::~FeedClient()
{
    dropReply();
}

void FeedClient::setBaseUrl(const QUrl &url)
{
    m_baseUrl = url;
}

void FeedClient::setChannels(const QStringList &channels)
{
    m_channels = channels;
}

void FeedClient::setLastEventId(const QByteArray &id)
{
    m_parser.setLastEventId(id);
}

void FeedClient::setDefaultRetryMs(int ms)
{
    m_defaultRetryMs = qMax(0, ms);
}

int FeedClient::retryMs() const
{
    return m_parser.retryMs() >= 0 ? m_parser.retryMs() : m_defaultRetryMs;
}

void FeedClient::setSnapshotFirst(bool on)
{
    m_snapshotFirst = on;
}

QUrl FeedClient::withChannels(const QString &path) const
{
    QUrl url = m_baseUrl.resolved(QUrl(path));
    if (!m_channels.isEmpty()) {
        QUrlQuery query;
        for (const QString &channel : m_channels)
            query.addQueryItem(u"channel"_s, channel);
        url.setQuery(query);
    }
    return url;
}

QUrl FeedClient::streamUrl() const
{
    return withChannels(u"events"_s);
}

QUrl FeedClient::stateUrl() const
{
    return withChannels(u"api/state"_s);
}

void FeedClient::start()
{
    m_failures = 0;
    m_reconnectTimer.stop();
    m_snapshotDue = m_snapshotFirst;
    attempt();
}

void FeedClient::attempt()
{
    if (m_snapshotDue)
        requestSnapshot();
    else
        connectNow();
}

void FeedClient::setPinnedCertificates(const QList<QSslCertificate> &certificates)
{
    m_pinned = certificates;
}

void FeedClient::onSslErrors(QNetworkReply *reply, const QList<QSslError> &errors)
{
    const QSslCertificate presented = reply->sslConfiguration().peerCertificate();
    if (!presented.isNull() && m_pinned.contains(presented)) {
        reply->ignoreSslErrors(errors);
        return;
    }
    for (const QSslError &error : errors)
        qCWarning(lcFeed).noquote() << "TLS:" << error.errorString();
}

void FeedClient::requestSnapshot()
{
    dropReply();
    QNetworkRequest request(stateUrl());
    request.setRawHeader("Accept", "application/json");
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    request.setAttribute(
        QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    if (m_state != State::Reconnecting)
        setState(State::Connecting);
    m_snapshotReply = m_network.get(request);
    connect(m_snapshotReply, &QNetworkReply::finished, this, &FeedClient::onSnapshotFinished);
    qCDebug(lcFeed) << "fetching the snapshot" << request.url();
}

void FeedClient::onSnapshotFinished()
{
    QNetworkReply *reply = m_snapshotReply;
    if (!reply)
        return;
    m_snapshotReply = nullptr;
    reply->deleteLater();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (reply->error() != QNetworkReply::NoError && status == 0) {
        fail(u"the state snapshot could not be fetched: %1"_s.arg(reply->errorString()));
        return;
    }
    if (status != 200) {
        fail(u"the state snapshot answered HTTP %1 instead of 200"_s.arg(status));
        return;
    }
    QString error;
    const std::optional<QJsonObject> state = parseState(reply->readAll(), &error);
    if (!state) {
        fail(u"the state snapshot is not a state document (%1)"_s.arg(error));
        return;
    }
    m_snapshotDue = false;
    m_parser.setLastEventId(state->value(u"lastId"_s).toString().toLatin1());
    Q_EMIT snapshotReceived(*state);
    if (m_state == State::Stopped)
        return; // a slot stopped us
    connectNow();
}

void FeedClient::stop()
{
    m_reconnectTimer.stop();
    dropReply();
    setState(State::Stopped);
}

void FeedClient::connectNow()
{
    dropReply();
    QNetworkRequest request(streamUrl());
    request.setRawHeader("Accept", "text/event-stream");
    request.setRawHeader("Cache-Control", "no-cache");
    if (!m_parser.lastEventId().isEmpty())
        request.setRawHeader("Last-Event-ID", m_parser.lastEventId());
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    request.setAttribute(
        QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    // A stream has no end; the transfer timeout must not cut it.
    request.setTransferTimeout(0);

    m_parser.resetStream();
    m_streamOpen = false;
    ++m_connects;
    // A scheduled reconnect stays "reconnecting" until the stream is open again.
    if (m_state != State::Reconnecting)
        setState(State::Connecting);
    m_reply = m_network.get(request);
    connect(m_reply, &QNetworkReply::metaDataChanged, this, &FeedClient::onMetaDataChanged);
    connect(m_reply, &QIODevice::readyRead, this, &FeedClient::onReadyRead);
    connect(m_reply, &QNetworkReply::finished, this, &FeedClient::onFinished);
    qCDebug(lcFeed) << "connecting to" << request.url() << "after" << m_parser.lastEventId();
}

void FeedClient::onMetaDataChanged()
{
    const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status == 204) {
        qCInfo(lcFeed) << "server answered 204: not reconnecting";
        stop();
        return;
    }
    const QByteArray type = m_reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
    if (status != 200 || !type.trimmed().toLower().startsWith("text/event-stream")) {
        fail(u"the feed answered HTTP %1 (%2) instead of an event stream"_s.arg(status).arg(
            QString::fromLatin1(type.isEmpty() ? QByteArray("no content type") : type)));
        return;
    }
    m_streamOpen = true;
    m_failures = 0;
    setState(State::Open);
}

void FeedClient::onReadyRead()
{
    if (!m_reply || !m_streamOpen)
        return;
    const qint64 commentsBefore = m_parser.commentCount();
    const QList<SseEvent> events = m_parser.feed(m_reply->readAll());
    if (m_parser.commentCount() != commentsBefore)
        Q_EMIT heartbeat();
    for (const SseEvent &event : events) {
        Q_EMIT eventReceived(event);
        if (!m_reply)
            return; // a slot stopped us
    }
    if (m_parser.hasError())
        fail(u"the feed sent a line longer than the parser accepts"_s);
}

void FeedClient::onFinished()
{
    if (!m_reply)
        return;
    const bool wasOpen = m_streamOpen;
    const QString reason = m_reply->errorString();
    const bool networkError = m_reply->error() != QNetworkReply::NoError
        && m_reply->error() != QNetworkReply::RemoteHostClosedError;
    dropReply();
    if (wasOpen && !networkError) {
        qCInfo(lcFeed) << "stream closed by the server; reconnecting in" << retryMs() << "ms";
        scheduleReconnect(retryMs());
    } else {
        fail(reason);
    }
}

void FeedClient::fail(const QString &message)
{
    qCInfo(lcFeed).noquote() << "feed error:" << message;
    dropReply();
    Q_EMIT errorOccurred(message);
    ++m_failures;
    const qint64 backoff = qint64(qMax(retryMs(), 100)) << qMin(m_failures - 1, 8);
    scheduleReconnect(int(qMin<qint64>(backoff, MaxBackoffMs)));
}

void FeedClient::scheduleReconnect(int delayMs)
{
    setState(State::Reconnecting);
    m_reconnectTimer.start(delayMs);
}

void FeedClient::dropReply()
{
    if (QNetworkReply *snapshot = m_snapshotReply) {
        m_snapshotReply = nullptr;
        snapshot->disconnect(this);
        snapshot->abort();
        snapshot->deleteLater();
    }
    if (!m_reply)
        return;
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    m_streamOpen = false;
    // Disconnect first: abort() emits finished() synchronously and we are done with it.
    reply->disconnect(this);
    reply->abort();
    reply->deleteLater();
}

void FeedClient::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}
