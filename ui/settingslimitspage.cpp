#include "settingslimitspage.h"

#include "config/settingsschema.h"

#include <QComboBox>
#include <QFormLayout>

#include <algorithm>

namespace herder::ui {

using config::EngineSettings;
using config::ProcessingMode;

SettingsLimitsPage::SettingsLimitsPage(QWidget *parent)
    : SettingsFormPage({QStringLiteral("limits")}, parent), m_mode(new QComboBox(this))
{
    QFormLayout *calls = addSection(tr("LLM calls"));
    addSetting(calls, tr("Concurrency:"), config::settingAt("limits", "concurrency"), tr("Requests in flight at once"));
    addSetting(calls, tr("Rate (requests/s):"), config::settingAt("limits", "rate_per_s"), tr("0 means unlimited"));
    m_mode->setObjectName(QStringLiteral("limits/mode"));
    m_mode->addItem(tr("One request per task"), int(ProcessingMode::PerTask));
    m_mode->addItem(tr("All tasks in one request"), int(ProcessingMode::Combined));
    m_mode->addItem(tr("Several events per request"), int(ProcessingMode::Batch));
    calls->addRow(tr("Mode:"), m_mode);
    connect(m_mode, &QComboBox::currentIndexChanged, this, &SettingsPage::changed);
    addSetting(calls, tr("Batch size (events):"), config::settingAt("limits", "batch_size"), tr("Used in batch mode"));
    addSetting(calls, tr("Model for combined and batch requests:"), config::settingAt("limits", "combined_model"), tr("Empty: the first task's model"));

    QFormLayout *retries = addSection(tr("Retries"));
    addSetting(retries, tr("Attempts in all:"), config::settingAt("limits", "max_attempts"), tr("Then the message goes to the dead-letter queue"));
    addSetting(retries, tr("Quick retries in process:"), config::settingAt("limits", "in_process_retries"), tr("Before the retry topic; fewer than the attempts"));
    addSetting(retries, tr("First backoff (ms):"), config::settingAt("limits", "retry_base_ms"));
    addSetting(retries, tr("Longest backoff (ms):"), config::settingAt("limits", "retry_cap_ms"));

    QFormLayout *flow = addSection(tr("Flow"));
    addSetting(flow, tr("Messages in flight at most:"), config::settingAt("limits", "max_inflight_messages"), tr("Above this, consumption pauses"));
    // Seconds in the file; int(seconds * 1000) is what the loader does with them too.
    addSetting(flow, tr("Circuit cool-down (s):"), config::settingAt("limits", "circuit_cooldown_s"), tr("Wait before one probe request after systemic failures"));
    addSetting(flow, tr("Drain timeout (s):"), config::settingAt("limits", "drain_timeout_s"), tr("How long a stop waits for work in flight"));
}

void SettingsLimitsPage::load(const config::EngineSettings &settings)
{
    SettingsFormPage::load(settings);
    m_mode->setCurrentIndex(std::max(0, m_mode->findData(int(settings.mode))));
}

void SettingsLimitsPage::store(config::EngineSettings &settings) const
{
    SettingsFormPage::store(settings);
    settings.mode = ProcessingMode(m_mode->currentData().toInt());
}

} // namespace herder::ui
