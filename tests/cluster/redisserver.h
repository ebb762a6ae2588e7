#pragma once

#include <QDir>
#include <QProcess>
#include <QStandardPaths>
#include <QString>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

// A real redis-server for one test: its own free port on 127.0.0.1 and its own directory,
// persistence as docs/cluster.md asks (an append-only file, fsynced on every write), killed
// at the end. start() may be called again after kill() or stop(): the same port and
// directory, so the append-only file is read back.
class RedisServer final
{
public:
    RedisServer() { m_port = freePort(); }
    ~RedisServer() { kill(); }
    RedisServer(const RedisServer &) = delete;
    RedisServer &operator=(const RedisServer &) = delete;

    static QString binary()
    {
        return QStandardPaths::findExecutable(QStringLiteral("redis-server"),
            { QStringLiteral("/usr/bin"), QStringLiteral("/usr/sbin") });
    }

    quint16 port() const { return m_port; }
    QString url(int db = 0) const
    {
        return QStringLiteral("redis://127.0.0.1:%1/%2").arg(m_port).arg(db);
    }
    QString lastOutput() const { return m_output; }

    // `durable` false: Redis's defaults (no append-only file), which a node warns about.
    bool start(bool durable = true)
    {
        QStringList args { QStringLiteral("--port"), QString::number(m_port),
            QStringLiteral("--bind"), QStringLiteral("127.0.0.1"), QStringLiteral("--dir"),
            m_dir.path(), QStringLiteral("--save"), QString(), QStringLiteral("--daemonize"),
            QStringLiteral("no") };
        if (durable)
            args << QStringLiteral("--appendonly") << QStringLiteral("yes")
                 << QStringLiteral("--appendfsync") << QStringLiteral("always");
        m_process.setProcessChannelMode(QProcess::MergedChannels);
        m_process.start(binary(), args);
        if (!m_process.waitForStarted(5000))
            return false;
        // Ready once it accepts a connection.
        return QTest::qWaitFor(
            [this] {
                m_output += QString::fromUtf8(m_process.readAll());
                QTcpSocket probe;
                probe.connectToHost(QHostAddress::LocalHost, m_port);
                return probe.waitForConnected(100);
            },
            10000);
    }
    // SIGKILL: what a crash looks like.
    void kill()
    {
        if (m_process.state() == QProcess::NotRunning)
            return;
        m_process.kill();
        m_process.waitForFinished(5000);
    }

private:
    static quint16 freePort()
    {
        QTcpServer probe;
        probe.listen(QHostAddress::LocalHost, 0);
        return probe.serverPort();
    }

    QTemporaryDir m_dir;
    QProcess m_process;
    quint16 m_port = 0;
    QString m_output;
};

// In a test's init(): skips the test when redis-server is not installed, else starts one
// into `server` (a std::unique_ptr<RedisServer>) and fails the test if it does not come up.
// A macro because QSKIP and QVERIFY2 must expand inside the test function.
#define LIVEDESK_START_REDIS(server)                                                               \
    do {                                                                                           \
        if (RedisServer::binary().isEmpty())                                                       \
            QSKIP("redis-server is not installed (Debian: apt-get install redis-server); "         \
                  "./livedesk.sh test installs it");                                               \
        (server) = std::make_unique<RedisServer>();                                                \
        QVERIFY2((server)->start(), qPrintable((server)->lastOutput()));                           \
    } while (false)
