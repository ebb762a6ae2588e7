#pragma once

#include <QDeadlineTimer>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QStringList>
#include <QTcpSocket>
#include <QTest>
#include <QUrl>

// The real livedesk binary (LIVEDESK_BINARY), headless, as the attacks of issue 13 met it.
class LivedeskProcess final
{
public:
    // A token that meets the bar for hand-given tokens.
    static QByteArray strongToken() { return "security-suite-token-0123456789"; }

    // Sends `request` (whole, with Connection: close) on a connection of its own and returns
    // everything the server answered before it closed (within `ms`).
    static QByteArray exchange(quint16 port, const QByteArray &request, int ms = 5000)
    {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, port);
        socket.write(request);
        QByteArray answer;
        QDeadlineTimer deadline(ms);
        while (!deadline.hasExpired() && socket.state() != QAbstractSocket::UnconnectedState) {
            QTest::qWait(2);
            answer += socket.readAll();
        }
        return answer + socket.readAll();
    }

    LivedeskProcess() = default;
    ~LivedeskProcess()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
    }
    LivedeskProcess(const LivedeskProcess &) = delete;
    LivedeskProcess &operator=(const LivedeskProcess &) = delete;

    // Starts it on a free port with `arguments` after the usual ones and waits for its
    // "listening on" line; false (see output()) when it did not come.
    bool start(const QString &dataDir, const QStringList &arguments = {},
        const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment())
    {
        m_process.setProcessEnvironment(environment);
        m_process.start(QStringLiteral(LIVEDESK_BINARY),
            QStringList { QStringLiteral("--headless"), QStringLiteral("--port"),
                QStringLiteral("0"), QStringLiteral("--data-dir"), dataDir }
                + arguments);
        static const QRegularExpression line(
            QStringLiteral(R"(^listening on (https?://127\.0\.0\.1:\d+/)\n)"));
        QDeadlineTimer deadline(10000);
        while (!deadline.hasExpired() && m_process.state() != QProcess::NotRunning) {
            m_stdout += m_process.readAllStandardOutput();
            if (const auto match = line.match(QString::fromUtf8(m_stdout)); match.hasMatch()) {
                m_url = QUrl(match.captured(1));
                return true;
            }
            QTest::qWait(10);
        }
        return false;
    }

    // SIGTERM, as systemd stops it; true when it then exited cleanly.
    bool stop()
    {
        m_process.terminate();
        return m_process.waitForFinished(10000) && m_process.exitStatus() == QProcess::NormalExit
            && m_process.exitCode() == 0;
    }
    // kill -9: no chance to close anything.
    void kill()
    {
        m_process.kill();
        m_process.waitForFinished(5000);
    }

    bool isRunning() const { return m_process.state() == QProcess::Running; }
    QUrl url() const { return m_url; }
    quint16 port() const { return quint16(m_url.port()); }
    QByteArray output() { return m_stdout + m_process.readAllStandardError(); }

    // VmRSS of the process, in bytes (0 if it cannot be read).
    qint64 residentBytes() const
    {
        QFile status(QStringLiteral("/proc/%1/status").arg(m_process.processId()));
        if (!status.open(QIODevice::ReadOnly))
            return 0;
        for (const QByteArray &line : status.readAll().split('\n')) {
            if (line.startsWith("VmRSS:"))
                return line.mid(6).trimmed().split(' ').constFirst().toLongLong() * 1024;
        }
        return 0;
    }

private:
    QProcess m_process;
    QByteArray m_stdout;
    QUrl m_url;
};
