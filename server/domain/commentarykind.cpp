#include "domain/commentarykind.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

const CommentaryKind *find(QStringView key)
{
    const QList<CommentaryKind> &kinds = CommentaryKinds::all();
    const auto it = std::find_if(
        kinds.cbegin(), kinds.cend(), [key](const CommentaryKind &k) { return k.key == key; });
    return it == kinds.cend() ? nullptr : &*it;
}

} // namespace

const QList<CommentaryKind> &CommentaryKinds::all()
{
    static const QList<CommentaryKind> kinds {
        { u"comment"_s, false },
        { u"goal"_s, true },
        { u"yellow-card"_s, false },
        { u"red-card"_s, false },
        { u"substitution"_s, false },
        { u"chance"_s, false },
        { u"var-check"_s, false },
        { u"half-time"_s, false },
        { u"full-time"_s, false },
    };
    return kinds;
}

bool CommentaryKinds::isKnown(QStringView key)
{
    return find(key) != nullptr;
}

bool CommentaryKinds::isKeyByDefault(QStringView key)
{
    return key == u"goal" || key == u"red-card" || key == u"full-time";
}

bool CommentaryKinds::changesScore(QStringView key)
{
    const CommentaryKind *kind = find(key);
    return kind && kind->changesScore;
}

QString CommentaryKinds::neutral()
{
    return all().constFirst().key;
}
