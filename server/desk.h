#pragma once

#include "match.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QObject>

// The operator's desk: news flashes, the matches being covered, and corrections and
// retractions of anything already sent. A domain object with no widgets and no sockets:
// everything it broadcasts leaves through publishRequested(), which app/ connects to the
// server, so the GUI never writes to a socket.
class Desk final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Desk)

public:
    static constexpr int MaxHeadlineLength = 200;

    explicit Desk(QObject *parent = nullptr);

    // "news-flash" on "news": {"headline","body","urgent"}. Fails with a reason (and sends
    // nothing) when the headline is empty or too long.
    bool publishNewsFlash(
        const QString &headline, const QString &body, bool urgent, QString *error);

    // A new match on its own channel, match-<slug of the teams>, unique on this desk.
    Match *addMatch(const QString &home, const QString &away);
    void removeMatch(Match *match);
    // Recreates the matches a snapshot (/api/state, "latest") describes and this desk does
    // not have yet: teams, score, period and the clock (paused at its last tick). Nothing is
    // broadcast. Used at start, so a restarted console carries on where it was.
    void restore(const QJsonObject &state);
    QList<Match *> matches() const { return m_matches; }
    static QString slugFor(const QString &home, const QString &away);

    // "correction" {"targetId", ...fields} on the target's channel.
    bool correct(
        quint64 targetId, const QString &channel, const QJsonObject &fields, QString *error);
    // "retraction" {"targetId"} on the target's channel.
    void retract(quint64 targetId, const QString &channel);

Q_SIGNALS:
    void publishRequested(const QString &channel, const QString &type, const QJsonValue &data);
    void matchAdded(Match *match);
    void matchRemoved(Match *match);

private:
    QList<Match *> m_matches;
};
