#include "config/enginesettings.h"

namespace herder::config {

QString modeName(ProcessingMode mode)
{
    switch (mode) {
    case ProcessingMode::PerTask:
        return QStringLiteral("per-task");
    case ProcessingMode::Combined:
        return QStringLiteral("combined");
    case ProcessingMode::Batch:
        return QStringLiteral("batch");
    }
    return {};
}

std::optional<ProcessingMode> modeFromName(const QString &name)
{
    const QString t = name.trimmed().toLower();
    for (ProcessingMode mode :
         {ProcessingMode::PerTask, ProcessingMode::Combined, ProcessingMode::Batch})
        if (t == modeName(mode))
            return mode;
    return std::nullopt;
}

QString adaptiveName(AdaptiveMode adaptive)
{
    switch (adaptive) {
    case AdaptiveMode::Auto:
        return QStringLiteral("auto");
    case AdaptiveMode::On:
        return QStringLiteral("on");
    case AdaptiveMode::Off:
        return QStringLiteral("off");
    }
    return {};
}

QByteArray EngineSettings::property(const KafkaProperties &props, QByteArrayView name)
{
    for (const auto &[k, v] : props)
        if (k == name)
            return v;
    return {};
}

void EngineSettings::setProperty(KafkaProperties &props, const QByteArray &name,
                                 const QByteArray &value)
{
    for (auto &[k, v] : props)
        if (k == name) {
            v = value;
            return;
        }
    props.append({name, value});
}

} // namespace herder::config
