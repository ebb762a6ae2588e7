#pragma once

#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

// Certificates made at run time with Debian's openssl (nothing secret is committed): a CA,
// and a leaf for 127.0.0.1 and localhost that it signed, valid for two days.
//   certificate(): the leaf alone; chain(): the leaf then the CA, as a server presents it;
//   key(): the leaf's key; otherKey(): a key of no certificate here; ca(): what clients trust.
class TestCertificates final
{
public:
    static QString binary() { return QStandardPaths::findExecutable(QStringLiteral("openssl")); }

    // False (and error() says why) when openssl is missing or fails.
    bool make()
    {
        const QString san = path(u"leaf.ext");
        QFile ext(san);
        if (!ext.open(QIODevice::WriteOnly))
            return false;
        ext.write("subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n"
                  "keyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n");
        ext.close();
        const QStringList ec { QStringLiteral("-newkey"), QStringLiteral("ec"),
            QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:prime256v1"),
            QStringLiteral("-nodes") };
        return run(QStringList { QStringLiteral("req"), QStringLiteral("-x509") } + ec
                   + QStringList { QStringLiteral("-keyout"), path(u"ca.key"),
                       QStringLiteral("-out"), ca(), QStringLiteral("-days"), QStringLiteral("2"),
                       QStringLiteral("-subj"), QStringLiteral("/CN=LiveDesk test CA") })
            && run(QStringList { QStringLiteral("req") } + ec
                + QStringList { QStringLiteral("-keyout"), key(), QStringLiteral("-out"),
                    path(u"leaf.csr"), QStringLiteral("-subj"), QStringLiteral("/CN=127.0.0.1") })
            && run({ QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"),
                path(u"leaf.csr"), QStringLiteral("-CA"), ca(), QStringLiteral("-CAkey"),
                path(u"ca.key"), QStringLiteral("-CAcreateserial"), QStringLiteral("-out"),
                certificate(), QStringLiteral("-days"), QStringLiteral("2"),
                QStringLiteral("-extfile"), san })
            && run({ QStringLiteral("genpkey"), QStringLiteral("-algorithm"), QStringLiteral("EC"),
                QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:prime256v1"),
                QStringLiteral("-out"), otherKey() })
            && concatenate({ certificate(), ca() }, chain());
    }

    QString ca() const { return path(u"ca.pem"); }
    QString certificate() const { return path(u"leaf.pem"); }
    QString chain() const { return path(u"chain.pem"); }
    QString key() const { return path(u"leaf.key"); }
    QString otherKey() const { return path(u"other.key"); }
    QString dir() const { return m_dir.path(); }
    QString error() const { return m_error; }

private:
    QString path(QStringView name) const { return m_dir.filePath(name.toString()); }

    bool run(const QStringList &arguments)
    {
        QProcess openssl;
        openssl.setProcessChannelMode(QProcess::MergedChannels);
        openssl.start(binary(), arguments);
        if (!openssl.waitForFinished(30000) || openssl.exitCode() != 0) {
            m_error = QStringLiteral("openssl %1: %2")
                          .arg(arguments.join(u' '), QString::fromLocal8Bit(openssl.readAll()));
            return false;
        }
        return true;
    }

    static bool concatenate(const QStringList &parts, const QString &into)
    {
        QFile out(into);
        if (!out.open(QIODevice::WriteOnly))
            return false;
        for (const QString &part : parts) {
            QFile in(part);
            if (!in.open(QIODevice::ReadOnly))
                return false;
            out.write(in.readAll());
        }
        return true;
    }

    QTemporaryDir m_dir;
    QString m_error;
};
