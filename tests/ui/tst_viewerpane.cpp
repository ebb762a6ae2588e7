#include "host/serverhost.h"
#include "viewerpane.h"

#include <QDir>
#include <QFile>
#include <QFrame>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QListWidget>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QTranslator>

#include <memory>
#include <optional>

using namespace Qt::StringLiterals;

namespace {

QJsonObject readJson(const QString &name)
{
    QFile file(QStringLiteral(LIVEDESK_PARITY_DIR) + u'/' + name);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(file.fileName()));
    return QJsonDocument::fromJson(file.readAll()).object();
}

// tests/parity: the events, and what the page shows after them (its "about" is for people).
QJsonArray fixtureEvents()
{
    return readJson(u"events.json"_s).value(u"events"_s).toArray();
}

QJsonObject expectedRendering()
{
    QJsonObject expected = readJson(u"expected.json"_s);
    expected.remove(u"about"_s);
    return expected;
}

ServerConfig config(const QString &dataDir = {})
{
    ServerConfig c;
    c.port = 0;
    c.token = "token";
    c.dataDir = dataDir;
    c.retryMs = 50;
    return c;
}

std::unique_ptr<ServerHost> startHost(const ServerConfig &c)
{
    auto host = std::make_unique<ServerHost>(c);
    QString error;
    if (!host->start(&error))
        qFatal("server did not start: %s", qPrintable(error));
    return host;
}

// Publishes and waits for the outcome; the stored id, or 0.
quint64 publish(
    ServerHost &host, const QString &channel, const QString &type, const QJsonValue &data)
{
    std::optional<PublishOutcome> outcome;
    host.publish(channel, type, data, nullptr, [&](const PublishOutcome &o) { outcome = o; });
    if (!QTest::qWaitFor([&] { return outcome.has_value(); }, 5000) || !outcome->ok())
        return 0;
    return outcome->id();
}

// events.json in order; a targetId "#N" becomes the id the Nth event was given.
bool publishFixture(ServerHost &host)
{
    QList<quint64> ids;
    const QJsonArray fixture = fixtureEvents();
    for (const auto &value : fixture) {
        const QJsonObject event = value.toObject();
        QJsonObject data = event.value(u"data"_s).toObject();
        const QString target = data.value(u"targetId"_s).toString();
        if (target.startsWith(u'#'))
            data.insert(
                u"targetId"_s, QString::number(ids.value(QStringView(target).mid(1).toInt() - 1)));
        const quint64 id = publish(
            host, event.value(u"channel"_s).toString(), event.value(u"type"_s).toString(), data);
        if (id == 0)
            return false;
        ids << id;
    }
    return true;
}

QString shownText(const QWidget *pane, const QString &name)
{
    const auto *label = pane->findChild<QLabel *>(name);
    return label && label->isVisibleTo(pane) ? label->text() : QString();
}

// The pane read back from its widgets, in the shape of expected.json (the browser test reads
// the page's DOM into the same shape).
QJsonObject rendered(const ViewerPane &pane)
{
    QJsonArray boards;
    const auto *boardsArea = pane.findChild<QWidget *>(u"viewerBoards"_s);
    const QList<QFrame *> frames
        = boardsArea->findChildren<QFrame *>(u"viewerBoard"_s, Qt::FindDirectChildrenOnly);
    for (const QFrame *frame : frames) {
        const auto text = [frame](const QString &name) {
            const auto *label = frame->findChild<QLabel *>(name);
            return label->isVisibleTo(frame) ? label->text() : QString();
        };
        boards.append(QJsonObject { { u"teams"_s, text(u"boardTeams"_s) },
            { u"score"_s, text(u"boardScore"_s) }, { u"clock"_s, text(u"boardClock"_s) },
            { u"state"_s, text(u"boardState"_s) },
            { u"ended"_s, frame->property("ended").toBool() } });
    }
    QJsonArray items;
    const auto *list = pane.findChild<QListWidget *>(u"viewerList"_s);
    for (int row = 0; row < list->count(); ++row) {
        const QListWidgetItem *item = list->item(row);
        items.append(QJsonObject {
            { u"type"_s, item->data(ViewerPane::TypeRole).toString() },
            { u"meta"_s,
                QJsonArray::fromStringList(item->data(ViewerPane::MetaRole).toStringList()) },
            { u"lines"_s,
                QJsonArray::fromStringList(item->data(ViewerPane::LinesRole).toStringList()) },
            { u"urgent"_s, item->data(ViewerPane::UrgentRole).toBool() },
        });
    }
    return QJsonObject { { u"boards"_s, boards }, { u"items"_s, items },
        { u"banner"_s, shownText(&pane, u"viewerBannerText"_s) },
        { u"notice"_s, shownText(&pane, u"viewerNotice"_s) },
        { u"empty"_s, shownText(&pane, u"viewerEmpty"_s) } };
}

QByteArray pretty(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Indented);
}

// What the list shows is the card it holds: meta words joined by " · ", then each line.
bool textsAreTheCards(const ViewerPane &pane)
{
    const auto *list = pane.findChild<QListWidget *>(u"viewerList"_s);
    for (int row = 0; row < list->count(); ++row) {
        const QListWidgetItem *item = list->item(row);
        const QString card = item->data(ViewerPane::MetaRole).toStringList().join(u" · "_s) + u'\n'
            + item->data(ViewerPane::LinesRole).toStringList().join(u'\n');
        if (item->text() != card)
            return false;
    }
    return true;
}

QStringList metaOf(const ViewerPane &pane, int row)
{
    return pane.findChild<QListWidget *>(u"viewerList"_s)
        ->item(row)
        ->data(ViewerPane::MetaRole)
        .toStringList();
}

int itemCount(const ViewerPane &pane)
{
    return pane.findChild<QListWidget *>(u"viewerList"_s)->count();
}

QJsonObject flash(const QString &headline, bool urgent = false)
{
    return { { u"headline"_s, headline }, { u"urgent"_s, urgent } };
}

QJsonObject score(
    const QString &home, const QString &away, int homeScore, int awayScore, const QString &period)
{
    return { { u"match"_s, u"match-1"_s }, { u"home"_s, home }, { u"away"_s, away },
        { u"homeScore"_s, homeScore }, { u"awayScore"_s, awayScore }, { u"minute"_s, 80 },
        { u"period"_s, period } };
}

// A few of the pane's words in Chinese, as the merged .ts has them: what matters here is
// that they go through tr() in EventRenderer's context.
class Chinese final : public QTranslator
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Chinese)

public:
    Chinese() = default;

    QString translate(const char *context, const char *source, const char *, int) const override
    {
        static const QHash<QByteArray, QString> words {
            { "EventRenderer|Goal", u"进球"_s },
            { "EventRenderer|corrected", u"已更正"_s },
            { "EventRenderer|Ended", u"已结束"_s },
            { "EventRenderer|Full-time", u"全场结束"_s },
            { "EventRenderer|Urgent", u"紧急"_s },
        };
        return words.value(QByteArray(context) + '|' + source);
    }
    bool isEmpty() const override { return false; }
};

} // namespace

class tst_ViewerPane final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void liveMatchDayRendersAsThePageDoes();
    void lateJoinerRendersTheSame();
    void afterARestartThePaneComesBackAsViewersSeeIt();
    void aServerFromBeforeItsIdsResyncsWithANotice();
    void scoreChangesUpdateTheBoardAndAddNoItem();
    void aMatchAtFullTimeIsEndedUntilReopened();
    void renamedTeamsReachTheItems();
    void theBannerFollowsItsFlash();
    void itemsAreBoundedAsOnThePage();
    void otherPayloadsShowAsThePageShowsThem();
    void wordsAreTranslated();
    void pinnedPostsStayOnTopAsOnThePage();
};

void tst_ViewerPane::liveMatchDayRendersAsThePageDoes()
{
    auto host = startHost(config());
    ViewerPane pane;
    pane.show();
    pane.connectTo(host->baseUrl());
    QTRY_COMPARE(pane.feed()->state(), FeedClient::State::Open);
    QCOMPARE(rendered(pane).value(u"empty"_s).toString(),
        u"Nothing yet. New items appear here the moment they are sent."_s);

    QVERIFY(publishFixture(*host));
    const QJsonObject expected = expectedRendering();
    // Waits for the whole day; on a difference, the comparison below shows it whole.
    (void)QTest::qWaitFor([&] { return rendered(pane) == expected; }, 10000);
    QCOMPARE(pretty(rendered(pane)), pretty(expected));
    QVERIFY(textsAreTheCards(pane));
    // For a human eye beside the page's (tests/browser: viewer-desktop.png).
    if (const QString dir = qEnvironmentVariable("LIVEDESK_SCREENSHOT_DIR"); !dir.isEmpty()) {
        pane.resize(460, 820);
        QVERIFY(QDir().mkpath(dir));
        QVERIFY(pane.grab().save(dir + u"/viewer-pane.png"_s));
    }
}

void tst_ViewerPane::lateJoinerRendersTheSame()
{
    auto host = startHost(config());
    QVERIFY(publishFixture(*host));
    ViewerPane pane;
    pane.show();
    pane.connectTo(host->baseUrl());
    QTRY_COMPARE(pane.feed()->state(), FeedClient::State::Open);
    // The snapshot alone: nothing in it is replayed by the stream that follows.
    QCOMPARE(pretty(rendered(pane)), pretty(expectedRendering()));
    QVERIFY(textsAreTheCards(pane));
    const int before = itemCount(pane);
    QVERIFY(publish(*host, u"news"_s, u"news-flash"_s, flash(u"After joining"_s)));
    QTRY_COMPARE(itemCount(pane), before + 1);
    QCOMPARE(metaOf(pane, 0), (QStringList { u"News"_s }));
}

void tst_ViewerPane::afterARestartThePaneComesBackAsViewersSeeIt()
{
    QTemporaryDir dir;
    auto host = startHost(config(dir.path()));
    QVERIFY(publishFixture(*host));
    host->stop();

    // The app again, on the same journal: a new pane, as the window makes one at start.
    host = startHost(config(dir.path()));
    ViewerPane pane;
    pane.show();
    pane.connectTo(host->baseUrl());
    QTRY_COMPARE(pane.feed()->state(), FeedClient::State::Open);
    QCOMPARE(pretty(rendered(pane)), pretty(expectedRendering()));

    // And a pane that was open across a restart of the server (Settings): connectTo() again.
    QString error;
    QVERIFY(host->restart(config(dir.path()), &error));
    pane.connectTo(host->baseUrl());
    QTRY_COMPARE(pane.feed()->state(), FeedClient::State::Open);
    QCOMPARE(pretty(rendered(pane)), pretty(expectedRendering()));
}

void tst_ViewerPane::aServerFromBeforeItsIdsResyncsWithANotice()
{
    // A server without a journal starts its ids again: the pane's last id is from its future.
    auto host = startHost(config());
    ViewerPane pane;
    pane.connectTo(host->baseUrl());
    QTRY_COMPARE(pane.feed()->state(), FeedClient::State::Open);
    for (int i = 0; i < 3; ++i)
        QVERIFY(publish(*host, u"news"_s, u"news-flash"_s, flash(u"Old %1"_s.arg(i))));
    QTRY_COMPARE(itemCount(pane), 3);
    ServerConfig same = config();
    same.port = quint16(host->baseUrl().port());
    host->stop();
    QTRY_COMPARE(pane.feed()->state(), FeedClient::State::Reconnecting);
    host = startHost(same);
    QTRY_COMPARE_WITH_TIMEOUT(rendered(pane).value(u"notice"_s).toString(),
        u"Some updates were missed while offline; showing the latest."_s, 10000);
    QCOMPARE(itemCount(pane), 0);
    QVERIFY(publish(*host, u"news"_s, u"news-flash"_s, flash(u"New"_s)));
    QTRY_COMPARE(itemCount(pane), 1);
    QCOMPARE(rendered(pane).value(u"empty"_s).toString(), QString());
}

void tst_ViewerPane::scoreChangesUpdateTheBoardAndAddNoItem()
{
    auto host = startHost(config());
    ViewerPane pane;
    pane.connectTo(host->baseUrl());
    QTRY_COMPARE(pane.feed()->state(), FeedClient::State::Open);
    QVERIFY(publish(*host, u"match-1"_s, u"score"_s, score(u"A"_s, u"B"_s, 1, 0, u"1st half"_s)));
    QVERIFY(publish(*host, u"match-1"_s, u"score"_s, score(u"A"_s, u"B"_s, 2, 0, u"2nd half"_s)));
    QVERIFY(publish(*host, u"news"_s, u"news-flash"_s, flash(u"sentinel"_s)));
    QTRY_COMPARE(itemCount(pane), 1);
    const QJsonArray boards = rendered(pane).value(u"boards"_s).toArray();
    QCOMPARE(boards.size(), 1);
    QCOMPARE(boards.at(0).toObject().value(u"score"_s).toString(), u"2 – 0"_s);
    QCOMPARE(boards.at(0).toObject().value(u"clock"_s).toString(), u"80' · 2nd half"_s);
    QCOMPARE(boards.at(0).toObject().value(u"teams"_s).toString(), u"A – B"_s);
}

void tst_ViewerPane::aMatchAtFullTimeIsEndedUntilReopened()
{
    auto host = startHost(config());
    ViewerPane pane;
    pane.connectTo(host->baseUrl());
    QTRY_COMPARE(pane.feed()->state(), FeedClient::State::Open);
    const auto board = [&pane] { return rendered(pane).value(u"boards"_s)[0].toObject(); };
    QJsonObject clock = score(u"A"_s, u"B"_s, 0, 0, u"2nd half"_s);
    clock.insert(u"minute"_s, 90);
    clock.insert(u"second"_s, 12);
    QVERIFY(publish(*host, u"match-1"_s, u"clock"_s, clock));
    QTRY_COMPARE(board().value(u"clock"_s).toString(), u"89:12 · 2nd half"_s);
    QCOMPARE(board().value(u"ended"_s).toBool(), false);

    // Full time (closing the match publishes it): ended, no running time, whatever the
    // older clock said.
    QVERIFY(publish(*host, u"match-1"_s, u"score"_s, score(u"A"_s, u"B"_s, 2, 1, u"full-time"_s)));
    QTRY_COMPARE(board().value(u"ended"_s).toBool(), true);
    QCOMPARE(board().value(u"clock"_s).toString(), u"Full-time"_s);
    QCOMPARE(board().value(u"state"_s).toString(), u"Ended"_s);
    QCOMPARE(board().value(u"score"_s).toString(), u"2 – 1"_s);

    // Set back by mistake and corrected: the board follows the newest word.
    QVERIFY(publish(*host, u"match-1"_s, u"score"_s, score(u"A"_s, u"B"_s, 2, 1, u"2nd half"_s)));
    QTRY_COMPARE(board().value(u"ended"_s).toBool(), false);
    QCOMPARE(board().value(u"state"_s).toString(), QString());
    QCOMPARE(board().value(u"clock"_s).toString(), u"89:12 · 2nd half"_s);
}

void tst_ViewerPane::renamedTeamsReachTheItems()
{
    auto host = startHost(config());
    ViewerPane pane;
    pane.connectTo(host->baseUrl());
    QTRY_COMPARE(pane.feed()->state(), FeedClient::State::Open);
    QVERIFY(publish(*host, u"match-1"_s, u"commentary"_s,
        QJsonObject { { u"match"_s, u"match-1"_s }, { u"minute"_s, 3 }, { u"kind"_s, u"goal"_s },
            { u"text"_s, u"In!"_s } }));
    // No board has named the match yet: no tag, and never the channel id.
    QTRY_COMPARE(itemCount(pane), 1);
    QCOMPARE(metaOf(pane, 0), (QStringList { u"3'"_s, u"Goal"_s }));
    QVERIFY(publish(*host, u"match-1"_s, u"score"_s, score(u"A"_s, u"B"_s, 1, 0, u"1st half"_s)));
    QTRY_COMPARE(metaOf(pane, 0), (QStringList { u"3'"_s, u"Goal"_s, u"A – B"_s }));
    QVERIFY(
        publish(*host, u"match-1"_s, u"score"_s, score(u"A FC"_s, u"B"_s, 1, 0, u"1st half"_s)));
    QTRY_COMPARE(metaOf(pane, 0), (QStringList { u"3'"_s, u"Goal"_s, u"A FC – B"_s }));
    QVERIFY(textsAreTheCards(pane));
}

void tst_ViewerPane::theBannerFollowsItsFlash()
{
    auto host = startHost(config());
    ViewerPane pane;
    pane.show();
    pane.connectTo(host->baseUrl());
    QTRY_COMPARE(pane.feed()->state(), FeedClient::State::Open);
    const auto banner = [&pane] { return rendered(pane).value(u"banner"_s).toString(); };
    const quint64 first = publish(*host, u"news"_s, u"news-flash"_s, flash(u"Abandoned"_s, true));
    QTRY_COMPARE(banner(), u"Urgent: Abandoned"_s);
    QVERIFY(textsAreTheCards(pane));

    // Corrected, and no longer urgent: the banner goes with it.
    QVERIFY(publish(*host, u"news"_s, u"correction"_s,
        QJsonObject { { u"targetId"_s, QString::number(first) }, { u"urgent"_s, false } }));
    QTRY_COMPARE(metaOf(pane, 0), (QStringList { u"News"_s, u"corrected"_s }));
    QCOMPARE(banner(), QString());

    // Retracted: the item and its banner go.
    const quint64 second = publish(*host, u"news"_s, u"news-flash"_s, flash(u"Delayed"_s, true));
    QTRY_COMPARE(banner(), u"Urgent: Delayed"_s);
    QVERIFY(publish(*host, u"news"_s, u"retraction"_s,
        QJsonObject { { u"targetId"_s, QString::number(second) } }));
    QTRY_COMPARE(itemCount(pane), 1);
    QCOMPARE(banner(), QString());

    // Viewers can close it; so can the operator, with the mouse.
    QVERIFY(publish(*host, u"news"_s, u"news-flash"_s, flash(u"Kick-off moved"_s, true)));
    QTRY_COMPARE(banner(), u"Urgent: Kick-off moved"_s);
    auto *close = pane.findChild<QToolButton *>(u"viewerBannerClose"_s);
    QCOMPARE(close->focusPolicy(), Qt::NoFocus);
    QTest::mouseClick(close, Qt::LeftButton);
    QCOMPARE(banner(), QString());
}

void tst_ViewerPane::itemsAreBoundedAsOnThePage()
{
    auto host = startHost(config());
    ViewerPane pane;
    pane.connectTo(host->baseUrl());
    QTRY_COMPARE(pane.feed()->state(), FeedClient::State::Open);
    for (int i = 1; i <= ViewerPane::MaxItems + 5; ++i)
        QVERIFY(publish(*host, u"news"_s, u"news-flash"_s, flash(u"n%1"_s.arg(i))));
    const auto *list = pane.findChild<QListWidget *>(u"viewerList"_s);
    QTRY_COMPARE(
        list->item(0)->data(ViewerPane::IdRole).toULongLong(), quint64(ViewerPane::MaxItems + 5));
    QCOMPARE(list->count(), ViewerPane::MaxItems);
    QCOMPARE(list->item(ViewerPane::MaxItems - 1)->data(ViewerPane::IdRole).toULongLong(), 6u);
    // A correction of one that is no longer shown shows nothing.
    QVERIFY(publish(*host, u"news"_s, u"correction"_s,
        QJsonObject { { u"targetId"_s, u"2"_s }, { u"headline"_s, u"gone"_s } }));
    QVERIFY(publish(*host, u"news"_s, u"news-flash"_s, flash(u"sentinel"_s)));
    QTRY_COMPARE(
        list->item(0)->data(ViewerPane::LinesRole).toStringList(), QStringList { u"sentinel"_s });
    QCOMPARE(list->count(), ViewerPane::MaxItems);
}

void tst_ViewerPane::otherPayloadsShowAsThePageShowsThem()
{
    auto host = startHost(config());
    ViewerPane pane;
    pane.connectTo(host->baseUrl());
    QTRY_COMPARE(pane.feed()->state(), FeedClient::State::Open);
    QVERIFY(
        publish(*host, u"ops"_s, u"weather"_s, QJsonObject { { u"b"_s, 2 }, { u"a"_s, u"x"_s } }));
    QVERIFY(publish(*host, u"ops"_s, u"note"_s, u"plain words"_s));
    QVERIFY(publish(*host, u"ops"_s, u"commentary"_s,
        QJsonObject { { u"minute"_s, 7 }, { u"kind"_s, u"kick-off"_s }, { u"text"_s, u"x"_s } }));
    QTRY_COMPARE(itemCount(pane), 3);
    const QJsonArray items = rendered(pane).value(u"items"_s).toArray();
    // JSON.stringify of the parsed payload; a text payload as itself; an unknown kind as named.
    QCOMPARE(
        items.at(2).toObject().value(u"lines"_s).toArray(), QJsonArray { uR"({"a":"x","b":2})"_s });
    QCOMPARE(items.at(2).toObject().value(u"meta"_s).toArray(), QJsonArray { u"weather"_s });
    QCOMPARE(items.at(1).toObject().value(u"lines"_s).toArray(), QJsonArray { u"plain words"_s });
    QCOMPARE(
        items.at(0).toObject().value(u"meta"_s).toArray(), (QJsonArray { u"7'"_s, u"kick-off"_s }));
}

void tst_ViewerPane::wordsAreTranslated()
{
    Chinese chinese;
    QVERIFY(QCoreApplication::installTranslator(&chinese));
    auto host = startHost(config());
    ViewerPane pane;
    pane.connectTo(host->baseUrl());
    QTRY_COMPARE(pane.feed()->state(), FeedClient::State::Open);
    const quint64 goal = publish(*host, u"match-1"_s, u"commentary"_s,
        QJsonObject { { u"match"_s, u"match-1"_s }, { u"minute"_s, 3 }, { u"kind"_s, u"goal"_s },
            { u"text"_s, u"In!"_s } });
    QVERIFY(publish(*host, u"match-1"_s, u"correction"_s,
        QJsonObject { { u"targetId"_s, QString::number(goal) }, { u"text"_s, u"In! 1–0"_s } }));
    QVERIFY(publish(*host, u"match-1"_s, u"score"_s, score(u"A"_s, u"B"_s, 1, 0, u"full-time"_s)));
    QTRY_COMPARE(rendered(pane).value(u"boards"_s).toArray().size(), 1);
    const QJsonObject board = rendered(pane).value(u"boards"_s)[0].toObject();
    const QStringList meta = metaOf(pane, 0);
    QCoreApplication::removeTranslator(&chinese);
    QCOMPARE(meta, (QStringList { u"3'"_s, u"进球"_s, u"A – B"_s, u"已更正"_s }));
    QCOMPARE(board.value(u"state"_s).toString(), u"已结束"_s);
    QCOMPARE(board.value(u"clock"_s).toString(), u"全场结束"_s);
}

QTEST_MAIN(tst_ViewerPane)
namespace {

QList<quint64> rowIds(const ViewerPane &pane)
{
    QList<quint64> ids;
    const auto *list = pane.findChild<QListWidget *>(u"viewerList"_s);
    for (int row = 0; row < list->count(); ++row)
        ids << list->item(row)->data(ViewerPane::IdRole).toULongLong();
    return ids;
}

QJsonObject pinned(QJsonObject data)
{
    data.insert(u"pinned"_s, true);
    return data;
}

} // namespace

// The pinned post of each channel sits on top until unpinned; a newer pin of its channel
// replaces it ("unpins"), live and for a pane that joins late.
void tst_ViewerPane::pinnedPostsStayOnTopAsOnThePage()
{
    auto host = startHost(config());
    ViewerPane pane;
    pane.connectTo(host->baseUrl());
    QTRY_COMPARE(pane.feed()->state(), FeedClient::State::Open);
    const quint64 lineups
        = publish(*host, u"news"_s, u"news-flash"_s, pinned(flash(u"Line-ups"_s)));
    const quint64 welcome = publish(
        *host, u"match-1"_s, u"commentary"_s, pinned(QJsonObject { { u"text"_s, u"Welcome"_s } }));
    const quint64 update = publish(*host, u"news"_s, u"news-flash"_s, flash(u"Update"_s));
    QTRY_COMPARE(rowIds(pane), (QList<quint64> { welcome, lineups, update }));
    QCOMPARE(metaOf(pane, 1).value(0), u"📌 Pinned"_s);
    QCOMPARE(metaOf(pane, 2).value(0), u"News"_s);

    QVERIFY(publish(*host, u"news"_s, u"correction"_s,
        QJsonObject { { u"targetId"_s, QString::number(update) }, { u"pinned"_s, true } }));
    QTRY_COMPARE(rowIds(pane), (QList<quint64> { update, welcome, lineups }));
    QVERIFY(!metaOf(pane, 2).contains(u"📌 Pinned"_s));
    QVERIFY(!metaOf(pane, 0).contains(u"corrected"_s)); // a pin alone is not a correction

    ViewerPane late;
    late.connectTo(host->baseUrl());
    QTRY_COMPARE(rowIds(late), rowIds(pane));
    QCOMPARE(rendered(late), rendered(pane));

    QVERIFY(publish(*host, u"match-1"_s, u"correction"_s,
        QJsonObject { { u"targetId"_s, QString::number(welcome) }, { u"pinned"_s, false } }));
    QTRY_VERIFY(!metaOf(pane, 1).contains(u"📌 Pinned"_s));
    QCOMPARE(rowIds(pane), (QList<quint64> { update, welcome, lineups })); // by id again
    QVERIFY(textsAreTheCards(pane));
}

#include "tst_viewerpane.moc"
