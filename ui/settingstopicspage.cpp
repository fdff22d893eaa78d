#include "settingstopicspage.h"

#include "settingschecks.h"

namespace herder::ui {

using config::EngineSettings;

SettingsTopicsPage::SettingsTopicsPage(QWidget *parent)
    : SettingsFormPage({QStringLiteral("topics"), QStringLiteral("decode")}, parent)
{
    QFormLayout *topics = addSection(tr("Topics (four different names)"));
    addField(
        topics, tr("Source:"), QStringLiteral("topics/source"), SettingsChecks::topic(),
        [](const EngineSettings &s) { return s.source_topic; },
        [](EngineSettings &s, const QString &v) { s.source_topic = v; }, tr("Events to enrich"));
    addField(
        topics, tr("Output:"), QStringLiteral("topics/output"), SettingsChecks::topic(),
        [](const EngineSettings &s) { return s.output_topic; },
        [](EngineSettings &s, const QString &v) { s.output_topic = v; }, tr("Enriched results"));
    addField(
        topics, tr("Retry:"), QStringLiteral("topics/retry"), SettingsChecks::topic(),
        [](const EngineSettings &s) { return s.retry_topic; },
        [](EngineSettings &s, const QString &v) { s.retry_topic = v; },
        tr("Messages waiting for another attempt"));
    addField(
        topics, tr("Dead-letter queue:"), QStringLiteral("topics/dlq"), SettingsChecks::topic(),
        [](const EngineSettings &s) { return s.dlq_topic; },
        [](EngineSettings &s, const QString &v) { s.dlq_topic = v; },
        tr("Messages that could not be enriched"));

    QFormLayout *decode = addSection(tr("Event format"));
    addField(
        decode, tr("Text at (JSON pointer):"), QStringLiteral("decode/text_pointer"),
        SettingsChecks::jsonPointer(),
        [](const EngineSettings &s) { return s.decode.text_pointer; },
        [](EngineSettings &s, const QString &v) { s.decode.text_pointer = v; },
        QStringLiteral("/text"));
    addField(
        decode, tr("Id at (JSON pointer):"), QStringLiteral("decode/id_pointer"),
        SettingsChecks::jsonPointer(), [](const EngineSettings &s) { return s.decode.id_pointer; },
        [](EngineSettings &s, const QString &v) { s.decode.id_pointer = v; },
        tr("Empty: topic/partition/offset"));
    addField(
        decode, tr("Longest text (characters):"), QStringLiteral("decode/max_text_chars"),
        SettingsChecks::integer(1, 1000000),
        [](const EngineSettings &s) { return QString::number(s.decode.max_text_chars); },
        [](EngineSettings &s, const QString &v) { s.decode.max_text_chars = v.toInt(); },
        tr("Longer texts are cut"));
    addField(
        decode, tr("Largest event (bytes):"), QStringLiteral("decode/max_payload_bytes"),
        SettingsChecks::integer(64, 100 * 1024 * 1024),
        [](const EngineSettings &s) { return QString::number(s.decode.max_payload_bytes); },
        [](EngineSettings &s, const QString &v) { s.decode.max_payload_bytes = v.toInt(); },
        tr("Larger events go to the dead-letter queue"));
}

} // namespace herder::ui
