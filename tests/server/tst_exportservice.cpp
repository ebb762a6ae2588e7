#include "host/exportservice.h"
#include "host/serverhost.h"
#include "testhost.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocalSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

// One exchange with the running server's export socket: its answer line, parsed.
QJsonObject ask(const QString &dataDir, const QByteArray &request)
{
    QLocalSocket socket;
    socket.connectToServer(ExportService::socketPath(dataDir));
    if (!socket.waitForConnected(5000))
        return { { u"error"_s, u"no connection"_s } };
    socket.write(request);
    QDeadlineTimer deadline(10000);
    while (!socket.canReadLine() && !deadline.hasExpired()
        && socket.state() == QLocalSocket::ConnectedState)
        socket.waitForReadyRead(100);
    return QJsonDocument::fromJson(socket.readLine()).object();
}

} // namespace

// livedesk --export beside a running instance goes through this socket: what it answers,
// to a good request and to bad ones.
class tst_ExportService final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void exportsWhatWasPublished();
    void badRequestsGetAReason_data();
    void badRequestsGetAReason();
    void theSocketGoesWithTheServer();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<ServerHost> m_host;
};

void tst_ExportService::initTestCase()
{
    m_host = startHost(m_dir.path());
    for (int n = 1; n <= 3; ++n) {
        bool done = false;
        m_host->publish(u"news"_s, u"flash"_s, QJsonObject { { u"n"_s, n } }, this,
            [&](const PublishOutcome &) { done = true; });
        QTRY_VERIFY(done);
    }
}

void tst_ExportService::exportsWhatWasPublished()
{
    const QString file = m_dir.filePath(u"news.jsonl"_s);
    const QJsonObject answer = ask(m_dir.path(),
        QJsonDocument(QJsonObject { { u"channel"_s, u"news"_s }, { u"file"_s, file } })
                .toJson(QJsonDocument::Compact)
            + '\n');
    QVERIFY2(answer.value(u"ok"_s).toBool(), QJsonDocument(answer).toJson().constData());
    QCOMPARE(answer.value(u"count"_s).toInt(), 3);
    QFile out(file);
    QVERIFY(out.open(QIODevice::ReadOnly));
    QCOMPARE(out.readAll().count('\n'), 3);
}

void tst_ExportService::badRequestsGetAReason_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<QString>("reason");
    const QString usage = u"send {\"channel\":NAME,\"file\":ABSOLUTE_PATH}"_s;
    QTest::addRow("garbage") << QByteArray("\x01\x02garbage\n") << usage;
    QTest::addRow("not an object") << QByteArray("[1,2]\n") << usage;
    QTest::addRow("relative file") << QByteArray(R"({"channel":"news","file":"x.jsonl"})"
                                                 "\n")
                                   << usage;
    QTest::addRow("bad channel") << QByteArray(R"({"channel":"../x","file":"/tmp/x.jsonl"})"
                                               "\n")
                                 << usage;
    QTest::addRow("no newline, too long") << QByteArray(9000, 'x') << u"the request is too long"_s;
    QTest::addRow("a file in a missing directory") << QByteArray(
        R"({"channel":"news","file":"/nonexistent-dir/x.jsonl"})"
        "\n") << QString();
}

void tst_ExportService::badRequestsGetAReason()
{
    QFETCH(QByteArray, request);
    QFETCH(QString, reason);
    const QJsonObject answer = ask(m_dir.path(), request);
    QCOMPARE(answer.value(u"ok"_s).toBool(true), false);
    const QString error = answer.value(u"error"_s).toString();
    QVERIFY(!error.isEmpty());
    if (!reason.isEmpty())
        QCOMPARE(error, reason);
    // And the service still works for the next one.
    const QJsonObject good = ask(m_dir.path(),
        QJsonDocument(QJsonObject { { u"channel"_s, u"news"_s },
                          { u"file"_s, m_dir.filePath(u"again.jsonl"_s) } })
                .toJson(QJsonDocument::Compact)
            + '\n');
    QVERIFY(good.value(u"ok"_s).toBool());
}

void tst_ExportService::theSocketGoesWithTheServer()
{
    QVERIFY(QFile::exists(ExportService::socketPath(m_dir.path())));
    m_host->stop();
    QVERIFY(!QFile::exists(ExportService::socketPath(m_dir.path())));
}

QTEST_MAIN(tst_ExportService)
#include "tst_exportservice.moc"
