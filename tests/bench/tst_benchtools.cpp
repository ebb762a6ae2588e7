// The benchmark's own tools against real servers on loopback: the publish-throughput client
// reads every answer framing a server may use and counts keep-alive and reconnects right,
// the load client records why a publish failed, and its SSE framing fits nginx+nchan.
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

// Literals, not QString globals: nothing runs before main() (clazy's non-pod-global-static).
constexpr QLatin1String kPublishLoad(LIVEDESK_PUBLISHLOAD);
constexpr QLatin1String kLoadClient(LIVEDESK_LOADCLIENT);
constexpr QLatin1String kRefServer(LIVEDESK_REFSERVER);
constexpr QLatin1String kNchanModule("/usr/lib/nginx/modules/ngx_nchan_module.so");

// Runs a bench tool to its end while this thread's event loop keeps serving (the fake
// server below lives on it), and returns the JSON line it printed last.
QJsonObject runTool(const QString &program, const QStringList &arguments)
{
    QProcess tool;
    QSignalSpy finished(&tool, &QProcess::finished);
    tool.start(program, arguments);
    if (!finished.wait(60000)) {
        tool.kill();
        tool.waitForFinished();
        return {};
    }
    const QList<QByteArray> lines = tool.readAllStandardOutput().trimmed().split('\n');
    return QJsonDocument::fromJson(lines.last()).object();
}

// A server whose publish answers are framed one way, to check that livedesk_publishload
// reads each framing to its end and sees when the connection ends after it.
class FakeServer final : public QTcpServer
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FakeServer)

public:
    explicit FakeServer(QByteArray answer, bool closeAfter)
        : m_answer(std::move(answer))
        , m_closeAfter(closeAfter)
    {
        connect(this, &QTcpServer::newConnection, this, &FakeServer::accept);
        listen(QHostAddress::LocalHost, 0);
    }

private:
    void accept()
    {
        while (QTcpSocket *socket = nextPendingConnection()) {
            connect(socket, &QTcpSocket::readyRead, this, [this, socket] { serve(socket); });
            connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        }
    }

    void serve(QTcpSocket *socket)
    {
        QByteArray &in = m_buffers[socket];
        in += socket->readAll();
        while (true) {
            const qsizetype headEnd = in.indexOf("\r\n\r\n");
            if (headEnd < 0)
                return;
            static const QRegularExpression length(u"(?i)content-length: *(\\d+)"_s);
            const auto match = length.match(QString::fromLatin1(in.left(headEnd)));
            const qsizetype size = headEnd + 4 + (match.hasMatch() ? match.captured(1).toInt() : 0);
            if (in.size() < size)
                return;
            in.remove(0, size);
            socket->write(m_answer);
            if (m_closeAfter) {
                m_buffers.remove(socket);
                socket->disconnectFromHost();
                return;
            }
        }
    }

    const QByteArray m_answer;
    const bool m_closeAfter;
    QHash<QTcpSocket *, QByteArray> m_buffers;
};

// A server process that prints "http://127.0.0.1:PORT/" first, stopped on destruction.
class ServerProcess final
{
public:
    ~ServerProcess()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.terminate();
            if (!m_process.waitForFinished(5000))
                m_process.kill();
            m_process.waitForFinished(5000);
        }
    }

    bool start(const QString &program, const QStringList &arguments)
    {
        m_process.start(program, arguments);
        if (!m_process.waitForStarted(5000))
            return false;
        while (!m_process.canReadLine() && m_process.waitForReadyRead(5000)) { }
        static const QRegularExpression url(u"http://127\\.0\\.0\\.1:(\\d+)/"_s);
        const auto match = url.match(QString::fromUtf8(m_process.readLine()));
        m_port = match.hasMatch() ? quint16(match.captured(1).toUInt()) : 0;
        return m_port != 0;
    }
    quint16 port() const { return m_port; }
    qint64 pid() const { return m_process.processId(); }

private:
    QProcess m_process;
    quint16 m_port = 0;
};

quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

// nginx with Debian's nchan module, configured as tests/bench/run.py configures it.
class Nchan final
{
public:
    ~Nchan()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.terminate();
            if (!m_process.waitForFinished(5000))
                m_process.kill();
            m_process.waitForFinished(5000);
        }
    }

    static QString executable()
    {
        return QStandardPaths::findExecutable(u"nginx"_s, { u"/usr/sbin"_s, u"/usr/bin"_s });
    }

    bool start(const QString &dir)
    {
        m_port = freePort();
        QFile conf(dir + u"/nginx.conf"_s);
        if (!conf.open(QIODevice::WriteOnly))
            return false;
        const QByteArray d = dir.toUtf8();
        conf.write("load_module " + QByteArray(kNchanModule.latin1())
            + ";\ndaemon off;\nmaster_process off;\nworker_processes 1;\npid " + d
            + "/nginx.pid;\nerror_log stderr;\nevents { worker_connections 1024; }\n"
              "http {\n  access_log off;\n  client_body_temp_path "
            + d + "/body;\n  proxy_temp_path " + d + "/proxy;\n  fastcgi_temp_path " + d
            + "/fastcgi;\n  uwsgi_temp_path " + d + "/uwsgi;\n  scgi_temp_path " + d
            + "/scgi;\n  server {\n    listen 127.0.0.1:" + QByteArray::number(m_port)
            + ";\n    location = /events { nchan_subscriber eventsource; nchan_channel_id bench; "
              "}\n"
              "    location = /api/events { nchan_publisher; nchan_channel_id bench; }\n"
              "  }\n}\n");
        conf.close();
        m_process.start(
            executable(), { u"-p"_s, dir, u"-c"_s, conf.fileName(), u"-e"_s, u"stderr"_s });
        return m_process.waitForStarted(5000);
    }
    bool listening() const
    {
        QTcpSocket probe;
        probe.connectToHost(QHostAddress::LocalHost, m_port);
        return probe.waitForConnected(200);
    }
    quint16 port() const { return m_port; }
    qint64 pid() const { return m_process.processId(); }

private:
    QProcess m_process;
    quint16 m_port = 0;
};

QStringList publishArguments(quint16 port, int connections)
{
    return { u"--port"_s, QString::number(port), u"--connections"_s, QString::number(connections),
        u"--seconds"_s, u"0.5"_s, u"--warmup"_s, u"0.1"_s };
}

} // namespace

class tst_BenchTools final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void publishLoadReadsEveryFraming_data();
    void publishLoadReadsEveryFraming();
    void publishLoadCountsRefusals();
    void publishLoadKeepsTheReferenceConnections();
    void loadClientRecordsWhyAPublishFailed();
    void loadClientReadsNchan();
};

void tst_BenchTools::publishLoadReadsEveryFraming_data()
{
    QTest::addColumn<QByteArray>("answer");
    QTest::addColumn<bool>("serverCloses");
    QTest::addColumn<bool>("keptAlive");

    QTest::addRow("keep-alive, Content-Length")
        << QByteArray("HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok") << false << true;
    QTest::addRow("keep-alive, chunked")
        << QByteArray("HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n"
                      "5\r\nhello\r\n3\r\n ok\r\n0\r\n\r\n")
        << false << true;
    QTest::addRow("Connection: close")
        << QByteArray("HTTP/1.1 201 Created\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok")
        << true << false;
    QTest::addRow("HTTP/1.0, body until the end")
        << QByteArray("HTTP/1.0 201 Created\r\n\r\n{\"id\":\"1\"}") << true << false;
}

void tst_BenchTools::publishLoadReadsEveryFraming()
{
    QFETCH(QByteArray, answer);
    QFETCH(bool, serverCloses);
    QFETCH(bool, keptAlive);
    FakeServer server(answer, serverCloses);
    QVERIFY(server.isListening());

    const QJsonObject r = runTool(kPublishLoad, publishArguments(server.serverPort(), 4));
    QVERIFY2(r.value(u"acked"_s).toInt() > 0, QJsonDocument(r).toJson().constData());
    QCOMPARE(r.value(u"errors"_s).toInt(), 0);
    if (keptAlive) {
        QCOMPARE(r.value(u"connections_opened"_s).toInt(), 4);
        QCOMPARE(r.value(u"reconnects"_s).toInt(), 0);
    } else {
        // One connection per publish, each reconnect counted.
        QCOMPARE(r.value(u"connections_opened"_s).toInt(), r.value(u"acked_total"_s).toInt());
        QCOMPARE(r.value(u"reconnects"_s).toInt(), r.value(u"acked_total"_s).toInt());
    }
}

void tst_BenchTools::publishLoadCountsRefusals()
{
    FakeServer server("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n", false);
    QVERIFY(server.isListening());

    const QJsonObject r = runTool(kPublishLoad, publishArguments(server.serverPort(), 2));
    QCOMPARE(r.value(u"acked"_s).toInt(), 0);
    QVERIFY(r.value(u"errors"_s).toInt() > 0);
    QCOMPARE(
        r.value(u"errors_by"_s).toObject().value(u"503"_s).toInt(), r.value(u"errors"_s).toInt());
}

void tst_BenchTools::publishLoadKeepsTheReferenceConnections()
{
    ServerProcess reference;
    QVERIFY(reference.start(kRefServer, { u"--port"_s, u"0"_s }));

    QStringList arguments = publishArguments(reference.port(), 8);
    arguments << u"--pid"_s << QString::number(reference.pid());
    const QJsonObject r = runTool(kPublishLoad, arguments);
    QVERIFY2(r.value(u"acked"_s).toInt() > 0, QJsonDocument(r).toJson().constData());
    QCOMPARE(r.value(u"errors"_s).toInt(), 0);
    QCOMPARE(r.value(u"connections_opened"_s).toInt(), 8);
    QVERIFY(r.value(u"cpu_ms_per_1000_publishes"_s).toDouble() >= 0);
}

void tst_BenchTools::loadClientRecordsWhyAPublishFailed()
{
    ServerProcess reference;
    QVERIFY(reference.start(kRefServer, { u"--port"_s, u"0"_s }));
    const QStringList common { u"--port"_s, QString::number(reference.port()), u"--pid"_s,
        QString::number(reference.pid()), u"--clients"_s, u"10"_s, u"--events"_s, u"5"_s,
        u"--rate"_s, u"100"_s, u"--timeout"_s, u"20"_s };

    const QJsonObject accepted = runTool(kLoadClient, common);
    QCOMPARE(accepted.value(u"lost"_s).toInt(), 0);
    QCOMPARE(accepted.value(u"publish_errors"_s).toInt(), 0);

    // The reference answers 201; told to accept only 202, the client names the status.
    const QJsonObject refused = runTool(kLoadClient, common + QStringList { u"--ack"_s, u"202"_s });
    QCOMPARE(refused.value(u"publish_errors"_s).toInt(), 5);
    QCOMPARE(refused.value(u"publish_errors_by"_s).toObject().value(u"201"_s).toInt(), 5);
}

void tst_BenchTools::loadClientReadsNchan()
{
    if (Nchan::executable().isEmpty() || !QFile::exists(kNchanModule))
        QSKIP("nginx with the nchan module is not installed (Debian: apt-get install nginx-light "
              "libnginx-mod-nchan)");
    QTemporaryDir scratch;
    QVERIFY(scratch.isValid());
    Nchan nchan;
    QVERIFY(nchan.start(scratch.path()));
    QTRY_VERIFY_WITH_TIMEOUT(nchan.listening(), 10000);

    // nchan's EventSource stream: ids such as "1796128839:0", the POSTed body as the data
    // line, a ": hi" comment first. Every publish must be seen by every subscriber.
    const QJsonObject r = runTool(kLoadClient,
        { u"--port"_s, QString::number(nchan.port()), u"--pid"_s, QString::number(nchan.pid()),
            u"--clients"_s, u"20"_s, u"--events"_s, u"10"_s, u"--rate"_s, u"100"_s, u"--timeout"_s,
            u"20"_s, u"--ack"_s, u"201,202"_s });
    QVERIFY2(r.value(u"delivered"_s).toInt() == 200, QJsonDocument(r).toJson().constData());
    QCOMPARE(r.value(u"lost"_s).toInt(), 0);
    QCOMPARE(r.value(u"publish_errors"_s).toInt(), 0);
}

QTEST_GUILESS_MAIN(tst_BenchTools)
#include "tst_benchtools.moc"
