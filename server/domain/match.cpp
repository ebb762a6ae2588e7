#include "domain/match.h"

#include "domain/commentarykind.h"

#include <QPointer>
#include <QStringList>

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
    connect(&m_clock, &MatchClock::changed, this, &Match::onClockChanged);
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

void Match::restore(int homeScore, int awayScore, Period period, qint64 elapsedMs, bool running)
{
    m_homeScore = qMax(0, homeScore);
    m_awayScore = qMax(0, awayScore);
    m_period = period;
    m_stored = { m_homeScore, m_awayScore, m_period };
    m_leadsClock = true; // a console restarted on its own match carries on sending the time
    m_clock.restore(elapsedMs, running);
    Q_EMIT changed();
}

Match::Board Match::boardFrom(const QJsonObject &score, Period fallback)
{
    return { qMax(0, score.value(u"homeScore"_s).toInt()),
        qMax(0, score.value(u"awayScore"_s).toInt()),
        periodFromKey(score.value(u"period"_s).toString()).value_or(fallback) };
}

void Match::follow(quint64 id, const QJsonObject &score)
{
    if (id <= m_storedId)
        return;
    m_storedId = id;
    m_stored = boardFrom(score, m_stored.period);
    const QString home = score.value(u"home"_s).toString();
    const QString away = score.value(u"away"_s).toString();
    if (!home.isEmpty() && !away.isEmpty())
        setTeams(home, away);
    if (m_scoresInFlight == 0)
        showStored();
}

void Match::followClock(quint64 id, qint64 elapsedMs, bool running)
{
    if (id <= m_clockId)
        return;
    // Ours answer after they are relayed: until then, an older tick of ours could still
    // be judged newer than this.
    if (m_clocksInFlight > 0) {
        m_heldClock = ClockState { id, elapsedMs, running };
        return;
    }
    applyClock({ id, elapsedMs, running });
}

void Match::applyClock(const ClockState &state)
{
    m_clockId = state.id;
    // Another console's ticks of a clock that runs alongside this one change nothing: the
    // two run within a tick of each other, and restarting ours would make it stutter.
    const qint64 shownMs = m_clock.elapsedSeconds() * 1000LL;
    if (state.running == m_clock.isRunning() && qAbs(state.elapsedMs - shownMs) < 2000)
        return;
    m_leadsClock = false;
    m_clock.restore(state.elapsedMs, state.running);
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
    comment(kind, minute, text, false, context, std::move(done));
}

void Match::comment(const QString &kind, int minute, const QString &text, bool key,
    QObject *context, PublishCallback done)
{
    QString error;
    if (!checkCommentary(kind, minute, text, &error)) {
        done(PublishOutcome::refused(error));
        return;
    }
    QJsonObject line {
        { u"match"_s, m_channel },
        { u"minute"_s, qMax(1, minute) },
        { u"kind"_s, kind },
        { u"text"_s, text.trimmed() },
    };
    if (key)
        line.insert(u"key"_s, true);
    if (!m_byline.isEmpty())
        line.insert(u"byline"_s, m_byline);
    m_publisher->publish(m_channel, u"commentary"_s, line, context, std::move(done));
}

bool Match::checkCommentary(const QString &kind, int minute, const QString &text, QString *error)
{
    if (text.trimmed().isEmpty()) {
        *error = tr("Write the commentary text first.");
        return false;
    }
    if (!CommentaryKinds::isKnown(kind)) {
        QStringList known;
        for (const CommentaryKind &k : CommentaryKinds::all())
            known.append(k.key);
        *error = tr("Unknown commentary kind \"%1\"; it must be one of: %2.")
                     .arg(kind, known.join(u", "_s));
        return false;
    }
    if (minute > MaxMinute) {
        *error = tr("The minute is %1; it can be at most %2.").arg(minute).arg(MaxMinute);
        return false;
    }
    return true;
}

void Match::publishScore(QObject *context, PublishCallback done)
{
    ++m_scoresInFlight;
    m_publisher->publish(m_channel, u"score"_s, scoreJson(), this,
        [this, context = QPointer<QObject>(context), done = std::move(done)](
            const PublishOutcome &outcome) {
            onScoreOutcome(outcome);
            if (done && context)
                done(outcome);
        });
}

bool Match::isLive() const
{
    const bool started
        = m_clock.isRunning() || m_clock.elapsedSeconds() > 0 || m_homeScore > 0 || m_awayScore > 0;
    return started && m_period != Period::FullTime;
}

void Match::end(QObject *context, PublishCallback done)
{
    m_clock.pause();
    m_period = Period::FullTime;
    Q_EMIT changed();
    publishScore(context, std::move(done));
}

void Match::onScoreOutcome(const PublishOutcome &outcome)
{
    --m_scoresInFlight;
    if (outcome.queued)
        return; // the outbox sends it later: the board keeps what the operator set
    if (outcome.ok()) {
        // Another console's score stored after ours (and already followed) stays.
        if (outcome.event->id > m_storedId) {
            m_storedId = outcome.event->id;
            m_stored = boardFrom(outcome.event->data.toObject(), m_stored.period);
        }
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

// Started, paused or set: viewers' clocks follow at once, and the journal's newest clock
// event says whether it runs, so a restarted console picks it up running or not.
void Match::onClockChanged()
{
    m_leadsClock = true; // the operator here started, paused or set it
    Q_EMIT changed();
    publishClock(m_clock.elapsedSeconds());
}

void Match::publishClock(int elapsedSeconds)
{
    if (!m_leadsClock)
        return; // a tick of the clock another console leads (operator changes lead here)
    ++m_clocksInFlight;
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
        this, [this](const PublishOutcome &outcome) { onClockOutcome(outcome); });
}

void Match::onClockOutcome(const PublishOutcome &outcome)
{
    --m_clocksInFlight;
    if (outcome.ok())
        m_clockId = qMax(m_clockId, outcome.event->id);
    else if (!outcome.queued) // a queued one goes out later; the clock runs on here
        Q_EMIT publishFailed(outcome.error);
    if (m_clocksInFlight == 0 && m_heldClock) {
        const ClockState held = *m_heldClock;
        m_heldClock.reset();
        if (held.id > m_clockId)
            applyClock(held);
    }
}
