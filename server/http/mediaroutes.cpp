#include "http/mediaroutes.h"

#include "http/httpconnection.h"
#include "media/mediastore.h"

#include <QFile>
#include <QJsonObject>
#include <QPointer>

using namespace Qt::StringLiterals;

namespace {

constexpr char Immutable[] = "public, max-age=31536000, immutable";

// RFC 9110 §13.1.2: a list of entity tags, or "*"; weak ones match too (GET compares weakly).
bool matches(const QByteArray &ifNoneMatch, const QByteArray &etag)
{
    for (QByteArray tag : ifNoneMatch.split(',')) {
        tag = tag.trimmed();
        if (tag.startsWith("W/"))
            tag = tag.mid(2);
        if (tag == "*" || tag == etag)
            return true;
    }
    return false;
}

} // namespace

MediaRoutes::MediaRoutes(const MediaStore *store, Respond respond, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_respond(std::move(respond))
{
    // Two at most: photos arrive one by one from a few desks, and each decode is all CPU.
    m_pool.setMaxThreadCount(2);
    m_pool.setObjectName(u"livedesk-media"_s);
}

MediaRoutes::~MediaRoutes()
{
    m_pool.waitForDone();
}

void MediaRoutes::upload(const HttpRequest &request, HttpConnection *socket)
{
    if (!m_store) {
        m_respond(request, socket,
            HttpResponse::error(
                503, u"this server keeps no files: start it with a data directory"_s));
        return;
    }
    offload(request, socket, [this, body = request.body, type = request.value("Content-Type")] {
        return stored(body, type);
    });
}

void MediaRoutes::serve(const HttpRequest &request, HttpConnection *socket)
{
    const QString name = request.path.mid(int(qstrlen("/media/")));
    offload(request, socket,
        [this, name, tags = request.value("If-None-Match")] { return file(name, tags); });
}

void MediaRoutes::offload(
    const HttpRequest &request, HttpConnection *socket, std::function<HttpResponse()> work)
{
    // The socket belongs to the server thread and may be deleted there meanwhile: only the
    // answer's delivery, back on that thread, looks at it. A posted call to this object is
    // dropped if it is destroyed first (and the destructor waits for the pool).
    m_pool.start(
        [this, request, socket = QPointer<HttpConnection>(socket), work = std::move(work)] {
            HttpResponse response = work();
            QMetaObject::invokeMethod(
                this,
                [this, request, socket, response = std::move(response)] {
                    if (socket)
                        m_respond(request, socket, response);
                },
                Qt::QueuedConnection);
        });
}

HttpResponse MediaRoutes::stored(const QByteArray &body, const QByteArray &contentType) const
{
    const MediaStore::Stored photo = m_store->store(body, contentType);
    if (photo.status != 201)
        return HttpResponse::error(photo.status, photo.error);
    return HttpResponse::json(201,
        QJsonObject {
            { u"url"_s, photo.url }, { u"width"_s, photo.width }, { u"height"_s, photo.height } },
        { { "Location", photo.url.toUtf8() } });
}

HttpResponse MediaRoutes::file(const QString &name, const QByteArray &ifNoneMatch) const
{
    const MediaStore::File found = m_store ? m_store->find(name) : MediaStore::File {};
    if (!found.found)
        return HttpResponse::error(404, u"no such photo: %1"_s.arg(name.left(100)));
    const HttpResponse::Headers headers { { "ETag", found.etag }, { "Cache-Control", Immutable } };
    if (!ifNoneMatch.isEmpty() && matches(ifNoneMatch, found.etag))
        return { 304, {}, {}, headers };
    QFile file(found.path);
    if (!file.open(QIODevice::ReadOnly))
        return HttpResponse::error(404, u"no such photo: %1"_s.arg(name.left(100)));
    return { 200, found.mimeType, file.readAll(), headers };
}
