#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QJsonValue>
#include <QMetaType>
#include <QString>

#include <chrono>
#include <memory>

// What a source asks to publish, before any event log has given it an id.
struct EventDraft
{
    QString channel;
    QString type;
    QJsonValue data;
    QDateTime time; // UTC, when the hub accepted it
    // The sender's idempotency key (IdempotencyIndex), kept with the event so that every
    // node of a cluster, and the server after a restart, knows it was stored. Never sent to
    // viewers. Empty when the sender gave none.
    QString key = {};
};

// An event after the hub accepted it. Immutable and shared: the replay window, every
// subscriber's queue and every thread that sees it hold the same instance, and `wire` is the
// SSE encoding made once, so fan-out never re-encodes per client.
struct HubEvent
{
    quint64 id = 0;
    QString channel;
    QString type;
    QJsonValue data;
    QDateTime time; // UTC, when the hub accepted it
    QString key; // EventDraft::key
    // The same instant on the process-wide monotonic clock, for latency measurements.
    std::chrono::steady_clock::time_point acceptedAt;
    QByteArray wire;
    // The same SSE event with its channel: data is {"channel":…,"data":…} (/events?envelope=1),
    // for a client that shares one stream among several views, such as the page's tabs.
    QByteArray envelopedWire;
    // The same event as one WebSocket text frame (/ws), also encoded once.
    QByteArray wsFrame;
};

using HubEventPtr = std::shared_ptr<const HubEvent>;

// The one way to make a HubEvent: the draft under its id, with its SSE bytes encoded.
HubEventPtr makeHubEvent(quint64 id, const EventDraft &draft,
    std::chrono::steady_clock::time_point acceptedAt = std::chrono::steady_clock::now());

Q_DECLARE_METATYPE(HubEventPtr)
