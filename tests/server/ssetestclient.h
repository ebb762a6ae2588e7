#pragma once

#include "protocol/sseevent.h"
#include "protocol/sseparser.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QPair>
#include <QTcpSocket>

// A subscriber on a raw QTcpSocket, so tests see the exact bytes the server sends: the
// response head, comments and events. With reading disabled it stops reading once a few
// bytes are buffered, which makes it the slow client the server must drop.
class SseTestClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SseTestClient)

public:
    using Headers = QList<QPair<QByteArray, QByteArray>>;

    explicit SseTestClient(QObject *parent = nullptr);

    void open(quint16 port, const QByteArray &target = "/events", const Headers &headers = {});
    // A client that never reads: tiny buffers, no reads.
    void openStalled(quint16 port, const QByteArray &target = "/events");
    void close() { m_socket.abort(); }
    // Raw bytes up the open stream, as a misbehaving client would send them.
    void send(const QByteArray &bytes) { m_socket.write(bytes); }

    bool headComplete() const { return m_headComplete; }
    int status() const { return m_status; }
    QByteArray head() const { return m_head; }
    QByteArray header(const QByteArray &name) const;
    QByteArray body() const { return m_body; }
    const QList<SseEvent> &events() const { return m_events; }
    QList<QByteArray> eventIds() const;
    qint64 comments() const { return m_parser.commentCount(); }
    int retryMs() const { return m_parser.retryMs(); }
    bool isConnected() const { return m_socket.state() == QAbstractSocket::ConnectedState; }
    QTcpSocket &socket() { return m_socket; }

private:
    void onReadyRead();

    QTcpSocket m_socket;
    SseParser m_parser;
    QByteArray m_head;
    QByteArray m_body;
    QList<SseEvent> m_events;
    int m_status = 0;
    bool m_headComplete = false;
    bool m_reading = true;
};
