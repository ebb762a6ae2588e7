#include "page/pagerenderer.h"

#include "page/livebloglinkeddata.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QUrl>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

using Attributes = QList<std::pair<QString, QString>>;

// <tag attributes>content</tag>, the content already markup.
QString element(const QString &tag, const Attributes &attributes, const QString &content)
{
    QString html = u'<' + tag;
    for (const auto &[name, value] : attributes)
        html += u' ' + name
            + (value.isNull() ? QString() : u"=\""_s + PageRenderer::escaped(value) + u'"');
    return html + u'>' + content + u"</"_s + tag + u'>';
}

QString text(const QString &tag, const QString &cls, const QString &words)
{
    return element(tag, cls.isEmpty() ? Attributes {} : Attributes { { u"class"_s, cls } },
        PageRenderer::escaped(words));
}

QString number(const QJsonValue &value)
{
    return value.isDouble() ? QString::number(value.toInteger()) : u"0"_s;
}

QString twoDigits(qint64 n)
{
    return QString::number(n).rightJustified(2, u'0');
}

QString scoreOf(const PageBoard &board)
{
    return board.score.isEmpty() ? u"0 – 0"_s
                                 : number(board.score.value(u"homeScore")) + u" – "_s
            + number(board.score.value(u"awayScore"));
}

// The running time and period, as app.js drawBoard(): none once the match has ended.
QString clockOf(const PageBoard &board, const PageWords &words)
{
    QString time;
    const QJsonValue minute = board.clock.contains(u"minute") ? board.clock.value(u"minute")
                                                              : board.score.value(u"minute");
    if (board.period() != u"full-time") {
        if (!board.clock.isEmpty())
            time = twoDigits(board.clock.value(u"minute").toInteger() - 1) + u':'
                + twoDigits(board.clock.value(u"second").toInteger());
        else if (minute.toInteger() != 0)
            time = u"%1'"_s.arg(minute.toInteger());
    }
    QStringList parts { time, words.period(board.period()) };
    parts.removeAll(QString());
    return parts.join(u" · "_s);
}

const QRegularExpression &photoUrl()
{
    static const QRegularExpression pattern(u"^/media/[0-9a-f]{64}\\.(png|jpg|webp)$"_s);
    return pattern;
}

QString photoOf(const QJsonValue &value)
{
    const QJsonObject photo = value.toObject();
    const QString url = photo.value(u"url").toString();
    if (!photoUrl().match(url).hasMatch())
        return {};
    Attributes img { { u"src"_s, url }, { u"alt"_s, photo.value(u"alt").toString() } };
    for (const char *size : { "width", "height" }) {
        const QJsonValue v = photo.value(QLatin1String(size));
        if (v.isDouble() && v.toDouble() == double(v.toInteger()))
            img.append({ QLatin1String(size), QString::number(v.toInteger()) });
    }
    img.append({ u"loading"_s, u"lazy"_s });
    img.append({ u"decoding"_s, u"async"_s });
    QString html = element(u"img"_s, img, {});
    html.chop(6); // a void element: no </img>
    QStringList caption;
    if (const QString c = photo.value(u"caption").toString(); !c.trimmed().isEmpty())
        caption.append(c);
    if (const QString c = photo.value(u"credit").toString(); !c.trimmed().isEmpty())
        caption.append(u"© "_s + c);
    if (!caption.isEmpty())
        html += text(u"figcaption"_s, {}, caption.join(u" · "_s));
    return element(u"figure"_s, { { u"class"_s, u"photo"_s } }, html);
}

class Writer
{
public:
    Writer(const PageModel &model, const PageRenderer::Page &page)
        : m_model(model)
        , m_page(page)
        , m_words(page.language)
        , m_showMatch(page.channels.size() != 1)
    { }

    QString item(const PagePost &post, bool pinned) const;
    QString boards() const;
    QString picker() const;
    QString banner() const;
    QString title() const;
    QString description() const;
    const PageWords &words() const { return m_words; }

private:
    QString meta(const PagePost &post, bool pinned) const;
    QString board(const PageBoard &board) const;

    const PageModel &m_model;
    const PageRenderer::Page &m_page;
    const PageWords m_words;
    const bool m_showMatch;
};

QString Writer::meta(const PagePost &post, bool pinned) const
{
    const QJsonObject data = post.object();
    QString html;
    if (pinned)
        html += text(u"span"_s, u"pin"_s, u"📌 "_s + m_words.pinned());
    if (post.type == u"news-flash") {
        const bool urgent = data.value(u"urgent").toBool();
        html += text(u"span"_s, u"icon"_s, urgent ? u"🚨"_s : u"📰"_s);
        html += text(u"span"_s, u"label"_s, urgent ? m_words.urgent() : m_words.news());
    } else if (post.type == u"commentary") {
        if (data.value(u"minute").isDouble())
            html += text(u"span"_s, u"minute"_s, u"%1'"_s.arg(data.value(u"minute").toInteger()));
        const QString kind = data.value(u"kind").toString();
        if (kind != u"comment") {
            html += text(u"span"_s, u"icon"_s, m_words.kindIcon(kind));
            if (const QString label = m_words.kindLabel(kind); !label.isEmpty())
                html += text(u"span"_s, u"label"_s, label);
        }
        const PageBoard *b = m_showMatch ? m_model.board(post.match) : nullptr;
        if (b && !b->names().isEmpty())
            html += text(u"span"_s, u"match"_s, b->names());
    } else {
        html += text(u"span"_s, u"label"_s, post.type);
    }
    if (post.isKey())
        html += text(u"span"_s, u"key"_s, m_words.key());
    const QString byline = data.value(u"byline").toString().trimmed();
    if ((post.type == u"news-flash" || post.type == u"commentary") && !byline.isEmpty())
        html += text(u"span"_s, u"byline"_s, m_words.by(byline));
    if (post.corrected)
        html += text(u"span"_s, u"corrected"_s, m_words.corrected());
    return element(u"div"_s, { { u"class"_s, u"meta"_s } }, html);
}

QString Writer::item(const PagePost &post, bool pinned) const
{
    const QJsonObject data = post.object();
    QString html = meta(post, pinned);
    if (post.type == u"news-flash") {
        html += text(u"h2"_s, u"headline"_s, data.value(u"headline").toString());
        if (const QString body = data.value(u"body").toString(); !body.isEmpty())
            html += text(u"p"_s, u"body"_s, body);
        html += photoOf(data.value(u"photo"));
    } else if (post.type == u"commentary") {
        html += text(u"p"_s, u"text"_s, data.value(u"text").toString());
        html += photoOf(data.value(u"photo"));
    } else {
        html += text(u"p"_s, u"text"_s,
            post.data.isString()
                ? post.data.toString()
                : QString::fromUtf8(QJsonDocument(data).toJson(QJsonDocument::Compact)));
    }
    // The permalink keeps the page's channels (app.js permalink()).
    QString href = u"/?post="_s + post.id;
    for (const QString &channel : m_page.channels)
        href += u"&channel="_s + QString::fromLatin1(QUrl::toPercentEncoding(channel));
    html += element(u"a"_s, { { u"class"_s, u"share"_s }, { u"href"_s, href } },
        PageRenderer::escaped(m_words.share()));
    QStringList classes { u"item"_s };
    if (post.type == u"news-flash" && data.value(u"urgent").toBool())
        classes.append(u"urgent"_s);
    if (post.isKey())
        classes.append(u"key"_s);
    return element(u"li"_s,
        { { u"class"_s, classes.join(u' ') }, { u"data-id"_s, post.id },
            { u"id"_s, u"post-"_s + post.id }, { u"data-type"_s, post.type } },
        html);
}

// A key moment's line: its minute, when it has one, then its words ("63' Goal by …").
QString keyMomentLabel(const QJsonObject &data)
{
    QString words = data.contains(u"text") ? data.value(u"text").toString()
                                           : data.value(u"headline").toString();
    if (!data.value(u"minute").isDouble())
        return words;
    const QString minute = u"%1'"_s.arg(data.value(u"minute").toInteger());
    return words.isEmpty() ? minute : minute + u' ' + words;
}

QString Writer::board(const PageBoard &b) const
{
    const bool ended = b.period() == u"full-time";
    QString keys;
    for (const PagePost &post : m_model.keys(b.match)) {
        keys += element(u"li"_s, {},
            element(u"a"_s, { { u"href"_s, u"#post-"_s + post.id } },
                PageRenderer::escaped(keyMomentLabel(post.object()))));
    }
    Attributes list { { u"class"_s, u"keys"_s }, { u"aria-label"_s, m_words.keys() } };
    if (keys.isEmpty())
        list.append({ u"hidden"_s, QString() });
    const QString html = text(u"div"_s, u"teams"_s, b.home() + u" – "_s + b.away())
        + text(u"div"_s, u"score"_s, scoreOf(b)) + text(u"div"_s, u"clock"_s, clockOf(b, m_words))
        + text(u"div"_s, u"state"_s, ended ? m_words.ended() : QString())
        + element(u"ol"_s, list, keys);
    return element(u"article"_s,
        { { u"class"_s, ended ? u"board ended"_s : u"board"_s }, { u"data-match"_s, b.match },
            { u"data-state"_s, ended ? u"ended"_s : u"live"_s } },
        html);
}

QString Writer::boards() const
{
    QString html;
    for (const PageBoard &b : m_model.boards())
        html += board(b);
    return html;
}

QString Writer::picker() const
{
    if (m_page.layout == PageRenderer::Layout::Embed)
        return {};
    const auto link
        = [](const QString &words, const QString &href, bool active, const QString &title) {
              Attributes a;
              if (active)
                  a.append({ u"class"_s, u"active"_s });
              a.append({ u"href"_s, href });
              if (!title.isEmpty())
                  a.append({ u"title"_s, title });
              return element(u"a"_s, a, PageRenderer::escaped(words));
          };
    QString html = text(u"span"_s, u"picker-label"_s, m_words.channels() + u':');
    html += link(m_words.all(), u"/"_s, m_page.channels.isEmpty(), {});
    // Every channel the server knows, and the page's own even before anything is sent on them.
    QList<PageRenderer::Channel> list = m_page.everyChannel;
    for (const QString &name : m_page.channels) {
        if (std::none_of(list.cbegin(), list.cend(), [&](const auto &c) { return c.name == name; }))
            list.append({ name, {} });
    }
    std::sort(
        list.begin(), list.end(), [](const auto &a, const auto &b) { return a.name < b.name; });
    for (const PageRenderer::Channel &c : std::as_const(list)) {
        const QString words = !c.label.isEmpty() ? c.label
            : c.name == u"news"                  ? m_words.news()
                                                 : c.name;
        html += link(words, u"/?channel="_s + QString::fromUtf8(QUrl::toPercentEncoding(c.name)),
            m_page.channels.contains(c.name), c.name);
    }
    return element(u"nav"_s,
        { { u"id"_s, u"picker"_s }, { u"class"_s, u"picker"_s },
            { u"aria-label"_s, m_words.channels() } },
        html);
}

QString Writer::banner() const
{
    const PagePost *flash = m_model.banner();
    Attributes div { { u"id"_s, u"banner"_s }, { u"class"_s, u"banner"_s },
        { u"role"_s, u"alert"_s } };
    if (!flash)
        div.append({ u"hidden"_s, QString() });
    const QString words = flash
        ? m_words.urgent() + u": "_s + flash->object().value(u"headline").toString()
        : QString();
    return element(u"div"_s, div,
        element(u"span"_s, { { u"id"_s, u"banner-text"_s } }, PageRenderer::escaped(words))
            + element(u"button"_s,
                { { u"id"_s, u"banner-close"_s }, { u"type"_s, u"button"_s },
                    { u"aria-label"_s, m_words.close() } },
                u"×"_s));
}

QString Writer::title() const
{
    const QString site = u"LiveDesk"_s;
    if (m_model.boards().size() != 1 || m_model.boards().first().names().isEmpty())
        return site + u" · "_s + m_words.title();
    const PageBoard &b = m_model.boards().first();
    const QString state = b.ended() ? m_words.period(u"full-time"_s) : m_words.title();
    return b.home() + u' ' + scoreOf(b) + u' ' + b.away() + u" · "_s + state + u" · "_s + site;
}

QString Writer::description() const
{
    QStringList parts;
    if (m_model.boards().size() == 1 && !m_model.boards().first().names().isEmpty()) {
        const PageBoard &b = m_model.boards().first();
        const QString clock = clockOf(b, m_words);
        parts.append(b.home() + u' ' + scoreOf(b) + u' ' + b.away()
            + (clock.isEmpty() ? QString() : u", "_s + clock) + u'.');
    }
    const QList<PagePost> &timeline = m_model.timeline();
    if (!timeline.isEmpty())
        parts.append(LiveBlogLinkedData::headlineOf(timeline.first()));
    if (parts.isEmpty())
        parts.append(m_words.chinese()
                ? u"LiveDesk 实时直播：快讯、比分与文字直播。"_s
                : u"Live coverage from LiveDesk: news flashes, scores and commentary."_s);
    const QString all = parts.join(u' ').simplified();
    return all.size() <= 160 ? all : all.first(159) + u'…';
}

QString meta(const QString &key, const QString &name, const QString &content)
{
    QString html = element(u"meta"_s, { { key, name }, { u"content"_s, content } }, {});
    html.chop(7); // a void element: no </meta>
    return html + u'\n';
}

} // namespace

PageRenderer::PageRenderer(QByteArray html, QByteArray style)
    : m_html(std::move(html))
    , m_style(std::move(style))
{
    // A style sheet cannot end its own element: it is ours, but say so where it matters.
    Q_ASSERT(!m_style.contains("</"));
}

QByteArray PageRenderer::styleHash() const
{
    return "'sha256-" + QCryptographicHash::hash(m_style, QCryptographicHash::Sha256).toBase64()
        + '\'';
}

QString PageRenderer::escaped(const QString &text)
{
    QString out;
    out.reserve(text.size() + text.size() / 8);
    for (const QChar c : text) {
        switch (c.unicode()) {
        case '&':
            out += u"&amp;"_s;
            break;
        case '<':
            out += u"&lt;"_s;
            break;
        case '>':
            out += u"&gt;"_s;
            break;
        case '"':
            out += u"&quot;"_s;
            break;
        case '\'':
            out += u"&#39;"_s;
            break;
        default:
            out += c;
        }
    }
    return out;
}

QByteArray PageRenderer::scriptJson(const QJsonObject &object)
{
    QByteArray json = QJsonDocument(object).toJson(QJsonDocument::Compact);
    // Only inside strings can these appear, where the escape means the same character.
    json.replace('<', "\\u003c").replace('>', "\\u003e").replace('&', "\\u0026");
    return json;
}

QByteArray PageRenderer::render(const Page &page) const
{
    const PageModel model(page.state);
    const Writer writer(model, page);
    const PageWords &words = writer.words();
    QString pins;
    for (const PagePost &post : model.pins())
        pins += writer.item(post, true);
    QString timeline;
    for (const PagePost &post : model.timeline())
        timeline += writer.item(post, false);
    const QString title = writer.title();
    const QString description = writer.description();
    QString head = element(u"title"_s, {}, escaped(title)) + u'\n';
    head += meta(u"name"_s, u"description"_s, description);
    head += meta(u"property"_s, u"og:type"_s, u"article"_s);
    head += meta(u"property"_s, u"og:site_name"_s, u"LiveDesk"_s);
    head += meta(u"property"_s, u"og:title"_s, title);
    head += meta(u"property"_s, u"og:description"_s, description);
    head += meta(u"property"_s, u"og:locale"_s, words.chinese() ? u"zh_CN"_s : u"en_US"_s);
    head += meta(u"name"_s, u"twitter:card"_s, u"summary"_s);
    const QJsonObject linked = LiveBlogLinkedData::of(model, title, description, words.lang());

    const Fills fills {
        { "{{lang}}", words.lang().toUtf8() },
        { "{{head}}", head.toUtf8() },
        { "{{style}}", m_style },
        { "{{linked-data}}", scriptJson(linked) },
        { "{{mode}}", page.layout == Layout::Embed ? "embed" : "full" },
        { "{{heading}}", escaped(u"LiveDesk · "_s + words.title()).toUtf8() },
        { "{{pause}}", escaped(words.pause()).toUtf8() },
        { "{{picker}}", writer.picker().toUtf8() },
        { "{{banner}}", writer.banner().toUtf8() },
        { "{{scoreboards}}", escaped(words.scoreboards()).toUtf8() },
        { "{{boards}}", writer.boards().toUtf8() },
        { "{{pinned}}", escaped(words.pinnedList()).toUtf8() },
        { "{{pins-hidden}}", model.pins().isEmpty() ? " hidden" : "" },
        { "{{pins}}", pins.toUtf8() },
        { "{{updates}}", escaped(words.timeline()).toUtf8() },
        { "{{timeline}}", timeline.toUtf8() },
        { "{{empty}}",
            model.timeline().isEmpty() ? escaped(words.empty()).toUtf8() : QByteArray() },
        { "{{older}}", escaped(words.olderPosts()).toUtf8() },
        { "{{state}}", scriptJson(page.state) },
    };
    return fill(fills);
}

QByteArray PageRenderer::fill(const Fills &fills) const
{
    QByteArray out;
    out.reserve(m_html.size() + 64 * 1024);
    qsizetype from = 0;
    for (qsizetype open = m_html.indexOf("{{"); open >= 0; open = m_html.indexOf("{{", from)) {
        const qsizetype close = m_html.indexOf("}}", open);
        if (close < 0)
            break;
        const QByteArrayView name(m_html.constData() + open, close + 2 - open);
        const auto it = std::find_if(
            fills.begin(), fills.end(), [&](const auto &f) { return f.first == name; });
        out += QByteArrayView(m_html).sliced(from, open - from);
        out += it == fills.end() ? name.toByteArray() : it->second;
        from = close + 2;
    }
    out += QByteArrayView(m_html).sliced(from);
    return out;
}
