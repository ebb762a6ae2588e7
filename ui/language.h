#pragma once

#include <QString>

class QCoreApplication;

// Chooses and installs the interface language: an explicit choice ("en", "zh_CN"), or the
// system locale when it is empty. Returns the language in use.
namespace Language {
QString install(QCoreApplication *app, const QString &choice);
}
