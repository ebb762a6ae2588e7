#include "page/pagewords.h"

#include <QHash>

#include <utility>

using namespace Qt::StringLiterals;

namespace {

struct Kind
{
    QString icon;
    QString english;
    QString chinese;
};

const QHash<QString, Kind> &kinds()
{
    static const QHash<QString, Kind> table {
        { u"goal"_s, { u"⚽"_s, u"Goal"_s, u"进球"_s } },
        { u"yellow-card"_s, { u"🟨"_s, u"Yellow card"_s, u"黄牌"_s } },
        { u"red-card"_s, { u"🟥"_s, u"Red card"_s, u"红牌"_s } },
        { u"substitution"_s, { u"🔁"_s, u"Substitution"_s, u"换人"_s } },
        { u"chance"_s, { u"🎯"_s, u"Chance"_s, u"机会"_s } },
        { u"var-check"_s, { u"📺"_s, u"VAR check"_s, u"VAR 检查"_s } },
        { u"half-time"_s, { u"⏸️"_s, u"Half-time"_s, u"中场休息"_s } },
        { u"full-time"_s, { u"🏁"_s, u"Full-time"_s, u"全场结束"_s } },
    };
    return table;
}

} // namespace

PageWords::Language PageWords::fromAcceptLanguage(QByteArrayView acceptLanguage)
{
    // The first range the client names is its first choice (browsers list them in order).
    QByteArrayView first = acceptLanguage.trimmed();
    if (const qsizetype comma = first.indexOf(','); comma >= 0)
        first = first.first(comma);
    first = first.trimmed();
    return first.size() >= 2 && first.first(2).compare("zh", Qt::CaseInsensitive) == 0
        ? Language::Chinese
        : Language::English;
}

QString PageWords::empty() const
{
    return m_zh ? u"暂无内容，新消息会即时出现。"_s
                : u"Nothing yet. New items appear here the moment they are sent."_s;
}

QString PageWords::by(const QString &name) const
{
    return m_zh ? u"作者：%1"_s.arg(name) : u"By %1"_s.arg(name);
}

QString PageWords::period(const QString &key) const
{
    static const QHash<QString, std::pair<QString, QString>> periods {
        { u"1st half"_s, { u"1st half"_s, u"上半场"_s } },
        { u"half-time"_s, { u"Half-time"_s, u"中场休息"_s } },
        { u"2nd half"_s, { u"2nd half"_s, u"下半场"_s } },
        { u"extra time"_s, { u"Extra time"_s, u"加时赛"_s } },
        { u"full-time"_s, { u"Full-time"_s, u"全场结束"_s } },
    };
    const auto it = periods.constFind(key);
    return it == periods.cend() ? key : (m_zh ? it->second : it->first);
}

QString PageWords::kindIcon(const QString &kind) const
{
    const auto it = kinds().constFind(kind);
    return it == kinds().cend() ? u"💬"_s : it->icon;
}

QString PageWords::kindLabel(const QString &kind) const
{
    const auto it = kinds().constFind(kind);
    return it == kinds().cend() ? kind : (m_zh ? it->chinese : it->english);
}
