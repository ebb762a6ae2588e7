#include "page/pagemodel.h"

#include <QJsonArray>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

const QString FullTime = u"full-time"_s;

QStringList strings(const QJsonValue &value, QStringList fallback)
{
    if (!value.isArray())
        return fallback;
    QStringList list;
    const QJsonArray array = value.toArray();
    for (const auto &v : array)
        list.append(v.toString());
    return list;
}

bool newestFirst(const PagePost &a, const PagePost &b)
{
    return a.number() > b.number();
}

} // namespace

bool PagePost::isKey() const
{
    return (type == u"news-flash" || type == u"commentary") && object().value(u"key").toBool();
}

QString PageBoard::newest(QStringView field) const
{
    const bool scoreNewer = scoreId != 0 && (clockId == 0 || scoreId > clockId);
    const QJsonObject &newer = scoreNewer ? score : clock;
    const QJsonObject &older = scoreNewer ? clock : score;
    const QString value = newer.value(field).toString();
    return value.isEmpty() ? older.value(field).toString() : value;
}

QString PageBoard::names() const
{
    const QString h = home();
    const QString a = away();
    return h.isEmpty() || a.isEmpty() ? QString() : h + u" – "_s + a;
}

PageModel::PageModel(const QJsonObject &state)
{
    const QJsonObject policy = state.value(u"policy").toObject();
    m_stateTypes = strings(policy.value(u"stateTypes"), { u"score"_s, u"clock"_s });
    m_amendmentTypes
        = strings(policy.value(u"amendmentTypes"), { u"correction"_s, u"retraction"_s });
    QList<QJsonObject> events;
    for (const char *list : { "latest", "recent" }) {
        const QJsonArray array = state.value(QLatin1String(list)).toArray();
        for (const auto &e : array)
            events.append(e.toObject());
    }
    std::stable_sort(events.begin(), events.end(), [](const QJsonObject &a, const QJsonObject &b) {
        return a.value(u"id").toString().toULongLong() < b.value(u"id").toString().toULongLong();
    });
    for (const QJsonObject &e : std::as_const(events))
        apply(e);
    applyPins(state.value(u"pinned").toArray());
    settle();
}

void PageModel::apply(const QJsonObject &event)
{
    const QString id = event.value(u"id").toString();
    const QString type = event.value(u"type").toString();
    const QJsonValue data = event.value(u"data");
    const QDateTime time
        = QDateTime::fromString(event.value(u"time").toString(), Qt::ISODateWithMs);
    noteTime(time);
    if (m_stateTypes.contains(type)) {
        applyState(id, type, data.toObject());
        noteEnded(data.toObject().value(u"match").toString(), time);
    } else if (m_amendmentTypes.contains(type)) {
        applyAmendment(type, data.toObject());
    } else if (!find(id)) {
        addPost(id, type, data, time);
    }
}

// The span of the posts' times, for the page's dates.
void PageModel::noteTime(const QDateTime &time)
{
    if (!time.isValid())
        return;
    if (m_firstTime.isNull() || time < m_firstTime)
        m_firstTime = time;
    if (m_lastTime.isNull() || time > m_lastTime)
        m_lastTime = time;
}

// A board ends at the first full-time state it gets, and is live again if the period moves
// back (a correction of the clock).
void PageModel::noteEnded(const QString &match, const QDateTime &time)
{
    if (!time.isValid())
        return;
    for (PageBoard &b : m_boards) {
        if (b.match == match)
            b.endedAt = b.period() == FullTime ? (b.ended() ? b.endedAt : time) : QDateTime();
    }
}

void PageModel::addPost(
    const QString &id, const QString &type, const QJsonValue &data, const QDateTime &time)
{
    const QJsonObject fields = data.toObject();
    m_posts.append({ id, type, data, fields.value(u"match").toString(), time, false });
    if (fields.value(u"unpins").isString())
        m_pinnedIds.removeAll(fields.value(u"unpins").toString());
    if (fields.value(u"pinned").toBool())
        m_pinnedIds.append(id);
    if (type == u"news-flash" && fields.value(u"urgent").toBool())
        m_banner = id;
}

void PageModel::applyState(const QString &id, const QString &type, const QJsonObject &data)
{
    const QString match = data.value(u"match").toString();
    if (match.isEmpty())
        return;
    auto board = std::find_if(
        m_boards.begin(), m_boards.end(), [&](const PageBoard &b) { return b.match == match; });
    if (board == m_boards.end()) {
        m_boards.append(PageBoard { match, {}, {}, 0, 0, {} });
        board = m_boards.end() - 1;
    }
    if (type == u"score") {
        board->score = data;
        board->scoreId = id.toULongLong();
    } else if (type == u"clock") {
        board->clock = data;
        board->clockId = id.toULongLong();
    }
}

void PageModel::applyAmendment(const QString &type, const QJsonObject &data)
{
    const QString target = data.value(u"targetId").toVariant().toString();
    const auto found = std::find_if(
        m_posts.cbegin(), m_posts.cend(), [&](const PagePost &p) { return p.id == target; });
    if (found == m_posts.cend())
        return;
    const qsizetype index = found - m_posts.cbegin();
    if (type == u"retraction") {
        m_posts.removeAt(index);
        m_pinnedIds.removeAll(target);
        if (m_banner == target)
            m_banner.clear();
        return;
    }
    PagePost *post = &m_posts[index];
    QJsonObject merged = post->object();
    bool words = false;
    for (auto it = data.begin(); it != data.end(); ++it) {
        if (it.key() == u"targetId" || it.key() == u"unpins")
            continue;
        merged.insert(it.key(), it.value());
        words = words || it.key() != u"pinned";
    }
    post->data = merged;
    post->corrected = post->corrected || words;
    if (data.value(u"unpins").isString())
        m_pinnedIds.removeAll(data.value(u"unpins").toString());
    if (data.value(u"pinned").isBool()) {
        m_pinnedIds.removeAll(target);
        if (data.value(u"pinned").toBool())
            m_pinnedIds.append(target);
    }
    if (m_banner == target && !merged.value(u"urgent").toBool())
        m_banner.clear();
}

// The state's pins are the server's word, however old the post (it may be long out of
// "recent"): only they are pinned.
void PageModel::applyPins(const QJsonArray &pinned)
{
    m_pinnedIds.clear();
    for (const auto &value : pinned) {
        const QJsonObject pin = value.toObject();
        const QString id = pin.value(u"id").toString();
        if (!find(id)) {
            const QJsonValue data = pin.value(u"data");
            m_posts.append({ id, pin.value(u"type").toString(), data,
                data.toObject().value(u"match").toString(),
                QDateTime::fromString(pin.value(u"time").toString(), Qt::ISODateWithMs), false });
        }
        m_pinnedIds.append(id);
    }
}

void PageModel::settle()
{
    for (const PagePost &post : std::as_const(m_posts))
        (m_pinnedIds.contains(post.id) ? m_pins : m_timeline).append(post);
    std::sort(m_timeline.begin(), m_timeline.end(), newestFirst);
    std::sort(m_pins.begin(), m_pins.end(), newestFirst);
}

const PagePost *PageModel::find(const QString &id) const
{
    for (const PagePost &post : m_posts) {
        if (post.id == id)
            return &post;
    }
    return nullptr;
}

const PageBoard *PageModel::board(const QString &match) const
{
    for (const PageBoard &b : m_boards) {
        if (b.match == match)
            return &b;
    }
    return nullptr;
}

QList<PagePost> PageModel::keys(const QString &match) const
{
    QList<PagePost> keyed;
    for (const PagePost &post : m_posts) {
        if (post.match == match && post.isKey())
            keyed.append(post);
    }
    std::sort(keyed.begin(), keyed.end(),
        [](const PagePost &a, const PagePost &b) { return a.number() < b.number(); });
    return keyed;
}
