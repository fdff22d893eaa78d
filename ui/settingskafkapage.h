#pragma once

#include "settingsformpage.h"

class QComboBox;

namespace herder::ui {

class SettingsTable;

/// The Kafka tab: brokers, consumer group, security (mapped to librdkafka's security.protocol,
/// sasl.* and ssl.ca.location) and a table of any other librdkafka property for [kafka],
/// [kafka.consumer] and [kafka.producer].
class SettingsKafkaPage : public SettingsFormPage
{
    Q_OBJECT
public:
    explicit SettingsKafkaPage(QWidget *parent = nullptr);

    void load(const config::EngineSettings &settings) override;
    void store(config::EngineSettings &settings) const override;
    bool isValid() const override;

    /// section: "kafka", "kafka.consumer" or "kafka.producer".
    SettingsTable *propertyTable(const QString &section) const;

private:
    QString protocol() const;
    bool usesSasl() const;
    bool usesSsl() const;
    void updateSecurity();

    QComboBox *m_protocol;
    QComboBox *m_mechanism;
    SettingsField *m_username = nullptr;
    SettingsField *m_password = nullptr;
    SettingsField *m_ca_location = nullptr;
    SettingsTable *m_common;
    SettingsTable *m_consumer;
    SettingsTable *m_producer;
    /// librdkafka takes sasl.mechanism and sasl.mechanisms; the file keeps the one it had.
    QByteArray m_mechanism_key = "sasl.mechanism";
};

} // namespace herder::ui
