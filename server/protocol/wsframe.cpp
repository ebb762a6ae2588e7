#include "protocol/wsframe.h"

#include "protocol/jsontext.h"

#include <QCryptographicHash>

namespace {

QByteArray frame(quint8 opcode, QByteArrayView payload)
{
    QByteArray out;
    const qsizetype size = payload.size();
    out.reserve(size + 10);
    out.append(char(0x80 | opcode)); // FIN: never fragmented
    if (size < 126) {
        out.append(char(size));
    } else if (size <= 0xFFFF) {
        out.append(char(126));
        out.append(char((size >> 8) & 0xFF));
        out.append(char(size & 0xFF));
    } else {
        out.append(char(127));
        for (int shift = 56; shift >= 0; shift -= 8)
            out.append(char((quint64(size) >> shift) & 0xFF));
    }
    out.append(payload.data(), size);
    return out;
}

} // namespace

namespace WsFrame {

QByteArray text(QByteArrayView payload)
{
    return frame(Text, payload);
}

QByteArray event(quint64 id, const QString &channel, const QString &type, const QJsonValue &data,
    const QDateTime &time)
{
    const QByteArray stored = time.isValid()
        ? ",\"time\":\"" + time.toUTC().toString(Qt::ISODateWithMs).toLatin1() + '"'
        : QByteArray();
    // Built by hand, in one allocation, to keep the documented key order (QJsonObject sorts
    // its keys).
    const QByteArray payload = "{\"id\":\"" + QByteArray::number(id)
        + "\",\"channel\":" + JsonText::of(channel) + ",\"type\":" + JsonText::of(type)
        + ",\"data\":" + JsonText::of(data) + stored + '}';
    return text(payload);
}

QByteArray ping(QByteArrayView payload)
{
    return frame(Ping, payload.first(qMin<qsizetype>(payload.size(), 125)));
}

QByteArray pong(QByteArrayView payload)
{
    return frame(Pong, payload.first(qMin<qsizetype>(payload.size(), 125)));
}

QByteArray close(quint16 code, QByteArrayView reason)
{
    QByteArray body;
    body.append(char(code >> 8));
    body.append(char(code & 0xFF));
    // Cut on a UTF-8 boundary: a close reason must be valid UTF-8.
    QByteArrayView cut = reason.first(qMin<qsizetype>(reason.size(), 123));
    while (!cut.isEmpty() && cut.size() < reason.size()
        && (quint8(reason.at(cut.size())) & 0xC0) == 0x80)
        cut.chop(1);
    body.append(cut.data(), cut.size());
    return frame(Close, body);
}

QByteArray acceptKey(QByteArrayView clientKey)
{
    static const QByteArray guid = QByteArrayLiteral("258EAFA5-E914-47DA-95CA-C5AB0DC85B11");
    const QByteArray keyed = clientKey.toByteArray() + guid;
    return QCryptographicHash::hash(keyed, QCryptographicHash::Sha1).toBase64();
}

bool isValidClientKey(QByteArrayView clientKey)
{
    const auto decoded = QByteArray::fromBase64Encoding(
        clientKey.toByteArray(), QByteArray::AbortOnBase64DecodingErrors);
    return clientKey.size() == 24 && decoded && decoded.decoded.size() == 16;
}

} // namespace WsFrame
