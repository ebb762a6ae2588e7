#pragma once

#include "http/httprequest.h"
#include "http/httpresponse.h"

#include <QObject>
#include <QThreadPool>

#include <functional>

class HttpConnection;
class MediaStore;

// POST /api/media and GET/HEAD /media/<name>: the photos of the posts (MediaStore).
//
// Decoding and re-encoding a photo takes tens of milliseconds, and reading a file is a disk
// wait, so neither runs on the server thread, which fans events out to every viewer: each
// request's work goes to a pool of its own, and the answer comes back to this thread. The
// connection may be gone by then (the client gave up); the answer is then dropped.
class MediaRoutes final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MediaRoutes)

public:
    // Writes an answer on the server thread: HttpServer::respond (keep-alive, HEAD, TLS).
    using Respond
        = std::function<void(const HttpRequest &, HttpConnection *, const HttpResponse &)>;

    // `store` may be null (a server with no data directory): uploads then get 503. Not owned;
    // it must outlive this object.
    MediaRoutes(const MediaStore *store, Respond respond, QObject *parent = nullptr);
    // Waits for the work under way: its answers are dropped, but it may not outlive the store.
    ~MediaRoutes() override;

    static bool isMediaPath(QStringView path) { return path.startsWith(u"/media/"); }

    // The caller has checked the token and the origin.
    void upload(const HttpRequest &request, HttpConnection *socket);
    void serve(const HttpRequest &request, HttpConnection *socket);

private:
    void offload(
        const HttpRequest &request, HttpConnection *socket, std::function<HttpResponse()> work);
    HttpResponse stored(const QByteArray &body, const QByteArray &contentType) const;
    HttpResponse file(const QString &name, const QByteArray &ifNoneMatch) const;

    const MediaStore *const m_store;
    const Respond m_respond;
    QThreadPool m_pool;
};
