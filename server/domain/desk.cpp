#include "domain/desk.h"

#include "domain/commentarykind.h"
#include "hub/eventhub.h"

#include <QDateTime>
#include <QHash>
#include <QJsonArray>

using namespace Qt::StringLiterals;

Desk::Desk(Publisher *publisher, QObject *parent)
    : QObject(parent)
    , m_publisher(publisher)
{ }

void Desk::publishNewsFlash(const QString &headline, const QString &body, bool urgent,
    QObject *context, PublishCallback done)
{
    publishNewsFlash(headline, body, urgent, QJsonObject(), context, std::move(done));
}

void Desk::publishNewsFlash(const QString &headline, const QString &body, bool urgent,
    const QJsonObject &photo, QObject *context, PublishCallback done)
{
    QString error;
    if (!checkNewsFlash(headline, &error)) {
        done(PublishOutcome::refused(error));
        return;
    }
    m_publisher->publish(u"news"_s, u"news-flash"_s, newsFlash(headline, body, urgent, photo),
        context, std::move(done));
}

QJsonObject Desk::newsFlash(
    const QString &headline, const QString &body, bool urgent, const QJsonObject &photo) const
{
    QJsonObject flash {
        { u"headline"_s, headline.trimmed() },
        { u"body"_s, body.trimmed() },
        { u"urgent"_s, urgent },
    };
    if (!m_byline.isEmpty())
        flash.insert(u"byline"_s, m_byline);
    if (!photo.isEmpty())
        flash.insert(u"photo"_s, photo);
    return flash;
}

void Desk::setByline(const QString &name)
{
    m_byline = name.trimmed().left(MaxBylineLength);
    for (Match *match : std::as_const(m_matches))
        match->setByline(m_byline);
}

bool Desk::checkNewsFlash(const QString &headline, QString *error)
{
    const QString text = headline.trimmed();
    if (text.isEmpty()) {
        *error = tr("Write a headline first.");
        return false;
    }
    if (text.size() > MaxHeadlineLength) {
        *error = tr("The headline is %1 characters long; keep it to %2.")
                     .arg(text.size())
                     .arg(MaxHeadlineLength);
        return false;
    }
    return true;
}

void Desk::adopt(Match *match, bool here)
{
    match->setByline(m_byline);
    m_matches.append(match);
    Q_EMIT matchAdded(match, here);
}

QString Desk::slugFor(const QString &home, const QString &away)
{
    QString slug;
    bool dash = false;
    const QString words = (home + u' ' + away).toLower();
    for (const QChar c : words) {
        if ((c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9')) {
            if (dash && !slug.isEmpty())
                slug += u'-';
            slug += c;
            dash = false;
        } else {
            dash = true;
        }
    }
    return slug.left(48);
}

Match *Desk::addMatch(const QString &home, const QString &away)
{
    QString base = slugFor(home, away);
    if (base.isEmpty())
        base = u"%1"_s.arg(m_matches.size() + 1); // names with no ASCII letters at all
    QString channel = u"match-"_s + base;
    for (int n = 2; std::any_of(m_matches.cbegin(), m_matches.cend(),
             [&](const Match *m) { return m->channel() == channel; });
         ++n)
        channel = u"match-%1-%2"_s.arg(base).arg(n);

    auto *match = new Match(channel, home.trimmed(), away.trimmed(), m_publisher, this);
    adopt(match);
    return match;
}

void Desk::restore(const QJsonObject &state)
{
    restoreAt(state, QDateTime::currentDateTimeUtc());
}

namespace {

// Where a clock stands at `now`, from a "clock" event's data sent at `sent`: its minute and
// second then, plus the time since if it was running.
qint64 clockElapsedMs(const QJsonObject &clock, const QDateTime &sent, const QDateTime &now)
{
    const qint64 atEvent = (qMax(1, clock.value(u"minute"_s).toInt()) - 1) * 60'000LL
        + qBound(0, clock.value(u"second"_s).toInt(), 59) * 1000LL;
    if (!clock.value(u"running"_s).toBool())
        return atEvent;
    // A clock from the future (the wall clock was moved) resumes where it was.
    return atEvent + (sent.isValid() ? qMax<qint64>(0, sent.msecsTo(now)) : 0);
}

// The same from the newest "clock" event of a snapshot; without one, the score's minute.
qint64 restoredElapsedMs(
    const QJsonObject &score, const QJsonObject &clockEvent, const QDateTime &now)
{
    if (clockEvent.isEmpty())
        return qMax(0, score.value(u"minute"_s).toInt() - 1) * 60'000LL;
    return clockElapsedMs(clockEvent.value(u"data"_s).toObject(),
        QDateTime::fromString(clockEvent.value(u"time"_s).toString(), Qt::ISODateWithMs), now);
}

} // namespace

void Desk::restoreAt(const QJsonObject &state, const QDateTime &now)
{
    QHash<QString, QJsonObject> scores; // channel -> score data
    QHash<QString, QJsonObject> clocks; // channel -> the whole clock event (its time too)
    const QJsonArray latest = state.value(u"latest"_s).toArray();
    for (const auto &value : latest) {
        const QJsonObject event = value.toObject();
        const QString channel = event.value(u"channel"_s).toString();
        if (!channel.startsWith(u"match-") || !EventHub::isValidName(channel))
            continue;
        const QString type = event.value(u"type"_s).toString();
        if (type == u"score")
            scores.insert(channel, event.value(u"data"_s).toObject());
        else if (type == u"clock")
            clocks.insert(channel, event);
    }
    for (auto it = scores.cbegin(); it != scores.cend(); ++it) {
        const QString &channel = it.key();
        if (std::any_of(m_matches.cbegin(), m_matches.cend(),
                [&](const Match *m) { return m->channel() == channel; }))
            continue;
        const QJsonObject &score = it.value();
        const QJsonObject clock = clocks.value(channel);
        auto *match = new Match(channel, score.value(u"home"_s).toString(),
            score.value(u"away"_s).toString(), m_publisher, this);
        match->restore(score.value(u"homeScore"_s).toInt(), score.value(u"awayScore"_s).toInt(),
            Match::periodFromKey(score.value(u"period"_s).toString())
                .value_or(Match::Period::FirstHalf),
            restoredElapsedMs(score, clock, now),
            clock.value(u"data"_s).toObject().value(u"running"_s).toBool());
        adopt(match);
    }
}

Match *Desk::find(const QString &channel) const
{
    for (Match *match : m_matches) {
        if (match->channel() == channel)
            return match;
    }
    return nullptr;
}

void Desk::follow(const HubEventPtr &event)
{
    followAt(event, QDateTime::currentDateTimeUtc());
}

void Desk::followAt(const HubEventPtr &event, const QDateTime &now)
{
    if (!event || !event->channel.startsWith(u"match-"))
        return;
    if (event->type == u"score") {
        followScore(*event);
    } else if (event->type == u"clock") {
        const QJsonObject clock = event->data.toObject();
        if (Match *match = find(event->channel))
            match->followClock(event->id, clockElapsedMs(clock, event->time, now),
                clock.value(u"running"_s).toBool());
    }
}

void Desk::followScore(const HubEvent &event)
{
    const QJsonObject score = event.data.toObject();
    Match *match = find(event.channel);
    if (!match) {
        const std::optional<Match::Period> period
            = Match::periodFromKey(score.value(u"period"_s).toString());
        const QString home = score.value(u"home"_s).toString().trimmed();
        const QString away = score.value(u"away"_s).toString().trimmed();
        // Our own full-time score arrives after the tab closed; a finished match elsewhere
        // is not news for this desk either.
        if (period == Match::Period::FullTime || m_closedHere.contains(event.channel)
            || home.isEmpty() || away.isEmpty() || !EventHub::isValidName(event.channel))
            return;
        match = new Match(event.channel, home, away, m_publisher, this);
        match->restore(0, 0, period.value_or(Match::Period::FirstHalf),
            qMax(0, score.value(u"minute"_s).toInt() - 1) * 60'000LL, false);
        adopt(match, false);
    }
    match->follow(event.id, score);
}

void Desk::removeMatch(Match *match)
{
    if (!m_matches.removeOne(match))
        return;
    m_closedHere.insert(match->channel());
    match->clock()->pause();
    Q_EMIT matchRemoved(match);
    match->deleteLater();
}

namespace {

// A correction is held to the rules its fields were published under: a flash's headline, a
// commentary line's kind, minute and text, so a made-up kind never reaches viewers this way
// either. A field it leaves alone is not checked; "targetId" is the desk's to set.
bool checkCorrection(const QJsonObject &fields, QString *error)
{
    if (fields.isEmpty() || (fields.size() == 1 && fields.contains(u"targetId"_s))) {
        *error = Desk::tr("A correction needs at least one field.");
        return false;
    }
    if (fields.contains(u"headline"_s)
        && !Desk::checkNewsFlash(fields.value(u"headline"_s).toString(), error))
        return false;
    if (fields.contains(u"minute"_s) && !fields.value(u"minute"_s).isDouble()) {
        *error = Desk::tr("The minute must be a number.");
        return false;
    }
    if (fields.contains(u"kind"_s) || fields.contains(u"minute"_s)) {
        // A commentary line: what the correction leaves alone stands in with a value that
        // passes, so only what it changes is judged.
        const auto given = [&fields](const QString &key, const QString &otherwise) {
            return fields.contains(key) ? fields.value(key).toString() : otherwise;
        };
        return Match::checkCommentary(given(u"kind"_s, CommentaryKinds::neutral()),
            fields.value(u"minute"_s).toInt(1), given(u"text"_s, u"-"_s), error);
    }
    if (fields.contains(u"text"_s) && fields.value(u"text"_s).toString().trimmed().isEmpty()) {
        *error = Desk::tr("A correction cannot leave the text empty.");
        return false;
    }
    return true;
}

} // namespace

void Desk::correct(quint64 targetId, const QString &channel, const QJsonObject &fields,
    QObject *context, PublishCallback done)
{
    QString error;
    if (targetId == 0) {
        done(PublishOutcome::refused(tr("Choose the item to correct first.")));
        return;
    }
    if (!checkCorrection(fields, &error)) {
        done(PublishOutcome::refused(error));
        return;
    }
    QJsonObject data = fields;
    data.insert(u"targetId"_s, QString::number(targetId));
    m_publisher->publish(channel, u"correction"_s, data, context, std::move(done));
}

void Desk::retract(quint64 targetId, const QString &channel, QObject *context, PublishCallback done)
{
    if (targetId == 0) {
        done(PublishOutcome::refused(tr("Choose the item to retract first.")));
        return;
    }
    m_publisher->publish(channel, u"retraction"_s,
        QJsonObject { { u"targetId"_s, QString::number(targetId) } }, context, std::move(done));
}
