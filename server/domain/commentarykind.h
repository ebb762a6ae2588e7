#pragma once

#include <QList>
#include <QString>
#include <QStringView>

// One kind of commentary as the wire carries it ("kind" in a "commentary" event) and whether
// publishing it changes the score.
struct CommentaryKind
{
    QString key;
    bool changesScore;
};

// The one list of commentary kinds: what Match accepts, what the console offers and what
// viewers' pages are styled for. "comment", the neutral kind, comes first and is the
// default, so nothing that moves the score goes out unless someone chose it.
class CommentaryKinds final
{
public:
    CommentaryKinds() = delete;

    static const QList<CommentaryKind> &all();
    static bool isKnown(QStringView key);
    static bool changesScore(QStringView key);
    // GOAL, red card and full-time: listed as key moments unless the operator says not.
    static bool isKeyByDefault(QStringView key);
    static QString neutral();
};
