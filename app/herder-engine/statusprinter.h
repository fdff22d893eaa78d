#pragma once

#include "metrics/enginesnapshot.h"

#include <QObject>
#include <QTimer>

namespace herder::app {

/// One status line a second on stderr, from the latest snapshot.
class StatusPrinter : public QObject
{
    Q_OBJECT
public:
    explicit StatusPrinter(QObject *parent = nullptr);
    void update(const metrics::EngineSnapshot &snapshot) { m_latest = snapshot; }
    static QByteArray line(const metrics::EngineSnapshot &s);

private:
    QTimer m_timer{this};
    metrics::EngineSnapshot m_latest;
    bool m_have = false;
};

} // namespace herder::app
