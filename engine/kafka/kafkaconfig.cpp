#include "kafka/kafkaconfig.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcKafka, "herder.kafka")

namespace herder::kafka {

std::variant<ConfPtr, config::ConfigError> buildConf(std::initializer_list<PropertyLayer> layers)
{
    ConfPtr conf(rd_kafka_conf_new());
    char error[512];
    for (const PropertyLayer &layer : layers) {
        for (const auto &[name, value] : *layer.properties) {
            if (rd_kafka_conf_set(conf.get(), name.constData(), value.constData(), error,
                                  sizeof error) != RD_KAFKA_CONF_OK)
                return config::ConfigError{QString::fromLatin1(layer.section) + u'/' +
                                               QString::fromUtf8(name),
                                           QString::fromUtf8(error)};
        }
    }
    return conf;
}

void setOwned(rd_kafka_conf_t *conf, const char *name, const QByteArray &value)
{
    char error[512];
    if (rd_kafka_conf_set(conf, name, value.constData(), error, sizeof error) != RD_KAFKA_CONF_OK)
        qCCritical(lcKafka, "librdkafka refused %s=%s: %s", name, value.constData(), error);
}

} // namespace herder::kafka
