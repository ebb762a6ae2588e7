#pragma once

#include "page/pagemodel.h"

#include <QJsonObject>
#include <QString>

// The page's schema.org LiveBlogPosting (https://schema.org/LiveBlogPosting), as search
// engines read a live blog: when coverage started and, at full time, ended, and each post as
// a BlogPosting with its headline, time and words.
class LiveBlogLinkedData final
{
public:
    static QJsonObject of(const PageModel &model, const QString &headline,
        const QString &description, const QString &language);
    // A post's headline: a flash's own, or the start of a comment (at most 110 characters,
    // what Google shows).
    static QString headlineOf(const PagePost &post);
    // A post's words: a flash's headline and body, a comment's text.
    static QString bodyOf(const PagePost &post);
};
