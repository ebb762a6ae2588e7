// Does the console's GUI thread stall while the server broadcasts to many viewers? Runs the
// real window (offscreen) on a real ServerHost, drives livedesk_loadclient against it, and
// measures the longest gap between ticks of a 1 ms timer on the GUI thread. One JSON line.
//
//   livedesk_guistall [--clients N] [--events M] [--rate R]
#include "desk.h"
#include "mainwindow.h"
#include "serverhost.h"
#include "settings.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>
#include <QTimer>

#include <cstdio>

using namespace Qt::StringLiterals;

int main(int argc, char *argv[])
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QString clients = u"10000"_s, events = u"200"_s, rate = u"50"_s;
    const QStringList args = QCoreApplication::arguments();
    for (int i = 1; i + 1 < args.size(); i += 2) {
        if (args.at(i) == u"--clients")
            clients = args.at(i + 1);
        else if (args.at(i) == u"--events")
            events = args.at(i + 1);
        else if (args.at(i) == u"--rate")
            rate = args.at(i + 1);
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
    Desk desk;
    QObject::connect(&desk, &Desk::publishRequested, &host, &ServerHost::publish);
    MainWindow window(&desk, &host, &settings);
    window.show();

    QElapsedTimer clock;
    clock.start();
    qint64 last = clock.elapsed();
    qint64 worst = 0;
    int over20 = 0;
    QTimer tick;
    tick.setTimerType(Qt::PreciseTimer);
    QObject::connect(&tick, &QTimer::timeout, &app, [&] {
        const qint64 now = clock.elapsed();
        const qint64 gap = now - last;
        worst = qMax(worst, gap);
        if (gap > 20) {
            ++over20;
            std::fprintf(stderr, "GUI thread stall of %lld ms, %lld ms after start\n", gap, now);
        }
        last = now;
    });

    QProcess load;
    QObject::connect(&load, &QProcess::finished, &app, [&] {
        tick.stop();
        const QByteArray result = load.readAllStandardOutput().trimmed();
        std::printf("{\"gui_max_gap_ms\":%lld,\"gui_gaps_over_20ms\":%d,\"load\":%s}\n", worst,
            over20, result.isEmpty() ? "null" : result.constData());
        app.quit();
    });
    QObject::connect(&load, &QProcess::started, &app,
        [&] { std::fprintf(stderr, "load started at %lld ms\n", clock.elapsed()); });
    QTimer::singleShot(500, &app, [&] {
        last = clock.elapsed();
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
