#include "connectionserver.h"
#include "http/streamconnection.h"
#include "testeventloop.h"

#include <QPointer>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>

#include <arpa/inet.h>
#include <cerrno>
#include <memory>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

class tst_StreamConnection final : public QObject
{
    Q_OBJECT

public:
    static void initMain() { useTestEventLoop(); }

private Q_SLOTS:
    void takesOverTheSocket();
    void stateAccessors();
    void writeReachesThePeer();
    void largeWriteIsQueuedAndDrains();
    void writtenIsEmittedOnlyForQueuedOutput();
    void capWhenNothingIsQueued_data();
    void capWhenNothingIsQueued();
    void capRefusesWhenTheQueueWouldPassIt();
    void closeSendsWhatIsQueuedThenCloses();
    void closeEmitsClosedOnce();
    void abortDiscardsTheQueue();
    void abortEndsTheStreamForThePeer();
    void abortResetsTheConnection();
    void peerDisconnectEmitsClosed();
    void writeAfterCloseIsIgnored();
    void bytesSentBeforeAdoptionAreDiscarded();
    void bytesThePeerSendsAreDiscarded();
};

void tst_StreamConnection::takesOverTheSocket()
{
    Loopback pair;
    QVERIFY(pair.open());
    QPointer<HttpConnection> socket = pair.accepted;
    const QDateTime before = QDateTime::currentDateTimeUtc();
    {
        StreamConnection connection(7, pair.accepted, { u"news"_s, u"match-1"_s }, 1234);
        // The stream keeps the connection, not the socket object it came on.
        QTRY_VERIFY(socket.isNull());
        QCOMPARE(connection.id(), quint64(7));
        QCOMPARE(connection.channels(), (EventHub::ChannelSet { u"match-1"_s, u"news"_s }));
        QCOMPARE(connection.peerAddress(), QHostAddress(QHostAddress::LocalHost));
        QCOMPARE(connection.peerPort(), pair.client.localPort());
        QVERIFY(connection.connectedAt() >= before.addMSecs(-1));
        QVERIFY(connection.connectedAt() <= QDateTime::currentDateTimeUtc().addMSecs(1));
        QCOMPARE(connection.connectedAt().timeSpec(), Qt::UTC);
        QCOMPARE(connection.lastWriteMs(), 1234);
        QVERIFY(connection.isOpen());
        // Events leave at once, and vanished peers are noticed.
        const auto option = [&](int level, int name) {
            int value = 0;
            socklen_t size = sizeof value;
            ::getsockopt(int(connection.socketDescriptor()), level, name, &value, &size);
            return value;
        };
        QCOMPARE(option(IPPROTO_TCP, TCP_NODELAY), 1);
        QCOMPARE(option(SOL_SOCKET, SO_KEEPALIVE), 1);
        QVERIFY(connection.write("data: x\n\n", 0));
        QTRY_COMPARE(pair.received, QByteArray("data: x\n\n"));
    }
    // The connection ended with the stream, and the peer sees the end of it.
    QTRY_COMPARE(pair.client.state(), QAbstractSocket::UnconnectedState);
}

void tst_StreamConnection::stateAccessors()
{
    Loopback pair;
    QVERIFY(pair.open());
    StreamConnection connection(1, pair.accepted, {}, 0);
    QVERIFY(connection.channels().isEmpty());
    QCOMPARE(connection.cursor(), quint64(0));
    QVERIFY(!connection.isCatchingUp());
    QVERIFY(!connection.wantsHeartbeatEvents());
    QCOMPARE(connection.eventsSent(), quint64(0));
    QCOMPARE(connection.bytesSent(), quint64(0));
    QCOMPARE(connection.bytesQueued(), 0);

    connection.setCursor(42);
    connection.setCatchingUp(true);
    connection.setHeartbeatEvents(true);
    connection.countEvent();
    connection.countEvent();
    QCOMPARE(connection.cursor(), quint64(42));
    QVERIFY(connection.isCatchingUp());
    QVERIFY(connection.wantsHeartbeatEvents());
    QCOMPARE(connection.eventsSent(), quint64(2));
    // Counting an event is bookkeeping only: nothing was written.
    QCOMPARE(connection.bytesSent(), quint64(0));
    connection.setCatchingUp(false);
    connection.setHeartbeatEvents(false);
    QVERIFY(!connection.isCatchingUp());
    QVERIFY(!connection.wantsHeartbeatEvents());
}

void tst_StreamConnection::writeReachesThePeer()
{
    Loopback pair;
    QVERIFY(pair.open());
    StreamConnection connection(1, pair.accepted, {}, 10);
    QSignalSpy written(&connection, &StreamConnection::written);

    QVERIFY(connection.write("id: 1\ndata: hello\n\n", 20));
    QCOMPARE(connection.lastWriteMs(), 20);
    // Nothing was queued, so it went straight to the kernel and is counted already.
    QCOMPARE(connection.bytesSent(), quint64(19));
    QCOMPARE(connection.bytesQueued(), 0);
    QVERIFY(connection.write(": keep-alive\n\n", 35));
    QCOMPARE(connection.lastWriteMs(), 35);
    QTRY_COMPARE(pair.received, QByteArray("id: 1\ndata: hello\n\n: keep-alive\n\n"));
    QCOMPARE(connection.bytesSent(), quint64(33));
    QCOMPARE(written.count(), 0);
    QVERIFY(connection.isOpen());
}

void tst_StreamConnection::largeWriteIsQueuedAndDrains()
{
    Loopback pair;
    QVERIFY(pair.open());
    StreamConnection connection(1, pair.accepted, {}, 0);

    // 8 MiB of a pattern, so lost or reordered bytes would show.
    const QByteArray big = QByteArray("abcdefghijklmnopqrstuvwxyz012345").repeated(256 * 1024);
    QVERIFY(connection.write(big, 1));
    // More than the kernel takes at once: the rest waits in the socket's queue.
    QVERIFY(connection.bytesQueued() > 0);
    QVERIFY(connection.bytesSent() < quint64(big.size()));
    QCOMPARE(qint64(connection.bytesSent()) + connection.bytesQueued(), big.size());

    QVERIFY(connection.write("tail", 2));
    QTRY_COMPARE_WITH_TIMEOUT(pair.received.size(), big.size() + 4, 20000);
    QVERIFY(pair.received.startsWith(big.first(1024)));
    QVERIFY(pair.received == QByteArray(big + "tail"));
    QCOMPARE(connection.bytesQueued(), 0);
    QCOMPARE(connection.bytesSent(), quint64(big.size() + 4));
}

void tst_StreamConnection::writtenIsEmittedOnlyForQueuedOutput()
{
    Loopback pair;
    QVERIFY(pair.open());
    StreamConnection connection(1, pair.accepted, {}, 0);
    QSignalSpy written(&connection, &StreamConnection::written);

    QVERIFY(connection.write("small", 0));
    QCOMPARE(written.count(), 0); // a direct write must not re-enter the caller
    const quint64 direct = connection.bytesSent();
    QCOMPARE(direct, quint64(5));

    const QByteArray big(16 * 1024 * 1024, 'x');
    QVERIFY(connection.write(big, 0));
    const quint64 tookAtOnce = connection.bytesSent() - direct;
    QVERIFY(connection.bytesQueued() > 0);
    QCOMPARE(written.count(), 0); // nothing inside write() itself

    QTRY_COMPARE_WITH_TIMEOUT(connection.bytesQueued(), 0, 20000);
    QTRY_COMPARE_WITH_TIMEOUT(pair.received.size(), big.size() + 5, 20000);
    qint64 reported = 0;
    for (const QList<QVariant> &args : std::as_const(written))
        reported += args.at(0).toLongLong();
    QVERIFY(written.count() > 0);
    // Exactly the queued part is reported, and every byte is counted once.
    QCOMPARE(reported, big.size() - qint64(tookAtOnce));
    QCOMPARE(connection.bytesSent(), quint64(big.size() + 5));
}

void tst_StreamConnection::capWhenNothingIsQueued_data()
{
    QTest::addColumn<int>("size");
    QTest::addColumn<qint64>("cap");
    QTest::addColumn<bool>("accepted");

    QTest::addRow("no cap") << 100 << qint64(-1) << true;
    QTest::addRow("under the cap") << 100 << qint64(101) << true;
    QTest::addRow("exactly the cap") << 100 << qint64(100) << true;
    QTest::addRow("one byte over") << 100 << qint64(99) << false;
    QTest::addRow("cap of zero refuses any bytes") << 1 << qint64(0) << false;
    QTest::addRow("cap of zero, nothing to write") << 0 << qint64(0) << true;
}

void tst_StreamConnection::capWhenNothingIsQueued()
{
    QFETCH(int, size);
    QFETCH(qint64, cap);
    QFETCH(bool, accepted);

    Loopback pair;
    QVERIFY(pair.open());
    StreamConnection connection(1, pair.accepted, {}, 5);
    QCOMPARE(connection.bytesQueued(), 0);
    QCOMPARE(connection.write(QByteArray(size, 'z'), 9, cap), accepted);
    QCOMPARE(connection.bytesSent(), quint64(accepted ? size : 0));
    QCOMPARE(connection.lastWriteMs(), accepted ? 9 : 5); // a refusal is not a write
    if (accepted)
        QTRY_COMPARE(pair.received.size(), size);
    // Refused or not, the connection stays open: dropping it is the caller's decision.
    QVERIFY(connection.isOpen());
}

void tst_StreamConnection::capRefusesWhenTheQueueWouldPassIt()
{
    Loopback pair;
    QVERIFY(pair.open());
    pair.stall();
    StreamConnection connection(1, pair.accepted, {}, 0);

    QVERIFY(connection.write(QByteArray(16 * 1024 * 1024, 'q'), 1));
    const qint64 queued = connection.bytesQueued();
    QVERIFY(queued > 0);

    const QByteArray event = "data: x\n\n"; // 9 bytes
    QVERIFY(!connection.write(event, 2, queued + event.size() - 1));
    QCOMPARE(connection.bytesQueued(), queued); // refused: nothing written
    QCOMPARE(connection.lastWriteMs(), 1);
    QVERIFY(connection.write(event, 3, queued + event.size())); // exactly at the cap
    QCOMPARE(connection.bytesQueued(), queued + event.size());
    QCOMPARE(connection.lastWriteMs(), 3);
    QVERIFY(!connection.write(event, 4, queued + event.size())); // now it would pass it
    QVERIFY(connection.write(event, 5)); // without a cap anything goes
    QCOMPARE(connection.bytesQueued(), queued + 2 * event.size());
    QVERIFY(connection.isOpen());
}

void tst_StreamConnection::closeSendsWhatIsQueuedThenCloses()
{
    Loopback pair;
    QVERIFY(pair.open());
    StreamConnection connection(1, pair.accepted, {}, 0);
    QSignalSpy closed(&connection, &StreamConnection::closed);

    const QByteArray big(8 * 1024 * 1024, 'c');
    QVERIFY(connection.write(big, 0));
    QVERIFY(connection.write("data: last\n\n", 0));
    connection.close();
    QTRY_COMPARE_WITH_TIMEOUT(pair.client.state(), QAbstractSocket::UnconnectedState, 20000);
    pair.received += pair.client.readAll();
    QCOMPARE(pair.received.size(), big.size() + 12);
    QVERIFY(pair.received.endsWith("data: last\n\n"));
    QTRY_COMPARE(closed.count(), 1);
    QVERIFY(!connection.isOpen());
}

void tst_StreamConnection::closeEmitsClosedOnce()
{
    Loopback pair;
    QVERIFY(pair.open());
    StreamConnection connection(1, pair.accepted, {}, 0);
    QSignalSpy closed(&connection, &StreamConnection::closed);

    connection.close();
    QTRY_COMPARE(closed.count(), 1);
    QVERIFY(!connection.isOpen());
    // Closing again, aborting, or the peer leaving too: still one closed().
    connection.close();
    connection.abort();
    pair.client.disconnectFromHost();
    QTRY_COMPARE(pair.client.state(), QAbstractSocket::UnconnectedState);
    QCOMPARE(closed.count(), 1);
}

void tst_StreamConnection::abortDiscardsTheQueue()
{
    Loopback pair;
    QVERIFY(pair.open());
    pair.stall();
    StreamConnection connection(1, pair.accepted, {}, 0);
    QSignalSpy closed(&connection, &StreamConnection::closed);

    QVERIFY(connection.write(QByteArray(16 * 1024 * 1024, 'a'), 0));
    QVERIFY(connection.bytesQueued() > 0);
    connection.abort();
    // At once, not after the queue drains (it never would: the peer stopped reading).
    QCOMPARE(closed.count(), 1);
    QVERIFY(!connection.isOpen());
    QCOMPARE(connection.bytesQueued(), 0);
    connection.abort();
    QCOMPARE(closed.count(), 1);
    // Whatever the kernel already holds trickles out to the stalled peer at its pace; that
    // is the kernel's, not ours, and the stream is gone for the broadcaster either way.
}

void tst_StreamConnection::abortEndsTheStreamForThePeer()
{
    Loopback pair;
    QVERIFY(pair.open());
    StreamConnection connection(1, pair.accepted, {}, 0);
    QSignalSpy closed(&connection, &StreamConnection::closed);
    QVERIFY(connection.write("data: a\n\n", 0));
    QTRY_COMPARE(pair.received, QByteArray("data: a\n\n"));
    connection.abort();
    QCOMPARE(closed.count(), 1);
    QTRY_COMPARE(pair.client.state(), QAbstractSocket::UnconnectedState);
    QCOMPARE(closed.count(), 1);
    QCOMPARE(pair.received, QByteArray("data: a\n\n"));
}

void tst_StreamConnection::abortResetsTheConnection()
{
    // A dropped slow client gets a reset (RST), not an orderly end: what the kernel holds
    // for it is thrown away instead of trickling out, and the client learns the stream was
    // cut rather than finished. The peer is a plain socket so its recv() shows which it was.
    ConnectionServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    const int peer = server.connectRawPeer(4096);
    QVERIFY(peer >= 0);
    const auto closePeer = qScopeGuard([peer] { ::close(peer); });
    HttpConnection *accepted = server.nextConnection();
    ConnectionServer::setSendBuffer(accepted, 4096);

    StreamConnection connection(1, accepted, {}, 0);
    // More than every buffer on the way holds: some of it sits in the kernel, unsent.
    QVERIFY(connection.write(QByteArray(4 * 1024 * 1024, 'r'), 0));
    QVERIFY(connection.bytesQueued() > 0);
    connection.abort();

    // The peer reads what reached it, then the reset; an orderly close would end in EOF.
    qint64 received = 0;
    QCOMPARE(ConnectionServer::readToEnd(peer, &received), std::optional<int>(ECONNRESET));
    QVERIFY(received < 4 * 1024 * 1024);
}

void tst_StreamConnection::peerDisconnectEmitsClosed()
{
    Loopback pair;
    QVERIFY(pair.open());
    StreamConnection connection(1, pair.accepted, {}, 0);
    QSignalSpy closed(&connection, &StreamConnection::closed);

    QVERIFY(connection.write("data: a\n\n", 0));
    QTRY_COMPARE(pair.received, QByteArray("data: a\n\n"));
    pair.client.disconnectFromHost();
    QTRY_COMPARE(closed.count(), 1);
    QVERIFY(!connection.isOpen());

    // A peer that resets the connection is noticed the same way.
    Loopback second;
    QVERIFY(second.open());
    StreamConnection other(2, second.accepted, {}, 0);
    QSignalSpy otherClosed(&other, &StreamConnection::closed);
    second.client.abort();
    QTRY_COMPARE(otherClosed.count(), 1);
    QCOMPARE(closed.count(), 1);
}

void tst_StreamConnection::writeAfterCloseIsIgnored()
{
    Loopback pair;
    QVERIFY(pair.open());
    StreamConnection connection(1, pair.accepted, {}, 0);
    QSignalSpy closed(&connection, &StreamConnection::closed);
    pair.client.disconnectFromHost();
    QTRY_COMPARE(closed.count(), 1);

    // The disconnect is already being handled: nothing to write and nothing to drop, so the
    // caller must not count it as a slow client.
    QVERIFY(connection.write("data: late\n\n", 50, 0));
    QVERIFY(connection.write("data: late\n\n", 60));
    QCOMPARE(connection.bytesSent(), quint64(0));
    QCOMPARE(connection.bytesQueued(), 0);
    QCOMPARE(connection.lastWriteMs(), 0);
}

void tst_StreamConnection::bytesSentBeforeAdoptionAreDiscarded()
{
    Loopback pair;
    QVERIFY(pair.open());
    // The request that opened the stream is still unread when the stream takes over.
    const QByteArray request = "GET /events HTTP/1.1\r\nHost: x\r\n\r\n";
    pair.client.write(request);
    QTRY_COMPARE(pair.accepted->bytesAvailable(), request.size());
    HttpConnection *socket = pair.accepted;
    StreamConnection connection(1, socket, {}, 0);
    QCOMPARE(socket->bytesAvailable(), 0);
    QVERIFY(connection.isOpen());
}

void tst_StreamConnection::bytesThePeerSendsAreDiscarded()
{
    Loopback pair;
    QVERIFY(pair.open());
    HttpConnection *socket = pair.accepted;
    StreamConnection connection(1, socket, {}, 0);

    // Far more than any buffer holds: unless the stream reads (and drops) it, the client
    // could never finish sending.
    const QByteArray junk(16 * 1024 * 1024, 'j');
    pair.client.write(junk);
    QTRY_COMPARE_WITH_TIMEOUT(pair.client.bytesToWrite(), 0, 20000);

    // The stream still works both ways.
    QVERIFY(connection.write("data: still here\n\n", 0));
    QTRY_COMPARE(pair.received, QByteArray("data: still here\n\n"));
    QVERIFY(connection.isOpen());
}

QTEST_GUILESS_MAIN(tst_StreamConnection)
#include "tst_streamconnection.moc"
