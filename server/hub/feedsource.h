#pragma once

#include "hub/hubevent.h"

#include <QJsonObject>
#include <QObject>
#include <QUrl>

// What a console watches: the stored events of a LiveDesk, whoever published them. Either
// the console's own server (ServerHost) or one elsewhere that it reaches over the network
// (RemoteFeed). The window, the history and the desk's boards follow this, never a socket.
class FeedSource : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FeedSource)

public:
    using QObject::QObject;

    // The page viewers open, e.g. http://127.0.0.1:8080/ or https://feed.example.org/.
    virtual QUrl baseUrl() const = 0;
    // Whether events can flow now: the server is listening, or the link to it is up.
    virtual bool isRunning() const = 0;

public Q_SLOTS:
    // snapshotReady() follows with the /api/state document.
    virtual void requestSnapshot() = 0;

Q_SIGNALS:
    // Every stored event, on this object's thread.
    void published(const HubEventPtr &event);
    void snapshotReady(const QJsonObject &state);
    void started(const QUrl &baseUrl);
    void stopped();
};
