#pragma once

#include "page/pagemodel.h"
#include "page/pagewords.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <utility>

// The viewer page (/ and /embed) as the server sends it: the scoreboards, pins and posts of
// an /api/state document already in the HTML, for readers without JavaScript, crawlers and
// link previews; a title, description and Open Graph tags that name the match and its score;
// schema.org LiveBlogPosting JSON-LD; and the state itself as JSON data, which the script
// takes over from (so the page never asks for /api/state on load). Every text from an event
// is escaped, and JSON inside a script element cannot end it.
//
// The markup is the script's own (resources/web/app.js draw()): the script rebuilds the same
// elements from the same state, so nothing moves when it takes over.
class PageRenderer final
{
public:
    enum class Layout { Full, Embed };
    struct Channel
    {
        QString name;
        QString label; // "Home – Away" for a match, else empty
    };
    struct Page
    {
        Layout layout = Layout::Full;
        PageWords::Language language = PageWords::Language::English;
        QJsonObject state; // /api/state for the page's channels
        QStringList channels; // the page's channels, as asked; empty: all
        QList<Channel> everyChannel; // for the picker (Layout::Full)
    };

    // `html` is resources/web/index.html, with its {{placeholders}}; `style` is the page's
    // style sheet, put inline so that nothing blocks the first render (its hash is allowed
    // by the page's Content-Security-Policy: styleHash()).
    PageRenderer(QByteArray html, QByteArray style);

    // "'sha256-…'", for the style-src of the page's Content-Security-Policy.
    QByteArray styleHash() const;

    QByteArray render(const Page &page) const;

    // Text for HTML content or a quoted attribute.
    static QString escaped(const QString &text);
    // JSON for inside a <script> element: "<", ">" and "&" as \u escapes, so no text in it
    // can close the element or open a comment.
    static QByteArray scriptJson(const QJsonObject &object);

private:
    using Fills = QList<std::pair<QByteArray, QByteArray>>;
    // The template with each {{name}} replaced, in one pass: what an event's text brings in
    // is never read for placeholders itself.
    QByteArray fill(const Fills &fills) const;

    const QByteArray m_html;
    const QByteArray m_style;
};
