#pragma once

#include "domain/matchclock.h"
#include "hub/publisher.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QObject>
#include <QString>

#include <optional>

// One match on one channel (match-<slug>): teams, score, period, clock and commentary,
// published through the Publisher it was given.
//
// The score and period shown are the ones the server has stored: a change is shown at once,
// and if it cannot be stored it is taken back (to the last stored score) and publishFailed()
// says why, so a goal the viewers never got does not stay on the operator's scoreboard.
class Match final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Match)

public:
    enum class Period { FirstHalf, HalfTime, SecondHalf, ExtraTime, FullTime };
    Q_ENUM(Period)
    enum class Side { Home, Away };
    Q_ENUM(Side)

    Match(QString channel, QString home, QString away, Publisher *publisher,
        QObject *parent = nullptr);

    QString channel() const { return m_channel; }
    QString home() const { return m_home; }
    QString away() const { return m_away; }
    QString team(Side side) const { return side == Side::Home ? m_home : m_away; }
    int homeScore() const { return m_homeScore; }
    int awayScore() const { return m_awayScore; }
    Period period() const { return m_period; }
    MatchClock *clock() { return &m_clock; }
    const MatchClock *clock() const { return &m_clock; }

    // The wire names of the periods, as viewers' pages read them, and back.
    static QString periodKey(Period period);
    static std::optional<Period> periodFromKey(const QString &key);
    // {"match","home","away","homeScore","awayScore","minute","period"}
    QJsonObject scoreJson() const;

    void setTeams(const QString &home, const QString &away);
    // Puts back a state from the journal without broadcasting anything: the viewers have it.
    // A clock that was running goes on running from `elapsedMs`. Emits changed() once.
    void restore(int homeScore, int awayScore, Period period, qint64 elapsedMs, bool running);
    // The stored "score" event `id` of this match, whoever published it: this console,
    // another console of the cluster or a script. The board shows the newest stored score,
    // except while a change of this console waits for its answer (then it shows once every
    // change has answered). An id at or below one already shown changes nothing.
    void follow(quint64 id, const QJsonObject &score);
    // The stored "clock" event `id`: the clock stands at `elapsedMs` and runs or not, as its
    // sender said. Held back while a clock event of this console is on its way, and applied
    // then if it is still the newest. A clock that follows another console's does not
    // publish its ticks (one console's ticks are enough for viewers) until the operator here
    // starts, pauses or sets it.
    void followClock(quint64 id, qint64 elapsedMs, bool running);
    // Broadcasts a "score" event so the scoreboards follow the period too.
    void setPeriod(Period period);
    // +1/-1 (never below zero), broadcast at once as a "score" event.
    void changeScore(Side side, int delta);
    // Under way and not over: the clock has run, or there is a score, and it is not full
    // time. Closing such a match ends it for viewers first.
    bool isLive() const;
    // Full time, for viewers too: the clock stops (a "clock" event) and the period becomes
    // full-time (a "score" event); `done` has the score event's outcome. A refusal takes the
    // board back, as any score change does.
    void end(QObject *context, PublishCallback done);
    // A "commentary" event {"match","minute","kind","text"} (and "byline", when set). Refused
    // at once (through done) when checkCommentary() refuses it. A minute below the first is
    // the first.
    void setByline(const QString &name) { m_byline = name; }
    // The same, marked a key moment ("key": true) when `key`.
    void comment(const QString &kind, int minute, const QString &text, bool key, QObject *context,
        PublishCallback done);
    void comment(const QString &kind, int minute, const QString &text, QObject *context,
        PublishCallback done);
    // What comment() accepts, for forms that check before anything is sent (a correction
    // too): some text, a kind from CommentaryKinds, a minute up to MaxMinute.
    static bool checkCommentary(
        const QString &kind, int minute, const QString &text, QString *error);

    static constexpr int MaxMinute = 200;

Q_SIGNALS:
    void changed();
    // A score, period or clock event could not be stored; the scoreboard shows the last
    // stored score again.
    void publishFailed(const QString &reason);

private:
    void publishScore(QObject *context = nullptr, PublishCallback done = {});
    void publishClock(int elapsedSeconds);
    void onClockChanged();
    void onScoreOutcome(const PublishOutcome &outcome);
    void onClockOutcome(const PublishOutcome &outcome);
    void showStored();

    struct Board
    {
        int home = 0;
        int away = 0;
        Period period = Period::FirstHalf;
    };

    Publisher *const m_publisher;
    const QString m_channel;
    QString m_byline; // the desk's operator (Desk::setByline)
    QString m_home;
    QString m_away;
    int m_homeScore = 0;
    int m_awayScore = 0;
    Period m_period = Period::FirstHalf;
    struct ClockState
    {
        quint64 id = 0;
        qint64 elapsedMs = 0;
        bool running = false;
    };
    void applyClock(const ClockState &state);
    static Board boardFrom(const QJsonObject &score, Period fallback);

    Board m_stored; // what the server last stored
    quint64 m_storedId = 0; // the id of that score event (0: restored or none)
    int m_scoresInFlight = 0;
    MatchClock m_clock;
    quint64 m_clockId = 0; // the newest stored clock event this clock has taken in
    int m_clocksInFlight = 0;
    std::optional<ClockState> m_heldClock; // another's, newer, waiting for ours to answer
    bool m_leadsClock = true; // false while it follows another console's clock
};
