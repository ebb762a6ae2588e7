#pragma once

#include "hub/hubevent.h"

#include <QString>

#include <functional>

// How a publish ended: the stored event (with its id), or the reason nothing was published
// and what kind of refusal it is. Every publish, from the console, the demo ticker or the
// API, gets exactly one.
struct PublishOutcome
{
    // What a refusal means for whoever sent it; the API answers 422, 409 and 503 for them.
    enum class Refusal : quint8 {
        // The request cannot be published as it stands (an invalid name, an empty headline,
        // an amendment of no post this server keeps): sending it again changes nothing.
        Invalid,
        // It contradicts what was already published (retracting a retracted post, correcting
        // one): the post is already in the state the sender wants, or can no longer change.
        Conflict,
        // The server could not store it now (a full disk, a stopped server): try again later.
        Unavailable,
    };

    HubEventPtr event; // null when refused
    QString error; // why, when refused
    Refusal refusal = Refusal::Invalid; // when refused
    // Published earlier under the same idempotency key: `event` is that original.
    bool repeated = false;
    // Not sent yet, and not refused: an outbox holds it and sends it when the server can be
    // reached (`error` says why it could not be now). Only an outbox answers this.
    bool queued = false;

    bool ok() const { return event != nullptr; }
    quint64 id() const { return event ? event->id : 0; }

    static PublishOutcome refused(QString reason, Refusal why = Refusal::Invalid)
    {
        return { nullptr, std::move(reason), why, false, false };
    }
    static PublishOutcome queuedFor(QString reason)
    {
        return { nullptr, std::move(reason), Refusal::Unavailable, false, true };
    }
    static PublishOutcome published(HubEventPtr event, bool repeated = false)
    {
        return { std::move(event), {}, {}, repeated, false };
    }
};

using PublishCallback = std::function<void(const PublishOutcome &outcome)>;

Q_DECLARE_METATYPE(PublishOutcome)
