#pragma once

#include "config/configerror.h"
#include "config/enginesettings.h"
#include "kafka/handles.h"

#include <initializer_list>
#include <variant>

namespace herder::kafka {

/// One layer of librdkafka properties and the INI section it came from (for error messages).
struct PropertyLayer
{
    const config::KafkaProperties *properties;
    const char *section;
};

/// Builds an rd_kafka_conf_t from property layers, later layers overriding earlier ones. A
/// property librdkafka rejects is a ConfigError naming "section/property".
std::variant<ConfPtr, config::ConfigError> buildConf(std::initializer_list<PropertyLayer> layers);

/// Sets one property that Herder itself owns; it is a programming error for this to fail.
void setOwned(rd_kafka_conf_t *conf, const char *name, const QByteArray &value);

/// Sends librdkafka's log lines and client errors to the herder.kafka logging category.
void routeLogs(rd_kafka_conf_t *conf);

/// Asks a broker for metadata: false with the reason when none answers in time.
bool waitReachable(rd_kafka_t *rk, int timeout_ms, QString *error);

} // namespace herder::kafka
