#include "viewerpane.h"

#include "cachingitemdelegate.h"
#include "eventrenderer.h"
#include "hub/statepolicy.h"

#include <QFrame>
#include <QGridLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QListWidget>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {
constexpr int MaxPending = 2000;
constexpr int BoardColumns = 2;

template<typename Map> void bound(Map &map)
{
    if (map.size() > MaxPending)
        map.clear(); // only ever half of a pair is waiting; losing some costs one reading
}

QLabel *label(const QString &name, QWidget *parent)
{
    auto *l = new QLabel(parent);
    l->setObjectName(name);
    return l;
}

// The stream carries the id as text; a snapshot too ("id": "42").
quint64 idOf(const QJsonValue &value)
{
    return value.toString().toULongLong();
}

} // namespace

ViewerPane::ViewerPane(QWidget *parent)
    : QWidget(parent)
    , m_feed(this)
    , m_state(label(u"viewerState"_s, this))
    , m_lastId(label(u"viewerLastId"_s, this))
    , m_latency(label(u"viewerLatency"_s, this))
    , m_banner(new QFrame(this))
    , m_bannerText(label(u"viewerBannerText"_s, m_banner))
    , m_notice(label(u"viewerNotice"_s, this))
    , m_boards(new QWidget(this))
    , m_boardsGrid(new QGridLayout(m_boards))
    , m_list(new QListWidget(this))
    , m_empty(label(u"viewerEmpty"_s, this))
{
    buildWidgets();
    buildLayout();
    m_lastId->setText(tr("Last event: –"));
    m_latency->setText(tr("Latency: –"));
    onState(FeedClient::State::Idle);
    updateEmpty();
    connect(&m_feed, &FeedClient::snapshotReceived, this,
        [this](const QJsonObject &state) { render(state, false); });
    connect(&m_feed, &FeedClient::eventReceived, this, &ViewerPane::onEvent);
    connect(&m_feed, &FeedClient::stateChanged, this, &ViewerPane::onState);
}

void ViewerPane::buildWidgets()
{
    m_banner->setObjectName(u"viewerBanner"_s);
    m_banner->setStyleSheet(u"#viewerBanner { background: #b00020; border-radius: 6px; }"
                            "#viewerBanner QLabel, #viewerBanner QToolButton"
                            " { color: white; font-weight: bold; border: 0; }"_s);
    m_bannerText->setWordWrap(true);
    m_banner->hide();
    m_notice->setWordWrap(true);
    m_notice->setStyleSheet(
        u"background: #fff4d6; color: #5c4400; border-radius: 4px; padding: 4px;"_s);
    m_notice->hide();
    m_boards->setObjectName(u"viewerBoards"_s);
    m_boardsGrid->setContentsMargins(0, 0, 0, 0);
    m_list->setObjectName(u"viewerList"_s);
    m_list->setWordWrap(true);
    m_list->setAlternatingRowColors(true);
    m_list->setSelectionMode(QAbstractItemView::NoSelection);
    m_list->setFocusPolicy(Qt::NoFocus);
    m_list->setSpacing(3);
    m_list->setItemDelegate(new CachingItemDelegate(4 * MaxItems, m_list));
    m_empty->setWordWrap(true);
    m_empty->setStyleSheet(u"color: #5d6670;"_s);
}

void ViewerPane::buildLayout()
{
    auto *close = new QToolButton(m_banner);
    close->setObjectName(u"viewerBannerClose"_s);
    close->setText(u"×"_s);
    close->setToolTip(tr("Close"));
    // The page's ×, for the mouse; the keyboard's Tab order stays among the desks.
    close->setFocusPolicy(Qt::NoFocus);
    connect(close, &QToolButton::clicked, m_banner, &QWidget::hide);
    auto *banner = new QHBoxLayout(m_banner);
    banner->addWidget(m_bannerText, 1);
    banner->addWidget(close);

    auto *header = new QHBoxLayout;
    header->addWidget(new QLabel(tr("<b>What viewers see</b>"), this));
    header->addStretch();
    header->addWidget(m_state);
    auto *details = new QHBoxLayout;
    details->addWidget(m_lastId);
    details->addStretch();
    details->addWidget(m_latency);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(header);
    layout->addLayout(details);
    layout->addWidget(m_banner);
    layout->addWidget(m_notice);
    layout->addWidget(m_boards);
    layout->addWidget(m_list, 1);
    layout->addWidget(m_empty);
}

void ViewerPane::connectTo(const QUrl &baseUrl)
{
    // As a page that is (re)loaded: the present from the snapshot, then what follows it.
    m_feed.stop();
    m_feed.setBaseUrl(baseUrl);
    m_feed.setDefaultRetryMs(1000);
    m_feed.setSnapshotFirst(true);
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
    Q_EMIT latencyMeasured(m_lastLatencyMs);
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
        render(doc.object(), true);
        m_renderedId = id;
        return;
    }
    if (event.id && m_renderedId && id <= *m_renderedId)
        return; // already shown: a replay never duplicates
    // A JSON payload as its value; anything else (a plain-text payload) as a string.
    const QJsonValue value = doc.isObject() ? QJsonValue(doc.object())
        : doc.isArray()                     ? QJsonValue(doc.array())
                                            : QJsonValue(QString::fromUtf8(event.data));
    apply(id, QString::fromUtf8(event.type), value, QDateTime::currentDateTime());
    if (event.id)
        m_renderedId = id;
}

void ViewerPane::render(const QJsonObject &state, bool missed)
{
    clear();
    m_notice->setText(
        missed ? tr("Some updates were missed while offline; showing the latest.") : QString());
    m_notice->setVisible(missed);
    // The boards' present ("latest") and the news ("recent") in id order, so corrections and
    // retractions in the snapshot meet their targets.
    QList<QJsonObject> events;
    for (const QString &key : { u"latest"_s, u"recent"_s }) {
        const QJsonArray list = state.value(key).toArray();
        for (const auto &value : list)
            events << value.toObject();
    }
    std::stable_sort(events.begin(), events.end(), [](const QJsonObject &a, const QJsonObject &b) {
        return idOf(a.value(u"id"_s)) < idOf(b.value(u"id"_s));
    });
    for (const QJsonObject &event : std::as_const(events))
        apply(idOf(event.value(u"id"_s)), event.value(u"type"_s).toString(), event.value(u"data"_s),
            QDateTime::fromString(event.value(u"time"_s).toString(), Qt::ISODateWithMs));
    applyPins(state.value(u"pinned"_s).toArray());
    if (state.contains(u"lastId"_s)) {
        m_renderedId = idOf(state.value(u"lastId"_s));
        if (*m_renderedId > 0)
            m_lastId->setText(tr("Last event: #%1").arg(*m_renderedId));
    }
    updateEmpty();
}

// The snapshot's pins, however old (one pinned at kick-off is long out of "recent"), and only
// them: the snapshot is the server's word on what is pinned.
void ViewerPane::applyPins(const QJsonArray &pins)
{
    QSet<quint64> ids;
    for (const auto &value : pins) {
        const QJsonObject pin = value.toObject();
        const quint64 id = idOf(pin.value(u"id"_s));
        ids.insert(id);
        if (!m_items.contains(id))
            addItem(id, pin.value(u"type"_s).toString(), pin.value(u"data"_s),
                QDateTime::fromString(pin.value(u"time"_s).toString(), Qt::ISODateWithMs));
    }
    const QSet<quint64> before = m_pinned;
    for (const quint64 id : before) {
        if (!ids.contains(id))
            setPinned(id, false);
    }
    for (const quint64 id : std::as_const(ids))
        setPinned(id, true);
}

// A post or a correction that pins: the post it pins, and the one it replaces ("unpins", as
// the stream names no channels).
void ViewerPane::applyPin(quint64 id, const QJsonObject &data)
{
    if (const QJsonValue replaced = data.value(u"unpins"_s); replaced.isString())
        setPinned(idOf(replaced), false);
    if (data.value(u"pinned"_s).isBool())
        setPinned(id, data.value(u"pinned"_s).toBool());
}

void ViewerPane::setPinned(quint64 id, bool pinned)
{
    if (pinned == m_pinned.contains(id))
        return;
    if (pinned)
        m_pinned.insert(id);
    else
        m_pinned.remove(id);
    const auto it = m_items.find(id);
    if (it == m_items.end())
        return;
    draw(*it);
    place(id, *it);
}

// Pinned rows stay on top, the newest pin first; the others follow newest first, as the
// page's pins sit above its timeline.
void ViewerPane::place(quint64 id, Item &item)
{
    m_list->takeItem(m_list->row(item.row));
    int at = 0;
    if (!m_pinned.contains(id)) {
        at = m_list->count();
        for (int row = 0; row < m_list->count(); ++row) {
            const quint64 other = m_list->item(row)->data(IdRole).toULongLong();
            if (!m_pinned.contains(other) && other < id) {
                at = row;
                break;
            }
        }
    }
    m_list->insertItem(at, item.row);
}

int ViewerPane::pinnedRows() const
{
    int rows = 0;
    for (const quint64 id : m_pinned)
        rows += m_items.contains(id) ? 1 : 0;
    return rows;
}

void ViewerPane::clear()
{
    m_list->clear();
    m_items.clear();
    m_pinned.clear();
    for (const Scoreboard &board : std::as_const(m_scoreboards))
        delete board.frame;
    m_scoreboards.clear();
    hideBanner();
}

void ViewerPane::apply(
    quint64 id, const QString &type, const QJsonValue &data, const QDateTime &time)
{
    if (StatePolicy::carriesState(type))
        applyState(id, type, data.toObject());
    else if (StatePolicy::isAmendment(type))
        applyAmendment(type, data.toObject());
    else if (!m_items.contains(id))
        addItem(id, type, data.isNull() || data.isUndefined() ? QJsonObject {} : data, time);
}

void ViewerPane::applyState(quint64 id, const QString &type, const QJsonObject &data)
{
    const QString match = data.value(u"match"_s).toString();
    if (match.isEmpty())
        return;
    Scoreboard &b = board(match);
    if (type == u"score") {
        b.score = data;
        b.scoreId = id;
    } else {
        b.clock = data;
        b.clockId = id;
    }
    drawBoard(b);
}

void ViewerPane::applyAmendment(const QString &type, const QJsonObject &amendment)
{
    const std::optional<quint64> target = StatePolicy::targetOf(amendment);
    const auto it = target ? m_items.find(*target) : m_items.end();
    if (it == m_items.end())
        return;
    if (StatePolicy::isRetraction(type)) {
        delete it->row;
        m_items.remove(*target);
        m_pinned.remove(*target);
        if (m_bannerId == target)
            hideBanner();
    } else {
        it->data = StatePolicy::corrected(it->data, amendment);
        // A change of pin alone is not a correction of the words (the page says the same).
        const QStringList fields = amendment.keys();
        it->corrected
            = it->corrected || std::any_of(fields.begin(), fields.end(), [](const QString &k) {
                  return k != u"targetId" && k != u"pinned" && k != u"unpins";
              });
        draw(*it);
        applyPin(*target, amendment);
        // The banner follows its flash: the corrected words, or gone if no longer urgent.
        if (m_bannerId == target && it->row->data(UrgentRole).toBool())
            showBanner(*target, it->data);
        else if (m_bannerId == target)
            hideBanner();
    }
    updateEmpty();
}

void ViewerPane::addItem(
    quint64 id, const QString &type, const QJsonValue &data, const QDateTime &time)
{
    Item item { type, data, data.toObject().value(u"match"_s).toString(), false,
        new QListWidgetItem };
    item.row->setData(IdRole, id);
    item.row->setData(TypeRole, type);
    // For the operator, who corrects by id: which post this is, and when it arrived.
    item.row->setToolTip(u"#%1 · %2"_s.arg(id).arg(time.toLocalTime().toString(u"HH:mm:ss"_s)));
    m_list->insertItem(pinnedRows(), item.row); // below the pinned posts
    draw(item);
    m_items.insert(id, item);
    applyPin(id, data.toObject());
    if (type == u"news-flash" && item.row->data(UrgentRole).toBool())
        showBanner(id, data);
    dropOldest();
    updateEmpty();
}

void ViewerPane::draw(Item &item)
{
    const auto board = m_scoreboards.constFind(item.match);
    EventRenderer::Card card = EventRenderer::card(item.type, item.data,
        board == m_scoreboards.cend() ? QString() : board->names, item.corrected);
    QListWidgetItem *row = item.row;
    if (m_pinned.contains(row->data(IdRole).toULongLong()))
        card.meta.prepend(tr("📌 Pinned"));
    row->setText(EventRenderer::cardText(card));
    row->setData(MetaRole, card.meta);
    row->setData(LinesRole, card.lines);
    row->setData(UrgentRole, card.urgent);
    QFont font = m_list->font();
    font.setBold(card.urgent);
    row->setFont(font);
    if (card.urgent)
        row->setForeground(QColor(0xb0, 0x00, 0x20));
    else
        row->setData(Qt::ForegroundRole, QVariant());
}

void ViewerPane::dropOldest()
{
    while (m_list->count() > MaxItems) {
        QListWidgetItem *oldest = m_list->takeItem(m_list->count() - 1);
        m_items.remove(oldest->data(IdRole).toULongLong());
        delete oldest;
    }
}

ViewerPane::Scoreboard &ViewerPane::board(const QString &match)
{
    auto it = m_scoreboards.find(match);
    if (it != m_scoreboards.end())
        return *it;
    Scoreboard b;
    b.frame = new QFrame(m_boards);
    b.frame->setObjectName(u"viewerBoard"_s);
    b.frame->setProperty("match", match);
    b.frame->setFrameShape(QFrame::StyledPanel);
    b.teamsLabel = label(u"boardTeams"_s, b.frame);
    b.scoreLabel = label(u"boardScore"_s, b.frame);
    b.clockLabel = label(u"boardClock"_s, b.frame);
    b.stateLabel = label(u"boardState"_s, b.frame);
    QFont big = b.scoreLabel->font();
    big.setBold(true);
    big.setPointSizeF(big.pointSizeF() * 1.8);
    b.scoreLabel->setFont(big);
    b.stateLabel->setStyleSheet(u"color: white; background: #5d6670; border-radius: 4px;"
                                " padding: 0 6px; font-weight: bold;"_s);
    auto *layout = new QVBoxLayout(b.frame);
    for (QLabel *l : { b.teamsLabel, b.scoreLabel, b.clockLabel, b.stateLabel }) {
        l->setAlignment(Qt::AlignCenter);
        layout->addWidget(l, 0, Qt::AlignHCenter);
    }
    // In the order the matches first appear, as the page appends them.
    const int index = int(m_scoreboards.size());
    m_boardsGrid->addWidget(b.frame, index / BoardColumns, index % BoardColumns);
    return *m_scoreboards.insert(match, b);
}

void ViewerPane::drawBoard(Scoreboard &b)
{
    const EventRenderer::Board text = EventRenderer::board(b.score, b.clock, b.scoreId > b.clockId);
    b.teamsLabel->setText(text.teams);
    b.scoreLabel->setText(text.score);
    b.clockLabel->setText(text.clock);
    b.stateLabel->setText(text.state);
    b.stateLabel->setVisible(text.ended);
    b.frame->setProperty("ended", text.ended);
    if (text.names == b.names)
        return;
    // The match's items name it by its teams: a new or changed name reaches them too.
    b.names = text.names;
    const QString match = b.frame->property("match").toString();
    for (Item &item : m_items) {
        if (item.match == match)
            draw(item);
    }
}

void ViewerPane::showBanner(quint64 id, const QJsonValue &flash)
{
    m_bannerId = id;
    m_bannerText->setText(EventRenderer::banner(flash));
    m_banner->show();
}

void ViewerPane::hideBanner()
{
    m_banner->hide();
}

void ViewerPane::updateEmpty()
{
    const bool empty = m_list->count() == 0;
    m_empty->setText(
        empty ? tr("Nothing yet. New items appear here the moment they are sent.") : QString());
    m_empty->setVisible(empty);
}
