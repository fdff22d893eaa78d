#pragma once

#include "config/enginesettings.h"
#include "kafka/producer.h"
#include "sim/eventgenerator.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <memory>

namespace herder::sim {

/// Produces generated customer events into a topic at an adjustable rate (demo and tests).
class EventFeeder : public QObject
{
    Q_OBJECT
public:
    EventFeeder(const config::EngineSettings &settings, const QByteArray &topic,
                double rate_per_s, quint64 seed = 1, QObject *parent = nullptr);
    ~EventFeeder() override;

    bool isValid() const { return bool(m_producer); }
    void setRate(double rate_per_s) { m_rate_per_s = qMax(0.0, rate_per_s); }
    /// Every n-th event is cut in half (not JSON any more); 0 turns this off.
    void setMalformedEvery(int n) { m_malformed_every = qMax(0, n); }
    double rate() const { return m_rate_per_s; }
    quint64 produced() const { return m_produced; }

private:
    void tick();

    std::unique_ptr<kafka::Producer> m_producer;
    EventGenerator m_generator;
    QByteArray m_topic;
    double m_rate_per_s;
    double m_due = 0;
    quint64 m_produced = 0;
    int m_malformed_every = 0;
    QElapsedTimer m_clock;
    qint64 m_last_ms = 0;
    QTimer m_timer{this};
};

} // namespace herder::sim
