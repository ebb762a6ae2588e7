// POST /api/media and GET /media/ over real loopback sockets, against a whole server with a
// data directory (ServerHost): the answers a script and a browser get, and the refusals.
#include "host/serverhost.h"
#include "httptestclient.h"
#include "testimages.h"

#include <QImage>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace TestImages;

namespace {

const QByteArray Token = "media-token";

struct Server
{
    QTemporaryDir dir;
    std::unique_ptr<ServerHost> host;

    Server()
    {
        ServerConfig config;
        config.port = 0;
        config.token = Token;
        config.dataDir = dir.path();
        host = std::make_unique<ServerHost>(config);
        QString error;
        if (!host->start(&error))
            qFatal("server did not start: %s", qPrintable(error));
    }
    quint16 port() const { return quint16(host->baseUrl().port()); }
    HttpTestClient::Response upload(
        const QByteArray &body, const QByteArray &type, const QByteArray &token = Token)
    {
        HttpTestClient client(host->baseUrl());
        HttpTestClient::Headers headers { { "Content-Type", type } };
        if (!token.isEmpty())
            headers.append({ "Authorization", "Bearer " + token });
        return client.send("POST", u"/api/media"_s, headers, body);
    }
};

// One request as bytes on a socket, so the target reaches the server exactly as written
// (QNetworkAccessManager would normalise "..", "%2e%2e" and the like away); the answer's
// status line and headers, and whether a body follows.
QByteArray raw(quint16 port, const QByteArray &request, int waitMs = 5000)
{
    QTcpSocket socket;
    socket.connectToHost(u"127.0.0.1"_s, port);
    if (!socket.waitForConnected(waitMs))
        return {};
    socket.write(request);
    QByteArray answer;
    while (!answer.contains("\r\n\r\n") && socket.waitForReadyRead(waitMs))
        answer += socket.readAll();
    return answer;
}

int statusOf(const QByteArray &answer)
{
    return answer.mid(9, 3).toInt();
}

} // namespace

class tst_MediaRoutes final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void aPhotoRoundTrips_data();
    void aPhotoRoundTrips();
    void badPhotosAreRefused_data();
    void badPhotosAreRefused();
    void aBodyOverTheLimitIsRefusedBeforeItIsSent();
    void anUploadWithoutTheTokenIsRefusedBeforeItsBody();
    void pathTricksFindNothing_data();
    void pathTricksFindNothing();
    void aServerWithoutADataDirectoryKeepsNoPhotos();
    void aKeptConnectionGoesOnAfterALargeAnswer();
};

void tst_MediaRoutes::aPhotoRoundTrips_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("type");
    QTest::addColumn<QByteArray>("servedAs");
    QTest::addColumn<QSize>("size");
    QTest::newRow("png") << png(QSize(640, 480)) << QByteArray("image/png")
                         << QByteArray("image/png") << QSize(640, 480);
    QTest::newRow("jpeg, scaled to 1600 wide")
        << jpeg(QSize(3200, 1800)) << QByteArray("image/jpeg") << QByteArray("image/jpeg")
        << QSize(1600, 900);
}

void tst_MediaRoutes::aPhotoRoundTrips()
{
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, type);
    QFETCH(QByteArray, servedAs);
    QFETCH(QSize, size);
    Server server;
    const HttpTestClient::Response stored = server.upload(body, type);
    QCOMPARE(stored.status, 201);
    const QString url = stored.json().value(u"url"_s).toString();
    QVERIFY2(QRegularExpression(u"^/media/[0-9a-f]{64}\\.(png|jpg)$"_s).match(url).hasMatch(),
        qPrintable(url));
    QCOMPARE(stored.header("Location"), url.toUtf8());
    QCOMPARE(
        QSize(stored.json().value(u"width"_s).toInt(), stored.json().value(u"height"_s).toInt()),
        size);

    HttpTestClient client(server.host->baseUrl());
    const HttpTestClient::Response served = client.get(url);
    QCOMPARE(served.status, 200);
    QCOMPARE(served.header("Content-Type"), servedAs);
    QCOMPARE(served.header("Cache-Control"), QByteArray("public, max-age=31536000, immutable"));
    const QByteArray etag = served.header("ETag");
    QCOMPARE(etag, '"' + url.mid(7, 64).toLatin1() + '"');
    QCOMPARE(QImage::fromData(served.body).size(), size);

    const HttpTestClient::Response head = client.send("HEAD", url);
    QCOMPARE(head.status, 200);
    QVERIFY(head.body.isEmpty());
    QCOMPARE(head.header("Content-Length"), QByteArray::number(served.body.size()));

    const HttpTestClient::Response again = client.send("GET", url, { { "If-None-Match", etag } });
    QCOMPARE(again.status, 304);
    QVERIFY(again.body.isEmpty());
    QCOMPARE(again.header("ETag"), etag);
    // The same photo again is the same file.
    QCOMPARE(server.upload(body, type).json().value(u"url"_s).toString(), url);
}

void tst_MediaRoutes::badPhotosAreRefused_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("type");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("error");
    const QByteArray photo = jpeg(QSize(800, 600));
    QTest::newRow("a text file said to be a PNG")
        << QByteArray("Line-ups at 14:00\n") << QByteArray("image/png") << 415
        << u"the body is not a PNG image"_s;
    QTest::newRow("a truncated JPEG") << photo.left(photo.size() / 2) << QByteArray("image/jpeg")
                                      << 415 << u"could not be decoded"_s;
    QTest::newRow("a PNG claiming 100,000 × 100,000") << pngClaiming(100000,
        100000) << QByteArray("image/png") << 413 << u"100000 × 100000 pixels"_s;
    QTest::newRow("a JPEG said to be a PNG")
        << photo << QByteArray("image/png") << 415 << u"declared image/png"_s;
    QTest::newRow("not an image type")
        << photo << QByteArray("text/plain") << 415 << u"Content-Type must be one of"_s;
    QTest::newRow("empty") << QByteArray() << QByteArray("image/png") << 400 << u"empty"_s;
}

void tst_MediaRoutes::badPhotosAreRefused()
{
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, type);
    QFETCH(int, status);
    QFETCH(QString, error);
    Server server;
    const HttpTestClient::Response answer = server.upload(body, type);
    QCOMPARE(answer.status, status);
    QVERIFY2(answer.json().value(u"error"_s).toString().contains(error), answer.body.constData());
    QVERIFY(!QDir(server.dir.filePath(u"media"_s)).exists()
        || QDir(server.dir.filePath(u"media"_s)).isEmpty());
}

// 10 MB and one byte: refused from its head, so the client need not send the body at all.
void tst_MediaRoutes::aBodyOverTheLimitIsRefusedBeforeItIsSent()
{
    Server server;
    const QByteArray answer = raw(server.port(),
        "POST /api/media HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + Token
            + "\r\nContent-Type: image/jpeg\r\nContent-Length: 10485761\r\n\r\n");
    QCOMPARE(statusOf(answer), 413);
    // Exactly 10 MB is let through to the photo checks (and refused there: it is no image).
    HttpTestClient::Response atTheLimit
        = server.upload(QByteArray(10 * 1024 * 1024, 'x'), "image/jpeg");
    QCOMPARE(atTheLimit.status, 415);
}

void tst_MediaRoutes::anUploadWithoutTheTokenIsRefusedBeforeItsBody()
{
    Server server;
    const QByteArray answer = raw(server.port(),
        "POST /api/media HTTP/1.1\r\nHost: x\r\nContent-Type: image/png\r\n"
        "Content-Length: 5000000\r\n\r\n");
    QCOMPARE(statusOf(answer), 401);
    QCOMPARE(server.upload(png(), "image/png", "wrong").status, 401);
}

void tst_MediaRoutes::pathTricksFindNothing_data()
{
    QTest::addColumn<QByteArray>("target");
    QTest::newRow("..") << QByteArray("/media/../journal.sqlite");
    QTest::newRow("%2e%2e") << QByteArray("/media/%2e%2e/journal.sqlite");
    QTest::newRow("%2E%2E%2F") << QByteArray("/media/%2E%2E%2Fjournal.sqlite");
    QTest::newRow("NUL") << QByteArray("/media/%00");
    QTest::newRow("a name and a NUL")
        << QByteArray("/media/" + QByteArray(64, 'a') + ".png%00.txt");
    QTest::newRow("upper case") << QByteArray("/media/" + QByteArray(64, 'A') + ".png");
    QTest::newRow("a folder") << QByteArray("/media/");
    QTest::newRow("never stored") << QByteArray("/media/" + QByteArray(64, 'a') + ".png");
    QTest::newRow("the journal by name") << QByteArray("/media/journal.sqlite");
    QTest::newRow("backslash") << QByteArray("/media/..%5cjournal.sqlite");
}

void tst_MediaRoutes::pathTricksFindNothing()
{
    QFETCH(QByteArray, target);
    Server server;
    QCOMPARE(server.upload(png(), "image/png").status, 201);
    const QByteArray answer
        = raw(server.port(), "GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    QVERIFY2(statusOf(answer) == 404, answer.constData());
    QVERIFY(!answer.contains("SQLite"));
}

void tst_MediaRoutes::aServerWithoutADataDirectoryKeepsNoPhotos()
{
    ServerConfig config;
    config.port = 0;
    config.token = Token;
    ServerHost host(config);
    QString error;
    QVERIFY2(host.start(&error), qPrintable(error));
    HttpTestClient client(host.baseUrl());
    const HttpTestClient::Response answer = client.send("POST", u"/api/media"_s,
        { { "Content-Type", "image/png" }, { "Authorization", "Bearer " + Token } }, png());
    QCOMPARE(answer.status, 503);
    QVERIFY(answer.json().value(u"error"_s).toString().contains(u"data directory"_s));
}

// Found by the round trip: an answer too large to send at once, which the kernel then took in
// one write all the same, left its kept connection unread until the write timeout (10 s). The
// next request on the connection is answered now, well within that.
void tst_MediaRoutes::aKeptConnectionGoesOnAfterALargeAnswer()
{
    Server server;
    const QString url
        = server.upload(png(QSize(800, 600)), "image/png").json()[u"url"_s].toString();
    QTcpSocket socket;
    socket.connectToHost(u"127.0.0.1"_s, server.port());
    QVERIFY(socket.waitForConnected());
    const QByteArray get = "GET " + url.toLatin1() + " HTTP/1.1\r\nHost: x\r\n\r\n";
    socket.write(get);
    QByteArray answer;
    while (!answer.contains("\r\n\r\n") && socket.waitForReadyRead(5000))
        answer += socket.readAll();
    QCOMPARE(statusOf(answer), 200);
    const qsizetype length
        = answer.mid(answer.indexOf("Content-Length: ") + 16).split('\r').at(0).toLongLong();
    QVERIFY(length > 64 * 1024); // past what is sent at once
    const qsizetype whole = answer.indexOf("\r\n\r\n") + 4 + length;
    while (answer.size() < whole && socket.waitForReadyRead(5000))
        answer += socket.readAll();
    QCOMPARE(answer.size(), whole);
    socket.write("HEAD " + url.toLatin1() + " HTTP/1.1\r\nHost: x\r\n\r\n");
    QByteArray second;
    while (!second.contains("\r\n\r\n") && socket.waitForReadyRead(5000))
        second += socket.readAll();
    QCOMPARE(statusOf(second), 200);
}

QTEST_GUILESS_MAIN(tst_MediaRoutes)
#include "tst_mediaroutes.moc"
