#include "settingslimitspage.h"

#include "config/limits.h"
#include "settingschecks.h"

#include <QComboBox>
#include <QFormLayout>

#include <algorithm>

namespace herder::ui {

using config::EngineSettings;
using config::Limits;
using config::ProcessingMode;

SettingsLimitsPage::SettingsLimitsPage(QWidget *parent)
    : SettingsFormPage({QStringLiteral("limits")}, parent), m_mode(new QComboBox(this))
{
    QFormLayout *calls = addSection(tr("LLM calls"));
    addField(
        calls, tr("Concurrency:"), QStringLiteral("limits/concurrency"),
        SettingsChecks::integer(Limits::kConcurrency.min, Limits::kConcurrency.max),
        [](const EngineSettings &s) { return QString::number(s.concurrency); },
        [](EngineSettings &s, const QString &v) { s.concurrency = v.toInt(); },
        tr("Requests in flight at once"));
    addField(
        calls, tr("Rate (requests/s):"), QStringLiteral("limits/rate_per_s"),
        SettingsChecks::number(Limits::kRate_per_s.min, Limits::kRate_per_s.max),
        [](const EngineSettings &s) { return number(s.rate_per_s); },
        [](EngineSettings &s, const QString &v) { s.rate_per_s = v.toDouble(); },
        tr("0 means unlimited"));
    m_mode->setObjectName(QStringLiteral("limits/mode"));
    m_mode->addItem(tr("One request per task"), int(ProcessingMode::PerTask));
    m_mode->addItem(tr("All tasks in one request"), int(ProcessingMode::Combined));
    m_mode->addItem(tr("Several events per request"), int(ProcessingMode::Batch));
    calls->addRow(tr("Mode:"), m_mode);
    connect(m_mode, &QComboBox::currentIndexChanged, this, &SettingsPage::changed);
    addField(
        calls, tr("Batch size (events):"), QStringLiteral("limits/batch_size"),
        SettingsChecks::integer(Limits::kBatchSize.min, Limits::kBatchSize.max),
        [](const EngineSettings &s) { return QString::number(s.batch_size); },
        [](EngineSettings &s, const QString &v) { s.batch_size = v.toInt(); },
        tr("Used in batch mode"));
    addField(
        calls, tr("Model for combined and batch requests:"),
        QStringLiteral("limits/combined_model"), {},
        [](const EngineSettings &s) { return s.combined_model; },
        [](EngineSettings &s, const QString &v) { s.combined_model = v; },
        tr("Empty: the first task's model"));

    QFormLayout *retries = addSection(tr("Retries"));
    addField(
        retries, tr("Attempts in all:"), QStringLiteral("limits/max_attempts"),
        SettingsChecks::integer(1, 100),
        [](const EngineSettings &s) { return QString::number(s.max_attempts); },
        [](EngineSettings &s, const QString &v) { s.max_attempts = v.toInt(); },
        tr("Then the message goes to the dead-letter queue"));
    addField(
        retries, tr("Quick retries in process:"), QStringLiteral("limits/in_process_retries"),
        SettingsChecks::integer(0, 20),
        [](const EngineSettings &s) { return QString::number(s.in_process_retries); },
        [](EngineSettings &s, const QString &v) { s.in_process_retries = v.toInt(); },
        tr("Before the retry topic; fewer than the attempts"));
    addField(
        retries, tr("First backoff (ms):"), QStringLiteral("limits/retry_base_ms"),
        SettingsChecks::integer(1, 3600000),
        [](const EngineSettings &s) { return QString::number(s.retry_base_ms); },
        [](EngineSettings &s, const QString &v) { s.retry_base_ms = v.toInt(); });
    addField(
        retries, tr("Longest backoff (ms):"), QStringLiteral("limits/retry_cap_ms"),
        SettingsChecks::integer(1, 86400000),
        [](const EngineSettings &s) { return QString::number(s.retry_cap_ms); },
        [](EngineSettings &s, const QString &v) { s.retry_cap_ms = v.toInt(); });

    QFormLayout *flow = addSection(tr("Flow"));
    addField(
        flow, tr("Messages in flight at most:"), QStringLiteral("limits/max_inflight_messages"),
        SettingsChecks::integer(1, 1000000),
        [](const EngineSettings &s) { return QString::number(s.max_inflight_messages); },
        [](EngineSettings &s, const QString &v) { s.max_inflight_messages = v.toInt(); },
        tr("Above this, consumption pauses"));
    // Seconds in the file; int(seconds * 1000) is what the loader does with them too.
    addField(
        flow, tr("Circuit cool-down (s):"), QStringLiteral("limits/circuit_cooldown_s"),
        SettingsChecks::number(0, 86400),
        [](const EngineSettings &s) { return seconds(s.circuit_cooldown_ms); },
        [](EngineSettings &s, const QString &v) {
            s.circuit_cooldown_ms = int(v.toDouble() * 1000);
        },
        tr("Wait before one probe request after systemic failures"));
    addField(
        flow, tr("Drain timeout (s):"), QStringLiteral("limits/drain_timeout_s"),
        SettingsChecks::number(0, 86400),
        [](const EngineSettings &s) { return seconds(s.drain_timeout_ms); },
        [](EngineSettings &s, const QString &v) { s.drain_timeout_ms = int(v.toDouble() * 1000); },
        tr("How long a stop waits for work in flight"));
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
