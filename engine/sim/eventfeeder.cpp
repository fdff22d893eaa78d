#include "sim/eventfeeder.h"

#include <QDateTime>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcFeeder, "herder.sim.feeder")

namespace herder::sim {

EventFeeder::EventFeeder(const config::EngineSettings &settings, const QByteArray &topic,
                         double rate_per_s, quint64 seed, QObject *parent)
    : QObject(parent), m_generator(seed), m_topic(topic), m_rate_per_s(rate_per_s)
{
    config::EngineSettings producerSettings = settings;
    auto producer = kafka::Producer::create(producerSettings, {});
    if (auto *e = std::get_if<config::ConfigError>(&producer)) {
        qCCritical(lcFeeder, "cannot create the event producer: %s", qPrintable(e->toString()));
        return;
    }
    m_producer = std::move(std::get<std::unique_ptr<kafka::Producer>>(producer));
    m_generator.setStartTime(QDateTime::currentMSecsSinceEpoch());
    m_clock.start();
    connect(&m_timer, &QTimer::timeout, this, &EventFeeder::tick);
    m_timer.start(20);
}

EventFeeder::~EventFeeder()
{
    m_timer.stop();
    if (m_producer)
        m_producer->flush(2000);
}

void EventFeeder::tick()
{
    const qint64 now = m_clock.elapsed();
    m_due += m_rate_per_s * double(now - m_last_ms) / 1000.0;
    m_last_ms = now;
    // Never build up more than a second of backlog in the generator itself.
    m_due = qMin(m_due, qMax(1.0, m_rate_per_s));
    while (m_due >= 1.0) {
        const EventGenerator::Event e = m_generator.next();
        // Now and then a cut-off event, as real producers send: the demo's DLQ is not empty.
        const bool broken = m_malformed_every > 0 && (m_produced + 1) % m_malformed_every == 0;
        const QByteArray value = broken ? e.value.left(e.value.size() / 2) : e.value;
        if (m_producer->produce(m_topic, e.key, value, {}, nullptr) != RD_KAFKA_RESP_ERR_NO_ERROR)
            break;
        m_due -= 1.0;
        ++m_produced;
    }
}

} // namespace herder::sim
