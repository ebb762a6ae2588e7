#include "domain/match.h"

#include "hub/eventhub.h"

using namespace Qt::StringLiterals;

Match::Match(QString channel, QString home, QString away, Publisher *publisher, QObject *parent)
    : QObject(parent)
    , m_publisher(publisher)
    , m_channel(std::move(channel))
    , m_home(std::move(home))
    , m_away(std::move(away))
    , m_clock(this)
{
    connect(&m_clock, &MatchClock::ticked, this, &Match::publishClock);
    connect(&m_clock, &MatchClock::changed, this, &Match::changed);
}

QString Match::periodKey(Period period)
{
    switch (period) {
    case Period::FirstHalf:
        return u"1st half"_s;
    case Period::HalfTime:
        return u"half-time"_s;
    case Period::SecondHalf:
        return u"2nd half"_s;
    case Period::ExtraTime:
        return u"extra time"_s;
    case Period::FullTime:
        return u"full-time"_s;
    }
    return {};
}

std::optional<Match::Period> Match::periodFromKey(const QString &key)
{
    for (Period p : { Period::FirstHalf, Period::HalfTime, Period::SecondHalf, Period::ExtraTime,
             Period::FullTime }) {
        if (periodKey(p) == key)
            return p;
    }
    return std::nullopt;
}

QJsonObject Match::scoreJson() const
{
    return QJsonObject {
        { u"match"_s, m_channel },
        { u"home"_s, m_home },
        { u"away"_s, m_away },
        { u"homeScore"_s, m_homeScore },
        { u"awayScore"_s, m_awayScore },
        { u"minute"_s, m_clock.minute() },
        { u"period"_s, periodKey(m_period) },
    };
}

void Match::setTeams(const QString &home, const QString &away)
{
    if (home == m_home && away == m_away)
        return;
    m_home = home;
    m_away = away;
    Q_EMIT changed();
}

void Match::restore(int homeScore, int awayScore, Period period, int elapsedSeconds)
{
    m_homeScore = qMax(0, homeScore);
    m_awayScore = qMax(0, awayScore);
    m_period = period;
    m_stored = { m_homeScore, m_awayScore, m_period };
    m_clock.set(elapsedSeconds / 60, elapsedSeconds % 60);
    Q_EMIT changed();
}

void Match::setPeriod(Period period)
{
    if (period == m_period)
        return;
    m_period = period;
    Q_EMIT changed();
    publishScore();
}

void Match::changeScore(Side side, int delta)
{
    int &score = side == Side::Home ? m_homeScore : m_awayScore;
    const int updated = qMax(0, score + delta);
    if (updated == score)
        return;
    score = updated;
    Q_EMIT changed();
    publishScore();
}

void Match::comment(
    const QString &kind, int minute, const QString &text, QObject *context, PublishCallback done)
{
    if (text.trimmed().isEmpty()) {
        done(PublishOutcome::refused(tr("Write the commentary text first.")));
        return;
    }
    if (!EventHub::isValidName(kind)) {
        done(PublishOutcome::refused(tr("Unknown commentary kind \"%1\".").arg(kind)));
        return;
    }
    m_publisher->publish(m_channel, u"commentary"_s,
        QJsonObject {
            { u"match"_s, m_channel },
            { u"minute"_s, qMax(1, minute) },
            { u"kind"_s, kind },
            { u"text"_s, text.trimmed() },
        },
        context, std::move(done));
}

void Match::publishScore()
{
    ++m_scoresInFlight;
    m_publisher->publish(m_channel, u"score"_s, scoreJson(), this,
        [this](const PublishOutcome &outcome) { onScoreOutcome(outcome); });
}

void Match::onScoreOutcome(const PublishOutcome &outcome)
{
    --m_scoresInFlight;
    if (outcome.ok()) {
        const QJsonObject stored = outcome.event->data.toObject();
        m_stored = { stored.value(u"homeScore"_s).toInt(), stored.value(u"awayScore"_s).toInt(),
            periodFromKey(stored.value(u"period"_s).toString()).value_or(m_stored.period) };
        // Once every change has answered, the board shows what the viewers have, even when
        // an earlier refusal had taken it back below a change that was stored after it.
        if (m_scoresInFlight == 0)
            showStored();
        return;
    }
    showStored();
    Q_EMIT publishFailed(outcome.error);
}

void Match::showStored()
{
    if (m_homeScore == m_stored.home && m_awayScore == m_stored.away && m_period == m_stored.period)
        return;
    m_homeScore = m_stored.home;
    m_awayScore = m_stored.away;
    m_period = m_stored.period;
    Q_EMIT changed();
}

void Match::publishClock(int elapsedSeconds)
{
    m_publisher->publish(m_channel, u"clock"_s,
        QJsonObject {
            { u"match"_s, m_channel },
            { u"home"_s, m_home },
            { u"away"_s, m_away },
            { u"minute"_s, elapsedSeconds / 60 + 1 },
            { u"second"_s, elapsedSeconds % 60 },
            { u"period"_s, periodKey(m_period) },
            { u"running"_s, m_clock.isRunning() },
        },
        this, [this](const PublishOutcome &outcome) {
            if (!outcome.ok())
                Q_EMIT publishFailed(outcome.error);
        });
}
