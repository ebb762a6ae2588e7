#include "httptestclient.h"
#include "livedeskprocess.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <vector>

using namespace Qt::StringLiterals;

namespace {

constexpr qint64 MiB = 1024 * 1024;

// What /metrics says `name` is.
qint64 metric(HttpTestClient &http, const QByteArray &name)
{
    for (const QByteArray &line : http.get(u"/metrics"_s).body.split('\n')) {
        if (line.startsWith(QByteArray(name + ' ')))
            return line.sliced(name.size() + 1).toLongLong();
    }
    return -1;
}

// A score of 60 KB on each of 100 matches: an /api/state document of about 9 MB, the shape
// of issue 13's attack (there 3.3 MB) at three times the size.
void publishLargeScores(HttpTestClient &http)
{
    const QByteArray blob(60000, 'x');
    for (int i = 0; i < 100; ++i) {
        const QByteArray body = R"({"channel":"m)" + QByteArray::number(i)
            + R"(","type":"score","data":{"home":"A","away":"B","homeScore":0,"awayScore":0,)"
              R"("note":")"
            + blob + R"("}})";
        QCOMPARE(http.publish(LivedeskProcess::strongToken(), body).status, 201);
    }
}

// Requests being answered, plus those refused for the budget and those reset for not
// reading: at least one for each request handled. (A refusal still on its way counts
// twice, and so, for a moment, does a /metrics answer.)
qint64 answeredOrRefused(HttpTestClient &http)
{
    return metric(http, "livedesk_answer_connections")
        + metric(http, "livedesk_answers_refused_total")
        + metric(http, "livedesk_answers_reset_total");
}

// A client that asks for /api/state and never reads the answer.
std::unique_ptr<QTcpSocket> stalledRequest(quint16 port, const QByteArray &target = "/api/state")
{
    auto socket = std::make_unique<QTcpSocket>();
    socket->setReadBufferSize(1024);
    socket->connectToHost(QHostAddress::LocalHost, port);
    socket->setSocketOption(QAbstractSocket::ReceiveBufferSizeSocketOption, 4096);
    socket->write("GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n");
    return socket;
}

} // namespace

// Issue 13, item 1: 300 clients that sent GET /api/state and never read took the server from
// 30 MB to 1 GB, and the memory stayed after they closed. Measured here on the real binary.
class tst_UnreadAnswers final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void identicalAnswersAreHeldOnce();
    void differentAnswersStayWithinTheBudget();

private:
    QTemporaryDir m_dir;
};

void tst_UnreadAnswers::identicalAnswersAreHeldOnce()
{
#ifdef LIVEDESK_SANITIZED
    // Memory is measured on the build users get (the default preset runs this in full): ASan
    // keeps freed memory in quarantine, so RSS never comes back down, and it runs several
    // times slower, so the 10 s write timeout resets stalled clients before they can be counted.
    QSKIP("measured on the unsanitized build only");
#endif
    LivedeskProcess app;
    QVERIFY2(app.start(m_dir.filePath(u"same"_s),
                 { u"--token"_s, QString::fromLatin1(LivedeskProcess::strongToken()) }),
        app.output().constData());
    HttpTestClient http(app.url());
    publishLargeScores(http);
    const qsizetype documentBytes = http.get(u"/api/state"_s).body.size();
    QVERIFY(documentBytes > 9000000);
    const qint64 before = app.residentBytes();

    std::vector<std::unique_ptr<QTcpSocket>> stalled;
    stalled.reserve(300);
    for (int i = 0; i < 300; ++i)
        stalled.push_back(stalledRequest(app.port()));
    // Every one is being answered (the kernel, short of memory for so many, may not even
    // have taken a byte for some).
    QTRY_VERIFY(answeredOrRefused(http) >= 300);
    const qint64 during = app.residentBytes();

    // Meanwhile a client that reads gets the whole document, and /api/health answers.
    const auto state = http.get(u"/api/state"_s);
    QCOMPARE(state.status, 200);
    QCOMPARE(state.body.size(), documentBytes);
    QCOMPARE(http.get(u"/api/health"_s).status, 200);
    // One copy of the document, not 300: 2.7 GB before the fix.
    QVERIFY(metric(http, "livedesk_answer_bytes_held") < documentBytes + 1024);

    stalled.clear(); // closed with their answers unread: a reset
    QTRY_COMPARE(metric(http, "livedesk_answer_bytes_held"), 0);
    // Back down once the server has given the freed pages back (shortly after the closes).
    QTRY_VERIFY_WITH_TIMEOUT(app.residentBytes() - before < 24 * MiB, 10000);
    qInfo("RSS: %lld MB before, %lld MB with 300 unread answers of %lld MB, %lld MB after",
        before / MiB, during / MiB, qint64(documentBytes) / MiB, app.residentBytes() / MiB);
    QVERIFY2(during - before < 64 * MiB, qPrintable(QString::number(during / MiB)));
}

void tst_UnreadAnswers::differentAnswersStayWithinTheBudget()
{
#ifdef LIVEDESK_SANITIZED
    // Memory is measured on the build users get (the default preset runs this in full): ASan
    // keeps freed memory in quarantine, so RSS never comes back down, and it runs several
    // times slower, so the 10 s write timeout resets stalled clients before they can be counted.
    QSKIP("measured on the unsanitized build only");
#endif
    // 300 different channel filters make 300 different documents (64 scoreboards of 60 KB
    // each, about 7 MB), so none can be shared: the 64 MiB budget holds, and the rest are
    // refused with 503 before anything is built.
    LivedeskProcess app;
    QVERIFY2(app.start(m_dir.filePath(u"different"_s),
                 { u"--token"_s, QString::fromLatin1(LivedeskProcess::strongToken()) }),
        app.output().constData());
    HttpTestClient http(app.url());
    publishLargeScores(http);
    QCOMPARE(http.get(u"/api/state"_s).status, 200);
    const qint64 before = app.residentBytes();

    std::vector<std::unique_ptr<QTcpSocket>> stalled;
    QByteArrayList channels;
    for (int k = 0; k < 300; ++k) {
        // 65 matches from k % 100 on, less one of them: a set no other k asks for.
        channels.clear();
        for (int i = 0; i < 65; ++i) {
            if (i != 1 + k / 100)
                channels.append("m" + QByteArray::number((k % 100 + i) % 100));
        }
        stalled.push_back(stalledRequest(app.port(), "/api/state?channel=" + channels.join(',')));
    }
    // Handled: a few held (such an answer never completes unread), the rest refused.
    QTRY_VERIFY(metric(http, "livedesk_answers_refused_total") >= 280);
    QTRY_VERIFY(answeredOrRefused(http) >= 300);
    const qint64 peak = app.residentBytes();
    const qint64 held = metric(http, "livedesk_answer_bytes_held");
    QVERIFY2(held > 32 * MiB && held <= 64 * MiB, qPrintable(QString::number(held)));
    const auto busy = http.get(u"/api/state"_s);
    QCOMPARE(busy.status, 503);
    QCOMPARE(busy.header("Retry-After"), QByteArray("2"));
    QCOMPARE(http.get(u"/api/health"_s).status, 200);
    QCOMPARE(http.get(u"/"_s).status, 200);

    stalled.clear();
    QTRY_COMPARE(metric(http, "livedesk_answer_bytes_held"), 0);
    QCOMPARE(http.get(u"/api/state"_s).status, 200);
    QTRY_VERIFY_WITH_TIMEOUT(app.residentBytes() - before < 24 * MiB, 10000);
    qInfo("RSS: %lld MB before, %lld MB with 300 unread different answers, %lld MB after",
        before / MiB, peak / MiB, app.residentBytes() / MiB);
    // The budget, one document built past it and refused, and 300 connections.
    QVERIFY2(peak - before < 128 * MiB, qPrintable(QString::number(peak / MiB)));
}

QTEST_MAIN(tst_UnreadAnswers)
#include "tst_unreadanswers.moc"
