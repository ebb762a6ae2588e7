#include "host/scheduler.h"

#include "host/logging.h"
#include "hub/eventhub.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QSaveFile>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

// QTimer counts in int milliseconds (24 days); a post up to 30 days ahead is looked at again
// at least hourly, which also follows a clock the system set forward.
constexpr qint64 MaxWaitMs = 60 * 60 * 1000;
// A publish the log refused (a full disk, Redis away) is tried again after this.
constexpr int RetryMs = 5000;

QString newId()
{
    return u"s-%1"_s.arg(
        QRandomGenerator::global()->generate64() & 0xFFFFFFFFFFFFull, 12, 16, QChar(u'0'));
}

} // namespace

Scheduler::Scheduler(EventHub *hub, QString file, QObject *parent)
    : QObject(parent)
    , m_hub(hub)
    , m_file(std::move(file))
    , m_clock([] { return QDateTime::currentDateTimeUtc(); })
{
    m_writer.setMaxThreadCount(1);
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &Scheduler::publishDue);
}

Scheduler::~Scheduler()
{
    m_writer.waitForDone();
}

void Scheduler::setClock(Clock clock)
{
    m_clock = std::move(clock);
    arm();
}

bool Scheduler::load(QString *error)
{
    QFile file(m_file);
    if (m_file.isEmpty() || !file.exists())
        return true;
    QJsonParseError parseError;
    const QJsonDocument document = file.open(QIODevice::ReadOnly)
        ? QJsonDocument::fromJson(file.readAll(), &parseError)
        : QJsonDocument();
    if (!document.isObject()) {
        m_canWrite = false;
        *error = u"cannot read the scheduled posts in %1: %2"_s.arg(
            m_file, file.error() != QFile::NoError ? file.errorString() : parseError.errorString());
        return false;
    }
    const QDateTime now = m_clock();
    const QJsonArray values = document.object().value(u"scheduled"_s).toArray();
    for (const auto &value : values) {
        std::optional<ScheduledPost> post = ScheduledPost::fromJson(value.toObject());
        if (!post)
            continue;
        post->missed = post->missed || post->at <= now;
        m_posts.append(*post);
    }
    std::stable_sort(m_posts.begin(), m_posts.end(),
        [](const ScheduledPost &a, const ScheduledPost &b) { return a.at < b.at; });
    const auto missed = std::count_if(
        m_posts.cbegin(), m_posts.cend(), [](const ScheduledPost &p) { return p.missed; });
    if (missed > 0)
        qCWarning(lcHost) << missed << "scheduled posts were due while LiveDesk was not running;"
                          << "they wait to be sent or cancelled (GET /api/scheduled)";
    arm();
    return true;
}

ScheduledPost Scheduler::add(
    const QString &channel, const QString &type, const QJsonValue &data, const QDateTime &at)
{
    ScheduledPost post { newId(), channel, type, data, at.toUTC(), m_clock(), false };
    const auto later = std::upper_bound(m_posts.cbegin(), m_posts.cend(), post,
        [](const ScheduledPost &a, const ScheduledPost &b) { return a.at < b.at; });
    m_posts.insert(later, post);
    save();
    arm();
    qCInfo(lcHost).noquote() << "scheduled" << post.id << type << "on" << channel << "for"
                             << post.at.toString(Qt::ISODate);
    return post;
}

bool Scheduler::cancel(const QString &id)
{
    const qsizetype before = m_posts.size();
    forget(id);
    return m_posts.size() != before;
}

bool Scheduler::sendNow(const QString &id, SendDone done)
{
    const auto it = std::find_if(
        m_posts.cbegin(), m_posts.cend(), [&id](const ScheduledPost &p) { return p.id == id; });
    if (it == m_posts.cend())
        return false;
    publish(*it, std::move(done));
    return true;
}

void Scheduler::arm()
{
    const auto next = std::find_if(m_posts.cbegin(), m_posts.cend(),
        [this](const ScheduledPost &p) { return !p.missed && !m_sending.contains(p.id); });
    if (next == m_posts.cend()) {
        m_timer.stop();
        return;
    }
    const qint64 wait = std::clamp<qint64>(m_clock().msecsTo(next->at), 0, MaxWaitMs);
    m_timer.start(int(wait));
}

void Scheduler::publishDue()
{
    const QDateTime now = m_clock();
    QList<ScheduledPost> due;
    for (const ScheduledPost &post : std::as_const(m_posts)) {
        if (!post.missed && post.at <= now && !m_sending.contains(post.id))
            due.append(post);
    }
    for (const ScheduledPost &post : std::as_const(due))
        publish(post, {});
    arm();
}

// Taken off the list once the log has stored it, not before: a refused publish is tried
// again, and a restart in between still finds it (it then counts as missed).
void Scheduler::publish(const ScheduledPost &post, SendDone done)
{
    // Once: the log answers later, and the post stays listed until then.
    if (m_sending.contains(post.id)) {
        if (done)
            done(PublishOutcome::refused(u"it is being sent already"_s));
        return;
    }
    m_sending.insert(post.id);
    m_hub->publish(post.channel, post.type, post.data, this,
        [this, id = post.id, done = std::move(done)](const PublishOutcome &outcome) {
            m_sending.remove(id);
            if (outcome.ok() || outcome.refusal != PublishOutcome::Refusal::Unavailable) {
                if (!outcome.ok())
                    qCWarning(lcHost).noquote()
                        << "scheduled post" << id << "refused:" << outcome.error;
                forget(id);
            } else if (!done) {
                QTimer::singleShot(RetryMs, this, &Scheduler::publishDue);
            }
            if (done)
                done(outcome);
        });
}

void Scheduler::forget(const QString &id)
{
    const auto it = std::find_if(
        m_posts.cbegin(), m_posts.cend(), [&id](const ScheduledPost &p) { return p.id == id; });
    if (it == m_posts.cend())
        return;
    m_posts.erase(it);
    save();
    arm();
}

void Scheduler::save()
{
    if (m_file.isEmpty() || !m_canWrite)
        return;
    QJsonArray list;
    for (const ScheduledPost &post : std::as_const(m_posts))
        list.append(post.json());
    const QByteArray bytes
        = QJsonDocument(QJsonObject { { u"scheduled"_s, list } }).toJson(QJsonDocument::Indented);
    m_writer.start([file = m_file, bytes] {
        QSaveFile out(file);
        if (!out.open(QIODevice::WriteOnly) || out.write(bytes) != bytes.size() || !out.commit())
            qCWarning(lcHost).noquote()
                << "cannot keep the scheduled posts in" << file << "-" << out.errorString();
    });
}
