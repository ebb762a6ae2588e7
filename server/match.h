#pragma once

#include "matchclock.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QObject>
#include <QString>

#include <optional>

// One match on one channel (match-<slug>): teams, score, period, clock and commentary.
// It only emits publishRequested(); app/ connects that to the server.
class Match final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Match)

public:
    enum class Period { FirstHalf, HalfTime, SecondHalf, ExtraTime, FullTime };
    Q_ENUM(Period)
    enum class Side { Home, Away };
    Q_ENUM(Side)

    Match(QString channel, QString home, QString away, QObject *parent = nullptr);

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
    void restore(int homeScore, int awayScore, Period period, int elapsedSeconds);
    // Broadcasts a "score" event so the scoreboards follow the period too.
    void setPeriod(Period period);
    // +1/-1 (never below zero), broadcast at once as a "score" event.
    void changeScore(Side side, int delta);
    // A "commentary" event {"match","minute","kind","text"}. Fails with a reason when the
    // text is empty or the kind is not a name.
    bool comment(const QString &kind, int minute, const QString &text, QString *error);

Q_SIGNALS:
    void changed();
    void publishRequested(const QString &channel, const QString &type, const QJsonValue &data);

private:
    void publishScore();
    void publishClock(int elapsedSeconds);

    const QString m_channel;
    QString m_home;
    QString m_away;
    int m_homeScore = 0;
    int m_awayScore = 0;
    Period m_period = Period::FirstHalf;
    MatchClock m_clock;
};
