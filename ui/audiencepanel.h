#pragma once

#include "audiencehistory.h"

#include <QHash>
#include <QWidget>

class QChart;
class QChartView;
class QDateTimeAxis;
class QLabel;
class QLineSeries;
class QScatterSeries;
class QValueAxis;

// The audience as pictures, over the last two hours: viewers in all and per channel with
// the peak marked, posts per minute, the viewer pane's publish-to-receive latency and the
// slow clients dropped. Hovering a line shows its value at that time; the charts save as one
// PNG and their data as CSV. It draws once per sample (a second), whatever the traffic:
// a point appended to each line, the oldest dropped once two hours are full.
class AudiencePanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AudiencePanel)

public:
    explicit AudiencePanel(QWidget *parent = nullptr);

    const AudienceHistory &history() const { return m_history; }
    // The line of a channel's viewers ("*" for the total), for the tests; null if none yet.
    const QLineSeries *viewersLine(const QString &channel) const;
    QString peakText() const;

    // Empty when saved; otherwise why not, in words for the operator.
    QString savePng(const QString &fileName) const;
    QString saveCsv(const QString &fileName) const;

public Q_SLOTS:
    void addSample(const AudienceSample &sample);
    void noteLatency(double ms);

private:
    struct Chart
    {
        QChart *chart = nullptr;
        QChartView *view = nullptr;
        QDateTimeAxis *time = nullptr;
        QValueAxis *value = nullptr;
    };

    // The chart's title names its unit: the value axis has no room for one.
    Chart makeChart(const QString &title);
    QLineSeries *addLine(Chart &chart, const QString &name, const QString &unit);
    QLineSeries *channelLine(const QString &channel);
    void append(QLineSeries *line, const QDateTime &time, double value);
    void showPeak();
    void rescale();
    // Asks where, saves there with `save`, and says how it went beside the buttons.
    void chooseAndSave(const QString &title, const QString &suggested, const QString &filter,
        QString (AudiencePanel::*save)(const QString &) const);

    AudienceHistory m_history;
    Chart m_viewers;
    Chart m_posts;
    Chart m_latency;
    Chart m_dropped;
    QLineSeries *m_total = nullptr;
    QHash<QString, QLineSeries *> m_channels;
    QScatterSeries *m_peak = nullptr;
    QLineSeries *m_postsLine = nullptr;
    QLineSeries *m_latencyLine = nullptr;
    QLineSeries *m_droppedLine = nullptr;
    QLabel *m_peakLabel = nullptr;
    QLabel *m_status = nullptr;
};
