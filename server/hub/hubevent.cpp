#include "hub/hubevent.h"

#include "protocol/sseencoder.h"
#include "protocol/wsframe.h"

#include <QJsonObject>

HubEventPtr makeHubEvent(
    quint64 id, const EventDraft &draft, std::chrono::steady_clock::time_point acceptedAt)
{
    auto event = std::make_shared<HubEvent>();
    event->id = id;
    event->channel = draft.channel;
    event->type = draft.type;
    event->data = draft.data.isUndefined() ? QJsonValue(QJsonValue::Null) : draft.data;
    event->time = draft.time;
    event->key = draft.key;
    event->acceptedAt = acceptedAt;
    SseEvent sse;
    sse.id = QByteArray::number(id);
    sse.type = draft.type.toUtf8();
    sse.data = SseEncoder::payloadText(event->data);
    event->wire = SseEncoder::encode(sse);
    sse.data = SseEncoder::payloadText(QJsonObject {
        { QStringLiteral("channel"), event->channel }, { QStringLiteral("data"), event->data } });
    event->envelopedWire = SseEncoder::encode(sse);
    event->wsFrame = WsFrame::event(id, event->channel, event->type, event->data, event->time);
    return event;
}
