#include "engine.h"

#include "pipeline/pipeline.h"

#include <QMetaObject>

namespace herder {

Engine::Engine(config::EngineSettings settings, QObject *parent)
    : QObject(parent), m_settings(std::move(settings))
{
    qRegisterMetaType<herder::metrics::EngineSnapshot>();
    m_thread.setObjectName(QStringLiteral("herder-engine"));
}

Engine::~Engine()
{
    if (m_pipeline) {
        // Not stopped gracefully: tear down on the engine thread, where its objects live.
        QMetaObject::invokeMethod(m_pipeline, [p = m_pipeline] { delete p; },
                                  Qt::BlockingQueuedConnection);
        m_pipeline = nullptr;
    }
    m_thread.quit();
    m_thread.wait();
}

template <typename F> void Engine::post(F &&f)
{
    if (m_pipeline)
        QMetaObject::invokeMethod(m_pipeline, std::forward<F>(f), Qt::QueuedConnection);
}

void Engine::start()
{
    if (m_started)
        return;
    m_started = true;
    m_thread.start();
    m_pipeline = new pipeline::Pipeline(m_settings);
    m_pipeline->moveToThread(&m_thread);
    connect(m_pipeline, &pipeline::Pipeline::snapshotReady, this, &Engine::snapshotReady,
            Qt::QueuedConnection);
    connect(m_pipeline, &pipeline::Pipeline::stopped, this, &Engine::stopped, Qt::QueuedConnection);
    connect(m_pipeline, &pipeline::Pipeline::failed, this, &Engine::failed, Qt::QueuedConnection);
    QMetaObject::invokeMethod(m_pipeline, [this, p = m_pipeline] {
        QString error;
        const auto code = p->start(&error);
        if (code == pipeline::Pipeline::Ok)
            QMetaObject::invokeMethod(this, &Engine::started, Qt::QueuedConnection);
        else
            QMetaObject::invokeMethod(
                this, [this, code, error] { emit failed(int(code), error); },
                Qt::QueuedConnection);
    });
}

void Engine::stop()
{
    post([p = m_pipeline] { p->stop(); });
}

void Engine::setConcurrency(int concurrency)
{
    m_settings.concurrency = concurrency;
    post([p = m_pipeline, concurrency] { p->setConcurrency(concurrency); });
}

void Engine::setRate(double rate_per_s)
{
    m_settings.rate_per_s = rate_per_s;
    post([p = m_pipeline, rate_per_s] { p->setRate(rate_per_s); });
}

void Engine::setBudget(double hourly_usd, double daily_usd)
{
    m_settings.budget_hourly_usd = hourly_usd;
    m_settings.budget_daily_usd = daily_usd;
    post([p = m_pipeline, hourly_usd, daily_usd] { p->setBudget(hourly_usd, daily_usd); });
}

void Engine::setMode(config::ProcessingMode mode)
{
    m_settings.mode = mode;
    post([p = m_pipeline, mode] { p->setMode(mode); });
}

void Engine::setBatchSize(int batch_size)
{
    m_settings.batch_size = qBound(1, batch_size, 256);
    post([p = m_pipeline, batch_size] { p->setBatchSize(batch_size); });
}

void Engine::setApiKey(const QString &api_key)
{
    m_settings.api_key = api_key;
    post([p = m_pipeline, api_key] { p->setApiKey(api_key); });
}

void Engine::pause()
{
    post([p = m_pipeline] { p->pauseConsumption(); });
}

void Engine::resume()
{
    post([p = m_pipeline] { p->resumeConsumption(); });
}

} // namespace herder
