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

namespace {

void logLine(const rd_kafka_t *, int level, const char *facility, const char *line)
{
    if (level <= 3)
        qCWarning(lcKafka, "%s: %s", facility, line);
    else if (level <= 5)
        qCInfo(lcKafka, "%s: %s", facility, line);
    else
        qCDebug(lcKafka, "%s: %s", facility, line);
}

void clientError(rd_kafka_t *rk, int err, const char *reason, void *)
{
    qCWarning(lcKafka, "%s: %s: %s", rd_kafka_name(rk),
              rd_kafka_err2name(static_cast<rd_kafka_resp_err_t>(err)), reason);
}

} // namespace

void routeLogs(rd_kafka_conf_t *conf)
{
    rd_kafka_conf_set_log_cb(conf, &logLine);
    rd_kafka_conf_set_error_cb(conf, &clientError);
}

bool waitReachable(rd_kafka_t *rk, int timeout_ms, QString *error)
{
    const rd_kafka_metadata_t *md = nullptr;
    const rd_kafka_resp_err_t err = rd_kafka_metadata(rk, 0, nullptr, &md, timeout_ms);
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        *error = QString::fromUtf8(rd_kafka_err2str(err));
        return false;
    }
    rd_kafka_metadata_destroy(md);
    return true;
}

} // namespace herder::kafka
