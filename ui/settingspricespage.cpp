#include "settingspricespage.h"

#include "settingschecks.h"
#include "settingstable.h"

#include <QLocale>
#include <QLabel>
#include <QSet>
#include <QVBoxLayout>

namespace herder::ui {

namespace {
QString number(double value)
{
    return QString::number(value, 'g', QLocale::FloatingPointShortest);
}
} // namespace

SettingsPricesPage::SettingsPricesPage(QWidget *parent)
    : SettingsPage(parent),
      m_table(new SettingsTable(QStringLiteral("pricing"),
                                {tr("Model"), tr("Input (USD per million tokens)"),
                                 tr("Output (USD per million tokens)")},
                                this))
{
    m_table->setNameCheck([](const QString &model) {
        // '/' would make a subsection of [pricing]; a price matches any "vendor/" prefix anyway.
        if (model.contains(u'/') || model.contains(u'\\') || model.contains(u',') ||
            model.contains(u' '))
            return tr("'%1' is not allowed: give the model id without a vendor/ prefix, spaces "
                      "or commas.")
                .arg(model);
        return QString();
    });
    m_table->setColumnCheck(1, SettingsChecks::number(0, 10000));
    m_table->setColumnCheck(2, SettingsChecks::number(0, 10000));
    connect(m_table, &SettingsTable::changed, this, &SettingsPage::changed);

    auto *note = new QLabel(tr("Costs on the dashboard and the budget caps use these prices. A "
                               "model missing here costs 0."),
                            this);
    note->setWordWrap(true);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(note);
    layout->addWidget(m_table);
}

void SettingsPricesPage::load(const config::EngineSettings &settings)
{
    QList<QStringList> rows;
    for (const QString &model : settings.pricing.models()) {
        const llm::ModelPrice price = *settings.pricing.price(model);
        rows << QStringList{model, number(price.input_usd_per_mtok),
                            number(price.output_usd_per_mtok)};
    }
    const QStringList shipped = llm::PricingTable::builtIn().models();
    m_table->setRows(rows, QSet<QString>(shipped.begin(), shipped.end()));
}

void SettingsPricesPage::store(config::EngineSettings &settings) const
{
    llm::PricingTable pricing = llm::PricingTable::builtIn();
    for (const QStringList &row : m_table->rows())
        pricing.set(row.at(0), llm::ModelPrice{row.at(1).toDouble(), row.at(2).toDouble()});
    settings.pricing = pricing;
}

bool SettingsPricesPage::isValid() const
{
    return m_table->isValid();
}

bool SettingsPricesPage::showError(const config::ConfigError &)
{
    // SettingsLoader::validate has no cross-field rule on prices; the dialog shows anything else.
    return false;
}

} // namespace herder::ui
