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
