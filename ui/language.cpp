#include "language.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

using namespace Qt::StringLiterals;

namespace Language {

QString install(QCoreApplication *app, const QString &choice)
{
    QString language = !choice.isEmpty()
        ? choice
        : (QLocale().language() == QLocale::Chinese ? u"zh_CN"_s : u"en"_s);
    const QLocale locale(language);
    QLocale::setDefault(locale);

    // Ours, compiled into the binary by qt_add_translations (resource prefix /i18n).
    auto *ours = new QTranslator(app);
    if (ours->load(u":/i18n/livedesk_%1.qm"_s.arg(language)))
        app->installTranslator(ours);
    // Qt's own strings (standard buttons), from Debian's qt6-translations-l10n when present.
    auto *qt = new QTranslator(app);
    if (qt->load(locale, u"qtbase"_s, u"_"_s, QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        app->installTranslator(qt);
    return language;
}

} // namespace Language
