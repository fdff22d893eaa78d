#pragma once

#include <QProgressBar>

namespace herder::ui {

/// LLM requests in flight against the concurrency cap, as "12 / 64".
class InflightGauge : public QProgressBar
{
    Q_OBJECT
public:
    explicit InflightGauge(QWidget *parent = nullptr);
    void showInflight(int inflight_requests, int concurrency_cap);
};

} // namespace herder::ui
