#include "matchreport.h"

#include "domain/match.h"
#include "historymodel.h"
#include "hub/eventhub.h"
#include "hub/statepolicy.h"
#include "page/pagemodel.h"

#include <QCoreApplication>
#include <QImage>
#include <QJsonArray>
#include <QLocale>
#include <QPainter>
#include <QPainterPath>
#include <QPdfWriter>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

// The history as a state document, so that PageModel (the page's own rules) applies the
// corrections and retractions and finds the key moments.
QJsonObject stateOf(const HistoryModel &history, const QString &channel)
{
    QJsonArray recent;
    for (int row = history.rowCount() - 1; row >= 0; --row) {
        const HubEventPtr event = history.eventAt(row);
        if (event && event->channel == channel)
            recent.append(EventHub::eventJson(*event));
    }
    return QJsonObject { { u"recent"_s, recent }, { u"policy"_s, StatePolicy::json() } };
}

} // namespace

MatchReport MatchReport::of(
    const Match &match, const HistoryModel &history, const AudienceHistory &audience)
{
    MatchReport report;
    report.m_home = match.home();
    report.m_away = match.away();
    report.m_homeScore = match.homeScore();
    report.m_awayScore = match.awayScore();
    const PageModel page(stateOf(history, match.channel()));
    for (const PagePost &post : page.keys(match.channel())) {
        const QJsonObject data = post.object();
        const QJsonValue minute = data.value(u"minute"_s);
        report.m_moments.append({ minute.isDouble() ? u"%1'"_s.arg(minute.toInt()) : QString(),
            data.value(u"text"_s).toString(data.value(u"headline"_s).toString()) });
    }
    for (const AudienceHistory::Point &point : audience.points()) {
        const int viewers = point.channels.value(match.channel());
        report.m_viewers.append({ point.time, viewers });
        if (viewers > report.m_peak) {
            report.m_peak = viewers;
            report.m_peakTime = point.time;
        }
    }
    return report;
}

QString MatchReport::title() const
{
    return tr("Match report: %1 v %2").arg(m_home, m_away);
}

QString MatchReport::score() const
{
    return u"%1 %2 – %3 %4"_s.arg(m_home).arg(m_homeScore).arg(m_awayScore).arg(m_away);
}

QString MatchReport::save(const QString &fileName) const
{
    if (fileName.endsWith(u".png"_s, Qt::CaseInsensitive)) {
        QImage image(1240, 1754, QImage::Format_RGB32); // A4 at 150 dpi
        image.fill(Qt::white);
        QPainter painter(&image);
        paint(painter, QRectF(image.rect()).adjusted(90, 90, -90, -90));
        painter.end();
        if (!image.save(fileName, "PNG"))
            return tr("Could not save the report to %1.").arg(fileName);
        return {};
    }
    QPdfWriter pdf(fileName);
    pdf.setPageSize(QPageSize(QPageSize::A4));
    pdf.setResolution(150);
    pdf.setTitle(title());
    pdf.setCreator(u"LiveDesk"_s);
    QPainter painter;
    if (!painter.begin(&pdf))
        return tr("Could not save the report to %1.").arg(fileName);
    paint(painter, QRectF(0, 0, pdf.width(), pdf.height()).adjusted(40, 40, -40, -40));
    painter.end();
    return {};
}

void MatchReport::paint(QPainter &painter, const QRectF &page) const
{
    painter.setRenderHint(QPainter::Antialiasing);
    const qreal unit = page.width() / 60; // the page's measure: a 60th of its width
    QFont font = painter.font();
    auto text = [&](qreal size, bool bold, const QString &line, qreal y) {
        font.setPixelSize(int(size * unit));
        font.setBold(bold);
        painter.setFont(font);
        const QRectF box(page.left(), y, page.width(), size * unit * 1.5);
        painter.drawText(box, Qt::AlignLeft | Qt::AlignVCenter | Qt::TextSingleLine,
            painter.fontMetrics().elidedText(line, Qt::ElideRight, int(page.width())));
        return y + box.height();
    };
    painter.setPen(QColor(0x1b, 0x26, 0x3b));
    qreal y = text(2.2, true, title(), page.top());
    y = text(3.6, true, score(), y + unit);
    y = text(1.4, false, tr("Full time"), y);
    y = text(1.8, true, tr("Key moments"), y + 2 * unit);
    if (m_moments.isEmpty())
        y = text(1.3, false, tr("None marked."), y);
    for (const Moment &m : m_moments.mid(0, 18))
        y = text(1.3, false, m.minute.isEmpty() ? m.text : m.minute + u"  "_s + m.text, y);
    y = text(1.8, true, tr("Viewers"), y + 2 * unit);
    const QString peak = m_peak == 0
        ? tr("No viewers were counted.")
        : tr("Peak: %n viewer(s) at %1", nullptr, m_peak)
              .arg(QLocale().toString(m_peakTime.toLocalTime(), u"HH:mm"_s));
    y = text(1.3, false, peak, y);
    paintChart(painter,
        QRectF(page.left(), y + unit, page.width(), std::min(18 * unit, page.bottom() - y - unit)));
}

void MatchReport::paintChart(QPainter &painter, const QRectF &area) const
{
    if (m_viewers.size() < 2 || area.height() <= 0)
        return;
    painter.setPen(QPen(QColor(0xcc, 0xd2, 0xdc), 1));
    painter.drawRect(area);
    const qint64 from = m_viewers.front().first.toMSecsSinceEpoch();
    const qint64 span = std::max<qint64>(1, m_viewers.back().first.toMSecsSinceEpoch() - from);
    const qreal top = std::max(1, m_peak) * 1.15;
    QPainterPath line;
    for (qsizetype i = 0; i < m_viewers.size(); ++i) {
        const qreal x = area.left()
            + area.width() * qreal(m_viewers.at(i).first.toMSecsSinceEpoch() - from) / qreal(span);
        const qreal yy = area.bottom() - area.height() * m_viewers.at(i).second / top;
        if (i == 0)
            line.moveTo(x, yy);
        else
            line.lineTo(x, yy);
    }
    painter.setPen(QPen(QColor(0x1f, 0x6f, 0xeb), std::max<qreal>(2, area.width() / 400)));
    painter.drawPath(line);
    // The peak as a dashed line with its number, and the span's two ends under the chart.
    const qreal peakY = area.bottom() - area.height() * m_peak / top;
    const qreal line1 = painter.fontMetrics().height();
    painter.setPen(QPen(QColor(0x8a, 0x5a, 0x00), 1, Qt::DashLine));
    painter.drawLine(QPointF(area.left(), peakY), QPointF(area.right(), peakY));
    painter.drawText(QRectF(area.left() + 6, peakY - line1 - 2, area.width() / 2, line1),
        Qt::AlignLeft | Qt::AlignBottom, QString::number(m_peak));
    painter.setPen(QColor(0x4a, 0x55, 0x68));
    const QRectF under(area.left(), area.bottom() + 4, area.width(), line1);
    const auto hhmm
        = [](const QDateTime &t) { return QLocale().toString(t.toLocalTime().time(), u"HH:mm"_s); };
    painter.drawText(under, Qt::AlignLeft | Qt::AlignTop, hhmm(m_viewers.front().first));
    painter.drawText(under, Qt::AlignRight | Qt::AlignTop, hhmm(m_viewers.back().first));
}
