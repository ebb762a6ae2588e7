// Each known event type's schema (docs/api.md, "Event types"): what fits, and for what does
// not, the message that names the field at fault.
#include "hub/eventschema.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;

class tst_EventSchema final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void check_data();
    void check();
    void knownTypes();
    void everyExampleInTheDocsFits_data();
    void everyExampleInTheDocsFits();
};

void tst_EventSchema::check_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<QString>("error"); // empty: it fits

    const auto row = [](const char *name, const char *type, const char *data, const char *error) {
        QTest::addRow("%s", name) << QString::fromLatin1(type) << QByteArray(data)
                                  << QString::fromUtf8(error);
    };
    row("a flash", "news-flash", R"({"headline":"Gates open","body":"At six.","urgent":true})", "");
    row("a flash with only its headline", "news-flash", R"({"headline":"Gates open"})", "");
    row("a flash without a headline", "news-flash", R"({"body":"x"})",
        R"("data.headline" is required)");
    row("a blank headline", "news-flash", R"({"headline":"   "})",
        R"("data.headline" must be text of 1 to 200 characters)");
    row("a headline too long", "news-flash",
        QByteArray(R"({"headline":")" + QByteArray(201, 'x') + R"("})").constData(),
        R"("data.headline" must be text of 1 to 200 characters)");
    row("urgent as a string", "news-flash", R"({"headline":"x","urgent":"yes"})",
        R"("data.urgent" must be true or false)");
    row("a body that is not text", "news-flash", R"({"headline":"x","body":5})",
        R"("data.body" must be text)");
    row("a flash as a string", "news-flash", R"("Gates open")",
        R"("data" of a news-flash must be an object such as {"headline":"Kick-off delayed","urgent":false})");

    const QByteArray url = "/media/" + QByteArray(64, 'a') + ".jpg";
    row("a flash with a photo", "news-flash",
        QByteArray(R"({"headline":"x","photo":{"url":")" + url
            + R"(","width":1600,"height":900,"alt":"The crowd","caption":"Full house","credit":"Li Wei"}})")
            .constData(),
        "");
    row("a photo without alt text", "commentary",
        QByteArray(R"({"text":"x","photo":{"url":")" + url + R"(","width":1600,"height":900}})")
            .constData(),
        R"("data.photo.alt" is required)");
    row("a photo from elsewhere", "news-flash",
        R"({"headline":"x","photo":{"url":"https://example.com/a.jpg","width":1,"height":1,"alt":"a"}})",
        R"("data.photo.url" must be a "url" POST /api/media answered with)");
    row("a photo without its size", "news-flash",
        QByteArray(R"({"headline":"x","photo":{"url":")" + url + R"(","alt":"a"}})").constData(),
        R"("data.photo.width" is required)");
    row("a photo as a string", "news-flash", R"({"headline":"x","photo":"/media/a.jpg"})",
        R"("data.photo" must be an object such as {"url":"/media/…","width":1600,"height":900,"alt":"…"})");
    row("a pinned flash", "news-flash", R"({"headline":"Line-ups","pinned":true})", "");
    row("pinned as a number", "commentary", R"({"text":"x","pinned":1})",
        R"("data.pinned" must be true or false)");
    row("a correction that pins", "correction", R"({"targetId":"4","pinned":true})", "");
    row("a correction that pins with a string", "correction", R"({"targetId":"4","pinned":"yes"})",
        R"("data.pinned" must be true or false)");
    row("a correction with a key that is not true or false", "correction",
        R"({"targetId":"4","key":null})", R"("data.key" must be true or false)");
    row("a flash with a byline", "news-flash", R"({"headline":"x","byline":"Sam Okafor"})", "");
    row("a byline that is not text", "news-flash", R"({"headline":"x","byline":7})",
        R"("data.byline" must be text of 1 to 100 characters)");
    row("a commentary byline too long", "commentary",
        QByteArray(R"({"text":"x","byline":")" + QByteArray(101, 'x') + R"("})").constData(),
        R"("data.byline" must be text of 1 to 100 characters)");
    row("a commentary entry", "commentary",
        R"({"text":"What a save!","minute":23,"kind":"chance","match":"match-1"})", "");
    row("a commentary as a string", "commentary", R"("What a save!")",
        R"("data" of a commentary must be an object such as {"text":"What a save!","minute":23,"kind":"chance"})");
    row("a commentary without text", "commentary", R"({"minute":3})", R"("data.text" is required)");
    row("minute 0", "commentary", R"({"text":"x","minute":0})",
        R"("data.minute" must be a whole number from 1 to 200)");
    row("minute 2.5", "commentary", R"({"text":"x","minute":2.5})",
        R"("data.minute" must be a whole number from 1 to 200)");
    row("a match that is not a channel", "commentary", R"({"text":"x","match":"Match One"})",
        R"("data.match" must be the match's channel name, e.g. "match-1")");

    row("a score", "score",
        R"({"home":"Riverside","away":"Harbour City","homeScore":2,"awayScore":0,"minute":60,"period":"2nd half"})",
        "");
    row("a score with goals as team names", "score", R"({"home":7,"away":0,"minute":60})",
        R"("data.home" must be text of 1 to 100 characters)");
    row("a score without the away goals", "score", R"({"home":"A","away":"B","homeScore":1})",
        R"("data.awayScore" is required)");
    row("negative goals", "score", R"({"home":"A","away":"B","homeScore":-1,"awayScore":0})",
        R"("data.homeScore" must be a whole number from 0 to 999)");
    row("goals as text", "score", R"({"home":"A","away":"B","homeScore":"1","awayScore":0})",
        R"("data.homeScore" must be a whole number from 0 to 999)");
    row("an unknown period", "score",
        R"({"home":"A","away":"B","homeScore":1,"awayScore":0,"period":"overtime"})",
        R"("data.period" must be one of "1st half", "half-time", "2nd half", "extra time", "full-time")");

    row("a running clock", "clock",
        R"({"minute":23,"second":5,"running":true,"period":"1st half"})", "");
    row("a clock without running", "clock", R"({"minute":23})", R"("data.running" is required)");
    row("second 60", "clock", R"({"minute":23,"second":60,"running":false})",
        R"("data.second" must be a whole number from 0 to 59)");
    row("a clock as a number", "clock", "42",
        R"("data" of a clock must be an object such as {"minute":23,"second":5,"running":true,"period":"1st half"})");

    row("an unknown type passes whatever it holds", "goal-line", "[1,0]", "");
    row("a correction is judged elsewhere", "correction", R"("anything")", "");
}

void tst_EventSchema::check()
{
    QFETCH(QString, type);
    QFETCH(QByteArray, data);
    QFETCH(QString, error);
    // QJsonDocument takes objects and arrays; a scalar is parsed as the one item of an array.
    const QJsonValue value = QJsonDocument::fromJson("[" + data + "]").array().first();
    QCOMPARE(EventSchema::check(type, value), error);
}

void tst_EventSchema::knownTypes()
{
    for (const QString &type : { u"news-flash"_s, u"commentary"_s, u"score"_s, u"clock"_s })
        QVERIFY2(EventSchema::isKnown(type), qPrintable(type));
    QVERIFY(!EventSchema::isKnown(u"correction"_s));
    QVERIFY(!EventSchema::isKnown(u"note"_s));
}

// Each publish body docs/api.md shows, one per line in its JSON blocks: the documentation and
// the server agree (a script that copies an example gets the post it meant).
void tst_EventSchema::everyExampleInTheDocsFits_data()
{
    QTest::addColumn<QJsonObject>("body");
    QFile docs(QStringLiteral(LIVEDESK_DOCS_DIR "/api.md"));
    QVERIFY2(docs.open(QIODevice::ReadOnly), qPrintable(docs.errorString()));
    int examples = 0;
    const QList<QByteArray> lines = docs.readAll().split('\n');
    for (const QByteArray &line : lines) {
        if (!line.startsWith(R"({ "channel":)"))
            continue;
        const QJsonObject body = QJsonDocument::fromJson(line).object();
        QVERIFY2(!body.isEmpty(), line.constData());
        QTest::addRow("%d %s", ++examples, qPrintable(body.value(u"type"_s).toString())) << body;
    }
    QVERIFY(examples >= 6);
}

void tst_EventSchema::everyExampleInTheDocsFits()
{
    QFETCH(QJsonObject, body);
    QCOMPARE(
        EventSchema::check(body.value(u"type"_s).toString(), body.value(u"data"_s)), QString());
}

QTEST_GUILESS_MAIN(tst_EventSchema)
#include "tst_eventschema.moc"
