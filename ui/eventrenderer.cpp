#include "eventrenderer.h"

#include "hub/statepolicy.h"
#include "matchpanel.h"
#include "protocol/sseencoder.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace {

QString field(const QJsonObject &data, QStringView key)
{
    return data.value(key).toString();
}

// A period as the interface names it; unknown wire values pass through.
QString period(const QString &key)
{
    const auto p = Match::periodFromKey(key);
    return p ? MatchPanel::periodLabel(*p) : key;
}

// Any payload as the stream carries it (a number as 42, not as an empty container).
QString compactJson(const QJsonValue &data)
{
    return QString::fromUtf8(SseEncoder::payloadText(data));
}

} // namespace

QString EventRenderer::summary(QStringView type, const QJsonValue &data)
{
    return render(type, data, Form::Summary);
}

QString EventRenderer::viewerText(QStringView type, const QJsonObject &data)
{
    return render(type, data, Form::Viewer);
}

QString EventRenderer::clockLine(const QJsonObject &clock)
{
    return u"%1 – %2  %3:%4 (%5)"_s.arg(field(clock, u"home"), field(clock, u"away"))
        .arg(clock.value(u"minute"_s).toInt() - 1, 2, 10, QChar(u'0'))
        .arg(clock.value(u"second"_s).toInt(), 2, 10, QChar(u'0'))
        .arg(period(field(clock, u"period")));
}

QString EventRenderer::render(QStringView type, const QJsonValue &data, Form form)
{
    // The known types read their fields from an object; any other payload reads as empty.
    if (type == u"news-flash")
        return newsFlash(data.toObject(), form);
    if (type == u"score")
        return score(data.toObject(), form);
    if (type == u"commentary")
        return commentary(data.toObject(), form);
    if (StatePolicy::isAmendment(type))
        return amendment(type, data, form);
    return other(type, data, form);
}

QString EventRenderer::newsFlash(const QJsonObject &data, Form form)
{
    const bool line = form == Form::Summary;
    QString urgent;
    if (data.value(u"urgent"_s).toBool())
        urgent = line ? tr("URGENT: ") : tr("URGENT") + u" · "_s;
    const QString body = field(data, u"body");
    return urgent + field(data, u"headline")
        + (body.isEmpty() ? QString() : (line ? u" — "_s : u"\n"_s) + body);
}

QString EventRenderer::score(const QJsonObject &data, Form form)
{
    const bool line = form == Form::Summary;
    const QString scoreline = (line ? u"%1 %2–%3 %4 (%5')"_s : tr("Score: %1 %2–%3 %4 (%5', %6)"))
                                  .arg(field(data, u"home"))
                                  .arg(data.value(u"homeScore"_s).toInt())
                                  .arg(data.value(u"awayScore"_s).toInt())
                                  .arg(field(data, u"away"))
                                  .arg(data.value(u"minute"_s).toInt());
    return line ? scoreline : scoreline.arg(period(field(data, u"period")));
}

QString EventRenderer::commentary(const QJsonObject &data, Form form)
{
    const bool line = form == Form::Summary;
    const QString kind = field(data, u"kind");
    return (line ? u"%1' [%2] %3"_s : u"%1'  %2\n%3"_s)
        .arg(data.value(u"minute"_s).toInt())
        .arg(line ? kind : MatchPanel::kindLabel(kind).toUpper(), field(data, u"text"));
}

QString EventRenderer::amendment(QStringView type, const QJsonValue &data, Form form)
{
    // The pane applies an amendment to its target and never lists one; should it ever, the
    // amendment shows as it came, like any other event.
    if (form == Form::Viewer)
        return other(type, data, form);
    const QString target = field(data.toObject(), u"targetId");
    return StatePolicy::isRetraction(type) ? tr("retraction of #%1").arg(target)
                                           : tr("correction of #%1").arg(target);
}

QString EventRenderer::other(QStringView type, const QJsonValue &data, Form form)
{
    // The history shows the payload itself, cut to a line; the pane names the type first
    // and shows a plain text payload as the text alone.
    if (form == Form::Summary)
        return (data.isString() ? data.toString() : compactJson(data)).left(200);
    const QJsonObject o = data.toObject();
    const bool textOnly = o.size() == 1 && o.contains(u"text"_s);
    return u"[%1] %2"_s.arg(type.toString(), textOnly ? field(o, u"text") : compactJson(o));
}
