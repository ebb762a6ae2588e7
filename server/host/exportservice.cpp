#include "host/exportservice.h"

#include "host/logging.h"
#include "hub/eventhub.h"
#include "store/threadedjournal.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocalServer>
#include <QLocalSocket>
#include <QPointer>

using namespace Qt::StringLiterals;

namespace {

constexpr qint64 MaxRequest = 8192;

} // namespace

QString ExportService::socketPath(const QString &dataDir)
{
    return QDir(dataDir).absoluteFilePath(u"livedesk.sock"_s);
}

ExportService::ExportService(ThreadedJournal *journal, QObject *parent)
    : QObject(parent)
    , m_journal(journal)
    , m_server(new QLocalServer(this))
{
    m_server->setSocketOptions(QLocalServer::UserAccessOption);
    connect(m_server, &QLocalServer::newConnection, this, &ExportService::accept);
}

ExportService::~ExportService() = default;

bool ExportService::listen(const QString &dataDir, QString *error)
{
    const QString path = socketPath(dataDir);
    QLocalServer::removeServer(path);
    if (!m_server->listen(path)) {
        *error = u"cannot listen for exports at %1: %2"_s.arg(path, m_server->errorString());
        return false;
    }
    return true;
}

void ExportService::accept()
{
    while (QLocalSocket *socket = m_server->nextPendingConnection()) {
        connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QLocalSocket::readyRead, this, [this, socket] { serve(socket); });
    }
}

void ExportService::serve(QLocalSocket *socket)
{
    if (!socket->canReadLine()) {
        if (socket->bytesAvailable() > MaxRequest)
            reply(socket, false, 0, u"the request is too long"_s);
        return;
    }
    disconnect(socket, &QLocalSocket::readyRead, this, nullptr);
    const QJsonObject request = QJsonDocument::fromJson(socket->readLine(MaxRequest)).object();
    const QString channel = request.value(u"channel"_s).toString();
    const QString file = request.value(u"file"_s).toString();
    if (!EventHub::isValidName(channel) || !QFileInfo(file).isAbsolute()) {
        reply(socket, false, 0, u"send {\"channel\":NAME,\"file\":ABSOLUTE_PATH}"_s);
        return;
    }
    qCInfo(lcHost).noquote() << "exporting" << channel << "to" << file;
    // From the storage thread back to this one. `this` outlives the journal's thread; the
    // client may be gone by then.
    m_journal->exportChannel(channel, file,
        [this, socket = QPointer<QLocalSocket>(socket)](
            bool ok, qint64 count, const QString &error) {
            QMetaObject::invokeMethod(
                this,
                [socket, ok, count, error] {
                    if (socket)
                        reply(socket, ok, count, error);
                },
                Qt::QueuedConnection);
        });
}

void ExportService::reply(QLocalSocket *socket, bool ok, qint64 count, const QString &error)
{
    const QJsonObject answer = ok ? QJsonObject { { u"ok"_s, true }, { u"count"_s, count } }
                                  : QJsonObject { { u"ok"_s, false }, { u"error"_s, error } };
    socket->write(QJsonDocument(answer).toJson(QJsonDocument::Compact) + '\n');
    socket->disconnectFromServer();
}
