#include "audiencepanel.h"

#include <QChart>
#include <QChartView>
#include <QCursor>
#include <QDateTimeAxis>
#include <QFileDialog>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineSeries>
#include <QLocale>
#include <QPixmap>
#include <QPushButton>
#include <QRect>
#include <QSaveFile>
#include <QScatterSeries>
#include <QScrollArea>
#include <QToolTip>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <cmath>
#include <functional>

using namespace Qt::StringLiterals;

namespace {

const QString Total = u"*"_s;

// A round step (1, 2, 2.5 or 5 times a power of ten) of at least `raw`, for an axis's ticks.
double roundStep(double raw)
{
    const double power = std::pow(10.0, std::floor(std::log10(raw)));
    for (const double m : { 1.0, 2.0, 2.5, 5.0 }) {
        if (m * power >= raw)
            return m * power;
    }
    return 10 * power;
}

// The largest value of one measure over the history, for its axis.
double highest(
    const AudienceHistory &history, const std::function<double(const AudienceHistory::Point &)> &of)
{
    double top = 0;
    for (const AudienceHistory::Point &p : history.points())
        top = std::max(top, of(p));
    return top;
}

} // namespace

AudiencePanel::AudiencePanel(QWidget *parent)
    : QWidget(parent)
    , m_peakLabel(new QLabel(this))
    , m_status(new QLabel(this))
{
    m_viewers = makeChart(tr("Viewers"));
    m_posts = makeChart(tr("Posts per minute"));
    m_latency = makeChart(tr("Publish-to-receive latency (viewer pane)"));
    m_dropped = makeChart(tr("Slow clients dropped per minute"));
    m_total = addLine(m_viewers, tr("All channels"), tr("viewers"));
    m_peak = new QScatterSeries(m_viewers.chart);
    m_peak->setName(tr("Peak"));
    m_peak->setMarkerSize(11);
    m_peak->setPointLabelsVisible(true);
    m_peak->setPointLabelsFormat(u"@yPoint"_s);
    m_viewers.chart->addSeries(m_peak);
    m_peak->attachAxis(m_viewers.time);
    m_peak->attachAxis(m_viewers.value);
    m_postsLine = addLine(m_posts, tr("Posts"), tr("posts a minute"));
    m_latencyLine = addLine(m_latency, tr("Latency"), tr("ms"));
    m_droppedLine = addLine(m_dropped, tr("Dropped"), tr("dropped a minute"));
    for (const Chart *c : { &m_posts, &m_latency, &m_dropped })
        c->chart->legend()->hide();

    auto *png = new QPushButton(tr("Save charts as PNG…"), this);
    png->setObjectName(u"saveAudiencePng"_s);
    auto *csv = new QPushButton(tr("Save data as CSV…"), this);
    csv->setObjectName(u"saveAudienceCsv"_s);
    connect(png, &QPushButton::clicked, this, [this] {
        chooseAndSave(tr("Save charts"), u"livedesk-audience.png"_s, tr("PNG images (*.png)"),
            &AudiencePanel::savePng);
    });
    connect(csv, &QPushButton::clicked, this, [this] {
        chooseAndSave(tr("Save audience data"), u"livedesk-audience.csv"_s, tr("CSV files (*.csv)"),
            &AudiencePanel::saveCsv);
    });
    m_peakLabel->setObjectName(u"audiencePeak"_s);
    m_peakLabel->setText(tr("No viewers yet."));
    m_status->setObjectName(u"audienceStatus"_s);

    auto *bar = new QHBoxLayout;
    bar->addWidget(m_peakLabel, 1);
    bar->addWidget(m_status);
    bar->addWidget(png);
    bar->addWidget(csv);
    // The charts scroll in a small dock rather than make the window bigger: the history it
    // shares the dock area with, and the desks above, keep their room.
    auto *charts = new QWidget;
    auto *grid = new QGridLayout(charts);
    grid->setContentsMargins(0, 0, 0, 0);
    for (Chart *c : { &m_viewers, &m_posts, &m_latency, &m_dropped })
        c->view->setParent(charts);
    grid->addWidget(m_viewers.view, 0, 0);
    grid->addWidget(m_posts.view, 0, 1);
    grid->addWidget(m_latency.view, 1, 0);
    grid->addWidget(m_dropped.view, 1, 1);
    auto *scroll = new QScrollArea(this);
    scroll->setObjectName(u"audienceCharts"_s);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(charts);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(bar);
    layout->addWidget(scroll, 1);
}

AudiencePanel::Chart AudiencePanel::makeChart(const QString &title)
{
    Chart c;
    c.chart = new QChart;
    c.chart->setTitle(title);
    // Beside the lines, not under them: the dock is wider than it is tall.
    c.chart->legend()->setAlignment(Qt::AlignRight);
    c.chart->setMargins(QMargins(4, 4, 4, 4));
    // The chart moves once a second: an animation would be always running.
    c.chart->setAnimationOptions(QChart::NoAnimation);
    c.time = new QDateTimeAxis(c.chart);
    c.time->setFormat(u"HH:mm"_s);
    c.time->setTickCount(5);
    c.value = new QValueAxis(c.chart);
    c.value->setLabelFormat(u"%.0f"_s);
    c.value->setTickCount(5);
    c.value->setRange(0, 4);
    c.chart->addAxis(c.time, Qt::AlignBottom);
    c.chart->addAxis(c.value, Qt::AlignLeft);
    c.view = new QChartView(c.chart, this);
    c.view->setRenderHint(QPainter::Antialiasing);
    c.view->setMinimumSize(260, 170);
    c.view->setAccessibleName(title);
    return c;
}

QLineSeries *AudiencePanel::addLine(Chart &chart, const QString &name, const QString &unit)
{
    auto *line = new QLineSeries(chart.chart);
    line->setName(name);
    chart.chart->addSeries(line);
    line->attachAxis(chart.time);
    line->attachAxis(chart.value);
    QChartView *view = chart.view;
    connect(line, &QLineSeries::hovered, this, [view, name, unit](const QPointF &at, bool on) {
        if (!on) {
            QToolTip::hideText();
            return;
        }
        const QDateTime time = QDateTime::fromMSecsSinceEpoch(qint64(at.x())).toLocalTime();
        QToolTip::showText(QCursor::pos(),
            tr("%1 — %2 %3 (%4)")
                .arg(QLocale().toString(time.time(), u"HH:mm:ss"_s),
                    QLocale().toString(at.y(), 'f', at.y() == qint64(at.y()) ? 0 : 1), unit, name),
            view);
    });
    return line;
}

QLineSeries *AudiencePanel::channelLine(const QString &channel)
{
    if (QLineSeries *line = m_channels.value(channel))
        return line;
    QLineSeries *line = addLine(m_viewers, channel, tr("viewers"));
    m_channels.insert(channel, line);
    return line;
}

const QLineSeries *AudiencePanel::viewersLine(const QString &channel) const
{
    return channel == Total ? m_total : m_channels.value(channel);
}

void AudiencePanel::addSample(const AudienceSample &sample)
{
    const AudienceHistory::Point &point = m_history.add(sample);
    append(m_total, point.time, point.viewers);
    for (auto it = point.channels.cbegin(); it != point.channels.cend(); ++it)
        append(channelLine(it.key()), point.time, it.value());
    append(m_postsLine, point.time, point.postsPerMinute);
    append(m_droppedLine, point.time, point.droppedPerMinute);
    if (point.latencyMs >= 0)
        append(m_latencyLine, point.time, point.latencyMs);
    showPeak();
    rescale();
}

void AudiencePanel::noteLatency(double ms)
{
    m_history.noteLatency(ms);
}

void AudiencePanel::append(QLineSeries *line, const QDateTime &time, double value)
{
    line->append(double(time.toMSecsSinceEpoch()), value);
    // Two hours, then the oldest go: a line never holds more than a point a second of them.
    const double oldest = double(
        time.toMSecsSinceEpoch() - std::chrono::milliseconds(AudienceHistory::Span).count());
    int stale = 0;
    while (stale < line->count() && line->at(stale).x() < oldest)
        ++stale;
    if (stale > 0)
        line->removePoints(0, stale);
}

void AudiencePanel::showPeak()
{
    const std::optional<AudienceHistory::Point> peak = m_history.peak();
    m_peak->clear();
    if (!peak || peak->viewers == 0) {
        m_peakLabel->setText(tr("No viewers yet."));
        return;
    }
    m_peak->append(double(peak->time.toMSecsSinceEpoch()), peak->viewers);
    m_peakLabel->setText(peakText());
}

QString AudiencePanel::peakText() const
{
    const std::optional<AudienceHistory::Point> peak = m_history.peak();
    if (!peak || peak->viewers == 0)
        return tr("No viewers yet.");
    return tr("Peak: %n viewer(s) at %1", nullptr, peak->viewers)
        .arg(QLocale().toString(peak->time.toLocalTime().time(), u"HH:mm:ss"_s));
}

void AudiencePanel::rescale()
{
    if (m_history.points().empty())
        return;
    const QDateTime first = m_history.points().front().time.toLocalTime();
    const QDateTime last = m_history.points().back().time.toLocalTime();
    // At least a minute across, so that the first seconds are not one wide line.
    const QDateTime from = std::min(first, last.addSecs(-60));
    const auto top = [this](const std::function<double(const AudienceHistory::Point &)> &of) {
        // Room above the highest point for the peak's label, in four round steps between
        // the five ticks: 0, 50, 100, 150, 200.
        const double h = highest(m_history, of);
        return h <= 0 ? 4.0 : 4 * std::max(1.0, roundStep(h * 1.15 / 4));
    };
    // Seconds while the span is short, or five ticks would read 14:50, 14:50, 14:51...
    const QString format = from.secsTo(last) < 10 * 60 ? u"HH:mm:ss"_s : u"HH:mm"_s;
    for (Chart *c : { &m_viewers, &m_posts, &m_latency, &m_dropped }) {
        c->time->setRange(from, last);
        c->time->setFormat(format);
    }
    m_viewers.value->setRange(0, top([](const auto &p) { return double(p.viewers); }));
    m_posts.value->setRange(0, top([](const auto &p) { return p.postsPerMinute; }));
    m_latency.value->setRange(0, top([](const auto &p) { return p.latencyMs; }));
    m_dropped.value->setRange(0, top([](const auto &p) { return p.droppedPerMinute; }));
}

QString AudiencePanel::savePng(const QString &fileName) const
{
    // The four charts as the operator sees them, in one picture.
    QWidget *charts = m_viewers.view->parentWidget();
    if (!charts->grab().save(fileName, "PNG"))
        return tr("Could not save the charts to %1.").arg(fileName);
    return {};
}

QString AudiencePanel::saveCsv(const QString &fileName) const
{
    QSaveFile file(fileName);
    if (!file.open(QIODevice::WriteOnly) || file.write(m_history.csv()) < 0 || !file.commit())
        return tr("Could not save the data to %1: %2").arg(fileName, file.errorString());
    return {};
}

void AudiencePanel::chooseAndSave(const QString &title, const QString &suggested,
    const QString &filter, QString (AudiencePanel::*save)(const QString &) const)
{
    const QString name = QFileDialog::getSaveFileName(this, title, suggested, filter);
    if (name.isEmpty())
        return;
    const QString error = (this->*save)(name);
    m_status->setText(error.isEmpty() ? tr("Saved %1").arg(name) : error);
}
