// PageRenderer and PageModel: the viewer page the server sends, from /api/state documents
// built here. The page in a browser (and its parity with the script) is tests/browser.
#include "page/livebloglinkeddata.h"
#include "page/pagemodel.h"
#include "page/pagerenderer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

constexpr char Template[]
    = "<html lang=\"{{lang}}\"><head>{{head}}<style>{{style}}</style>"
      "<script type=\"application/ld+json\">{{linked-data}}</script></head>"
      "<body data-mode=\"{{mode}}\">{{picker}}{{banner}}<section>{{boards}}"
      "</section><ol id=\"pins\"{{pins-hidden}}>{{pins}}</ol><ol id=\"timeline\">"
      "{{timeline}}</ol><p>{{empty}}</p><script type=\"application/json\">"
      "{{state}}</script>{{unknown}}</body></html>";

QJsonObject hubEvent(int id, const QString &channel, const QString &type, const QJsonObject &data)
{
    return { { u"id"_s, QString::number(id) }, { u"channel"_s, channel }, { u"type"_s, type },
        { u"data"_s, data },
        { u"time"_s,
            QDateTime(QDate(2026, 12, 2), QTime(15, 0).addSecs(id * 60), Qt::UTC)
                .toString(Qt::ISODateWithMs) } };
}

QJsonObject state(const QList<QJsonObject> &recent, const QJsonArray &pinned = {})
{
    QJsonArray list;
    for (const QJsonObject &e : recent)
        list.append(e);
    return { { u"lastId"_s, QString::number(recent.size()) }, { u"recent"_s, list },
        { u"latest"_s, QJsonArray() }, { u"pinned"_s, pinned } };
}

QJsonObject score(int home, int away, const QString &period)
{
    return { { u"match"_s, u"m1"_s }, { u"home"_s, u"Riverside"_s }, { u"away"_s, u"Harbour"_s },
        { u"homeScore"_s, home }, { u"awayScore"_s, away }, { u"minute"_s, 67 },
        { u"period"_s, period } };
}

QJsonObject comment(const QString &text, bool key = false)
{
    return { { u"match"_s, u"m1"_s }, { u"minute"_s, 12 },
        { u"kind"_s, key ? u"goal"_s : u"comment"_s }, { u"text"_s, text }, { u"key"_s, key } };
}

QByteArray render(const QJsonObject &s, PageWords::Language language = PageWords::Language::English,
    const QStringList &channels = { u"m1"_s })
{
    PageRenderer::Page page;
    page.state = s;
    page.language = language;
    page.channels = channels;
    page.everyChannel = { { u"m1"_s, u"Riverside – Harbour"_s }, { u"news"_s, {} } };
    return PageRenderer(Template, "body{color:red}").render(page);
}

QJsonObject linkedData(const QByteArray &html)
{
    static const QRegularExpression ld(u"<script type=\"application/ld\\+json\">(.*?)</script>"_s);
    return QJsonDocument::fromJson(ld.match(QString::fromUtf8(html)).captured(1).toUtf8()).object();
}

} // namespace

class tst_PageRenderer final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void escaping_data();
    void escaping();
    void scriptJsonNeverEndsItsElement();
    void amendmentsAndPins();
    void postsAreNewestFirstAndTheBoardIsDrawn();
    void titleDescriptionAndLinkedData();
    void coverageEndsAtFullTime();
    void chinese();
    void placeholdersAreFilledInOnePass();
    void acceptLanguage_data();
    void acceptLanguage();
};

void tst_PageRenderer::escaping_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("escaped");
    QTest::newRow("plain") << u"Goal!"_s << u"Goal!"_s;
    QTest::newRow("markup") << u"<b>x</b>"_s << u"&lt;b&gt;x&lt;/b&gt;"_s;
    QTest::newRow("attribute") << u"\" onload='x'"_s << u"&quot; onload=&#39;x&#39;"_s;
    QTest::newRow("entity") << u"&amp;"_s << u"&amp;amp;"_s;
    QTest::newRow("script") << u"</script><script>"_s << u"&lt;/script&gt;&lt;script&gt;"_s;
}

void tst_PageRenderer::escaping()
{
    QFETCH(QString, text);
    QFETCH(QString, escaped);
    QCOMPARE(PageRenderer::escaped(text), escaped);
}

void tst_PageRenderer::scriptJsonNeverEndsItsElement()
{
    const QString evil = u"</script><script>alert(1)</script><!-- & -->"_s;
    const QByteArray json = PageRenderer::scriptJson({ { u"text"_s, evil } });
    QVERIFY(!json.contains('<'));
    QVERIFY(!json.contains('>'));
    QVERIFY(!json.contains('&'));
    QCOMPARE(QJsonDocument::fromJson(json).object().value(u"text").toString(), evil);

    const QByteArray html = render(state({ hubEvent(1, u"m1"_s, u"commentary"_s, comment(evil)) }));
    QCOMPARE(html.count("<script"), 2);
    QVERIFY(!html.contains("<script>alert"));
    QCOMPARE(linkedData(html)
                 .value(u"liveBlogUpdate")
                 .toArray()
                 .at(0)
                 .toObject()
                 .value(u"articleBody")
                 .toString(),
        evil);
}

void tst_PageRenderer::amendmentsAndPins()
{
    QJsonObject pinned = comment(u"Pinned at kick-off"_s);
    const PageModel model(state(
        {
            hubEvent(2, u"m1"_s, u"commentary"_s, comment(u"Okafr shoots"_s)),
            hubEvent(3, u"m1"_s, u"commentary"_s, comment(u"Wrong player"_s)),
            hubEvent(4, u"news"_s, u"news-flash"_s,
                { { u"headline"_s, u"Abandoned"_s }, { u"urgent"_s, true } }),
            hubEvent(5, u"m1"_s, u"correction"_s,
                { { u"targetId"_s, u"2"_s }, { u"text"_s, u"Okafor shoots"_s } }),
            hubEvent(6, u"m1"_s, u"retraction"_s, { { u"targetId"_s, u"3"_s } }),
            hubEvent(
                7, u"m1"_s, u"correction"_s, { { u"targetId"_s, u"4"_s }, { u"pinned"_s, true } }),
        },
        QJsonArray { QJsonObject { { u"id"_s, u"1"_s }, { u"type"_s, u"commentary"_s },
                         { u"data"_s, pinned } },
            QJsonObject { { u"id"_s, u"4"_s }, { u"type"_s, u"news-flash"_s },
                { u"data"_s,
                    QJsonObject {
                        { u"headline"_s, u"Abandoned"_s }, { u"urgent"_s, true } } } } }));
    QCOMPARE(model.timeline().size(), 1);
    QCOMPARE(model.timeline().at(0).id, u"2"_s);
    QCOMPARE(model.timeline().at(0).object().value(u"text").toString(), u"Okafor shoots"_s);
    QVERIFY(model.timeline().at(0).corrected);
    // Pins: the state's list, newest first; a change of pin alone is no correction.
    QCOMPARE(model.pins().size(), 2);
    QCOMPARE(model.pins().at(0).id, u"4"_s);
    QVERIFY(!model.pins().at(0).corrected);
    QCOMPARE(model.pins().at(1).id, u"1"_s);
    QVERIFY(model.banner());
    QCOMPARE(model.banner()->id, u"4"_s);
}

void tst_PageRenderer::postsAreNewestFirstAndTheBoardIsDrawn()
{
    const QByteArray html = render(state({
        hubEvent(1, u"m1"_s, u"score"_s, score(2, 1, u"2nd half"_s)),
        hubEvent(2, u"m1"_s, u"commentary"_s, comment(u"First"_s)),
        hubEvent(3, u"m1"_s, u"commentary"_s, comment(u"Header, in!"_s, true)),
    }));
    QVERIFY(html.indexOf("id=\"post-3\"") < html.indexOf("id=\"post-2\""));
    QVERIFY(html.contains("<div class=\"score\">2 – 1</div>"));
    QVERIFY(html.contains("<div class=\"clock\">67&#39; · 2nd half</div>"));
    QVERIFY(html.contains("<li class=\"item key\" data-id=\"3\""));
    QVERIFY(html.contains("<a href=\"#post-3\">12&#39; Header, in!</a>"));
    QVERIFY(html.contains("<a class=\"share\" href=\"/?post=3&amp;channel=m1\">Share</a>"));
    QVERIFY(html.contains("<ol id=\"pins\" hidden></ol>"));
    QVERIFY(html.contains("<p></p>")); // not empty: no "Nothing yet"
    QVERIFY(html.contains(
        "<a class=\"active\" href=\"/?channel=m1\" title=\"m1\">Riverside – Harbour</a>"));
}

void tst_PageRenderer::titleDescriptionAndLinkedData()
{
    const QByteArray html = render(state({
        hubEvent(1, u"m1"_s, u"score"_s, score(2, 1, u"2nd half"_s)),
        hubEvent(2, u"m1"_s, u"commentary"_s, comment(u"Okafor heads in"_s, true)),
    }));
    QVERIFY(html.contains("<title>Riverside 2 – 1 Harbour · Live · LiveDesk</title>"));
    QVERIFY(html.contains("<meta name=\"description\" content=\"Riverside 2 – 1 Harbour, 67&#39; · "
                          "2nd half. 12&#39; Okafor heads in\">"));
    QVERIFY(html.contains(
        "<meta property=\"og:title\" content=\"Riverside 2 – 1 Harbour · Live · LiveDesk\">"));
    const QJsonObject blog = linkedData(html);
    QCOMPARE(blog.value(u"@type").toString(), u"LiveBlogPosting"_s);
    QCOMPARE(blog.value(u"coverageStartTime").toString(), u"2026-12-02T15:01:00Z"_s);
    QVERIFY(!blog.contains(u"coverageEndTime"));
    QCOMPARE(
        blog.value(u"about").toObject().value(u"homeTeam").toObject().value(u"name").toString(),
        u"Riverside"_s);
    const QJsonArray updates = blog.value(u"liveBlogUpdate").toArray();
    QCOMPARE(updates.size(), 1);
    QCOMPARE(updates.at(0).toObject().value(u"@type").toString(), u"BlogPosting"_s);
    QCOMPARE(updates.at(0).toObject().value(u"headline").toString(), u"12' Okafor heads in"_s);
    QCOMPARE(
        updates.at(0).toObject().value(u"datePublished").toString(), u"2026-12-02T15:02:00Z"_s);
}

void tst_PageRenderer::coverageEndsAtFullTime()
{
    const QByteArray html = render(state({
        hubEvent(1, u"m1"_s, u"score"_s, score(2, 1, u"2nd half"_s)),
        hubEvent(2, u"m1"_s, u"score"_s, score(3, 1, u"full-time"_s)),
    }));
    QCOMPARE(linkedData(html).value(u"coverageEndTime").toString(), u"2026-12-02T15:02:00Z"_s);
    QVERIFY(html.contains("<title>Riverside 3 – 1 Harbour · Full-time · LiveDesk</title>"));
    QVERIFY(
        html.contains("<article class=\"board ended\" data-match=\"m1\" data-state=\"ended\">"));
    QVERIFY(html.contains("<div class=\"state\">Ended</div>"));
}

void tst_PageRenderer::chinese()
{
    const QByteArray html
        = render(state({ hubEvent(1, u"m1"_s, u"commentary"_s, comment(u"进球！"_s, true)) }),
            PageWords::Language::Chinese);
    QVERIFY(html.startsWith("<html lang=\"zh-CN\">"));
    QVERIFY(html.contains(u"<span class=\"label\">进球</span>"_s.toUtf8()));
    QVERIFY(html.contains(u"分享"_s.toUtf8()));
}

void tst_PageRenderer::placeholdersAreFilledInOnePass()
{
    // An operator's "{{state}}" is text, not a placeholder; an unknown one stays as it is.
    const QByteArray html = render(
        state({ hubEvent(1, u"m1"_s, u"commentary"_s, comment(u"{{state}} {{pins}}"_s)) }));
    QVERIFY(html.contains("<p class=\"text\">{{state}} {{pins}}</p>"));
    QVERIFY(html.contains("{{unknown}}"));
    QVERIFY(html.contains("<style>body{color:red}</style>"));
    QVERIFY(PageRenderer(Template, "body{color:red}").styleHash().startsWith("'sha256-"));
}

void tst_PageRenderer::acceptLanguage_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<bool>("chinese");
    QTest::newRow("none") << QByteArray() << false;
    QTest::newRow("english") << QByteArray("en-GB,en;q=0.9") << false;
    QTest::newRow("chinese") << QByteArray("zh-CN,zh;q=0.9,en;q=0.8") << true;
    QTest::newRow("upper case") << QByteArray("ZH-cn") << true;
    QTest::newRow("chinese second") << QByteArray("en-US, zh-CN;q=0.5") << false;
    QTest::newRow("garbage") << QByteArray(",,;;\x01") << false;
}

void tst_PageRenderer::acceptLanguage()
{
    QFETCH(QByteArray, header);
    QFETCH(bool, chinese);
    QCOMPARE(PageWords::fromAcceptLanguage(header) == PageWords::Language::Chinese, chinese);
}

QTEST_APPLESS_MAIN(tst_PageRenderer)
#include "tst_pagerenderer.moc"
