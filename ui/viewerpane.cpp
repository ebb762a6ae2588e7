#include "viewerpane.h"

#include "cachingitemdelegate.h"
#include "eventrenderer.h"
#include "hub/statepolicy.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QListWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {
constexpr int MaxItems = 500;
constexpr int MaxPending = 2000;

// What a listed item keeps besides its text, to apply a correction to it later.
enum ItemRole { TypeRole = Qt::UserRole, MetaRole, DataRole };

template<typename Map> void bound(Map &map)
{
    if (map.size() > MaxPending)
        map.clear(); // only ever half of a pair is waiting; losing some costs one reading
}
} // namespace

ViewerPane::ViewerPane(QWidget *parent)
    : QWidget(parent)
    , m_feed(this)
    , m_state(new QLabel(this))
    , m_lastId(new QLabel(this))
    , m_latency(new QLabel(this))
    , m_clocks(new QLabel(this))
    , m_list(new QListWidget(this))
{
    m_state->setObjectName(u"viewerState"_s);
    m_lastId->setObjectName(u"viewerLastId"_s);
    m_latency->setObjectName(u"viewerLatency"_s);
    m_clocks->setObjectName(u"viewerClocks"_s);
    m_list->setObjectName(u"viewerList"_s);
    m_list->setWordWrap(true);
    m_list->setAlternatingRowColors(true);
    m_list->setSelectionMode(QAbstractItemView::NoSelection);
    m_list->setFocusPolicy(Qt::NoFocus);
    m_list->setSpacing(3);
    m_list->setItemDelegate(new CachingItemDelegate(4 * MaxItems, m_list));

    auto *title = new QLabel(tr("<b>What viewers see</b>"), this);
    auto *header = new QHBoxLayout;
    header->addWidget(title);
    header->addStretch();
    header->addWidget(m_state);
    auto *details = new QHBoxLayout;
    details->addWidget(m_lastId);
    details->addStretch();
    details->addWidget(m_latency);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(header);
    layout->addLayout(details);
    layout->addWidget(m_clocks);
    layout->addWidget(m_list, 1);

    m_lastId->setText(tr("Last event: –"));
    m_latency->setText(tr("Latency: –"));
    m_clocks->hide();
    onState(FeedClient::State::Idle);
    connect(&m_feed, &FeedClient::eventReceived, this, &ViewerPane::onEvent);
    connect(&m_feed, &FeedClient::stateChanged, this, &ViewerPane::onState);
}

void ViewerPane::connectTo(const QUrl &baseUrl)
{
    m_feed.stop();
    m_feed.setBaseUrl(baseUrl);
    m_feed.setDefaultRetryMs(1000);
    m_feed.start();
}

void ViewerPane::onState(FeedClient::State state)
{
    QString text;
    QString colour;
    switch (state) {
    case FeedClient::State::Idle:
    case FeedClient::State::Connecting:
        text = tr("Connecting…");
        colour = u"#8a8a8a"_s;
        break;
    case FeedClient::State::Open:
        text = tr("Live");
        colour = u"#2a7d2a"_s;
        break;
    case FeedClient::State::Reconnecting:
        text = tr("Reconnecting…");
        colour = u"#b7791f"_s;
        break;
    case FeedClient::State::Stopped:
        text = tr("Offline");
        colour = u"#b00020"_s;
        break;
    }
    m_state->setText(text);
    m_state->setStyleSheet(
        u"color: white; background: %1; border-radius: 8px; padding: 2px 8px;"_s.arg(colour));
}

void ViewerPane::notePublished(const HubEventPtr &event)
{
    m_accepted.insert(event->id, event->acceptedAt);
    bound(m_accepted);
    showLatency(event->id);
}

void ViewerPane::showLatency(quint64 id)
{
    const auto accepted = m_accepted.constFind(id);
    const auto received = m_received.constFind(id);
    if (accepted == m_accepted.cend() || received == m_received.cend())
        return;
    m_lastLatencyMs
        = std::chrono::duration<double, std::milli>(received.value() - accepted.value()).count();
    m_latency->setText(tr("Latency: %1 ms").arg(m_lastLatencyMs, 0, 'f', 1));
    m_accepted.erase(accepted);
    m_received.erase(received);
}

void ViewerPane::onEvent(const SseEvent &event)
{
    const quint64 id = event.id.value_or(QByteArray()).toULongLong();
    m_received.insert(id, std::chrono::steady_clock::now());
    bound(m_received);
    m_lastId->setText(tr("Last event: #%1").arg(id));
    showLatency(id);

    const QJsonDocument doc = QJsonDocument::fromJson(event.data);
    if (event.type == "resync") {
        // Rebuild from the snapshot the event carries, oldest first, then mark the break.
        m_list->clear();
        m_items.clear();
        const QJsonArray recent = doc.object().value(u"recent"_s).toArray();
        for (const QJsonValue &value : recent) {
            const QJsonObject item = value.toObject();
            apply(item.value(u"id"_s).toString().toULongLong(),
                item.value(u"type"_s).toString().toUtf8(), item.value(u"data"_s),
                item.value(u"channel"_s).toString(),
                QDateTime::fromString(item.value(u"time"_s).toString(), Qt::ISODateWithMs));
        }
        m_list->insertItem(0, tr("— Resynchronised: some events were missed while away —"));
        return;
    }
    // A JSON payload as its value; anything else (a plain-text payload) as a string.
    const QJsonValue value = doc.isNull()
        ? QJsonValue(QString::fromUtf8(event.data))
        : (doc.isObject() ? QJsonValue(doc.object()) : QJsonValue(doc.array()));
    // The stream does not carry the channel; a match's events name it in their data.
    apply(id, event.type, value, value.toObject().value(u"match"_s).toString(),
        QDateTime::currentDateTime());
}

void ViewerPane::apply(quint64 id, const QByteArray &type, const QJsonValue &value,
    const QString &channel, const QDateTime &time)
{
    if (type == "clock")
        showClock(value.toObject());
    else if (type == "correction" || type == "retraction")
        amend(type, value.toObject());
    else
        addItem(id, QString::fromUtf8(type), value, channel, time);
}

void ViewerPane::showClock(const QJsonObject &clock)
{
    m_clockText.insert(clock.value(u"match"_s).toString(), EventRenderer::clockLine(clock));
    m_clocks->setText(m_clockText.values().join(u"   ·   "_s));
    m_clocks->show();
}

void ViewerPane::amend(const QByteArray &type, const QJsonObject &amendment)
{
    // Applied in place, as on viewers' pages.
    QListWidgetItem *item = m_items.value(amendment.value(u"targetId"_s).toString().toULongLong());
    if (!item)
        return;
    if (type == "retraction")
        retract(item);
    else
        correct(item, amendment);
}

void ViewerPane::retract(QListWidgetItem *item)
{
    QFont font = item->font();
    font.setStrikeOut(true);
    item->setFont(font);
    item->setForeground(QColor(0x8a, 0x8a, 0x8a));
    item->setText(item->text() + u"\n"_s + tr("(retracted)"));
}

void ViewerPane::correct(QListWidgetItem *item, const QJsonObject &correction)
{
    // The fields replace the item's, as the page applies a correction; the result is kept, so
    // a second correction builds on the first here as it does there.
    const QJsonObject data = StatePolicy::corrected(item->data(DataRole).toJsonValue(), correction);
    item->setData(DataRole, QVariant::fromValue(QJsonValue(data)));
    item->setText(item->data(MetaRole).toString() + u"\n"_s
        + EventRenderer::viewerText(item->data(TypeRole).toString(), data) + u"\n"_s
        + tr("(corrected)"));
}

void ViewerPane::addItem(quint64 id, const QString &type, const QJsonValue &value,
    const QString &channel, const QDateTime &time)
{
    // A payload that is not an object reads as a line of text.
    const QJsonObject data = value.isObject()
        ? value.toObject()
        : QJsonObject { { u"text"_s, value.isString() ? value.toString() : QString() } };
    const QString meta = u"#%1 · %2%3"_s.arg(id).arg(time.toLocalTime().toString(u"HH:mm:ss"_s),
        channel.isEmpty() ? QString() : u" · "_s + channel);
    auto *item = new QListWidgetItem(meta + u"\n"_s + EventRenderer::viewerText(type, data));
    item->setData(TypeRole, type);
    item->setData(MetaRole, meta);
    item->setData(DataRole, QVariant::fromValue(value)); // as it came, for corrections
    if (type == u"news-flash" && data.value(u"urgent"_s).toBool()) {
        QFont font = item->font();
        font.setBold(true);
        item->setFont(font);
        item->setForeground(QColor(0xb0, 0x00, 0x20));
    }
    m_list->insertItem(0, item);
    m_items.insert(id, item);
    dropOldest();
}

void ViewerPane::dropOldest()
{
    while (m_list->count() > MaxItems) {
        QListWidgetItem *oldest = m_list->takeItem(m_list->count() - 1);
        m_items.remove(m_items.key(oldest));
        delete oldest;
    }
}
