#include "ssetestclient.h"

#include <QHostAddress>

SseTestClient::SseTestClient(QObject *parent)
    : QObject(parent)
    , m_socket(this)
{
    connect(&m_socket, &QIODevice::readyRead, this, &SseTestClient::onReadyRead);
}

void SseTestClient::open(quint16 port, const QByteArray &target, const Headers &headers)
{
    m_socket.connectToHost(QHostAddress::LocalHost, port);
    QByteArray request = "GET " + target
        + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          "Accept: text/event-stream\r\n";
    for (const auto &[name, value] : headers)
        request += name + ": " + value + "\r\n";
    request += "\r\n";
    m_socket.write(request);
}

void SseTestClient::openStalled(quint16 port, const QByteArray &target)
{
    m_reading = false;
    m_socket.setReadBufferSize(1024);
    open(port, target);
    m_socket.setSocketOption(QAbstractSocket::ReceiveBufferSizeSocketOption, 4096);
}

QByteArray SseTestClient::header(const QByteArray &name) const
{
    const QList<QByteArray> lines = m_head.split('\n');
    for (const QByteArray &line : lines) {
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && line.first(colon).trimmed().compare(name, Qt::CaseInsensitive) == 0)
            return line.sliced(colon + 1).trimmed();
    }
    return {};
}

QList<QByteArray> SseTestClient::eventIds() const
{
    QList<QByteArray> ids;
    for (const SseEvent &event : m_events)
        ids.append(event.id.value_or(QByteArray()));
    return ids;
}

void SseTestClient::onReadyRead()
{
    if (!m_reading)
        return;
    QByteArray bytes = m_socket.readAll();
    if (!m_headComplete) {
        m_head += bytes;
        const qsizetype end = m_head.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        bytes = m_head.sliced(end + 4);
        m_head.truncate(end + 2);
        m_headComplete = true;
        const QList<QByteArray> statusLine = m_head.left(m_head.indexOf("\r\n")).split(' ');
        m_status = statusLine.size() > 1 ? statusLine.at(1).toInt() : -1;
    }
    m_body += bytes;
    if (m_status == 200)
        m_events += m_parser.feed(bytes);
}
