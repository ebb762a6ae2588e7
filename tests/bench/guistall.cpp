// Does the console's GUI thread stall while the server broadcasts to many viewers? Runs the
// real window (offscreen) on a real ServerHost, drives livedesk_loadclient against it, and
// measures the longest gap between ticks of a 1 ms timer on the GUI thread. One JSON line.
//
//   livedesk_guistall [--clients N] [--events M] [--rate R] [--trace]
#include "domain/desk.h"
#include "host/serverhost.h"
#include "host/settings.h"
#include "mainwindow.h"

#include <QApplication>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QHash>
#include <QProcess>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <ctime>

using namespace Qt::StringLiterals;

namespace {

qint64 threadCpuUs()
{
    timespec ts {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return qint64(ts.tv_sec) * 1000000 + ts.tv_nsec / 1000;
}

// With --trace, names every event the GUI thread took longer than 10 ms to handle, so a
// stall can be told apart from starvation (no slow event: the thread was not scheduled),
// and sums the GUI thread's CPU time by what it was doing (outermost events only).
class TracingApplication final : public QApplication
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TracingApplication)

public:
    using QApplication::QApplication;
    bool trace = false;
    QHash<QString, qint64> cpuUsByEvent;

    bool notify(QObject *receiver, QEvent *event) override
    {
        if (!trace || QThread::currentThread() != thread())
            return QApplication::notify(receiver, event);
        QElapsedTimer timer;
        timer.start();
        const qint64 cpuStart = threadCpuUs();
        const int type = event->type();
        const QString what = u"type %1 to %2 \"%3\""_s.arg(type).arg(
            QLatin1StringView(receiver->metaObject()->className()), receiver->objectName());
        ++m_depth;
        const bool result = QApplication::notify(receiver, event);
        --m_depth;
        const qint64 ms = timer.elapsed();
        const qint64 cpuUs = threadCpuUs() - cpuStart;
        if (m_depth == 0)
            cpuUsByEvent[what] += cpuUs;
        if (ms > 10)
            std::fprintf(stderr, "  slow event: %lld ms (%lld ms on the CPU), %s\n", ms,
                cpuUs / 1000, qPrintable(what));
        return result;
    }

    void printCpuSummary() const
    {
        QList<std::pair<qint64, QString>> rows;
        for (auto it = cpuUsByEvent.cbegin(); it != cpuUsByEvent.cend(); ++it)
            rows.append({ it.value(), it.key() });
        std::sort(rows.rbegin(), rows.rend());
        for (qsizetype i = 0; i < qMin<qsizetype>(15, rows.size()); ++i)
            std::fprintf(stderr, "  GUI CPU %6.1f ms: %s\n", double(rows.at(i).first) / 1000,
                qPrintable(rows.at(i).second));
    }

private:
    int m_depth = 0;
};

} // namespace

int main(int argc, char *argv[])
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    TracingApplication app(argc, argv);
    app.trace = QCoreApplication::arguments().contains(u"--trace"_s);
    QString clients = u"10000"_s, events = u"200"_s, rate = u"50"_s;
    const QStringList args = QCoreApplication::arguments();
    for (int i = 1; i + 1 < args.size(); ++i) {
        if (args.at(i) == u"--clients")
            clients = args.at(++i);
        else if (args.at(i) == u"--events")
            events = args.at(++i);
        else if (args.at(i) == u"--rate")
            rate = args.at(++i);
    }
    QTemporaryDir dir;
    Settings settings(dir.path());
    ServerConfig config;
    config.port = 0;
    config.token = "bench-token";
    config.dataDir = dir.path();
    config.maxConnections = 30000;
    ServerHost host(config);
    QString error;
    if (!host.start(&error)) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 1;
    }
    Desk desk(&host);
    MainWindow window(&desk, &host, &settings);
    window.show();
    // --audience: with the Audience tab in front, its charts drawing every second.
    if (QCoreApplication::arguments().contains(u"--audience"_s)) {
        if (auto *dock = window.findChild<QDockWidget *>(u"audienceDock"_s))
            dock->raise();
    }

    QElapsedTimer clock;
    clock.start();
    qint64 last = clock.elapsed();
    qint64 worst = 0;
    int over10 = 0;
    int over20 = 0;
    qint64 cpuAtStart = 0;
    QTimer tick;
    tick.setTimerType(Qt::PreciseTimer);
    QObject::connect(&tick, &QTimer::timeout, &app, [&] {
        const qint64 now = clock.elapsed();
        const qint64 gap = now - last;
        worst = qMax(worst, gap);
        if (gap > 10) {
            ++over10;
            over20 += gap > 20 ? 1 : 0;
            std::fprintf(stderr, "GUI thread gap of %lld ms, %lld ms after start\n", gap, now);
        }
        last = now;
    });

    QProcess load;
    QObject::connect(&load, &QProcess::finished, &app, [&] {
        tick.stop();
        const QByteArray result = load.readAllStandardOutput().trimmed();
        // The GUI thread's own CPU time over the run: what the console costs while it
        // broadcasts, apart from the server thread.
        std::printf("{\"gui_max_gap_ms\":%lld,\"gui_gaps_over_10ms\":%d,\"gui_gaps_over_20ms\":%d,"
                    "\"gui_cpu_ms\":%lld,\"load\":%s}\n",
            worst, over10, over20, (threadCpuUs() - cpuAtStart) / 1000,
            result.isEmpty() ? "null" : result.constData());
        if (app.trace)
            app.printCpuSummary();
        app.quit();
    });
    QObject::connect(&load, &QProcess::started, &app,
        [&] { std::fprintf(stderr, "load started at %lld ms\n", clock.elapsed()); });
    QTimer::singleShot(500, &app, [&] {
        last = clock.elapsed();
        cpuAtStart = threadCpuUs();
        tick.start(1);
        load.start(QCoreApplication::applicationDirPath() + u"/livedesk_loadclient"_s,
            { u"--port"_s, QString::number(host.baseUrl().port()), u"--pid"_s,
                QString::number(QCoreApplication::applicationPid()), u"--clients"_s, clients,
                u"--events"_s, events, u"--rate"_s, rate, u"--timeout"_s, u"120"_s });
    });
    const int rc = QApplication::exec();
    host.stop();
    return rc;
}

#include "guistall.moc"
