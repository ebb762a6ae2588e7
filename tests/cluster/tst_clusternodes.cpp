#include "livedeskprocess.h"
#include "nginxprocess.h"
#include "redisserver.h"
#include "ssetestclient.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

struct Answer
{
    int status = 0;
    QJsonObject json;
};

// One request on a connection of its own (Connection: close), answered whole.
Answer request(
    quint16 port, const QByteArray &method, const QByteArray &path, const QByteArray &body = {})
{
    const QByteArray answer = LivedeskProcess::exchange(port,
        method + ' ' + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
            + "Authorization: Bearer " + LivedeskProcess::strongToken()
            + "\r\nContent-Type: application/json\r\nContent-Length: "
            + QByteArray::number(body.size()) + "\r\n\r\n" + body);
    Answer out;
    out.status = answer.mid(9, 3).toInt();
    out.json = QJsonDocument::fromJson(answer.mid(answer.indexOf("\r\n\r\n") + 4)).object();
    return out;
}

Answer publish(quint16 port, const QString &text)
{
    const QJsonObject body { { u"channel"_s, u"news"_s }, { u"type"_s, u"news-flash"_s },
        { u"data"_s, QJsonObject { { u"headline"_s, text } } } };
    return request(port, "POST", "/api/events", QJsonDocument(body).toJson(QJsonDocument::Compact));
}

quint64 idOf(const Answer &answer)
{
    return answer.json.value(u"id"_s).toString().toULongLong();
}

QList<quint64> idsOf(const QList<SseEvent> &events)
{
    QList<quint64> ids;
    for (const SseEvent &event : events) {
        if (event.type == "news-flash" && event.id)
            ids.append(event.id->toULongLong());
    }
    return ids;
}

QList<quint64> range(quint64 from, quint64 to)
{
    QList<quint64> ids;
    for (quint64 id = from; id <= to; ++id)
        ids.append(id);
    return ids;
}

} // namespace

// Issue 15 with real processes: redis-server and LiveDesk nodes on loopback.
class tst_ClusterNodes final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void aPostOnEitherNodeReachesBoth();
    void aViewerResumesOnAnotherNodeAfterKill9();
    void stateCountsTheViewersOfEveryNode();
    void anIdPastTheWindowGetsResyncOnAnyNode();
    void aNodeStartedBeforeRedisServesOnlyOnceCaughtUp();
    void withRedisDownPublishesAre503AndStreamsStay();
    void throughNginxAViewerSurvivesItsNodeAndRedis();
    void theSystemdUnitRunsANode();
    void aBadRedisUrlIsRefusedAtStart_data();
    void aBadRedisUrlIsRefusedAtStart();

private:
    std::unique_ptr<LivedeskProcess> startNode(const QString &name, const QStringList &more = {});

    std::unique_ptr<RedisServer> m_redis;
    QList<std::shared_ptr<QTemporaryDir>> m_dirs;
};

void tst_ClusterNodes::init()
{
    LIVEDESK_START_REDIS(m_redis);
}

std::unique_ptr<LivedeskProcess> tst_ClusterNodes::startNode(
    const QString &name, const QStringList &more)
{
    auto dir = std::make_shared<QTemporaryDir>();
    m_dirs.append(dir);
    auto node = std::make_unique<LivedeskProcess>();
    const QStringList arguments
        = QStringList { u"--token"_s, QString::fromLatin1(LivedeskProcess::strongToken()),
              u"--redis"_s, m_redis->url(), u"--node"_s, name }
        + more;
    if (!node->start(dir->path(), arguments)) {
        qWarning("%s", node->output().constData());
        return nullptr;
    }
    // Connected to Redis (both links) once its health says so.
    const bool joined = QTest::qWaitFor(
        [&node] {
            const Answer health = request(node->port(), "GET", "/api/health");
            return health.json.value(u"cluster"_s).toObject().value(u"connected"_s).toBool();
        },
        10000);
    return joined ? std::move(node) : nullptr;
}

void tst_ClusterNodes::aPostOnEitherNodeReachesBoth()
{
    const auto a = startNode(u"a"_s);
    const auto b = startNode(u"b"_s);
    QVERIFY(a && b);
    SseTestClient onA;
    SseTestClient onB;
    onA.open(a->port());
    onB.open(b->port());
    QTRY_VERIFY(onA.headComplete() && onB.headComplete());
    for (int i = 0; i < 10; ++i) {
        QCOMPARE(publish(a->port(), u"a%1"_s.arg(i)).status, 201);
        QCOMPARE(publish(b->port(), u"b%1"_s.arg(i)).status, 201);
    }
    QTRY_COMPARE(idsOf(onB.events()).size(), 20);
    QTRY_COMPARE(idsOf(onA.events()).size(), 20);
    // One order, the same ids and the same bytes on both nodes.
    QCOMPARE(idsOf(onA.events()), range(1, 20));
    QCOMPARE(idsOf(onB.events()), range(1, 20));
    for (int i = 0; i < 20; ++i)
        QCOMPARE(onA.events().at(i).data, onB.events().at(i).data);
    const Answer health = request(b->port(), "GET", "/api/health");
    QCOMPARE(health.json.value(u"cluster"_s).toObject().value(u"lastSeenId"_s).toString(), u"20"_s);
}

void tst_ClusterNodes::anIdPastTheWindowGetsResyncOnAnyNode()
{
    const auto a = startNode(u"a"_s, { u"--replay"_s, u"10"_s });
    QVERIFY(a);
    for (int i = 1; i <= 30; ++i)
        QCOMPARE(publish(a->port(), u"post %1"_s.arg(i)).status, 201);
    // A node that joins later holds the same window, from the stream.
    const auto b = startNode(u"b"_s, { u"--replay"_s, u"10"_s });
    QVERIFY(b);
    SseTestClient recent;
    recent.open(b->port(), "/events", { { "Last-Event-ID", "25" } });
    QTRY_COMPARE(idsOf(recent.events()), range(26, 30));
    SseTestClient old;
    old.open(b->port(), "/events", { { "Last-Event-ID", "3" } });
    QTRY_VERIFY(!old.events().isEmpty());
    const SseEvent first = old.events().first();
    QCOMPARE(first.type, QByteArray("resync"));
    const QJsonObject state = QJsonDocument::fromJson(first.data).object();
    QCOMPARE(state.value(u"lastId"_s).toString(), u"30"_s);
    QCOMPARE(publish(a->port(), u"post 31"_s).status, 201);
    QTRY_COMPARE(idsOf(old.events()), QList<quint64> { 31 });
}

void tst_ClusterNodes::stateCountsTheViewersOfEveryNode()
{
    const auto a = startNode(u"a"_s);
    auto b = startNode(u"b"_s);
    QVERIFY(a && b);
    SseTestClient news;
    SseTestClient both;
    SseTestClient all;
    news.open(a->port(), "/events?channel=news");
    both.open(b->port(), "/events?channel=news&channel=match-x");
    all.open(b->port());
    QTRY_VERIFY(news.headComplete() && both.headComplete() && all.headComplete());
    const auto cluster = [](quint16 port) {
        return request(port, "GET", "/api/state").json.value(u"cluster"_s).toObject();
    };
    // Each node reports every 2 s: the sum is there within a couple of reports.
    QTRY_COMPARE_WITH_TIMEOUT(cluster(a->port()).value(u"viewers"_s).toInt(), 3, 10000);
    const QJsonObject seen = cluster(a->port());
    QCOMPARE(seen.value(u"name"_s).toString(), u"livedesk"_s);
    const QJsonObject channels = seen.value(u"channels"_s).toObject();
    QCOMPARE(channels.value(u"news"_s).toInt(), 2);
    QCOMPARE(channels.value(u"match-x"_s).toInt(), 1);
    QCOMPARE(channels.value(u"*"_s).toInt(), 1);
    const QJsonArray nodes = seen.value(u"nodes"_s).toArray();
    QCOMPARE(nodes.size(), 2);
    QCOMPARE(nodes.at(0).toObject().value(u"node"_s).toString(), u"a"_s);
    QCOMPARE(nodes.at(0).toObject().value(u"viewers"_s).toInt(), 1);
    QCOMPARE(nodes.at(1).toObject().value(u"viewers"_s).toInt(), 2);
    QTRY_COMPARE(cluster(b->port()).value(u"viewers"_s).toInt(), 3);

    // A node killed takes its share with it once its report expires (three periods).
    b->kill();
    QTRY_COMPARE_WITH_TIMEOUT(cluster(a->port()).value(u"nodes"_s).toArray().size(), 1, 15000);
    QCOMPARE(cluster(a->port()).value(u"viewers"_s).toInt(), 1);
}

void tst_ClusterNodes::aNodeStartedBeforeRedisServesOnlyOnceCaughtUp()
{
    {
        const auto a = startNode(u"a"_s);
        QVERIFY(a);
        for (int i = 1; i <= 50; ++i)
            QCOMPARE(publish(a->port(), u"post %1"_s.arg(i)).status, 201);
    }
    m_redis->kill();
    auto dir = std::make_shared<QTemporaryDir>();
    m_dirs.append(dir);
    LivedeskProcess late;
    QVERIFY2(late.start(dir->path(),
                 { u"--token"_s, QString::fromLatin1(LivedeskProcess::strongToken()), u"--redis"_s,
                     m_redis->url(), u"--node"_s, u"late"_s }),
        late.output().constData());
    // Up, but it has none of the cluster's events: readers are sent elsewhere, with a reason.
    const Answer health = request(late.port(), "GET", "/api/health");
    QCOMPARE(health.status, 503);
    QCOMPARE(health.json.value(u"status"_s).toString(), u"starting"_s);
    QVERIFY(!health.json.value(u"cluster"_s).toObject().value(u"ready"_s).toBool());
    for (const QByteArray &path : { QByteArray("/events"), QByteArray("/api/state") }) {
        const Answer refused = request(late.port(), "GET", path);
        QCOMPARE(refused.status, 503);
        QVERIFY2(refused.json.value(u"error"_s).toString().contains(u"Redis"_s),
            qPrintable(refused.json.value(u"error"_s).toString()));
    }

    QVERIFY(m_redis->start());
    QTRY_COMPARE_WITH_TIMEOUT(request(late.port(), "GET", "/api/health").status, 200, 15000);
    const QJsonObject link
        = request(late.port(), "GET", "/api/health").json.value(u"cluster"_s).toObject();
    QVERIFY(link.value(u"ready"_s).toBool());
    QCOMPARE(link.value(u"behind"_s).toString(), u"0"_s);
    QCOMPARE(link.value(u"lastSeenId"_s).toString(), u"50"_s);
    QCOMPARE(request(late.port(), "GET", "/api/state").json.value(u"lastId"_s).toString(), u"50"_s);
    // A viewer that comes from another node resumes here with no gap.
    SseTestClient viewer;
    viewer.open(late.port(), "/events", { { "Last-Event-ID", "40" } });
    QTRY_COMPARE(idsOf(viewer.events()), range(41, 50));
}

void tst_ClusterNodes::aViewerResumesOnAnotherNodeAfterKill9()
{
    const auto a = startNode(u"a"_s);
    auto b = startNode(u"b"_s);
    QVERIFY(a && b);
    SseTestClient viewer;
    viewer.open(b->port());
    QTRY_VERIFY(viewer.headComplete());
    for (int i = 0; i < 5; ++i)
        QCOMPARE(publish(a->port(), u"before%1"_s.arg(i)).status, 201);
    QTRY_COMPARE(idsOf(viewer.events()).size(), 5);
    const quint64 last = idsOf(viewer.events()).constLast();

    b->kill(); // its viewers lose their connection, and nothing else is lost
    QTRY_VERIFY(!viewer.isConnected());
    for (int i = 0; i < 5; ++i)
        QCOMPARE(publish(a->port(), u"while%1"_s.arg(i)).status, 201);

    // The browser reconnects to another node with its Last-Event-ID.
    SseTestClient resumed;
    resumed.open(a->port(), "/events", { { "Last-Event-ID", QByteArray::number(last) } });
    QTRY_COMPARE(idsOf(resumed.events()).size(), 5);
    QCOMPARE(idsOf(resumed.events()), range(last + 1, last + 5)); // no gap, no duplicate
    for (const SseEvent &event : resumed.events())
        QVERIFY(event.type != "resync");
}

void tst_ClusterNodes::withRedisDownPublishesAre503AndStreamsStay()
{
    const auto a = startNode(u"a"_s);
    QVERIFY(a);
    SseTestClient viewer;
    viewer.open(a->port());
    QTRY_VERIFY(viewer.headComplete());
    QCOMPARE(publish(a->port(), u"one"_s).status, 201);
    QTRY_COMPARE(idsOf(viewer.events()).size(), 1);

    m_redis->kill();
    QTRY_VERIFY(!request(a->port(), "GET", "/api/health")
                     .json.value(u"cluster"_s)
                     .toObject()
                     .value(u"connected"_s)
                     .toBool());
    const Answer refused = publish(a->port(), u"lost?"_s);
    QCOMPARE(refused.status, 503);
    QVERIFY2(!refused.json.value(u"error"_s).toString().isEmpty(),
        QJsonDocument(refused.json).toJson().constData());
    QVERIFY(viewer.isConnected()); // open streams stay open

    QVERIFY(m_redis->start()); // from its append-only file
    QTRY_VERIFY_WITH_TIMEOUT(request(a->port(), "GET", "/api/health")
                                 .json.value(u"cluster"_s)
                                 .toObject()
                                 .value(u"connected"_s)
                                 .toBool(),
        10000);
    const Answer next = publish(a->port(), u"two"_s);
    QCOMPARE(next.status, 201);
    QCOMPARE(idOf(next), quint64(2)); // nothing acknowledged was lost, and ids go on
    QTRY_COMPARE(idsOf(viewer.events()), range(1, 2));
}

// The deployment of docs/cluster.md: Redis, three nodes and nginx in front, a browser's
// stream through nginx. Its node is killed, then Redis is; every event reaches it once, in
// order.
void tst_ClusterNodes::throughNginxAViewerSurvivesItsNodeAndRedis()
{
    if (Nginx::executable().isEmpty())
        QSKIP("nginx is not installed (Debian: apt-get install nginx-light); "
              "./livedesk.sh test installs it");
    std::vector<std::unique_ptr<LivedeskProcess>> nodes;
    for (const QString &name : { u"a"_s, u"b"_s, u"c"_s }) {
        nodes.push_back(startNode(name));
        QVERIFY(nodes.back());
    }
    QTemporaryDir proxyDir;
    Nginx nginx;
    QVERIFY(nginx.start(
        proxyDir.path(), QList<quint16> { nodes[0]->port(), nodes[1]->port(), nodes[2]->port() }));
    QTRY_COMPARE(request(nginx.port(), "GET", "/api/health").status, 200);

    SseTestClient viewer;
    viewer.open(nginx.port());
    QTRY_VERIFY(viewer.headComplete());
    quint64 published = 0;
    const auto publishOnEvery = [&] {
        for (const auto &node : nodes) {
            if (node->isRunning()) {
                QCOMPARE(publish(node->port(), u"p"_s).status, 201);
                ++published;
            }
        }
    };
    publishOnEvery();
    QCOMPARE(publish(nginx.port(), u"through nginx"_s).status, 201);
    ++published;
    QTRY_COMPARE(idsOf(viewer.events()), range(1, published));

    // Kill -9 the node that serves the stream (the one that counts a client).
    std::size_t serving = nodes.size();
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        const QByteArray metrics = LivedeskProcess::exchange(
            nodes[i]->port(), "GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        if (metrics.contains("\nlivedesk_clients 1\n"))
            serving = i;
    }
    QVERIFY(serving < nodes.size());
    nodes[serving]->kill();
    QTRY_VERIFY(!viewer.isConnected());
    publishOnEvery();

    // The browser reconnects through nginx, which sends it to a live node.
    const quint64 last = idsOf(viewer.events()).constLast();
    SseTestClient resumed;
    resumed.open(nginx.port(), "/events", { { "Last-Event-ID", QByteArray::number(last) } });
    QTRY_COMPARE(idsOf(resumed.events()), range(last + 1, published));

    // Redis restarted from its append-only file: the stream stays, ids go on, nothing twice.
    m_redis->kill();
    QVERIFY(m_redis->start());
    for (const auto &node : nodes) {
        if (!node->isRunning())
            continue;
        QTRY_VERIFY_WITH_TIMEOUT(request(node->port(), "GET", "/api/health")
                                     .json.value(u"cluster"_s)
                                     .toObject()
                                     .value(u"connected"_s)
                                     .toBool(),
            10000);
    }
    publishOnEvery();
    QTRY_COMPARE(idsOf(resumed.events()), range(last + 1, published));
    QVERIFY(resumed.isConnected());
}

namespace {

QString readSource(const QString &path)
{
    QFile file(QStringLiteral(LIVEDESK_SOURCE_DIR) + u'/' + path);
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

// KEY=value lines, as systemd reads an EnvironmentFile.
QHash<QString, QString> environmentFile(const QString &text)
{
    QHash<QString, QString> values;
    for (const QString &line : text.split(u'\n')) {
        const qsizetype equals = line.indexOf(u'=');
        if (!line.startsWith(u'#') && equals > 0)
            values.insert(line.left(equals).trimmed(), line.mid(equals + 1).trimmed());
    }
    return values;
}

// ExecStart= as systemd expands it: %i, ${NAME} as one word, $NAME split into words.
QStringList execStart(
    const QString &unit, const QString &instance, const QHash<QString, QString> &environment)
{
    QString line;
    for (const QString &l : unit.split(u'\n')) {
        if (l.startsWith(u"ExecStart="))
            line = l.mid(int(qstrlen("ExecStart=")));
    }
    QStringList words;
    for (QString word : line.split(u' ', Qt::SkipEmptyParts)) {
        word.replace(u"%i"_s, instance);
        if (word.startsWith(u"${") && word.endsWith(u'}'))
            words.append(environment.value(word.mid(2, word.size() - 3)));
        else if (word.startsWith(u'$'))
            words += environment.value(word.mid(1)).split(u' ', Qt::SkipEmptyParts);
        else
            words.append(word);
    }
    return words;
}

} // namespace

void tst_ClusterNodes::theSystemdUnitRunsANode()
{
    const QString unit = readSource(u"resources/systemd/livedesk-node@.service"_s);
    QHash<QString, QString> environment
        = environmentFile(readSource(u"resources/systemd/node.env"_s));
    QVERIFY(!unit.isEmpty() && environment.contains(u"LIVEDESK_OPTIONS"_s));

    // systemd's own check of the unit, with the binary where this build has it.
    const QString analyze = QStandardPaths::findExecutable(u"systemd-analyze"_s);
    if (!analyze.isEmpty()) {
        QTemporaryDir units;
        QFile copy(units.filePath(u"livedesk-node@.service"_s));
        QVERIFY(copy.open(QIODevice::WriteOnly));
        copy.write(QString(unit)
                       .replace(u"/usr/local/bin/livedesk"_s, QStringLiteral(LIVEDESK_BINARY))
                       .toUtf8());
        copy.close();
        QProcess verify;
        verify.setProcessChannelMode(QProcess::MergedChannels);
        verify.start(analyze,
            { u"verify"_s, u"--man=no"_s, units.filePath(u"livedesk-node@unit-test.service"_s) });
        QVERIFY(verify.waitForFinished(30000));
        const QByteArray said = verify.readAll();
        QVERIFY2(verify.exitCode() == 0 && said.trimmed().isEmpty(), said.constData());
    }

    // The command line it runs, with this machine's Redis, address and directory.
    environment.insert(u"LIVEDESK_REDIS"_s, m_redis->url());
    environment.insert(u"LIVEDESK_BIND"_s, u"127.0.0.1"_s);
    environment.insert(u"LIVEDESK_PORT"_s, u"0"_s);
    QStringList arguments = execStart(unit, u"unit-test"_s, environment);
    QCOMPARE(arguments.takeFirst(), u"/usr/local/bin/livedesk"_s);
    auto dir = std::make_shared<QTemporaryDir>();
    m_dirs.append(dir);
    arguments.replaceInStrings(u"/var/lib/livedesk/unit-test"_s, dir->path());
    QProcessEnvironment variables = QProcessEnvironment::systemEnvironment();
    variables.insert(u"LIVEDESK_TOKEN"_s, QString::fromLatin1(LivedeskProcess::strongToken()));
    LivedeskProcess node;
    QVERIFY2(node.start(dir->path(), arguments, variables), node.output().constData());
    QTRY_COMPARE(request(node.port(), "GET", "/api/health").status, 200);
    QCOMPARE(publish(node.port(), u"from the unit"_s).status, 201);
    const QJsonArray nodes = request(node.port(), "GET", "/api/state")
                                 .json.value(u"cluster"_s)
                                 .toObject()
                                 .value(u"nodes"_s)
                                 .toArray();
    QCOMPARE(nodes.size(), 1);
    QCOMPARE(nodes.first().toObject().value(u"node"_s).toString(), u"unit-test"_s);
    QVERIFY(node.stop()); // SIGTERM, as systemctl stop sends it: a clean exit
}

void tst_ClusterNodes::aBadRedisUrlIsRefusedAtStart_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("reason");
    QTest::newRow("not a url") << QStringList { u"--redis"_s, u"localhost:6379"_s }
                               << u"--redis: a Redis URL looks like"_s;
    QTest::newRow("tls") << QStringList { u"--redis"_s, u"rediss://h:1"_s } << u"no TLS"_s;
    QTest::newRow("bad cluster name") << QStringList { u"--redis"_s, u"redis://h:1"_s,
        u"--cluster"_s, u"a b"_s } << u"--cluster is 1 to 64"_s;
    QTest::newRow("cluster without redis")
        << QStringList { u"--cluster"_s, u"x"_s } << u"give --redis as well"_s;
}

void tst_ClusterNodes::aBadRedisUrlIsRefusedAtStart()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, reason);
    QTemporaryDir dir;
    QProcess app;
    app.start(QStringLiteral(LIVEDESK_BINARY),
        QStringList { u"--headless"_s, u"--port"_s, u"0"_s, u"--data-dir"_s, dir.path() }
            + arguments);
    QVERIFY(app.waitForFinished(10000));
    QCOMPARE(app.exitCode(), 2);
    const QString said = QString::fromUtf8(app.readAllStandardError());
    QVERIFY2(said.contains(reason), qPrintable(said));
    QCOMPARE(said.trimmed().count(u'\n'), 0); // one line
}

QTEST_GUILESS_MAIN(tst_ClusterNodes)
#include "tst_clusternodes.moc"
