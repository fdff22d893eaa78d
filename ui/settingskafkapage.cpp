#include "settingskafkapage.h"

#include "config/settingsschema.h"
#include "settingschecks.h"
#include "settingstable.h"

#include <QComboBox>
#include <QFormLayout>
#include <QLineEdit>
#include <QTabWidget>
#include <QVBoxLayout>

namespace herder::ui {

using config::EngineSettings;
using config::KafkaProperties;

namespace {

// Properties with their own field on this tab, or Herder's own keys in [kafka].
const QStringList kDedicated{
    QStringLiteral("bootstrap.servers"), QStringLiteral("security.protocol"),
    QStringLiteral("sasl.mechanism"),    QStringLiteral("sasl.mechanisms"),
    QStringLiteral("sasl.username"),     QStringLiteral("sasl.password"),
    QStringLiteral("ssl.ca.location")};

void setOrRemove(KafkaProperties &props, const QByteArray &name, const QString &value)
{
    props.removeIf([&name](const auto &p) { return p.first == name; });
    if (!value.isEmpty())
        props.append({name, value.toUtf8()});
}

QList<QStringList> rowsOf(const KafkaProperties &props, const QStringList &skip = {})
{
    QList<QStringList> rows;
    for (const auto &[name, value] : props)
        if (!skip.contains(QString::fromUtf8(name)))
            rows << QStringList{QString::fromUtf8(name), QString::fromUtf8(value)};
    return rows;
}

KafkaProperties propertiesOf(const QList<QStringList> &rows)
{
    KafkaProperties props;
    for (const QStringList &row : rows)
        props.append({row.at(0).toUtf8(), row.at(1).toUtf8()});
    return props;
}

QSet<QString> namesOf(const KafkaProperties &props)
{
    QSet<QString> names;
    for (const auto &property : props)
        names.insert(QString::fromUtf8(property.first));
    return names;
}

} // namespace

SettingsKafkaPage::SettingsKafkaPage(QWidget *parent)
    : SettingsFormPage({QStringLiteral("kafka"), QStringLiteral("kafka.consumer"),
                        QStringLiteral("kafka.producer")},
                       parent),
      m_protocol(new QComboBox(this)), m_mechanism(new QComboBox(this))
{
    QFormLayout *brokers = addSection(tr("Cluster"));
    addField(
        brokers, tr("Bootstrap servers:"), QStringLiteral("kafka/bootstrap.servers"),
        SettingsChecks::nonEmpty(),
        [](const EngineSettings &s) { return QString::fromUtf8(s.bootstrapServers()); },
        [](EngineSettings &s, const QString &v) {
            setOrRemove(s.kafka_common, "bootstrap.servers", v);
        },
        tr("host:port, separated by commas"));
    addSetting(brokers, tr("Consumer group:"), config::settingAt("kafka", "group"));
    addSetting(brokers, tr("Connect timeout (s):"), config::settingAt("kafka", "connect_timeout_s"), tr("How long to wait for the brokers at start"));

    QFormLayout *security = addSection(tr("Security"));
    m_protocol->setObjectName(QStringLiteral("kafka/security.protocol"));
    m_protocol->addItem(tr("Not set (plaintext)"), QString());
    for (const char *p : {"plaintext", "ssl", "sasl_plaintext", "sasl_ssl"})
        m_protocol->addItem(QString::fromLatin1(p), QString::fromLatin1(p));
    security->addRow(tr("Security protocol:"), m_protocol);
    m_mechanism->setObjectName(QStringLiteral("kafka/sasl.mechanism"));
    m_mechanism->setEditable(true);
    for (const char *m : {"", "PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512", "OAUTHBEARER", "GSSAPI"})
        m_mechanism->addItem(QString::fromLatin1(m));
    security->addRow(tr("SASL mechanism:"), m_mechanism);
    // PLAIN and SCRAM cannot log in without both; other mechanisms bring their own credentials.
    const auto credential = [this](const QString &text) {
        const QString mechanism = m_mechanism->currentText().trimmed().toUpper();
        const bool needed = usesSasl() && (mechanism == u"PLAIN" || mechanism.startsWith(u"SCRAM"));
        if (needed && text.trimmed().isEmpty())
            return tr("Required for SASL %1.").arg(mechanism);
        return QString();
    };
    m_username = addField(
        security, tr("SASL user name:"), QStringLiteral("kafka/sasl.username"), credential,
        [](const EngineSettings &s) {
            return QString::fromUtf8(EngineSettings::property(s.kafka_common, "sasl.username"));
        },
        [this](EngineSettings &s, const QString &v) {
            setOrRemove(s.kafka_common, "sasl.username", usesSasl() ? v : QString());
        });
    m_password = addField(
        security, tr("SASL password:"), QStringLiteral("kafka/sasl.password"), credential,
        [](const EngineSettings &s) {
            return QString::fromUtf8(EngineSettings::property(s.kafka_common, "sasl.password"));
        },
        [this](EngineSettings &s, const QString &v) {
            setOrRemove(s.kafka_common, "sasl.password", usesSasl() ? v : QString());
        },
        tr("Stored in the INI file, as librdkafka reads it"));
    m_password->editor()->setEchoMode(QLineEdit::Password);
    m_ca_location = addField(
        security, tr("CA certificates (file):"), QStringLiteral("kafka/ssl.ca.location"), {},
        [](const EngineSettings &s) {
            return QString::fromUtf8(EngineSettings::property(s.kafka_common, "ssl.ca.location"));
        },
        [this](EngineSettings &s, const QString &v) {
            setOrRemove(s.kafka_common, "ssl.ca.location", usesSsl() ? v : QString());
        },
        tr("Empty: the system's certificates"));
    connect(m_protocol, &QComboBox::currentIndexChanged, this, &SettingsKafkaPage::updateSecurity);
    connect(m_mechanism, &QComboBox::currentTextChanged, this, &SettingsKafkaPage::updateSecurity);

    const QStringList headers{tr("Property"), tr("Value")};
    m_common = new SettingsTable(QStringLiteral("kafka/properties"), headers, this);
    m_consumer = new SettingsTable(QStringLiteral("kafka.consumer/properties"), headers, this);
    m_producer = new SettingsTable(QStringLiteral("kafka.producer/properties"), headers, this);
    for (SettingsTable *table : {m_common, m_consumer, m_producer}) {
        const bool common = table == m_common;
        table->setNameCheck([common](const QString &name) {
            if (!SettingsChecks::isName(name))
                return tr("'%1' is not a librdkafka property name.").arg(name);
            if (name == u"group.id")
                return tr("Set the group in the Consumer group field.");
            if (common &&
                (kDedicated.contains(name) || name == u"group" || name == u"connect_timeout_s"))
                return tr("'%1' has its own field above.").arg(name);
            return QString();
        });
        table->setColumnCheck(1, SettingsChecks::nonEmpty());
        connect(table, &SettingsTable::changed, this, &SettingsPage::changed);
    }
    auto *tables = new QTabWidget(this);
    tables->addTab(m_common, tr("All clients [kafka]"));
    tables->addTab(m_consumer, tr("Consumer [kafka.consumer]"));
    tables->addTab(m_producer, tr("Producer [kafka.producer]"));
    QFormLayout *other = addSection(tr("Other librdkafka properties (passed on verbatim)"));
    other->addRow(tables);
    updateSecurity();
}

SettingsTable *SettingsKafkaPage::propertyTable(const QString &section) const
{
    return section == u"kafka.consumer"   ? m_consumer
           : section == u"kafka.producer" ? m_producer
                                          : m_common;
}

QString SettingsKafkaPage::protocol() const
{
    return m_protocol->currentData().toString();
}

bool SettingsKafkaPage::usesSasl() const
{
    return protocol().startsWith(u"sasl_");
}

bool SettingsKafkaPage::usesSsl() const
{
    return protocol() == u"ssl" || protocol() == u"sasl_ssl";
}

void SettingsKafkaPage::updateSecurity()
{
    m_mechanism->setEnabled(usesSasl());
    m_username->setEnabled(usesSasl());
    m_password->setEnabled(usesSasl());
    m_ca_location->setEnabled(usesSsl());
    m_username->recheck();
    m_password->recheck();
    emit changed();
}

void SettingsKafkaPage::load(const EngineSettings &settings)
{
    SettingsFormPage::load(settings);
    const KafkaProperties &common = settings.kafka_common;
    const QString protocol_value =
        QString::fromUtf8(EngineSettings::property(common, "security.protocol")).toLower();
    if (m_protocol->findData(protocol_value) < 0)
        m_protocol->addItem(protocol_value, protocol_value);
    m_protocol->setCurrentIndex(m_protocol->findData(protocol_value));
    m_mechanism_key = EngineSettings::property(common, "sasl.mechanisms").isEmpty()
                          ? QByteArray("sasl.mechanism")
                          : QByteArray("sasl.mechanisms");
    m_mechanism->setCurrentText(
        QString::fromUtf8(EngineSettings::property(common, m_mechanism_key)));

    const EngineSettings defaults;
    m_common->setRows(rowsOf(common, kDedicated));
    m_consumer->setRows(rowsOf(settings.kafka_consumer), namesOf(defaults.kafka_consumer));
    m_producer->setRows(rowsOf(settings.kafka_producer), namesOf(defaults.kafka_producer));
    updateSecurity();
}

void SettingsKafkaPage::store(EngineSettings &settings) const
{
    settings.kafka_common.clear();
    SettingsFormPage::store(settings);
    setOrRemove(settings.kafka_common, "security.protocol", protocol());
    setOrRemove(settings.kafka_common, m_mechanism_key,
                usesSasl() ? m_mechanism->currentText().trimmed() : QString());
    settings.kafka_common.append(propertiesOf(m_common->rows()));
    settings.kafka_consumer = propertiesOf(m_consumer->rows());
    settings.kafka_producer = propertiesOf(m_producer->rows());
}

bool SettingsKafkaPage::isValid() const
{
    return SettingsFormPage::isValid() && m_common->isValid() && m_consumer->isValid() &&
           m_producer->isValid();
}

} // namespace herder::ui
