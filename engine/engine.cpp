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

void Engine::applyLimits(const config::Limits &limits)
{
    const config::Limits clamped = limits.clamped();
    clamped.applyTo(m_settings);
    post([p = m_pipeline, clamped] { p->applyLimits(clamped); });
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
