#pragma once

#include "metrics/enginesnapshot.h"

#include <QAbstractTableModel>

namespace herder::ui {

/// One row per model the engine has called: requests, errors by class, tokens, cost, cost per
/// 1,000 enriched messages, p99 latency and what the provider's rate limits had left. Rows are reset only when the model set changes;
/// otherwise a tick is one dataChanged over the whole table.
class ModelTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        Model,
        Requests,
        Errors,
        InputTokens,
        OutputTokens,
        CostUsd,
        UsdPerThousand,
        P99Ms,
        RateLimitLeft,
        ColumnCount
    };
    /// The raw number behind a cell (for sorting and tests).
    static constexpr int ValueRole = Qt::UserRole;

    explicit ModelTableModel(QObject *parent = nullptr);

    void showSnapshot(const metrics::EngineSnapshot &snapshot);

    /// "rate_limited 3, server_error 2": most frequent first; "0" when there were none.
    static QString errorsText(const metrics::ModelStats &stats);
    /// A model's cost per 1,000 enriched messages (all models' rows add up to the run's figure);
    /// negative while nothing was enriched.
    static double usdPerThousand(double model_cost_usd, quint64 enriched);
    /// "4,999 · 159,976" (requests and tokens left) as the provider's latest answer said,
    /// "4,999 req" when it gives one figure only; "—" when it says nothing (DeepSeek, vLLM).
    static QString rateLimitText(const metrics::ModelStats &stats);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QVariant display(const metrics::ModelStats &m, int column) const;
    QVariant value(const metrics::ModelStats &m, int column) const;

    QList<metrics::ModelStats> m_models;
    quint64 m_enriched = 0;
};

} // namespace herder::ui
