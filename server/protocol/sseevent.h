#pragma once

#include <QByteArray>
#include <QMetaType>

#include <optional>

// One Server-Sent Event, the C++ form of NestJS's MessageEvent {data, id?, type?, retry?}.
// The encoder writes it; the parser produces it (with the defaults the standard applies).
struct SseEvent
{
    QByteArray data;
    // Empty: no "event:" line, so browsers dispatch it as "message".
    QByteArray type;
    // nullopt: no "id:" line. An empty value writes "id:" which resets the client's last id.
    std::optional<QByteArray> id;
    std::optional<int> retryMs;

    friend bool operator==(const SseEvent &a, const SseEvent &b)
    {
        return a.data == b.data && a.type == b.type && a.id == b.id && a.retryMs == b.retryMs;
    }
    friend bool operator!=(const SseEvent &a, const SseEvent &b) { return !(a == b); }
};

Q_DECLARE_METATYPE(SseEvent)
