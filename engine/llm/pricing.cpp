#include "llm/pricing.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

#include <cmath>

namespace herder::llm {

using namespace Qt::StringLiterals;

namespace {

// "openai/GPT-4o-mini" and "gpt-4o-mini" name the same price.
QString fold(const QString &model)
{
    const qsizetype slash = model.lastIndexOf(u'/');
    return (slash >= 0 ? model.sliced(slash + 1) : model).trimmed().toLower();
}

bool validPrice(const QJsonValue &value)
{
    return value.isDouble() && std::isfinite(value.toDouble()) && value.toDouble() >= 0;
}

} // namespace

PricingTable PricingTable::fromJson(QByteArrayView json, QString *error)
{
    const auto fail = [error](const QString &reason) {
        if (error)
            *error = reason;
        return PricingTable();
    };
    QJsonParseError parse_error;
    const QJsonDocument doc =
        QJsonDocument::fromJson(QByteArray::fromRawData(json.data(), json.size()), &parse_error);
    if (parse_error.error != QJsonParseError::NoError)
        return fail(u"not JSON: "_s + parse_error.errorString() + u" at offset "_s
                    + QString::number(parse_error.offset));
    if (!doc.isObject())
        return fail(u"not a JSON object"_s);
    const QJsonValue models = doc.object().value(u"models");
    if (!models.isObject())
        return fail(u"missing \"models\" object"_s);

    PricingTable table;
    const QJsonObject entries = models.toObject();
    for (auto it = entries.constBegin(); it != entries.constEnd(); ++it) {
        const QJsonObject entry = it.value().toObject();
        const QJsonValue input = entry.value(u"input");
        const QJsonValue output = entry.value(u"output");
        if (!validPrice(input) || !validPrice(output))
            return fail(u"model '"_s + it.key()
                        + u"': \"input\" and \"output\" must be non-negative numbers"_s);
        table.set(it.key(), ModelPrice{input.toDouble(), output.toDouble()});
    }
    if (error)
        error->clear();
    return table;
}

PricingTable PricingTable::builtIn()
{
    // Read and parsed once per process; callers get a copy (implicitly shared hashes).
    static const PricingTable table = [] {
        // No Q_INIT_RESOURCE needed: qt_add_resources on the static herder_resources links its
        // initializer object into every executable that links herder_engine (checked by
        // tst_pricing).
        QFile file(u":/herder/pricing.json"_s);
        if (!file.open(QIODevice::ReadOnly)) {
            qWarning("herder: built-in pricing table :/herder/pricing.json not found");
            return PricingTable();
        }
        QString error;
        PricingTable parsed = fromJson(file.readAll(), &error);
        if (!error.isEmpty())
            qWarning("herder: built-in pricing table: %s", qPrintable(error));
        return parsed;
    }();
    return table;
}

void PricingTable::set(const QString &model, ModelPrice price)
{
    m_prices.insert(model, price);
    m_folded.insert(fold(model), model);
}

std::optional<ModelPrice> PricingTable::price(const QString &model) const
{
    auto it = m_prices.constFind(model);
    if (it != m_prices.constEnd())
        return *it;
    const auto folded = m_folded.constFind(fold(model));
    if (folded == m_folded.constEnd())
        return std::nullopt;
    it = m_prices.constFind(*folded);
    if (it == m_prices.constEnd())
        return std::nullopt;
    return *it;
}

double PricingTable::cost_usd(const QString &model, qint64 input_tokens,
                              qint64 output_tokens) const
{
    const std::optional<ModelPrice> p = price(model);
    if (!p)
        return 0.0;
    // Multiply first, divide last: 1e6 tokens at 0.42 gives exactly 0.42.
    return double(input_tokens) * p->input_usd_per_mtok / 1e6
           + double(output_tokens) * p->output_usd_per_mtok / 1e6;
}

QStringList PricingTable::models() const
{
    QStringList out = m_prices.keys();
    out.sort();
    return out;
}

} // namespace herder::llm
