#pragma once

#include <QObject>
#include <QString>

class QLocalServer;
class QLocalSocket;
class ThreadedJournal;

// `livedesk --export` beside a running instance. The running server holds its journal
// exclusively (see EventJournal::openAt), so another process cannot read it; instead the
// exporter asks the server over a local socket in the data directory, and the server's
// storage thread writes the file between commits.
//
// Protocol, one exchange per connection: the client sends one line of JSON,
// {"channel":"news","file":"/absolute/path.jsonl"}; the server answers one line,
// {"ok":true,"count":12} or {"ok":false,"error":"..."}, and closes. The socket is the
// owner's only (UserAccessOption): whoever may use it could write the files anyway.
class ExportService final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ExportService)

public:
    static QString socketPath(const QString &dataDir);

    // `journal` must outlive this object's requests: ServerCore destroys the journal (and
    // joins its thread) before this service.
    ExportService(ThreadedJournal *journal, QObject *parent = nullptr);
    ~ExportService() override;

    // Listens at socketPath(dataDir). A stale socket of a killed instance is replaced (the
    // data directory lock says no live instance has it). False, with the reason, otherwise.
    bool listen(const QString &dataDir, QString *error);

private:
    void accept();
    void serve(QLocalSocket *socket);
    static void reply(QLocalSocket *socket, bool ok, qint64 count, const QString &error);

    ThreadedJournal *const m_journal;
    QLocalServer *m_server = nullptr; // child
};
