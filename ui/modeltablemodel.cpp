#include "modeltablemodel.h"

#include "displayformat.h"

#include <algorithm>

namespace herder::ui {

ModelTableModel::ModelTableModel(QObject *parent) : QAbstractTableModel(parent) {}

void ModelTableModel::showSnapshot(const metrics::EngineSnapshot &snapshot)
{
    bool same_rows = snapshot.models.size() == m_models.size();
    for (qsizetype i = 0; same_rows && i < m_models.size(); ++i)
        same_rows = snapshot.models[i].model == m_models[i].model;
    if (!same_rows) {
        beginResetModel();
        m_models = snapshot.models;
        m_enriched = snapshot.enriched;
        endResetModel();
        return;
    }
    m_models = snapshot.models;
    m_enriched = snapshot.enriched;
    if (!m_models.isEmpty())
        emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1),
                         {Qt::DisplayRole, Qt::ToolTipRole, ValueRole});
}

QString ModelTableModel::errorsText(const metrics::ModelStats &stats)
{
    QList<std::pair<QString, quint64>> classes;
    for (auto it = stats.errors_by_class.cbegin(); it != stats.errors_by_class.cend(); ++it)
        if (it.value() > 0)
            classes.append({it.key(), it.value()});
    if (classes.isEmpty())
        return QStringLiteral("0");
    std::stable_sort(classes.begin(), classes.end(),
                     [](const auto &a, const auto &b) { return a.second > b.second; });
    QStringList parts;
    for (const auto &[name, n] : classes)
        parts.append(name + QLatin1Char(' ') + displayformat::count(qint64(n)));
    return parts.join(QStringLiteral(", "));
}

double ModelTableModel::usdPerThousand(double model_cost_usd, quint64 enriched)
{
    return enriched == 0 ? -1 : model_cost_usd * 1000.0 / double(enriched);
}

QString ModelTableModel::rateLimitText(const metrics::ModelStats &stats)
{
    // Both figures: the header names them. One alone says which it is.
    if (stats.remaining_requests >= 0 && stats.remaining_tokens >= 0)
        return displayformat::count(stats.remaining_requests) + QStringLiteral(" · ") +
               displayformat::count(stats.remaining_tokens);
    if (stats.remaining_requests >= 0)
        return tr("%1 req").arg(displayformat::count(stats.remaining_requests));
    if (stats.remaining_tokens >= 0)
        return tr("%1 tok").arg(displayformat::count(stats.remaining_tokens));
    return QStringLiteral("—");
}

int ModelTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_models.size());
}

int ModelTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ModelTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const metrics::ModelStats &m = m_models[index.row()];
    switch (role) {
    case Qt::DisplayRole:
        return display(m, index.column());
    case ValueRole:
        return value(m, index.column());
    case Qt::TextAlignmentRole:
        return index.column() == Model || index.column() == Errors ||
                       index.column() == RateLimitLeft
                   ? QVariant(Qt::AlignLeft | Qt::AlignVCenter)
                   : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    case Qt::ToolTipRole:
        if (index.column() == Errors)
            return tr("%n failed call(s) in all", nullptr, int(m.errors));
        if ((index.column() == InputTokens || index.column() == OutputTokens) &&
            m.tokens_estimated)
            return tr("Some counts are estimated (the provider sent no usage)");
        if (index.column() == RateLimitLeft && m.rateLimitsKnown()) {
            const auto of = [](qint64 limit) {
                return limit >= 0 ? displayformat::count(limit) : QStringLiteral("?");
            };
            return tr("Left of %1 requests and %2 tokens, as the provider's latest answer said")
                .arg(of(m.limit_requests), of(m.limit_tokens));
        }
        return {};
    default:
        return {};
    }
}

QVariant ModelTableModel::display(const metrics::ModelStats &m, int column) const
{
    switch (column) {
    case Model:
        return m.model;
    case Requests:
        return displayformat::count(qint64(m.requests));
    case Errors:
        return errorsText(m);
    case InputTokens:
        return QString(displayformat::count(m.input_tokens) +
                       (m.tokens_estimated ? QStringLiteral(" ~") : QString()));
    case OutputTokens:
        return QString(displayformat::count(m.output_tokens) +
                       (m.tokens_estimated ? QStringLiteral(" ~") : QString()));
    case CostUsd:
        return displayformat::usd(m.cost_usd);
    case UsdPerThousand: {
        const double per_thousand = usdPerThousand(m.cost_usd, m_enriched);
        return per_thousand < 0 ? QStringLiteral("—") : displayformat::usd(per_thousand);
    }
    case P99Ms:
        return displayformat::milliseconds(m.latency.p99_ms);
    case RateLimitLeft:
        return rateLimitText(m);
    }
    return {};
}

QVariant ModelTableModel::value(const metrics::ModelStats &m, int column) const
{
    switch (column) {
    case Model:
        return m.model;
    case Requests:
        return m.requests;
    case Errors:
        return m.errors;
    case InputTokens:
        return m.input_tokens;
    case OutputTokens:
        return m.output_tokens;
    case CostUsd:
        return m.cost_usd;
    case UsdPerThousand:
        return usdPerThousand(m.cost_usd, m_enriched);
    case P99Ms:
        return m.latency.p99_ms;
    case RateLimitLeft:
        return m.remaining_requests;
    }
    return {};
}

QVariant ModelTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::ToolTipRole && section == RateLimitLeft)
        return tr("Requests and tokens the provider had left for the model, from its "
                  "x-ratelimit-* headers; calls wait rather than go where they would be refused");
    if (role == Qt::ToolTipRole && section == UsdPerThousand)
        return tr("This model's cost per 1,000 enriched messages; the rows add up to the run's "
                  "cost per 1,000 messages");
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Model:
        return tr("Model");
    case Requests:
        return tr("Requests");
    case Errors:
        return tr("Errors");
    case InputTokens:
        return tr("Input tokens");
    case OutputTokens:
        return tr("Output tokens");
    case CostUsd:
        return tr("Cost");
    case UsdPerThousand:
        return tr("USD / 1k msgs");
    case P99Ms:
        return tr("p99 ms");
    case RateLimitLeft:
        return tr("Left: req · tok");
    }
    return {};
}

} // namespace herder::ui
