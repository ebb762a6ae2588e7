#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

// One post as the page shows it, its corrections applied.
struct PagePost
{
    QString id;
    QString type;
    QJsonValue data;
    QString match; // data.match, when the post is about a match
    QDateTime time; // UTC, when it was published
    bool corrected = false; // its words were corrected (a change of pin alone is not)

    QJsonObject object() const { return data.toObject(); }
    // A key moment: a news flash or commentary sent with "key": true.
    bool isKey() const;
    quint64 number() const { return id.toULongLong(); }
};

// One match's scoreboard: its newest score and clock.
struct PageBoard
{
    QString match;
    QJsonObject score;
    QJsonObject clock;
    quint64 scoreId = 0;
    quint64 clockId = 0;
    QDateTime endedAt; // when full time was published; null while the match runs

    QString home() const { return newest(u"home"); }
    QString away() const { return newest(u"away"); }
    QString period() const { return newest(u"period"); }
    bool ended() const { return !endedAt.isNull(); }
    // "Home – Away", or empty until both are known.
    QString names() const;

private:
    // The newer of the score and the clock decides, as on the page (app.js drawBoard).
    QString newest(QStringView field) const;
};

// What the viewer page shows for an /api/state document: the same rules as the page's
// script (resources/web/app.js render()), so the server's HTML and the script's match and
// the script can take over without anything moving. Amendments are applied to their
// targets; retracted posts are gone; the pins are the state's own list.
class PageModel final
{
public:
    explicit PageModel(const QJsonObject &state);

    // Newest first, pinned posts excepted.
    const QList<PagePost> &timeline() const { return m_timeline; }
    // Newest first.
    const QList<PagePost> &pins() const { return m_pins; }
    // In the order their match first appears.
    const QList<PageBoard> &boards() const { return m_boards; }
    const PageBoard *board(const QString &match) const;
    // The newest urgent flash, as the page's banner shows it; null when there is none.
    const PagePost *banner() const { return m_banner.isEmpty() ? nullptr : find(m_banner); }
    // The oldest time among the events: where this coverage starts, as far as the page knows.
    QDateTime firstTime() const { return m_firstTime; }
    QDateTime lastTime() const { return m_lastTime; }
    // The key moments of a match, oldest first.
    QList<PagePost> keys(const QString &match) const;

private:
    void apply(const QJsonObject &event);
    void noteTime(const QDateTime &time);
    void noteEnded(const QString &match, const QDateTime &time);
    void addPost(
        const QString &id, const QString &type, const QJsonValue &data, const QDateTime &time);
    void applyState(const QString &id, const QString &type, const QJsonObject &data);
    void applyAmendment(const QString &type, const QJsonObject &data);
    void applyPins(const QJsonArray &pinned);
    const PagePost *find(const QString &id) const;
    void settle();

    QStringList m_stateTypes;
    QStringList m_amendmentTypes;
    QList<PagePost> m_posts; // every post, oldest first, while the state is applied
    QStringList m_pinnedIds;
    QString m_banner;
    QList<PagePost> m_timeline;
    QList<PagePost> m_pins;
    QList<PageBoard> m_boards;
    QDateTime m_firstTime;
    QDateTime m_lastTime;
};
