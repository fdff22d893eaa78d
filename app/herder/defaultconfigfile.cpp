#include "defaultconfigfile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace herder::app {

bool DefaultConfigFile::ensureExists(const QString &path, QString *error)
{
    if (QFileInfo::exists(path))
        return true;
    if (!QDir().mkpath(QFileInfo(path).absolutePath())) {
        *error = QStringLiteral("cannot create the folder of %1").arg(path);
        return false;
    }
    QFile builtIn(QStringLiteral(":/herder/herder.ini"));
    if (!builtIn.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("the built-in configuration :/herder/herder.ini is missing");
        return false;
    }
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly) ||
        file.write(builtIn.readAll()) < 0) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    // A copy of a read-only resource would be read-only too; the settings dialog writes it.
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                        QFileDevice::ReadGroup | QFileDevice::ReadOther);
    return true;
}

} // namespace herder::app
