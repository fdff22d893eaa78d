#include "demohost.h"

#include "sim/demoenvironment.h"

namespace herder::ui {

DemoHost::DemoHost(QObject *parent) : QObject(parent)
{
    m_thread.setObjectName(QStringLiteral("herder-demo"));
}

DemoHost::~DemoHost()
{
    if (m_demo)
        QMetaObject::invokeMethod(m_demo, [demo = m_demo] { delete demo; },
                                  Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

bool DemoHost::start(config::EngineSettings &settings, double events_per_s, QString *error)
{
    if (m_demo) {
        *error = QStringLiteral("the demo is already running");
        return false;
    }
    m_thread.start();
    m_demo = new sim::DemoEnvironment;
    m_demo->moveToThread(&m_thread);
    // start() creates the server and the feeder; made on the demo thread, they live there.
    bool ok = false;
    QMetaObject::invokeMethod(
        m_demo, [&] { ok = m_demo->start(settings, events_per_s, error); },
        Qt::BlockingQueuedConnection);
    return ok;
}

void DemoHost::setEventRate(double events_per_s)
{
    if (m_demo)
        QMetaObject::invokeMethod(
            m_demo, [demo = m_demo, events_per_s] { demo->setEventRate(events_per_s); },
            Qt::QueuedConnection);
}

} // namespace herder::ui
