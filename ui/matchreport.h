#pragma once

#include "audiencehistory.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QList>
#include <QPair>
#include <QString>

class HistoryModel;
class Match;
class QPainter;
class QRectF;

// One page after full time: the final score, the key moments (corrections applied,
// retractions gone, as the viewer page lists them), the peak of the match's viewers and their
// chart over the last two hours. Drawn with QPainter, so the same page goes to a PDF
// (QPdfWriter, A4) or a PNG.
class MatchReport final
{
    Q_DECLARE_TR_FUNCTIONS(MatchReport)

public:
    struct Moment
    {
        QString minute; // "67'", or empty
        QString text;
    };

    static MatchReport of(
        const Match &match, const HistoryModel &history, const AudienceHistory &audience);

    QString title() const;
    QString score() const;
    const QList<Moment> &moments() const { return m_moments; }
    int peakViewers() const { return m_peak; }
    QDateTime peakTime() const { return m_peakTime; }

    // Empty when written; otherwise why not, for the operator. The file's suffix decides:
    // ".png" a picture, anything else a PDF.
    QString save(const QString &fileName) const;

private:
    void paint(QPainter &painter, const QRectF &page) const;
    void paintChart(QPainter &painter, const QRectF &area) const;

    QString m_home;
    QString m_away;
    int m_homeScore = 0;
    int m_awayScore = 0;
    QList<Moment> m_moments;
    int m_peak = 0;
    QDateTime m_peakTime;
    QList<QPair<QDateTime, int>> m_viewers; // the match channel's, oldest first
};
