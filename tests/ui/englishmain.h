#pragma once

#include <QApplication>
#include <QTest>
#include <QTranslator>

// A QTest main that installs the English translation first: the English plurals ("1 viewer",
// "2 viewers") come from it, as in the app.
#define LIVEDESK_TEST_MAIN_IN_ENGLISH(TestClass)                                                   \
    int main(int argc, char *argv[])                                                               \
    {                                                                                              \
        QApplication app(argc, argv);                                                              \
        QTranslator english;                                                                       \
        if (!english.load(QStringLiteral(":/i18n/livedesk_en.qm")))                                \
            qFatal("the English translation is not compiled in");                                  \
        QCoreApplication::installTranslator(&english);                                             \
        TestClass test;                                                                            \
        return QTest::qExec(&test, argc, argv);                                                    \
    }
