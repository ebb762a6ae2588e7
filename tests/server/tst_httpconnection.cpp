#include "connectionserver.h"
#include "http/httpconnection.h"
#include "testeventloop.h"

#include <QPointer>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>

#include <arpa/inet.h>
#include <cerrno>
#include <fcntl.h>
#include <memory>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

class tst_HttpConnection final : public QObject
{
    Q_OBJECT

public:
    static void initMain() { useTestEventLoop(); }

private Q_SLOTS:
    void knowsItsPeer();
    void readsWhatArrives();
    void readLimitPausesReading_data();
    void readLimitPausesReading();
    void smallWriteGoesAtOnce();
    void largeWriteIsQueuedAndDrains();
    void sendNowQueuesNothing();
    void disconnectFromHostSendsTheQueueFirst();
    void peerCloseOffersDataThenDisconnects();
    void abortDropsTheQueue();
    void resetSendsRst();
    void takeDescriptorKeepsTheConnectionOpen();
    void writeAfterCloseIsIgnored();
};

void tst_HttpConnection::knowsItsPeer()
{
    Loopback pair;
    QVERIFY(pair.open());
    QCOMPARE(pair.accepted->peerAddress(), QHostAddress(QHostAddress::LocalHost));
    QCOMPARE(pair.accepted->peerPort(), pair.client.localPort());
    QVERIFY(pair.accepted->isConnected());
    QVERIFY(pair.accepted->socketDescriptor() >= 0);
}

void tst_HttpConnection::readsWhatArrives()
{
    Loopback pair;
    QVERIFY(pair.open());
    QSignalSpy readyRead(pair.accepted.data(), &HttpConnection::readyRead);
    pair.client.write("GET / HTTP/1.1\r\n");
    QTRY_COMPARE(pair.accepted->bytesAvailable(), 16);
    QVERIFY(readyRead.count() >= 1);
    QCOMPARE(pair.accepted->peek(3), QByteArray("GET"));
    QCOMPARE(pair.accepted->bytesAvailable(), 16); // peek consumes nothing
    QCOMPARE(pair.accepted->read(4), QByteArray("GET "));
    pair.accepted->skip(2);
    QCOMPARE(pair.accepted->read(100), QByteArray("HTTP/1.1\r\n"));
    QCOMPARE(pair.accepted->bytesAvailable(), 0);
}

void tst_HttpConnection::readLimitPausesReading_data()
{
    QTest::addColumn<int>("limit");
    QTest::addColumn<int>("sent");
    QTest::newRow("under the limit") << 1024 << 100;
    QTest::newRow("exactly the limit") << 1024 << 1024;
    QTest::newRow("past the limit") << 1024 << 5000;
    QTest::newRow("far past one read") << 80 * 1024 << 300 * 1024;
}

void tst_HttpConnection::readLimitPausesReading()
{
    // What a client sends past the limit waits in the kernel, not in our memory; reading on
    // makes room and the rest arrives, in order.
    QFETCH(int, limit);
    QFETCH(int, sent);
    Loopback pair;
    QVERIFY(pair.open());
    pair.accepted->setReadBufferSize(limit);
    QByteArray bytes(sent, Qt::Uninitialized);
    for (int i = 0; i < sent; ++i)
        bytes[i] = char('a' + i % 26);
    pair.client.write(bytes);
    QByteArray got;
    qint64 mostHeld = 0;
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            mostHeld = qMax(mostHeld, pair.accepted->bytesAvailable());
            got += pair.accepted->read(pair.accepted->bytesAvailable());
            return got.size() == sent;
        }(),
        10000);
    QVERIFY2(mostHeld <= limit, qPrintable(QString::number(mostHeld)));
    QCOMPARE(got, bytes);
}

void tst_HttpConnection::smallWriteGoesAtOnce()
{
    Loopback pair;
    QVERIFY(pair.open());
    QSignalSpy written(pair.accepted.data(), &HttpConnection::bytesWritten);
    pair.accepted->write("HTTP/1.1 200 OK\r\n\r\n");
    QCOMPARE(pair.accepted->bytesToWrite(), 0); // the kernel took it inside write()
    QTRY_COMPARE(pair.received, QByteArray("HTTP/1.1 200 OK\r\n\r\n"));
    QCOMPARE(written.count(), 0); // only queued output is reported
}

void tst_HttpConnection::largeWriteIsQueuedAndDrains()
{
    Loopback pair;
    QVERIFY(pair.open());
    QSignalSpy written(pair.accepted.data(), &HttpConnection::bytesWritten);
    const QByteArray big(8 * 1024 * 1024, 'b');
    pair.accepted->write(big);
    pair.accepted->write("tail");
    QVERIFY(pair.accepted->bytesToWrite() > 0);
    QCOMPARE(written.count(), 0); // never from inside write()
    QTRY_COMPARE_WITH_TIMEOUT(pair.received.size(), big.size() + 4, 20000);
    QVERIFY(pair.received.endsWith("btail"));
    QCOMPARE(pair.accepted->bytesToWrite(), 0);
    qint64 total = 0;
    for (const QList<QVariant> &args : std::as_const(written))
        total += args.at(0).toLongLong();
    QVERIFY(total > 0);
    QVERIFY(total <= big.size() + 4);
}

void tst_HttpConnection::sendNowQueuesNothing()
{
    Loopback pair;
    QVERIFY(pair.open());
    QCOMPARE(pair.accepted->sendNow("abc"), 3);
    QTRY_COMPARE(pair.received, QByteArray("abc"));
    // Behind queued output it would jump the queue: it takes nothing then.
    pair.reading = false;
    pair.client.setReadBufferSize(1024);
    pair.accepted->write(QByteArray(16 * 1024 * 1024, 'q'));
    QVERIFY(pair.accepted->bytesToWrite() > 0);
    QCOMPARE(pair.accepted->sendNow("late"), 0);
}

void tst_HttpConnection::disconnectFromHostSendsTheQueueFirst()
{
    Loopback pair;
    QVERIFY(pair.open());
    QSignalSpy disconnected(pair.accepted.data(), &HttpConnection::disconnected);
    const QByteArray big(4 * 1024 * 1024, 'd');
    pair.accepted->write(big);
    pair.accepted->disconnectFromHost();
    QVERIFY(!pair.accepted->isConnected());
    QTRY_COMPARE_WITH_TIMEOUT(pair.client.state(), QAbstractSocket::UnconnectedState, 20000);
    QCOMPARE(pair.received.size(), big.size());
    QCOMPARE(disconnected.count(), 1);
    QCOMPARE(pair.accepted->socketDescriptor(), -1);
}

void tst_HttpConnection::peerCloseOffersDataThenDisconnects()
{
    // A client that sends its request and half-closes: the bytes come first, then the end.
    Loopback pair;
    QVERIFY(pair.open());
    QByteArray seen;
    QList<QByteArray> order;
    connect(pair.accepted.data(), &HttpConnection::readyRead, this, [&] {
        order.append("readyRead");
        seen += pair.accepted->read(pair.accepted->bytesAvailable());
    });
    connect(pair.accepted.data(), &HttpConnection::disconnected, this,
        [&] { order.append("disconnected"); });
    pair.client.write("last words");
    QVERIFY(pair.client.waitForBytesWritten(5000));
    ::shutdown(int(pair.client.socketDescriptor()), SHUT_WR);
    QTRY_VERIFY(order.contains("disconnected"));
    QCOMPARE(seen, QByteArray("last words"));
    QCOMPARE(order.last(), QByteArray("disconnected"));
    QCOMPARE(order.count("disconnected"), 1);
}

void tst_HttpConnection::abortDropsTheQueue()
{
    Loopback pair;
    QVERIFY(pair.open());
    pair.reading = false;
    pair.client.setReadBufferSize(1024);
    QSignalSpy disconnected(pair.accepted.data(), &HttpConnection::disconnected);
    pair.accepted->write(QByteArray(16 * 1024 * 1024, 'a'));
    QVERIFY(pair.accepted->bytesToWrite() > 0);
    pair.accepted->abort();
    QCOMPARE(disconnected.count(), 1);
    QCOMPARE(pair.accepted->bytesToWrite(), 0);
    QCOMPARE(pair.accepted->socketDescriptor(), -1);
}

void tst_HttpConnection::resetSendsRst()
{
    // A stalled client's connection is reset: what the kernel holds for it is dropped, and
    // the client sees ECONNRESET rather than an orderly end.
    ConnectionServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    const int peer = server.connectRawPeer();
    QVERIFY(peer >= 0);
    const auto closePeer = qScopeGuard([peer] { ::close(peer); });
    std::unique_ptr<HttpConnection> connection(server.nextConnection());
    connection->write(QByteArray(4 * 1024 * 1024, 'r'));
    connection->reset();
    QCOMPARE(ConnectionServer::readToEnd(peer), std::optional<int>(ECONNRESET));
}

void tst_HttpConnection::takeDescriptorKeepsTheConnectionOpen()
{
    // A stream takes the descriptor over: the connection stays open and this object falls
    // silent, even as the peer sends and closes.
    Loopback pair;
    QVERIFY(pair.open());
    QSignalSpy readyRead(pair.accepted.data(), &HttpConnection::readyRead);
    QSignalSpy disconnected(pair.accepted.data(), &HttpConnection::disconnected);
    const int fd = pair.accepted->takeDescriptor();
    QVERIFY(fd >= 0);
    const auto closeFd = qScopeGuard([fd] { ::close(fd); });
    QCOMPARE(pair.accepted->socketDescriptor(), -1);
    delete pair.accepted.data(); // must not close what it gave away
    QCOMPARE(::send(fd, "still mine", 10, MSG_NOSIGNAL), ssize_t(10));
    QTRY_COMPARE(pair.received, QByteArray("still mine"));
    QCOMPARE(readyRead.count(), 0);
    QCOMPARE(disconnected.count(), 0);
}

void tst_HttpConnection::writeAfterCloseIsIgnored()
{
    Loopback pair;
    QVERIFY(pair.open());
    QSignalSpy disconnected(pair.accepted.data(), &HttpConnection::disconnected);
    pair.client.disconnectFromHost();
    QTRY_COMPARE(disconnected.count(), 1);
    pair.accepted->write("nobody listens");
    QCOMPARE(pair.accepted->sendNow("nor here"), 0);
    pair.accepted->disconnectFromHost();
    pair.accepted->abort();
    QCOMPARE(pair.accepted->bytesToWrite(), 0);
    QCOMPARE(disconnected.count(), 1);
}

QTEST_GUILESS_MAIN(tst_HttpConnection)
#include "tst_httpconnection.moc"
