#include "hub/eventschema.h"

#include "hub/eventhub.h"

#include <QJsonObject>
#include <QRegularExpression>
#include <QStringList>

#include <optional>

using namespace Qt::StringLiterals;

namespace {

constexpr int MaxMinute = 200; // extra time and stoppage included, with room to spare
constexpr int MaxGoals = 999;
constexpr int MaxHeadline = 200; // Desk::MaxHeadlineLength
constexpr int MaxTeamName = 100;
constexpr int MaxByline = 100;
constexpr int MaxAltText = 500;
constexpr int MaxPhotoSide = 20000; // MediaStore::Limits::maxSide

const QStringList &periods()
{
    static const QStringList keys { u"1st half"_s, u"half-time"_s, u"2nd half"_s, u"extra time"_s,
        u"full-time"_s };
    return keys;
}

// One object's fields, checked in the order the schema lists them; the first problem wins.
class Fields
{
public:
    // `prefix` names a nested object's fields in the messages ("photo." for data.photo).
    explicit Fields(const QJsonObject &object, QString prefix = {})
        : m_object(object)
        , m_prefix(std::move(prefix))
    { }

    QString problem() const { return m_problem.value_or(QString()); }

    void text(const QString &key, bool required, int maxLength = -1)
    {
        if (m_problem || !present(key, required))
            return;
        const QJsonValue value = m_object.value(key);
        if (!value.isString() || value.toString().trimmed().isEmpty()) {
            fail(key,
                maxLength > 0 ? u"must be text of 1 to %1 characters"_s.arg(maxLength)
                              : u"must be text that is not empty"_s);
        } else if (maxLength > 0 && value.toString().trimmed().size() > maxLength) {
            fail(key, u"must be text of 1 to %1 characters"_s.arg(maxLength));
        }
    }
    void optionalText(const QString &key)
    {
        if (!m_problem && m_object.contains(key) && !m_object.value(key).isString())
            fail(key, u"must be text"_s);
    }
    void number(const QString &key, bool required, int min, int max)
    {
        if (m_problem || !present(key, required))
            return;
        const QJsonValue value = m_object.value(key);
        const double n = value.toDouble(-1);
        if (!value.isDouble() || n != double(qint64(n)) || n < min || n > max)
            fail(key, u"must be a whole number from %1 to %2"_s.arg(min).arg(max));
    }
    void flag(const QString &key, bool required)
    {
        if (!m_problem && present(key, required) && !m_object.value(key).isBool())
            fail(key, u"must be true or false"_s);
    }
    void period()
    {
        if (m_problem || !m_object.contains(u"period"_s))
            return;
        if (!periods().contains(m_object.value(u"period"_s).toString()))
            fail(u"period"_s, u"must be one of \"%1\""_s.arg(periods().join(u"\", \""_s)));
    }
    // A photo stored by POST /api/media, as its answer describes it, with the words a reader
    // who cannot see it needs (alt) and the optional caption and credit.
    void photo()
    {
        if (m_problem || !m_object.contains(u"photo"_s))
            return;
        const QJsonValue value = m_object.value(u"photo"_s);
        if (!value.isObject()) {
            fail(u"photo"_s,
                u"must be an object such as {\"url\":\"/media/…\",\"width\":1600,"
                "\"height\":900,\"alt\":\"…\"}"_s);
            return;
        }
        Fields photo(value.toObject(), m_prefix + u"photo."_s);
        photo.mediaUrl();
        photo.number(u"width"_s, true, 1, MaxPhotoSide);
        photo.number(u"height"_s, true, 1, MaxPhotoSide);
        photo.text(u"alt"_s, true, MaxAltText);
        photo.text(u"caption"_s, false, MaxAltText);
        photo.text(u"credit"_s, false, MaxByline);
        m_problem = photo.m_problem;
    }
    void mediaUrl()
    {
        if (m_problem || !present(u"url"_s, true))
            return;
        static const QRegularExpression stored(
            QRegularExpression::anchoredPattern(u"/media/[0-9a-f]{64}\\.(png|jpg|webp)"_s));
        if (!stored.match(m_object.value(u"url"_s).toString()).hasMatch())
            fail(u"url"_s, u"must be a \"url\" POST /api/media answered with"_s);
    }
    void channel()
    {
        if (m_problem || !m_object.contains(u"match"_s))
            return;
        if (!EventHub::isValidName(m_object.value(u"match"_s).toString()))
            fail(u"match"_s, u"must be the match's channel name, e.g. \"match-1\""_s);
    }

private:
    bool present(const QString &key, bool required)
    {
        if (m_object.contains(key))
            return true;
        if (required)
            m_problem = u"\"data.%1%2\" is required"_s.arg(m_prefix, key);
        return false;
    }
    void fail(const QString &key, const QString &rule)
    {
        m_problem = u"\"data.%1%2\" %3"_s.arg(m_prefix, key, rule);
    }

    const QJsonObject m_object;
    const QString m_prefix;
    std::optional<QString> m_problem;
};

QString newsFlash(Fields &f)
{
    f.text(u"headline"_s, true, MaxHeadline);
    f.optionalText(u"body"_s);
    f.photo();
    f.flag(u"urgent"_s, false);
    f.flag(u"key"_s, false);
    f.flag(u"pinned"_s, false);
    f.text(u"byline"_s, false, MaxByline);
    return f.problem();
}

QString commentary(Fields &f)
{
    f.text(u"text"_s, true);
    f.photo();
    f.number(u"minute"_s, false, 1, MaxMinute);
    f.optionalText(u"kind"_s);
    f.channel();
    f.flag(u"key"_s, false);
    f.flag(u"pinned"_s, false);
    f.text(u"byline"_s, false, MaxByline);
    return f.problem();
}

QString score(Fields &f)
{
    f.text(u"home"_s, true, MaxTeamName);
    f.text(u"away"_s, true, MaxTeamName);
    f.number(u"homeScore"_s, true, 0, MaxGoals);
    f.number(u"awayScore"_s, true, 0, MaxGoals);
    f.number(u"minute"_s, false, 1, MaxMinute);
    f.period();
    f.channel();
    return f.problem();
}

QString clock(Fields &f)
{
    f.number(u"minute"_s, true, 1, MaxMinute);
    f.number(u"second"_s, false, 0, 59);
    f.flag(u"running"_s, true);
    f.period();
    f.optionalText(u"home"_s);
    f.optionalText(u"away"_s);
    f.channel();
    return f.problem();
}

// A correction's fields replace its target's; the marks an operator sets later must still be
// true or false (the rest is the target's schema's business, and AmendmentGuard's).
QString correction(Fields &f)
{
    f.flag(u"key"_s, false);
    f.flag(u"pinned"_s, false);
    f.flag(u"urgent"_s, false);
    return f.problem();
}

struct Schema
{
    const char16_t *type;
    QString (*check)(Fields &);
    const char16_t *example;
};

const Schema Schemas[] = {
    { u"news-flash", newsFlash, uR"({"headline":"Kick-off delayed","urgent":false})" },
    { u"commentary", commentary, uR"({"text":"What a save!","minute":23,"kind":"chance"})" },
    { u"score", score,
        uR"({"home":"Riverside","away":"Harbour City","homeScore":1,"awayScore":0,"minute":23})" },
    { u"clock", clock, uR"({"minute":23,"second":5,"running":true,"period":"1st half"})" },
};

const Schema *schemaOf(const QString &type)
{
    for (const Schema &schema : Schemas) {
        if (type == QStringView(schema.type))
            return &schema;
    }
    return nullptr;
}

} // namespace

namespace EventSchema {

bool isKnown(const QString &type)
{
    return schemaOf(type) != nullptr;
}

QString check(const QString &type, const QJsonValue &data)
{
    if (type == u"correction" && data.isObject()) {
        Fields fields(data.toObject());
        return correction(fields);
    }
    const Schema *schema = schemaOf(type);
    if (!schema)
        return {};
    if (!data.isObject()) {
        return u"\"data\" of a %1 must be an object such as %2"_s.arg(
            type, QStringView(schema->example).toString());
    }
    Fields fields(data.toObject());
    return schema->check(fields);
}

} // namespace EventSchema
