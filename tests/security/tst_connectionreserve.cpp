#include "livedeskprocess.h"
#include "ssetestclient.h"

#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <vector>

using namespace Qt::StringLiterals;

namespace {

// One request on its own connection; the whole answer (empty if none came).
QByteArray exchange(quint16 port, const QByteArray &request)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    socket.write(request);
    QByteArray answer;
    QDeadlineTimer deadline(5000);
    while (!deadline.hasExpired() && socket.state() != QAbstractSocket::UnconnectedState) {
        QTest::qWait(2);
        answer += socket.readAll();
    }
    return answer + socket.readAll();
}

int status(const QByteArray &answer)
{
    return answer.startsWith("HTTP/1.1 ") ? answer.mid(9, 3).toInt() : 0;
}

QByteArray publish(const QByteArray &token, int n)
{
    const QByteArray body = R"({"channel":"news","type":"t","data":)" + QByteArray::number(n) + '}';
    return "POST /api/events HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: Bearer "
        + token + "\r\nContent-Type: application/json\r\nContent-Length: "
        + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

const QByteArray Health = "GET /api/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";

} // namespace

// Issue 13, item 3: with --max-connections 300 filled by streams, a publish with the valid
// token and /api/health both got 503; with the shipped defaults, 10,000 viewers left the
// publisher no way in. The cap is the readers'; the publisher and /api/health keep a reserve.
class tst_ConnectionReserve final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readersAtTheCapNeverBlockThePublisher();

private:
    QTemporaryDir m_dir;
};

void tst_ConnectionReserve::readersAtTheCapNeverBlockThePublisher()
{
    LivedeskProcess app;
    const QByteArray token = LivedeskProcess::strongToken();
    QVERIFY2(app.start(m_dir.path(),
                 { u"--token"_s, QString::fromLatin1(token), u"--max-connections"_s, u"300"_s }),
        app.output().constData());
    std::vector<std::unique_ptr<SseTestClient>> streams;
    for (int i = 0; i < 300; ++i) {
        streams.push_back(std::make_unique<SseTestClient>());
        streams.back()->open(app.port());
    }
    for (auto &stream : streams)
        QTRY_COMPARE(stream->status(), 200);

    // Readers past the cap: 503 with Retry-After, whatever they ask for.
    SseTestClient late;
    late.open(app.port());
    QTRY_COMPARE(late.status(), 503);
    QCOMPARE(late.header("Retry-After"), QByteArray("5"));
    QCOMPARE(status(exchange(app.port(), "GET /api/state HTTP/1.1\r\nHost: x\r\n\r\n")), 503);
    QCOMPARE(status(exchange(app.port(), publish("not-the-token", 0))), 503);

    // The publisher and the health check are not readers.
    for (int n = 1; n <= 5; ++n) {
        QCOMPARE(status(exchange(app.port(), Health)), 200);
        QCOMPARE(status(exchange(app.port(), publish(token, n))), 201);
    }
    for (auto &stream : streams)
        QTRY_COMPARE(stream->events().size(), 5);

    // Slow heads cannot fill the reserve either: past it, the oldest are reset for room.
    std::vector<std::unique_ptr<QTcpSocket>> slow;
    for (int i = 0; i < 100; ++i) {
        slow.push_back(std::make_unique<QTcpSocket>());
        slow.back()->connectToHost(QHostAddress::LocalHost, app.port());
        slow.back()->write("POST /api/events HTTP/1.1\r\nHost: x\r\n"); // never ends
    }
    QTRY_VERIFY(std::all_of(slow.begin(), slow.end(), [](const auto &s) {
        return s->bytesToWrite() == 0 || s->state() != QAbstractSocket::ConnectedState;
    }));
    QCOMPARE(status(exchange(app.port(), publish(token, 6))), 201);
    QCOMPARE(status(exchange(app.port(), Health)), 200);
    QTRY_COMPARE(streams.front()->events().size(), 6);

    // A reader that leaves makes room for the next one.
    streams.front()->close();
    streams.erase(streams.begin());
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            SseTestClient next;
            next.open(app.port());
            return QTest::qWaitFor([&] { return next.status() != 0; }, 2000)
                && next.status() == 200;
        }(),
        10000);
}

QTEST_MAIN(tst_ConnectionReserve)
#include "tst_connectionreserve.moc"
