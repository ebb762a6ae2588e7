#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QDateTime>
#include <QJsonValue>
#include <QString>

// RFC 6455 frames as a server sends them: never masked, always whole (FIN set). Each is a
// complete frame, ready to be written as is; an event's frame is made once and shared by
// every WebSocket subscriber, like its SSE bytes.
namespace WsFrame {

enum Opcode : quint8 {
    Continuation = 0x0,
    Text = 0x1,
    Binary = 0x2,
    Close = 0x8,
    Ping = 0x9,
    Pong = 0xA
};

// Close codes LiveDesk sends (RFC 6455 §7.4.1).
enum CloseCode : quint16 {
    Normal = 1000,
    GoingAway = 1001,
    ProtocolError = 1002,
    UnsupportedData = 1003,
    PolicyViolation = 1008,
    TooBig = 1009,
};

QByteArray text(QByteArrayView payload);
// An event as /ws sends it: one text frame holding
// {"id":"43","channel":"news","type":"news-flash","data":…,"time":"2026-…Z"}, `data` as JSON
// (an object stays an object, a string a JSON string), unlike SSE's data line, and `time`
// when it was stored (UTC, with milliseconds): a client that was away (a remote console)
// reads a match clock from it, not from when the frame reached it. No time, no "time".
QByteArray event(quint64 id, const QString &channel, const QString &type, const QJsonValue &data,
    const QDateTime &time = {});
QByteArray ping(QByteArrayView payload = {});
QByteArray pong(QByteArrayView payload);
// `reason` is cut to what a control frame holds (123 bytes after the code).
QByteArray close(quint16 code, QByteArrayView reason = {});

// The Sec-WebSocket-Accept value for a client's Sec-WebSocket-Key.
QByteArray acceptKey(QByteArrayView clientKey);
// A Sec-WebSocket-Key as RFC 6455 §4.1 makes it: base64 of 16 bytes.
bool isValidClientKey(QByteArrayView clientKey);

} // namespace WsFrame
