#include "domain/demoticker.h"

#include "domain/logging.h"

#include <QJsonObject>
#include <QStringList>

using namespace Qt::StringLiterals;

DemoTicker::DemoTicker(Publisher *publisher, std::chrono::milliseconds interval, QObject *parent)
    : QObject(parent)
    , m_publisher(publisher)
    , m_timer(this)
{
    m_timer.setInterval(interval);
    connect(&m_timer, &QTimer::timeout, this, &DemoTicker::tick);
}

void DemoTicker::start()
{
    qCInfo(lcDemo) << "demo ticker started: news on \"news\", clock on \"match-1\"";
    m_timer.start();
}

void DemoTicker::stop()
{
    m_timer.stop();
}

void DemoTicker::tick()
{
    static const QStringList headlines {
        u"Kick-off at Riverside Stadium"_s,
        u"Harbour City name unchanged side"_s,
        u"Rain expected in the second half"_s,
        u"Record crowd of 41,200 announced"_s,
        u"Riverside captain passes fitness test"_s,
        u"Referee confirmed: A. Moreno"_s,
    };
    const int n = m_ticks++;
    const QString &headline = headlines.at(n % headlines.size());
    publish(u"news"_s, u"news-flash"_s,
        QJsonObject {
            { u"headline"_s, headline },
            { u"body"_s, u"Demo item %1 from the LiveDesk ticker."_s.arg(n + 1) },
            { u"urgent"_s, n % 10 == 0 },
        });

    // The demo clock runs one match second per tick; 45 minutes make a half.
    const int matchSeconds = n;
    const int minute = matchSeconds / 60;
    publish(u"match-1"_s, u"clock"_s,
        QJsonObject {
            { u"match"_s, u"match-1"_s },
            { u"home"_s, u"Riverside"_s },
            { u"away"_s, u"Harbour City"_s },
            { u"minute"_s, minute + 1 },
            { u"second"_s, matchSeconds % 60 },
            { u"period"_s, minute < 45 ? u"1st half"_s : u"2nd half"_s },
            { u"running"_s, true },
        });
}

void DemoTicker::publish(const QString &channel, const QString &type, const QJsonValue &data)
{
    m_publisher->publish(channel, type, data, this, [](const PublishOutcome &outcome) {
        if (!outcome.ok() && !outcome.queued)
            qCWarning(lcDemo).noquote() << "demo item not sent:" << outcome.error;
    });
}
