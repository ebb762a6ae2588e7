// The remote console (livedesk --upstream URL --demo) end to end, with real processes only:
// the console binary with its window (offscreen), a headless LiveDesk server, a proxy the test
// cuts, redis-server, three cluster nodes and Debian's nginx.
//
// What it proves: a post the console accepted is stored on the server exactly once and in the
// order it was written, whatever happens in between:
//   - the console is SIGKILLed while its link is cut, and started again on the same data
//     directory: what its outbox file (DIR/outbox.sqlite) held goes out after the restart,
//     before the new run's posts, with nothing lost and nothing twice;
//   - the cluster node that serves the console (its WebSocket) is kill -9'd behind nginx: the
//     console goes on publishing through the remaining nodes, with no gap and no duplicate.
//
// Why real processes: the promises are about what survives a SIGKILL (SQLite's WAL on disk,
// no destructor run), about a retry after a lost answer meeting the server's idempotency
// index (in memory on a single server, in Redis for a cluster), and about nginx choosing
// another node. A mock of any of these would test the mock.
#include "faultyproxy.h"
#include "livedeskprocess.h"
#include "nginxprocess.h"
#include "redisserver.h"
#include "ssetestclient.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <memory>
#include <vector>

using namespace Qt::StringLiterals;

namespace {

// The environment of a windowed livedesk: offscreen, with a runtime directory of its own.
QProcessEnvironment windowEnvironment(const QString &runtimeDir)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    environment.insert(u"XDG_RUNTIME_DIR"_s, runtimeDir);
    // The outbox says what it sends and what the server answered: the story of a failure.
    environment.insert(u"QT_LOGGING_RULES"_s, u"livedesk.*.info=false;livedesk.outbox=true"_s);
    return environment;
}

// A failure message built with QStringBuilder (the QByteArray lives to the end of the check).
const char *message(const QByteArray &text)
{
    return text.constData();
}

// The last `lines` lines of a process's output, for a failure message.
QByteArray tail(const QByteArray &output, int lines = 40)
{
    QList<QByteArray> all = output.split('\n');
    if (all.size() > lines)
        all = all.mid(all.size() - lines);
    return all.join('\n');
}

// The console of a LiveDesk elsewhere: `livedesk --upstream URL --demo`, its window offscreen.
class ConsoleProcess final
{
public:
    ConsoleProcess()
    {
        QObject::connect(&m_process, &QProcess::readyReadStandardError, &m_process,
            [this] { m_stderr += m_process.readAllStandardError(); });
    }
    ~ConsoleProcess() { kill(); }
    ConsoleProcess(const ConsoleProcess &) = delete;
    ConsoleProcess &operator=(const ConsoleProcess &) = delete;

    // Starts it on `dataDir`, publishing to `upstream`, and waits for its "publishing to"
    // line; false (see output()) when it did not come.
    bool start(const QString &dataDir, const QUrl &upstream)
    {
        m_process.setProcessEnvironment(windowEnvironment(m_runtime.path()));
        m_process.start(QStringLiteral(LIVEDESK_BINARY),
            { u"--upstream"_s, upstream.toString(), u"--token"_s,
                QString::fromLatin1(LivedeskProcess::strongToken()), u"--data-dir"_s, dataDir,
                u"--demo"_s });
        const QByteArray line = "publishing to " + upstream.toDisplayString().toUtf8() + '\n';
        QDeadlineTimer deadline(10000);
        while (!deadline.hasExpired() && m_process.state() != QProcess::NotRunning) {
            m_stdout += m_process.readAllStandardOutput();
            if (m_stdout.contains(line))
                return true;
            QTest::qWait(10);
        }
        return false;
    }
    // SIGKILL: the console crashed, or its plug was pulled.
    void kill()
    {
        if (m_process.state() == QProcess::NotRunning)
            return;
        m_process.kill();
        m_process.waitForFinished(5000);
        m_stderr += m_process.readAllStandardError();
    }
    // SIGTERM: the operator quits; true when it then exited cleanly.
    bool terminate()
    {
        m_process.terminate();
        const bool finished = m_process.waitForFinished(10000);
        m_stderr += m_process.readAllStandardError();
        return finished && m_process.exitStatus() == QProcess::NormalExit
            && m_process.exitCode() == 0;
    }
    QByteArray errorOutput()
    {
        m_stderr += m_process.readAllStandardError();
        return m_stderr;
    }
    QByteArray output() { return m_stdout + m_process.readAllStandardOutput() + errorOutput(); }

private:
    QTemporaryDir m_runtime; // 0700, as XDG_RUNTIME_DIR must be
    QProcess m_process;
    QByteArray m_stdout;
    QByteArray m_stderr;
};

QString demoBody(int n)
{
    return u"Demo item %1 from the LiveDesk ticker."_s.arg(n);
}

QStringList demoBodies(int from, int to)
{
    QStringList bodies;
    for (int n = from; n <= to; ++n)
        bodies.append(demoBody(n));
    return bodies;
}

// N of "Demo item N from the LiveDesk ticker.", 0 for anything else.
int itemOf(const QString &body)
{
    static const QRegularExpression pattern(u"^Demo item (\\d+) from the LiveDesk ticker\\.$"_s);
    const QRegularExpressionMatch match = pattern.match(body);
    return match.hasMatch() ? match.captured(1).toInt() : 0;
}

// The bodies as their item numbers, "1 2 3 4 1 2", for failure messages.
QByteArray numbersOf(const QStringList &bodies)
{
    QStringList numbers;
    for (const QString &body : bodies)
        numbers.append(itemOf(body) ? QString::number(itemOf(body)) : u'"' + body + u'"');
    return numbers.join(u' ').toUtf8();
}

QJsonObject getJson(quint16 port, const QByteArray &path)
{
    const QByteArray answer = LivedeskProcess::exchange(
        port, "GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    return QJsonDocument::fromJson(answer.mid(answer.indexOf("\r\n\r\n") + 4)).object();
}

// Whether something listens on `port` (before a request, which would warn on a refusal).
bool accepts(quint16 port)
{
    QTcpSocket probe;
    probe.connectToHost(QHostAddress::LocalHost, port);
    return probe.waitForConnected(100);
}

int healthStatus(quint16 port)
{
    const QByteArray answer = LivedeskProcess::exchange(
        port, "GET /api/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    return answer.mid(9, 3).toInt();
}

QString bodyOf(const QJsonValue &data)
{
    return data.toObject().value(u"body"_s).toString();
}

// The news bodies of /api/state, oldest first: the last 50 only, enough while a test runs.
QStringList recentNews(quint16 port)
{
    QStringList bodies;
    const QJsonArray recent = getJson(port, "/api/state?channel=news").value(u"recent"_s).toArray();
    for (const auto &event : recent) {
        if (event.toObject().value(u"type"_s).toString() == u"news-flash")
            bodies.append(bodyOf(event.toObject().value(u"data"_s)));
    }
    return bodies;
}

// The id of the newest event on "news" (0 when none), as /api/state says.
quint64 lastNewsId(quint16 port)
{
    const QJsonArray channels = getJson(port, "/api/state").value(u"channels"_s).toArray();
    for (const auto &channel : channels) {
        if (channel.toObject().value(u"name"_s).toString() == u"news")
            return channel.toObject().value(u"lastId"_s).toString().toULongLong();
    }
    return 0;
}

// Everything a single server stored on "news", oldest first: `livedesk --export news -`
// beside the running instance (through its export socket). Each line's type and body.
QList<QPair<QString, QString>> exportedNews(const QString &serverDir, QString *error)
{
    QTemporaryDir runtime;
    QProcess exporter;
    exporter.setProcessEnvironment(windowEnvironment(runtime.path()));
    exporter.start(QStringLiteral(LIVEDESK_BINARY),
        { u"--export"_s, u"news"_s, u"-"_s, u"--data-dir"_s, serverDir });
    QList<QPair<QString, QString>> events;
    if (!exporter.waitForFinished(30000) || exporter.exitCode() != 0) {
        *error = u"the export failed: "_s + QString::fromUtf8(exporter.readAllStandardError());
        return events;
    }
    for (const QByteArray &line : exporter.readAllStandardOutput().split('\n')) {
        if (line.trimmed().isEmpty())
            continue;
        const QJsonObject event = QJsonDocument::fromJson(line).object();
        events.append({ event.value(u"type"_s).toString(), bodyOf(event.value(u"data"_s)) });
    }
    return events;
}

// Everything a node of a cluster holds on "news", oldest first, over its SSE stream from
// the start (the cluster's nodes have no journal, so no export socket). Each event's type
// and body.
QList<QPair<QString, QString>> streamedNews(quint16 port, QString *error)
{
    const quint64 last = lastNewsId(port);
    SseTestClient stream;
    stream.open(port, "/events?channel=news", { { "Last-Event-ID", "0" } });
    const bool complete = QTest::qWaitFor(
        [&] {
            return !stream.events().isEmpty() && stream.events().last().id
                && stream.events().last().id->toULongLong() >= last;
        },
        10000);
    QList<QPair<QString, QString>> events;
    if (!complete) {
        *error = u"the stream did not reach id %1: %2"_s.arg(last).arg(
            QString::fromUtf8(stream.head() + stream.body().left(2000)));
        return events;
    }
    for (const SseEvent &event : stream.events()) {
        if (event.id)
            events.append({ QString::fromUtf8(event.type),
                bodyOf(QJsonDocument::fromJson(event.data).object()) });
    }
    return events;
}

// What a console's outbox file holds, read-only, while the console is down.
struct Queued
{
    int rows = 0;
    QStringList newsBodies; // oldest first
    QString error;
};

Queued readOutbox(const QString &file)
{
    Queued queued;
    const QString name = u"tst_remoteconsole-"_s + QUuid::createUuid().toString(QUuid::Id128);
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        db.setDatabaseName(file);
        db.setConnectOptions(u"QSQLITE_OPEN_READONLY"_s);
        if (!QFile::exists(file) || !db.open()) {
            queued.error = u"cannot open %1: %2"_s.arg(file, db.lastError().text());
        } else {
            QSqlQuery q(db);
            if (!q.exec(u"SELECT type, data FROM outbox ORDER BY seq"_s))
                queued.error = q.lastError().text();
            while (q.next()) {
                ++queued.rows;
                if (q.value(0).toString() == u"news-flash")
                    queued.newsBodies.append(
                        bodyOf(QJsonDocument::fromJson(q.value(1).toByteArray()).object()));
            }
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return queued;
}

// Whether `bodies` are Demo item from..from+n-1, each once, in order.
bool runsFrom(const QStringList &bodies, int from)
{
    return bodies == demoBodies(from, from + int(bodies.size()) - 1);
}

// A node of the cluster on `redis`, joined (both links up) before it is handed back.
std::unique_ptr<LivedeskProcess> startNode(
    const RedisServer &redis, const QString &dataDir, const QString &name)
{
    auto node = std::make_unique<LivedeskProcess>();
    if (!node->start(dataDir,
            { u"--token"_s, QString::fromLatin1(LivedeskProcess::strongToken()), u"--redis"_s,
                redis.url(), u"--cluster"_s, u"remote-console"_s, u"--node"_s, name })) {
        qWarning("%s", node->output().constData());
        return nullptr;
    }
    const bool joined = QTest::qWaitFor(
        [&node] {
            return getJson(node->port(), "/api/health")
                .value(u"cluster"_s)
                .toObject()
                .value(u"connected"_s)
                .toBool();
        },
        10000);
    return joined ? std::move(node) : nullptr;
}

// The bodies of the news flashes among `events` (type, body), in order.
QStringList flashBodies(const QList<QPair<QString, QString>> &events)
{
    QStringList bodies;
    for (const auto &[type, body] : events) {
        if (type == u"news-flash")
            bodies.append(body);
    }
    return bodies;
}

} // namespace

class tst_RemoteConsole final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void aKilledConsoleSendsWhatItQueuedOnceAfterARestart();
    void aConsoleOfAClusterBehindNginxLosesNothingWhenItsNodeDies();
};

// Run 1 publishes through the proxy, then queues while the proxy is cut, and is SIGKILLed;
// run 2 on the same data directory sends what run 1 queued, then its own posts.
void tst_RemoteConsole::aKilledConsoleSendsWhatItQueuedOnceAfterARestart()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString serverDir = dir.filePath(u"server"_s);
    const QString consoleDir = dir.filePath(u"console"_s);
    LivedeskProcess server;
    QVERIFY2(server.start(
                 serverDir, { u"--token"_s, QString::fromLatin1(LivedeskProcess::strongToken()) }),
        server.output().constData());
    FaultyProxy proxy(server.port());
    const QUrl upstream(u"http://127.0.0.1:%1/"_s.arg(proxy.port()));

    // Run 1: a few posts go through.
    auto first = std::make_unique<ConsoleProcess>();
    QVERIFY2(first->start(consoleDir, upstream), first->output().constData());
    QTRY_VERIFY2_WITH_TIMEOUT(
        recentNews(server.port()).size() >= 3, tail(first->errorOutput()).constData(), 10000);

    // The link is cut: the posts of the next seconds wait in the outbox, on disk.
    proxy.setMode(FaultyProxy::Mode::Cut);
    QTest::qWait(6000);
    first->kill();
    const QByteArray firstLog = first->errorOutput();
    first.reset();

    const Queued queued = readOutbox(consoleDir + u"/outbox.sqlite"_s);
    QVERIFY2(queued.error.isEmpty(), qPrintable(queued.error));
    QVERIFY2(queued.newsBodies.size() >= 4,
        message("the outbox holds " + numbersOf(queued.newsBodies) + "\n" + tail(firstLog)));
    const int k = itemOf(queued.newsBodies.last()); // the newest post of run 1
    const int oldestQueued = itemOf(queued.newsBodies.first());
    QVERIFY2(oldestQueued > 0 && runsFrom(queued.newsBodies, oldestQueued),
        message("the outbox holds " + numbersOf(queued.newsBodies)));
    // All that the server lacks is in the file (the oldest queued may be stored already,
    // its answer lost in the cut).
    const QStringList storedAtKill = recentNews(server.port());
    QVERIFY2(runsFrom(storedAtKill, 1) && storedAtKill.size() >= oldestQueued - 1
            && storedAtKill.size() <= oldestQueued,
        message("the server holds " + numbersOf(storedAtKill) + ", the outbox "
            + numbersOf(queued.newsBodies)));

    // Run 2, on the same data directory, says what it found; then the link comes back.
    ConsoleProcess second;
    QVERIFY2(second.start(consoleDir, upstream), second.output().constData());
    const QByteArray said = u"livedesk: %1 posts from the last run were still queued; sending "
                            "them to %2\n"_s.arg(queued.rows)
                                .arg(upstream.toDisplayString())
                                .toUtf8();
    QTRY_VERIFY2(second.errorOutput().contains(said), second.errorOutput().constData());
    proxy.setMode(FaultyProxy::Mode::Pass);
    QTRY_VERIFY2_WITH_TIMEOUT(recentNews(server.port()).size() >= k + 3,
        message(numbersOf(recentNews(server.port())) + "\n" + tail(second.errorOutput())), 20000);
    QVERIFY2(second.terminate(), tail(second.errorOutput()).constData());

    // On the server: run 1's 1..k, each once, then run 2's 1..m.
    QString error;
    const QList<QPair<QString, QString>> events = exportedNews(serverDir, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    const QStringList bodies = flashBodies(events);
    QVERIFY2(bodies.size() == events.size(), "something other than a news-flash was stored");
    const QByteArray story = "on the server: " + numbersOf(bodies) + "\nqueued at the kill ("
        + QByteArray::number(queued.rows) + " rows): " + numbersOf(queued.newsBodies) + "\nrun 2:\n"
        + tail(second.errorOutput(), 60);
    const QStringList run1 = bodies.mid(0, k);
    const QStringList run2 = bodies.mid(k);
    QVERIFY2(run1 == demoBodies(1, k), story.constData());
    for (const QString &body : queued.newsBodies)
        QVERIFY2(run1.count(body) == 1, story.constData());
    QVERIFY2(run2.size() >= 3 && runsFrom(run2, 1), story.constData());

    // What run 2 had not sent when it quit is still in the file, right after the server's.
    const Queued left = readOutbox(consoleDir + u"/outbox.sqlite"_s);
    QVERIFY2(left.error.isEmpty(), qPrintable(left.error));
    if (!left.newsBodies.isEmpty()) {
        const int next = itemOf(left.newsBodies.first());
        QVERIFY2((next == int(run2.size()) || next == int(run2.size()) + 1)
                && runsFrom(left.newsBodies, next),
            message("left in the outbox: " + numbersOf(left.newsBodies) + "\n" + story));
    }
}

// Redis, three nodes, nginx in front; the console publishes through nginx and follows the
// feed over /ws through it. The node that holds its WebSocket is kill -9'd.
void tst_RemoteConsole::aConsoleOfAClusterBehindNginxLosesNothingWhenItsNodeDies()
{
    if (Nginx::executable().isEmpty())
        QSKIP("nginx is not installed (Debian: apt-get install nginx-light); "
              "./livedesk.sh test installs it");
    std::unique_ptr<RedisServer> redis;
    LIVEDESK_START_REDIS(redis);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    std::vector<std::unique_ptr<LivedeskProcess>> nodes;
    for (const QString &name : { u"a"_s, u"b"_s, u"c"_s }) {
        nodes.push_back(startNode(*redis, dir.filePath(name), name));
        QVERIFY2(nodes.back(), qPrintable(u"node %1 did not join the cluster"_s.arg(name)));
    }
    Nginx nginx;
    QVERIFY(QDir(dir.path()).mkpath(u"nginx"_s));
    QVERIFY(nginx.start(dir.filePath(u"nginx"_s),
        QList<quint16> { nodes[0]->port(), nodes[1]->port(), nodes[2]->port() }));
    QTRY_VERIFY(accepts(nginx.port()));
    QTRY_COMPARE(healthStatus(nginx.port()), 200);

    ConsoleProcess console;
    const QUrl upstream(u"http://127.0.0.1:%1/"_s.arg(nginx.port()));
    QVERIFY2(console.start(dir.filePath(u"console"_s), upstream), console.output().constData());
    QTRY_VERIFY2_WITH_TIMEOUT(
        recentNews(nodes[0]->port()).size() >= 3, tail(console.errorOutput()).constData(), 10000);

    // The node that holds the console's WebSocket (its feed).
    const auto websocketHolder = [&nodes]() -> std::size_t {
        for (std::size_t i = 0; i < nodes.size(); ++i) {
            const QByteArray metrics = LivedeskProcess::exchange(
                nodes[i]->port(), "GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            if (metrics.contains("\nlivedesk_subscribers{transport=\"websocket\"} 1\n"))
                return i;
        }
        return nodes.size();
    };
    std::size_t holder = nodes.size();
    const bool feedFollowed
        = QTest::qWaitFor([&] { return (holder = websocketHolder()) < nodes.size(); }, 5000);
    const QByteArray feedLog = tail(console.errorOutput());
    // Without a node that holds it, one dies all the same: the posts must survive that too.
    // (The missing WebSocket fails the test at the end.)
    const std::size_t victim = feedFollowed ? holder : 0;
    nodes[victim]->kill();
    const quint16 survivor = nodes[(victim + 1) % nodes.size()]->port();

    // The console goes on through the other nodes.
    QTest::qWait(5000);
    const qsizetype before = recentNews(survivor).size();
    QTRY_VERIFY2_WITH_TIMEOUT(
        recentNews(survivor).size() >= before + 3, tail(console.errorOutput()).constData(), 10000);
    QVERIFY2(console.terminate(), tail(console.errorOutput()).constData());

    // On a surviving node: Demo item 1..n, each once, in order.
    QString error;
    const QList<QPair<QString, QString>> events = streamedNews(survivor, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    const QStringList bodies = flashBodies(events);
    QVERIFY2(bodies.size() == events.size(), "something other than a news-flash was stored");
    const QByteArray story = "on node " + QByteArray::number(survivor) + ": " + numbersOf(bodies)
        + "\nconsole:\n" + tail(console.errorOutput(), 60);
    QVERIFY2(bodies.size() >= 6 && runsFrom(bodies, 1), story.constData());
    const Queued left = readOutbox(dir.filePath(u"console"_s) + u"/outbox.sqlite"_s);
    QVERIFY2(left.error.isEmpty(), qPrintable(left.error));
    if (!left.newsBodies.isEmpty()) {
        const int next = itemOf(left.newsBodies.first());
        QVERIFY2((next == int(bodies.size()) || next == int(bodies.size()) + 1)
                && runsFrom(left.newsBodies, next),
            message("left in the outbox: " + numbersOf(left.newsBodies) + "\n" + story));
    }

    // The console followed the feed over /ws through nginx, on one of the nodes.
    QVERIFY2(feedFollowed,
        message(
            "no node holds the console's WebSocket (livedesk_subscribers{transport=\"websocket\"} "
            "is 0 on all three): its feed does not get through nginx\n"
            + feedLog));
}

QTEST_GUILESS_MAIN(tst_RemoteConsole)
#include "tst_remoteconsole.moc"
