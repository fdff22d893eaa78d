#pragma once

#include <QByteArrayView>
#include <QHash>
#include <QString>
#include <QStringList>

#include <optional>

namespace herder::llm {

/// List price of one model in USD per million tokens.
struct ModelPrice
{
    double input_usd_per_mtok = 0;
    double output_usd_per_mtok = 0;
};

/// Model -> price. A value type: the pipeline keeps a copy and asks it per answer.
class PricingTable
{
public:
    /// Parses {"models": {"<model>": {"input": usd_per_mtok, "output": usd_per_mtok}, ...}}.
    /// On error returns an empty table and sets *error (when error is not null).
    static PricingTable fromJson(QByteArrayView json, QString *error);
    /// The defaults shipped in the Qt resource ":/herder/pricing.json" (read once, then copied).
    static PricingTable builtIn();

    void set(const QString &model, ModelPrice price);
    /// Exact model id first, then case-insensitively without a "vendor/" prefix.
    std::optional<ModelPrice> price(const QString &model) const;
    /// USD for one call; 0 for unknown models.
    double cost_usd(const QString &model, qint64 input_tokens, qint64 output_tokens) const;
    /// The model ids, sorted.
    QStringList models() const;
    bool isEmpty() const { return m_prices.isEmpty(); }

private:
    QHash<QString, ModelPrice> m_prices;
    QHash<QString, QString> m_folded; // normalised id -> id in m_prices
};

} // namespace herder::llm
