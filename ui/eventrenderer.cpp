#include "eventrenderer.h"

#include "domain/commentarykind.h"
#include "hub/statepolicy.h"
#include "protocol/sseencoder.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <cmath>

using namespace Qt::StringLiterals;

namespace {

QString field(const QJsonObject &data, QStringView key)
{
    return data.value(key).toString();
}

// Any payload as the stream carries it (a number as 42, not as an empty container).
QString compactJson(const QJsonValue &data)
{
    return QString::fromUtf8(SseEncoder::payloadText(data));
}

// What JavaScript's `${value ?? ''}` makes of a JSON value, so the pane words a field
// exactly as the page does: 23 as "23", 1.5 as "1.5", a missing field as nothing.
QString jsText(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::String:
        return value.toString();
    case QJsonValue::Double: {
        const double number = value.toDouble();
        if (std::trunc(number) == number && std::abs(number) < 1e15)
            return QString::number(qint64(number));
        return QString::number(number, 'g', QLocale::FloatingPointShortest);
    }
    case QJsonValue::Bool:
        return value.toBool() ? u"true"_s : u"false"_s;
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        return {};
    case QJsonValue::Array:
    case QJsonValue::Object:
        return compactJson(value);
    }
    return {};
}

// JavaScript's truthiness, for the page's `if (data.body)` and `!!data.urgent`.
bool truthy(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Bool:
        return value.toBool();
    case QJsonValue::Double:
        return value.toDouble() != 0 && !std::isnan(value.toDouble());
    case QJsonValue::String:
        return !value.toString().isEmpty();
    case QJsonValue::Array:
    case QJsonValue::Object:
        return true;
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        return false;
    }
    return false;
}

// `first[key] || second[key]`.
QJsonValue either(const QJsonObject &first, const QJsonObject &second, QStringView key)
{
    const QJsonValue value = first.value(key);
    return truthy(value) ? value : second.value(key);
}

// `${value ?? 0}`.
QString orZero(const QJsonValue &value)
{
    return value.isNull() || value.isUndefined() ? u"0"_s : jsText(value);
}

} // namespace

QString EventRenderer::summary(QStringView type, const QJsonValue &data)
{
    // The known types read their fields from an object; the history shows any other payload
    // itself, cut to a line.
    if (type == u"news-flash")
        return newsFlash(data.toObject());
    if (type == u"score")
        return score(data.toObject());
    if (type == u"commentary")
        return commentary(data.toObject());
    if (StatePolicy::isAmendment(type))
        return amendment(type, data);
    return (data.isString() ? data.toString() : compactJson(data)).left(200);
}

QString EventRenderer::typeLabel(QStringView type)
{
    if (type == u"news-flash")
        return tr("News flash");
    if (type == u"score")
        return tr("Score");
    if (type == u"clock")
        return tr("Clock");
    if (type == u"commentary")
        return tr("Commentary");
    if (type == u"correction")
        return tr("Correction");
    if (type == u"retraction")
        return tr("Retraction");
    return type.toString();
}

QString EventRenderer::kindLabel(const QString &kind)
{
    // The page's KINDS, in the same words.
    if (kind == CommentaryKinds::neutral())
        return {};
    if (kind == u"goal")
        return tr("Goal");
    if (kind == u"yellow-card")
        return tr("Yellow card");
    if (kind == u"red-card")
        return tr("Red card");
    if (kind == u"substitution")
        return tr("Substitution");
    if (kind == u"chance")
        return tr("Chance");
    if (kind == u"var-check")
        return tr("VAR check");
    if (kind == u"half-time")
        return tr("Half-time");
    if (kind == u"full-time")
        return tr("Full-time");
    return kind;
}

QString EventRenderer::periodLabel(const QString &key)
{
    // The page's PERIODS: the wire values of Match::periodKey.
    if (key == u"1st half")
        return tr("1st half");
    if (key == u"half-time")
        return tr("Half-time");
    if (key == u"2nd half")
        return tr("2nd half");
    if (key == u"extra time")
        return tr("Extra time");
    if (key == u"full-time")
        return tr("Full-time");
    return key;
}

QString EventRenderer::teams(const QJsonObject &data)
{
    const QString home = jsText(data.value(u"home"_s));
    const QString away = jsText(data.value(u"away"_s));
    return home.isEmpty() || away.isEmpty() ? QString() : home + u" – "_s + away;
}

EventRenderer::Card EventRenderer::card(
    QStringView type, const QJsonValue &data, const QString &match, bool corrected)
{
    Card card;
    if (type == u"news-flash") {
        card = newsFlashCard(data.toObject());
    } else if (type == u"commentary") {
        card = commentaryCard(data.toObject(), match);
    } else {
        // The page's `typeof data === 'string' ? data : JSON.stringify(data)`, where a
        // missing payload is {}.
        card.meta << type.toString();
        card.lines << (data.isString()                ? data.toString()
                : data.isNull() || data.isUndefined() ? u"{}"_s
                                                      : compactJson(data));
    }
    // The page's key mark and byline, for the two types a person writes.
    const bool written = type == u"news-flash" || type == u"commentary";
    if (written && data.toObject().value(u"key"_s) == QJsonValue(true))
        card.meta << tr("Key moment");
    const QString byline = data.toObject().value(u"byline"_s).toString().trimmed();
    if (written && !byline.isEmpty())
        card.meta << tr("By %1").arg(byline);
    if (corrected)
        card.meta << tr("corrected");
    return card;
}

EventRenderer::Card EventRenderer::newsFlashCard(const QJsonObject &data)
{
    Card card;
    card.urgent = truthy(data.value(u"urgent"_s));
    card.meta << (card.urgent ? tr("Urgent") : tr("News"));
    card.lines << jsText(data.value(u"headline"_s));
    if (truthy(data.value(u"body"_s)))
        card.lines << jsText(data.value(u"body"_s));
    addPhoto(&card, data.value(u"photo"_s).toObject());
    return card;
}

// The pane is a list of text: a photo is its alt text there (the page shows the picture),
// with the caption and the credit the page puts under it.
void EventRenderer::addPhoto(Card *card, const QJsonObject &photo)
{
    const QString alt = photo.value(u"alt"_s).toString().trimmed();
    if (alt.isEmpty())
        return;
    QStringList words { tr("Photo: %1").arg(alt) };
    if (const QString caption = photo.value(u"caption"_s).toString().trimmed(); !caption.isEmpty())
        words << caption;
    if (const QString credit = photo.value(u"credit"_s).toString().trimmed(); !credit.isEmpty())
        words << u"© "_s + credit;
    card->lines << words.join(u" · "_s);
}

EventRenderer::Card EventRenderer::commentaryCard(const QJsonObject &data, const QString &match)
{
    Card card;
    // As the page: a minute only when there is one.
    if (!data.value(u"minute"_s).isNull() && !data.value(u"minute"_s).isUndefined())
        card.meta << jsText(data.value(u"minute"_s)) + u"'"_s;
    const QString kind = kindLabel(jsText(data.value(u"kind"_s)));
    if (!kind.isEmpty())
        card.meta << kind;
    if (!match.isEmpty())
        card.meta << match;
    card.lines << jsText(data.value(u"text"_s));
    addPhoto(&card, data.value(u"photo"_s).toObject());
    return card;
}

QString EventRenderer::cardText(const Card &card)
{
    return card.meta.join(u" · "_s) + u'\n' + card.lines.join(u'\n');
}

EventRenderer::Board EventRenderer::board(
    const QJsonObject &score, const QJsonObject &clock, bool scoreIsNewer)
{
    const QJsonObject &newer = scoreIsNewer ? score : clock;
    const QJsonObject &older = scoreIsNewer ? clock : score;
    Board board;
    const QString home = jsText(either(newer, older, u"home"));
    const QString away = jsText(either(newer, older, u"away"));
    board.teams = home + u" – "_s + away;
    board.names = home.isEmpty() || away.isEmpty() ? QString() : board.teams;
    board.score = score.isEmpty() ? u"0 – 0"_s
                                  : u"%1 – %2"_s.arg(orZero(score.value(u"homeScore"_s)),
                                      orZero(score.value(u"awayScore"_s)));
    const QString period = jsText(either(newer, older, u"period"));
    board.ended = period == u"full-time";
    // A match that has ended has no running time: its board says so instead.
    QString time;
    if (!board.ended && !clock.isEmpty()) {
        time = u"%1:%2"_s.arg(clock.value(u"minute"_s).toInt() - 1, 2, 10, QChar(u'0'))
                   .arg(clock.value(u"second"_s).toInt(), 2, 10, QChar(u'0'));
    } else if (!board.ended) {
        const QJsonValue minute = either(clock, score, u"minute");
        if (truthy(minute))
            time = jsText(minute) + u"'"_s;
    }
    QStringList parts { time, periodLabel(period) };
    parts.removeAll(QString());
    board.clock = parts.join(u" · "_s);
    board.state = board.ended ? tr("Ended") : QString();
    return board;
}

QString EventRenderer::banner(const QJsonValue &flash)
{
    return tr("Urgent") + u": "_s + jsText(flash.toObject().value(u"headline"_s));
}

QString EventRenderer::newsFlash(const QJsonObject &data)
{
    const QString urgent = data.value(u"urgent"_s).toBool() ? tr("URGENT: ") : QString();
    const QString body = field(data, u"body");
    return urgent + field(data, u"headline") + (body.isEmpty() ? QString() : u" — "_s + body);
}

QString EventRenderer::score(const QJsonObject &data)
{
    return u"%1 %2–%3 %4 (%5')"_s.arg(field(data, u"home"))
        .arg(data.value(u"homeScore"_s).toInt())
        .arg(data.value(u"awayScore"_s).toInt())
        .arg(field(data, u"away"))
        .arg(data.value(u"minute"_s).toInt());
}

QString EventRenderer::commentary(const QJsonObject &data)
{
    const QString minute = QString::number(data.value(u"minute"_s).toInt());
    const QString kind = kindLabel(field(data, u"kind"));
    const QString text = field(data, u"text");
    // Several arguments at once, so a "%1" in the operator's text stays as typed.
    return kind.isEmpty() ? u"%1' %2"_s.arg(minute, text)
                          : u"%1' [%2] %3"_s.arg(minute, kind, text);
}

QString EventRenderer::amendment(QStringView type, const QJsonValue &data)
{
    const QString target = field(data.toObject(), u"targetId");
    return StatePolicy::isRetraction(type) ? tr("retraction of #%1").arg(target)
                                           : tr("correction of #%1").arg(target);
}
