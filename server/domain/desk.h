#pragma once

#include "domain/match.h"
#include "hub/hubevent.h"
#include "hub/publisher.h"

#include <QDateTime>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QObject>
#include <QSet>

// The operator's desk: news flashes, the matches being covered, and corrections and
// retractions of anything already sent. A domain object with no widgets and no sockets:
// everything it broadcasts goes through the Publisher it was given (ServerHost in app/), and
// every publish reports its outcome to the caller's `done` (see Publisher): the stored event
// with its id, or why nothing was sent, a refused draft included.
class Desk final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Desk)

public:
    static constexpr int MaxHeadlineLength = 200;
    static constexpr int MaxBylineLength = 100;

    explicit Desk(Publisher *publisher, QObject *parent = nullptr);

    // "news-flash" on "news": {"headline","body","urgent"}. Refused at once (nothing is sent)
    // when the headline is empty or too long.
    void publishNewsFlash(const QString &headline, const QString &body, bool urgent,
        QObject *context, PublishCallback done);
    // The same with a photo stored by POST /api/media: {"url","width","height","alt",…}.
    void publishNewsFlash(const QString &headline, const QString &body, bool urgent,
        const QJsonObject &photo, QObject *context, PublishCallback done);
    // The data of a flash as publishNewsFlash() sends it, byline included (for a flash the
    // server publishes later: a scheduled one).
    QJsonObject newsFlash(const QString &headline, const QString &body, bool urgent,
        const QJsonObject &photo = {}) const;
    // The operator's name, carried as "byline" by every flash and commentary line from now
    // on (empty: none). Several operators of one server each have their own.
    void setByline(const QString &name);
    QString byline() const { return m_byline; }
    // What publishNewsFlash() accepts, for forms that check before anything is sent (a
    // correction of a flash too).
    static bool checkNewsFlash(const QString &headline, QString *error);

    // A new match on its own channel, match-<slug of the teams>, unique on this desk.
    Match *addMatch(const QString &home, const QString &away);
    void removeMatch(Match *match);
    // Recreates the matches a snapshot (/api/state, "latest") describes and this desk does
    // not have yet: teams, score, period and the clock, as its newest "clock" event left it:
    // paused where it stood, or running on from then (the time in between counted). Nothing
    // is broadcast. Used at start, so a restarted console carries on where it was.
    void restore(const QJsonObject &state);
    // restore() as if it were `now` (UTC), for tests.
    void restoreAt(const QJsonObject &state, const QDateTime &now);
    QList<Match *> matches() const { return m_matches; }
    // Every stored event, whoever published it (ServerHost::published): the scoreboards and
    // clocks follow the log, so two consoles of a cluster (or a script) covering one match
    // show the same board. A score for a match this desk does not have opens it, unless it
    // is at full time or the match was closed here.
    void follow(const HubEventPtr &event);
    // follow() as if it were `now` (UTC), for tests.
    void followAt(const HubEventPtr &event, const QDateTime &now);
    static QString slugFor(const QString &home, const QString &away);

    // "correction" {"targetId", ...fields} on the target's channel. Refused at once when
    // there are no fields, or when one breaks the rule it was published under (a headline
    // as checkNewsFlash(), a kind, minute or text as Match::checkCommentary(): a made-up kind
    // is refused).
    void correct(quint64 targetId, const QString &channel, const QJsonObject &fields,
        QObject *context, PublishCallback done);
    // "retraction" {"targetId"} on the target's channel.
    void retract(quint64 targetId, const QString &channel, QObject *context, PublishCallback done);

Q_SIGNALS:
    // `here`: this desk opened it (addMatch(), or its own history at start); false for a
    // match another console of the cluster (or a script) opened, which follow() took up.
    void matchAdded(Match *match, bool here);
    void matchRemoved(Match *match);

private:
    void adopt(Match *match, bool here = true);
    Match *find(const QString &channel) const;
    void followScore(const HubEvent &event);

    QSet<QString> m_closedHere; // matches removed on this desk, not reopened by follow()

    Publisher *const m_publisher;
    QList<Match *> m_matches;
    QString m_byline;
};
