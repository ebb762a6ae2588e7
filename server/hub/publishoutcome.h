#pragma once

#include "hub/hubevent.h"

#include <QString>

#include <functional>

// How a publish ended: the stored event (with its id), or the reason nothing was published.
// Every publish, from the console, the demo ticker or the API, gets exactly one.
struct PublishOutcome
{
    HubEventPtr event; // null when refused
    QString error; // why, when refused

    bool ok() const { return event != nullptr; }
    quint64 id() const { return event ? event->id : 0; }

    static PublishOutcome refused(QString reason) { return { nullptr, std::move(reason) }; }
    static PublishOutcome published(HubEventPtr event) { return { std::move(event), {} }; }
};

using PublishCallback = std::function<void(const PublishOutcome &outcome)>;

Q_DECLARE_METATYPE(PublishOutcome)
