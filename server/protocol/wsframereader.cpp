#include "protocol/wsframereader.h"

#include "protocol/wsframe.h"

using namespace Qt::StringLiterals;

WsFrameReader::WsFrameReader(qsizetype maxMessage)
    : m_maxMessage(maxMessage)
{ }

QList<WsFrameReader::Message> WsFrameReader::feed(QByteArrayView chunk)
{
    QList<Message> out;
    if (failed())
        return out;
    m_in.append(chunk.data(), chunk.size());
    while (takeFrame(out)) { }
    if (failed())
        out.clear();
    return out;
}

bool WsFrameReader::fail(quint16 code, const QString &why)
{
    m_closeCode = code;
    m_error = why;
    m_in.clear();
    m_message.clear();
    return false;
}

bool WsFrameReader::takeFrame(QList<Message> &out)
{
    if (failed() || m_in.size() < 2)
        return false;
    const auto byte = [this](qsizetype i) { return quint8(m_in.at(i)); };
    const bool fin = byte(0) & 0x80;
    const quint8 opcode = byte(0) & 0x0F;
    if (byte(0) & 0x70)
        return fail(WsFrame::ProtocolError, u"reserved bits set (no extension was agreed)"_s);
    if (!(byte(1) & 0x80))
        return fail(WsFrame::ProtocolError, u"a client's frames must be masked"_s);
    quint64 length = byte(1) & 0x7F;
    qsizetype at = 2;
    if (length >= 126) {
        const int bytes = length == 126 ? 2 : 8;
        if (m_in.size() < at + bytes)
            return false;
        length = 0;
        for (int i = 0; i < bytes; ++i)
            length = (length << 8) | byte(at + i);
        at += bytes;
    }
    // Judged from the header alone: an oversized frame is refused before its body arrives.
    if (opcode >= WsFrame::Close && (length > 125 || !fin))
        return fail(
            WsFrame::ProtocolError, u"a control frame must be whole and at most 125 bytes"_s);
    if (length > quint64(m_maxMessage) || qsizetype(length) + m_message.size() > m_maxMessage)
        return fail(
            WsFrame::PolicyViolation, u"a message may have at most %1 bytes"_s.arg(m_maxMessage));
    if (m_in.size() < at + 4 + qsizetype(length))
        return false;
    const QByteArrayView mask(m_in.constData() + at, 4);
    at += 4;
    QByteArray payload = m_in.mid(at, qsizetype(length));
    for (qsizetype i = 0; i < payload.size(); ++i)
        payload[i] = char(payload.at(i) ^ mask.at(i % 4));
    m_in.remove(0, at + qsizetype(length));
    accept(opcode, fin, std::move(payload), out);
    return !failed();
}

void WsFrameReader::accept(quint8 opcode, bool fin, QByteArray payload, QList<Message> &out)
{
    switch (opcode) {
    case WsFrame::Close:
    case WsFrame::Ping:
    case WsFrame::Pong:
        out.append({ opcode, std::move(payload) });
        return;
    case WsFrame::Binary:
        fail(WsFrame::UnsupportedData, u"binary messages are not understood; send JSON text"_s);
        return;
    case WsFrame::Text:
        if (m_inMessage) {
            fail(WsFrame::ProtocolError, u"a new message began inside a fragmented one"_s);
            return;
        }
        m_inMessage = !fin;
        m_message = std::move(payload);
        break;
    case WsFrame::Continuation:
        if (!m_inMessage) {
            fail(WsFrame::ProtocolError, u"a continuation frame without a message"_s);
            return;
        }
        m_message += payload;
        m_inMessage = !fin;
        break;
    default:
        fail(WsFrame::ProtocolError, u"unknown opcode %1"_s.arg(opcode));
        return;
    }
    if (!m_inMessage)
        out.append({ WsFrame::Text, std::exchange(m_message, QByteArray()) });
}
