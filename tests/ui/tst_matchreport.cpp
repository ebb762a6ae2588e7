#include "audiencehistory.h"
#include "domain/match.h"
#include "historymodel.h"
#include "hub/eventhub.h"
#include "matchreport.h"

#include <QFile>
#include <QImage>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

// The report after full time: the score, the key moments as the page lists them (corrected,
// retracted ones gone), the match's peak viewers, and the page as PDF and PNG.
class tst_MatchReport final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void itSaysWhatHappenedAndWhoWatched();
    void itSavesAPdfAndAPng();
    void aPlaceThatCannotBeWrittenSaysSo();
};

namespace {

const QString Channel = u"match-1"_s;

HubEventPtr event(quint64 id, const QString &type, const QJsonObject &data)
{
    return makeHubEvent(id, { Channel, type, data, QDateTime::currentDateTimeUtc() });
}

struct Fixture
{
    Fixture()
        : hub(100)
        , match(Channel, u"Riverside"_s, u"Harbour City"_s, &hub)
    {
        const auto line = [](int minute, const QString &text, bool key) {
            return QJsonObject { { u"match"_s, Channel }, { u"kind"_s, u"goal"_s },
                { u"minute"_s, minute }, { u"text"_s, text }, { u"key"_s, key } };
        };
        history.add(event(1, u"commentary"_s, line(23, u"GOAL! Okafor heads in"_s, true)));
        history.add(event(2, u"commentary"_s, line(40, u"A shot wide"_s, false)));
        history.add(event(3, u"commentary"_s, line(58, u"GOAL! Diallo"_s, true)));
        history.add(event(4, u"commentary"_s, line(66, u"GOAL? Offside"_s, true)));
        history.add(event(5, u"correction"_s,
            { { u"targetId"_s, u"3"_s }, { u"text"_s, u"GOAL! Diallo from 20 yards"_s } }));
        history.add(event(6, u"retraction"_s, { { u"targetId"_s, u"4"_s } }));
        const QDateTime start(QDate(2026, 12, 2), QTime(15, 0), Qt::UTC);
        for (int s = 0; s < 120; ++s) {
            audience.add({ start.addSecs(s), 40 + s, { { Channel, s < 60 ? s : 120 - s } }, 0, 0 });
        }
    }

    EventHub hub;
    Match match;
    HistoryModel history;
    AudienceHistory audience;
};

} // namespace

void tst_MatchReport::itSaysWhatHappenedAndWhoWatched()
{
    Fixture f;
    const MatchReport report = MatchReport::of(f.match, f.history, f.audience);
    QCOMPARE(report.title(), u"Match report: Riverside v Harbour City"_s);
    QCOMPARE(report.score(), u"Riverside 0 – 0 Harbour City"_s);
    QCOMPARE(report.moments().size(), 2);
    QCOMPARE(report.moments().at(0).minute, u"23'"_s);
    QCOMPARE(report.moments().at(0).text, u"GOAL! Okafor heads in"_s);
    QCOMPARE(report.moments().at(1).text, u"GOAL! Diallo from 20 yards"_s);
    // The match channel's own peak, not the whole server's.
    QCOMPARE(report.peakViewers(), 60);
    QCOMPARE(report.peakTime(), QDateTime(QDate(2026, 12, 2), QTime(15, 1), Qt::UTC));
}

void tst_MatchReport::itSavesAPdfAndAPng()
{
    Fixture f;
    const MatchReport report = MatchReport::of(f.match, f.history, f.audience);
    QTemporaryDir dir;
    const QString pdf = dir.filePath(u"report.pdf"_s);
    QCOMPARE(report.save(pdf), QString());
    QFile file(pdf);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(file.read(5) == "%PDF-");
    QVERIFY(file.size() > 2000);
    const QString png = dir.filePath(u"report.PNG"_s);
    QCOMPARE(report.save(png), QString());
    const QImage image(png);
    QCOMPARE(image.size(), QSize(1240, 1754));
    // Something is drawn on the white page: the title's ink at its top left.
    bool ink = false;
    for (int x = 90; x < 600 && !ink; ++x)
        ink = image.pixelColor(x, 120).lightness() < 128;
    QVERIFY(ink);
    // LIVEDESK_SCREENSHOT_DIR=docs/screenshots: the picture in docs/.
    if (const QString shots = qEnvironmentVariable("LIVEDESK_SCREENSHOT_DIR"); !shots.isEmpty())
        QCOMPARE(report.save(shots + u"/match-report.png"_s), QString());
}

void tst_MatchReport::aPlaceThatCannotBeWrittenSaysSo()
{
    Fixture f;
    const MatchReport report = MatchReport::of(f.match, f.history, f.audience);
    for (const QString &name :
        { u"/proc/livedesk-nowhere/report.pdf"_s, u"/proc/livedesk-nowhere/report.png"_s })
        QVERIFY(report.save(name).startsWith(u"Could not save the report to "_s));
}

QTEST_MAIN(tst_MatchReport)
#include "tst_matchreport.moc"
