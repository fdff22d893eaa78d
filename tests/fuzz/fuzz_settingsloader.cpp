// libFuzzer target: an INI file through SettingsLoader::loadFile and validate. Each input gets
// a file name of its own: QSettings caches parsed files by name and would otherwise serve the
// previous input when two are written within the same millisecond with the same size.

#include "config/settingsloader.h"

#include <QCoreApplication>
#include <QFile>
#include <QTemporaryDir>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <variant>

using herder::config::EngineSettings;
using herder::config::SettingsLoader;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    static const QTemporaryDir dir;
    static quint64 serial = 0;
    if (!dir.isValid())
        std::abort();
    const QString path = dir.filePath(QStringLiteral("in-%1.ini").arg(++serial));
    {
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly))
            std::abort();
        file.write(reinterpret_cast<const char *>(data), qint64(size));
    }
    const auto loaded = SettingsLoader::loadFile(path);
    if (const auto *settings = std::get_if<EngineSettings>(&loaded))
        SettingsLoader::validate(*settings);
    QFile::remove(path);
    return 0;
}
