#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

// Reads what a WebSocket client sends, frame by frame (RFC 6455 §5), incrementally: feed it
// whatever the socket delivered. It keeps at most one message: a text message may be
// fragmented, but it and every frame are held to `maxMessage` bytes, so a hostile peer
// cannot make it buffer without bound.
//
// A violation stops it for good (failed()): the close code to send and why, in words.
//   - 1002: an unmasked frame (a client must mask), reserved bits set, an unknown opcode, a
//     control frame that is fragmented or longer than 125 bytes, a continuation without a
//     message, a new message inside a fragmented one;
//   - 1003: a binary message (LiveDesk's commands are text);
//   - 1008: a message over `maxMessage` bytes.
class WsFrameReader final
{
public:
    struct Message
    {
        quint8 opcode = 0; // Text, Ping, Pong or Close (WsFrame::Opcode)
        QByteArray payload;
    };

    explicit WsFrameReader(qsizetype maxMessage = 4096);

    // The messages the chunk completed, in order (control frames among them); none once
    // failed.
    QList<Message> feed(QByteArrayView chunk);

    bool failed() const { return m_closeCode != 0; }
    quint16 closeCode() const { return m_closeCode; }
    QString error() const { return m_error; }

private:
    // One frame from the front of m_in, if it is all there; false when it is not yet (or the
    // reader failed).
    bool takeFrame(QList<Message> &out);
    void accept(quint8 opcode, bool fin, QByteArray payload, QList<Message> &out);
    bool fail(quint16 code, const QString &why);

    const qsizetype m_maxMessage;
    QByteArray m_in;
    QByteArray m_message; // a fragmented text message so far
    bool m_inMessage = false;
    quint16 m_closeCode = 0;
    QString m_error;
};
