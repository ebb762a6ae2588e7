#pragma once

#include "serverconfig.h"

#include <QString>
#include <QStringList>

// The command line, parsed and checked. Every option has a --help line.
struct Options
{
    ServerConfig server;
    bool headless = false;
    bool demo = false;
    bool tokenGiven = false; // --token or LIVEDESK_TOKEN
    QString dataDir;

    // Parses arguments (and LIVEDESK_TOKEN). On --help/--version prints and sets *exitCode
    // to 0; on a bad value prints a one-line reason to stderr and sets *exitCode to 2. The
    // caller exits when *exitCode is set.
    static Options parse(const QStringList &arguments, int *exitCode);
};
