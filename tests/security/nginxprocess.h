#pragma once

#include <QByteArray>
#include <QFile>
#include <QList>
#include <QProcess>
#include <QStandardPaths>
#include <QString>
#include <QTcpServer>

// Debian's nginx (nginx-light) as a reverse proxy in front of LiveDesk, the way its own
// proxy_params set it up, run from a scratch directory by a test: one backend, or several
// (a cluster's nodes, round-robin, each taken out for a second when it fails). It closes each
// client connection after its response (keepalive_timeout 0): the tests' raw SSE client reads
// the end of a stream as the end of its connection, where a browser's EventSource sees the
// end of the response (nginx would keep the connection and end the chunked body).
class Nginx final
{
public:
    Nginx() = default;
    ~Nginx()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
    }
    Nginx(const Nginx &) = delete;
    Nginx &operator=(const Nginx &) = delete;

    static QString executable()
    {
        return QStandardPaths::findExecutable(
            QStringLiteral("nginx"), { QStringLiteral("/usr/sbin"), QStringLiteral("/usr/bin") });
    }

    bool start(const QString &dir, quint16 backend)
    {
        return start(dir, QList<quint16> { backend });
    }
    bool start(const QString &dir, const QList<quint16> &backends)
    {
        m_port = freePort();
        QFile conf(dir + QStringLiteral("/nginx.conf"));
        if (!conf.open(QIODevice::WriteOnly))
            return false;
        conf.write(config(dir.toUtf8(), backends));
        conf.close();
        m_process.start(executable(),
            { QStringLiteral("-p"), dir, QStringLiteral("-c"), conf.fileName(),
                QStringLiteral("-e"), QStringLiteral("stderr") });
        return m_process.waitForStarted(5000);
    }
    quint16 port() const { return m_port; }
    QByteArray output() { return m_process.readAllStandardError(); }

private:
    static quint16 freePort()
    {
        QTcpServer probe;
        probe.listen(QHostAddress::LocalHost, 0);
        return probe.serverPort();
    }

    QByteArray config(const QByteArray &d, const QList<quint16> &backends) const
    {
        QByteArray upstream = "  upstream livedesk {\n";
        for (const quint16 backend : backends)
            upstream += "    server 127.0.0.1:" + QByteArray::number(backend)
                + " max_fails=1 fail_timeout=1s;\n";
        upstream += "  }\n";
        return "daemon off;\nmaster_process off;\nworker_processes 1;\npid " + d
            + "/nginx.pid;\nerror_log stderr;\nevents { worker_connections 256; }\n"
              "http {\n  access_log off;\n  keepalive_timeout 0;\n  client_body_temp_path "
            + d + "/body;\n  proxy_temp_path " + d + "/proxy;\n  fastcgi_temp_path " + d
            + "/fastcgi;\n  uwsgi_temp_path " + d + "/uwsgi;\n  scgi_temp_path " + d + "/scgi;\n"
            + upstream + "  server {\n    listen 127.0.0.1:" + QByteArray::number(m_port)
            + ";\n    location / {\n      proxy_pass http://livedesk;\n"
              "      include /etc/nginx/proxy_params;\n"
              "      proxy_buffering off;\n      proxy_read_timeout 1h;\n"
              "      proxy_next_upstream error timeout http_503;\n    }\n"
              // /ws as docs/cluster.md passes it: the upgrade goes on to the node.
              "    location = /ws {\n      proxy_pass http://livedesk;\n"
              "      include /etc/nginx/proxy_params;\n      proxy_http_version 1.1;\n"
              "      proxy_set_header Upgrade $http_upgrade;\n"
              "      proxy_set_header Connection upgrade;\n      proxy_read_timeout 1h;\n"
              "      proxy_next_upstream error timeout http_503;\n    }\n  }\n}\n";
    }

    QProcess m_process;
    quint16 m_port = 0;
};
