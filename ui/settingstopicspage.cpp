#include "settingstopicspage.h"

#include "config/settingsschema.h"

namespace herder::ui {


SettingsTopicsPage::SettingsTopicsPage(QWidget *parent)
    : SettingsFormPage({QStringLiteral("topics"), QStringLiteral("decode")}, parent)
{
    QFormLayout *topics = addSection(tr("Topics (four different names)"));
    addSetting(topics, tr("Source:"), config::settingAt("topics", "source"), tr("Events to enrich"));
    addSetting(topics, tr("Output:"), config::settingAt("topics", "output"), tr("Enriched results"));
    addSetting(topics, tr("Retry:"), config::settingAt("topics", "retry"), tr("Messages waiting for another attempt"));
    addSetting(topics, tr("Dead-letter queue:"), config::settingAt("topics", "dlq"), tr("Messages that could not be enriched"));

    QFormLayout *decode = addSection(tr("Event format"));
    addSetting(decode, tr("Text at (JSON pointer):"), config::settingAt("decode", "text_pointer"), QStringLiteral("/text"));
    addSetting(decode, tr("Id at (JSON pointer):"), config::settingAt("decode", "id_pointer"), tr("Empty: topic/partition/offset"));
    addSetting(decode, tr("Longest text (characters):"), config::settingAt("decode", "max_text_chars"), tr("Longer texts are cut"));
    addSetting(decode, tr("Largest event (bytes):"), config::settingAt("decode", "max_payload_bytes"), tr("Larger events go to the dead-letter queue"));
}

} // namespace herder::ui
