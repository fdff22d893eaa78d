#pragma once

#include "metrics/enginesnapshot.h"

#include <QProgressDialog>

namespace herder::ui {

/// Shown while the engine stops before the console quits: how many messages are still in
/// flight, counting down as they finish. Cancel quits without waiting (the unfinished
/// messages stay uncommitted and are redelivered on the next start).
class DrainDialog : public QProgressDialog
{
    Q_OBJECT
public:
    explicit DrainDialog(QWidget *parent = nullptr);
    void showSnapshot(const metrics::EngineSnapshot &snapshot);

private:
    int m_initial_inflight = -1;
};

} // namespace herder::ui
