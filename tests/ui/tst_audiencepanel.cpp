#include "audiencehistory.h"
#include "audiencepanel.h"
#include "englishmain.h"

#include <QApplication>
#include <QFile>
#include <QImage>
#include <QLabel>
#include <QLineSeries>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>

using namespace Qt::StringLiterals;

// The Audience panel and its history: points a second apart, rates from the counters, the
// peak, two hours and no more, and what it saves (a PNG of the charts, the data as CSV).
class tst_AudiencePanel final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void ratesComeFromTheCountersOverAMinute();
    void twoHoursAreKeptAndNoMore();
    void thePanelDrawsEachChannelAndMarksThePeak();
    void itSavesThePictureAndTheData();
    void aFileThatCannotBeWrittenSaysSo();
};

namespace {

const QDateTime Start(QDate(2026, 12, 2), QTime(15, 0), Qt::UTC);

AudienceSample at(int second, int viewers, QMap<QString, int> channels = {}, quint64 published = 0,
    quint64 dropped = 0)
{
    return { Start.addSecs(second), viewers, std::move(channels), published, dropped };
}

} // namespace

void tst_AudiencePanel::ratesComeFromTheCountersOverAMinute()
{
    AudienceHistory history;
    history.add(at(0, 1, {}, 100, 0));
    history.noteLatency(4.5);
    history.noteLatency(12.25); // the highest of the second counts
    const AudienceHistory::Point half = history.add(at(30, 1, {}, 110, 1));
    QCOMPARE(half.postsPerMinute, 20.0); // 10 posts in 30 s
    QCOMPARE(half.droppedPerMinute, 2.0);
    QCOMPARE(half.latencyMs, 12.25);
    for (int s = 31; s <= 90; ++s)
        history.add(at(s, 1, {}, 110 + quint64(s - 30), 1));
    // 60 posts over the last minute (from second 30 to 90), one a second.
    QCOMPARE(history.points().back().postsPerMinute, 60.0);
    QCOMPARE(history.points().back().droppedPerMinute, 0.0);
    QCOMPARE(history.points().back().latencyMs, -1.0);
}

void tst_AudiencePanel::twoHoursAreKeptAndNoMore()
{
    AudienceHistory history;
    constexpr int TwoHours = 2 * 60 * 60;
    for (int s = 0; s <= TwoHours + 600; s += 5)
        history.add(at(s, s == 300 ? 50 : 3));
    QCOMPARE(history.points().front().time, Start.addSecs(600));
    QCOMPARE(history.points().back().time, Start.addSecs(TwoHours + 600));
    // The peak at 300 s left with its point.
    QCOMPARE(history.peak()->viewers, 3);
    QCOMPARE(history.peak()->time, Start.addSecs(600));
}

void tst_AudiencePanel::thePanelDrawsEachChannelAndMarksThePeak()
{
    AudiencePanel panel;
    panel.resize(900, 600);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    const QLabel *peak = panel.findChild<QLabel *>(u"audiencePeak"_s);
    QCOMPARE(peak->text(), u"No viewers yet."_s);
    panel.addSample(at(0, 2, { { u"m1"_s, 2 } }));
    panel.addSample(at(1, 7, { { u"m1"_s, 5 }, { u"news"_s, 4 } }));
    panel.addSample(at(2, 4, { { u"m1"_s, 3 }, { u"news"_s, 2 } }));
    QCOMPARE(panel.viewersLine(u"*"_s)->count(), 3);
    QCOMPARE(panel.viewersLine(u"m1"_s)->count(), 3);
    QCOMPARE(panel.viewersLine(u"news"_s)->count(), 2);
    QCOMPARE(panel.viewersLine(u"news"_s)->at(0).y(), 4.0);
    QVERIFY(!panel.viewersLine(u"nobody"_s));
    QVERIFY2(peak->text().startsWith(u"Peak: 7 viewers at "_s), qPrintable(peak->text()));
}

void tst_AudiencePanel::itSavesThePictureAndTheData()
{
    AudiencePanel panel;
    panel.resize(900, 600);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    for (int s = 0; s < 30; ++s)
        panel.addSample(at(s, s, { { u"m1"_s, s / 2 } }, quint64(s) * 2));
    panel.noteLatency(8);
    panel.addSample(at(30, 30, { { u"m1"_s, 15 }, { u"m2"_s, 1 } }, 60, 2));
    QTemporaryDir dir;
    const QString png = dir.filePath(u"audience.png"_s);
    QCOMPARE(panel.savePng(png), QString());
    const QImage picture(png);
    QVERIFY(picture.width() > 400 && picture.height() > 300);
    QVERIFY(picture.pixelColor(picture.width() / 4, picture.height() / 4).isValid());

    const QString csv = dir.filePath(u"audience.csv"_s);
    QCOMPARE(panel.saveCsv(csv), QString());
    QFile file(csv);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = file.readAll().split('\n');
    QCOMPARE(lines.at(0).trimmed(),
        QByteArray("time,viewers,posts_per_minute,dropped_per_minute,latency_ms,viewers:m1,"
                   "viewers:m2"));
    QCOMPARE(lines.at(1).trimmed(), QByteArray("2026-12-02T15:00:00.000Z,0,0,0,,0,0"));
    QCOMPARE(lines.at(31).trimmed(), QByteArray("2026-12-02T15:00:30.000Z,30,120,4,8,15,1"));
}

void tst_AudiencePanel::aFileThatCannotBeWrittenSaysSo()
{
    AudiencePanel panel;
    panel.addSample(at(0, 1));
    const QString nowhere = u"/proc/livedesk-cannot-write-here/audience"_s;
    QVERIFY(panel.saveCsv(nowhere + u".csv"_s).startsWith(u"Could not save the data to "_s));
    QVERIFY(panel.savePng(nowhere + u".png"_s).startsWith(u"Could not save the charts to "_s));
}

LIVEDESK_TEST_MAIN_IN_ENGLISH(tst_AudiencePanel)
#include "tst_audiencepanel.moc"
