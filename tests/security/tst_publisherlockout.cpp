#include "livedeskprocess.h"
#include "nginxprocess.h"

#include <QDir>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

const QByteArray Body = R"({"channel":"news","type":"t","data":1})";

// One request on its own connection, from `from` (any loopback address: 127.0.0.2 is another
// client to whoever listens), and the status of the answer (0 if none came).
int post(quint16 port, const QByteArray &authorization, const QHostAddress &from = {},
    const QByteArray &path = "/api/events")
{
    QTcpSocket socket;
    if (!from.isNull() && !socket.bind(from))
        return -1;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!QTest::qWaitFor(
            [&] {
                return socket.state() != QAbstractSocket::ConnectingState
                    && socket.state() != QAbstractSocket::HostLookupState;
            },
            5000)
        || socket.state() != QAbstractSocket::ConnectedState)
        return 0; // refused: nobody listens (yet)
    QByteArray request = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        + "Content-Type: application/json\r\nContent-Length: " + QByteArray::number(Body.size())
        + "\r\n";
    if (!authorization.isEmpty())
        request += "Authorization: " + authorization + "\r\n";
    socket.write(request + "\r\n" + Body);
    QByteArray answer;
    QDeadlineTimer deadline(5000);
    while (!deadline.hasExpired() && !answer.contains("\r\n")
        && socket.state() == QAbstractSocket::ConnectedState) {
        QTest::qWait(2);
        answer += socket.readAll();
    }
    answer += socket.readAll();
    return answer.startsWith("HTTP/1.1 ") ? answer.mid(9, 3).toInt() : 0;
}

QByteArray bearer(const QByteArray &token)
{
    return "Bearer " + token;
}

} // namespace

// Issue 13, item 2: ten wrong tokens (or none) from an address got the right token 429 for a
// minute. Any process on the machine, any page the operator visited, and behind a proxy any
// client could lock out the publisher.
class tst_PublisherLockout final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void wrongGuessesNeverStopTheRightToken();
    void throughNginx_data();
    void throughNginx();

private:
    QTemporaryDir m_dir;
};

void tst_PublisherLockout::wrongGuessesNeverStopTheRightToken()
{
    LivedeskProcess app;
    QVERIFY2(app.start(m_dir.filePath(u"direct"_s),
                 { u"--token"_s, QString::fromLatin1(LivedeskProcess::strongToken()) }),
        app.output().constData());
    const QByteArray right = bearer(LivedeskProcess::strongToken());
    const QHostAddress other(u"127.0.0.2"_s);
    for (int round = 0; round < 5; ++round) {
        // A guesser on this machine, at full speed, with and without a header.
        for (int i = 0; i < 30; ++i) {
            const int status
                = post(app.port(), i % 3 ? bearer("guess-" + QByteArray::number(i)) : "");
            QVERIFY2(status == 401 || status == 429, qPrintable(QString::number(status)));
        }
        QCOMPARE(post(app.port(), bearer("guess")), 429);
        // The publisher, from the guesser's address and from another one, is never refused.
        QCOMPARE(post(app.port(), right), 201);
        QCOMPARE(post(app.port(), right, other), 201);
    }
    // Another client's own mistake is its own: a 401, not the guesser's 429.
    QCOMPARE(post(app.port(), bearer("mistyped"), other), 401);
    QCOMPARE(post(app.port(), right), 201);
}

void tst_PublisherLockout::throughNginx_data()
{
    QTest::addColumn<bool>("trusted"); // --trusted-proxy 127.0.0.1
    QTest::addColumn<int>("otherWrong"); // another client's wrong token, behind the proxy
    QTest::addRow("proxy trusted: clients are told apart") << true << 401;
    QTest::addRow("proxy not trusted: one client to LiveDesk") << false << 429;
}

void tst_PublisherLockout::throughNginx()
{
    QFETCH(bool, trusted);
    QFETCH(int, otherWrong);
    if (Nginx::executable().isEmpty())
        QSKIP("nginx is not installed (Debian: apt-get install nginx-light); the proxy case "
              "is not tested");
    LivedeskProcess app;
    QStringList arguments { u"--token"_s, QString::fromLatin1(LivedeskProcess::strongToken()) };
    if (trusted)
        arguments << u"--trusted-proxy"_s << u"127.0.0.1"_s;
    QVERIFY2(app.start(m_dir.filePath(trusted ? u"trusted"_s : u"untrusted"_s), arguments),
        app.output().constData());
    QTemporaryDir scratch;
    Nginx nginx;
    QVERIFY(nginx.start(scratch.path(), app.port()));
    QTRY_VERIFY2_WITH_TIMEOUT(post(nginx.port(), {}, {}, "/api/health") == 405,
        nginx.output().constData(), 10000); // through the proxy: POST /api/health is a 405

    // Two clients on their own addresses; to LiveDesk both come from nginx's.
    const QHostAddress guesser(u"127.0.0.2"_s);
    const QHostAddress other(u"127.0.0.3"_s);
    for (int i = 0; i < 10; ++i)
        QCOMPARE(post(nginx.port(), bearer("guess"), guesser), 401);
    QCOMPARE(post(nginx.port(), bearer("guess"), guesser), 429);
    QCOMPARE(post(nginx.port(), bearer("mistyped"), other), otherWrong);
    // Trusted or not, nobody's guesses stop the right token.
    const QByteArray right = bearer(LivedeskProcess::strongToken());
    QCOMPARE(post(nginx.port(), right, other), 201);
    QCOMPARE(post(nginx.port(), right, guesser), 201);
    QCOMPARE(post(app.port(), right), 201);
}

QTEST_MAIN(tst_PublisherLockout)
#include "tst_publisherlockout.moc"
