#include "page/livebloglinkeddata.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace {

QString shortened(const QString &text, qsizetype most)
{
    const QString simple = text.simplified();
    return simple.size() <= most ? simple : simple.first(most - 1) + u'…';
}

QJsonObject team(const QString &name)
{
    return { { u"@type"_s, u"SportsTeam"_s }, { u"name"_s, name } };
}

} // namespace

QString LiveBlogLinkedData::headlineOf(const PagePost &post)
{
    const QJsonObject data = post.object();
    if (post.type == u"news-flash")
        return shortened(data.value(u"headline").toString(), 110);
    if (post.type == u"commentary") {
        const QString minute = data.value(u"minute").isDouble()
            ? u"%1' "_s.arg(data.value(u"minute").toInt())
            : QString();
        return shortened(minute + data.value(u"text").toString(), 110);
    }
    return post.type;
}

QString LiveBlogLinkedData::bodyOf(const PagePost &post)
{
    const QJsonObject data = post.object();
    if (post.type == u"news-flash") {
        const QString body = data.value(u"body").toString();
        return data.value(u"headline").toString() + (body.isEmpty() ? QString() : u"\n\n"_s + body);
    }
    return data.value(u"text").toString();
}

QJsonObject LiveBlogLinkedData::of(const PageModel &model, const QString &headline,
    const QString &description, const QString &language)
{
    QJsonObject blog {
        { u"@context"_s, u"https://schema.org"_s },
        { u"@type"_s, u"LiveBlogPosting"_s },
        { u"headline"_s, headline },
        { u"description"_s, description },
        { u"inLanguage"_s, language },
    };
    if (model.firstTime().isValid())
        blog.insert(u"coverageStartTime"_s, model.firstTime().toString(Qt::ISODate));
    // Coverage ends at full time, of every match on the page.
    QDateTime ended;
    bool allEnded = !model.boards().isEmpty();
    for (const PageBoard &board : model.boards()) {
        allEnded = allEnded && board.ended();
        if (board.ended() && (ended.isNull() || board.endedAt > ended))
            ended = board.endedAt;
    }
    if (allEnded && ended.isValid())
        blog.insert(u"coverageEndTime"_s, ended.toString(Qt::ISODate));
    if (model.boards().size() == 1 && !model.boards().first().names().isEmpty()) {
        const PageBoard &board = model.boards().first();
        blog.insert(u"about"_s,
            QJsonObject { { u"@type"_s, u"SportsEvent"_s }, { u"name"_s, board.names() },
                { u"homeTeam"_s, team(board.home()) }, { u"awayTeam"_s, team(board.away()) } });
    }
    QJsonArray updates;
    for (const QList<PagePost> *list : { &model.pins(), &model.timeline() }) {
        for (const PagePost &post : *list) {
            QJsonObject update {
                { u"@type"_s, u"BlogPosting"_s },
                { u"@id"_s, u"#post-%1"_s.arg(post.id) },
                { u"headline"_s, headlineOf(post) },
                { u"articleBody"_s, bodyOf(post) },
            };
            if (post.time.isValid())
                update.insert(u"datePublished"_s, post.time.toString(Qt::ISODate));
            updates.append(update);
        }
    }
    blog.insert(u"liveBlogUpdate"_s, updates);
    return blog;
}
