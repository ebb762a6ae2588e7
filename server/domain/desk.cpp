#include "domain/desk.h"

#include "hub/eventhub.h"

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
    const QString text = headline.trimmed();
    if (text.isEmpty()) {
        done(PublishOutcome::refused(tr("Write a headline first.")));
        return;
    }
    if (text.size() > MaxHeadlineLength) {
        done(PublishOutcome::refused(tr("The headline is %1 characters long; keep it to %2.")
                                         .arg(text.size())
                                         .arg(MaxHeadlineLength)));
        return;
    }
    m_publisher->publish(u"news"_s, u"news-flash"_s,
        QJsonObject {
            { u"headline"_s, text },
            { u"body"_s, body.trimmed() },
            { u"urgent"_s, urgent },
        },
        context, std::move(done));
}

void Desk::adopt(Match *match)
{
    m_matches.append(match);
    Q_EMIT matchAdded(match);
}

QString Desk::slugFor(const QString &home, const QString &away)
{
    QString slug;
    bool dash = false;
    for (const QChar c : (home + u' ' + away).toLower()) {
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
    QHash<QString, QJsonObject> scores;
    QHash<QString, QJsonObject> clocks;
    const QJsonArray latest = state.value(u"latest"_s).toArray();
    for (const QJsonValue &value : latest) {
        const QJsonObject event = value.toObject();
        const QString channel = event.value(u"channel"_s).toString();
        if (!channel.startsWith(u"match-") || !EventHub::isValidName(channel))
            continue;
        (event.value(u"type"_s).toString() == u"score" ? scores : clocks)
            .insert(channel, event.value(u"data"_s).toObject());
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
        const int elapsed = clock.isEmpty()
            ? qMax(0, score.value(u"minute"_s).toInt() - 1) * 60
            : (clock.value(u"minute"_s).toInt() - 1) * 60 + clock.value(u"second"_s).toInt();
        match->restore(score.value(u"homeScore"_s).toInt(), score.value(u"awayScore"_s).toInt(),
            Match::periodFromKey(score.value(u"period"_s).toString())
                .value_or(Match::Period::FirstHalf),
            elapsed);
        adopt(match);
    }
}

void Desk::removeMatch(Match *match)
{
    if (!m_matches.removeOne(match))
        return;
    match->clock()->pause();
    Q_EMIT matchRemoved(match);
    match->deleteLater();
}

void Desk::correct(quint64 targetId, const QString &channel, const QJsonObject &fields,
    QObject *context, PublishCallback done)
{
    if (fields.isEmpty()) {
        done(PublishOutcome::refused(tr("A correction needs at least one field.")));
        return;
    }
    QJsonObject data = fields;
    data.insert(u"targetId"_s, QString::number(targetId));
    m_publisher->publish(channel, u"correction"_s, data, context, std::move(done));
}

void Desk::retract(quint64 targetId, const QString &channel, QObject *context, PublishCallback done)
{
    m_publisher->publish(channel, u"retraction"_s,
        QJsonObject { { u"targetId"_s, QString::number(targetId) } }, context, std::move(done));
}
