#pragma once

#include "hub/publishoutcome.h"

#include <QJsonValue>
#include <QString>
#include <QtGlobal>

class QObject;

// How a source asks for an event to be published: all the domain knows of the server. The
// hub implements it on its own thread; ServerHost implements it for any other thread.
//
// `done` runs exactly once, on the caller's thread, with the outcome: the stored event or
// the reason it was refused. It may run before publish() returns (a refusal found at once).
// If `context` is destroyed first, `done` is dropped, so a panel that closed is never called.
class Publisher
{
public:
    virtual void publish(const QString &channel, const QString &type, const QJsonValue &data,
        QObject *context, PublishCallback done)
        = 0;
    // The same under the sender's idempotency key (see IdempotencyIndex): a publisher that
    // reaches a server sends it along, so a retry after a lost answer is stored once. One
    // that cannot lose an answer (a direct call) may ignore it, as this default does.
    virtual void publishOnce(const QString &channel, const QString &type, const QJsonValue &data,
        const QString &key, QObject *context, PublishCallback done)
    {
        Q_UNUSED(key)
        publish(channel, type, data, context, std::move(done));
    }

    Publisher(const Publisher &) = delete;
    Publisher &operator=(const Publisher &) = delete;

protected:
    Publisher() = default;
    ~Publisher() = default;
};
