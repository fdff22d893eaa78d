#include "dlqfilterbar.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>

namespace herder::ui {

namespace {
// Typing "timeout" re-filters 100,000 rows once, not seven times.
constexpr int kDebounce_ms = 250;
} // namespace

DlqFilterBar::DlqFilterBar(QWidget *parent)
    : QWidget(parent), m_class_combo(new QComboBox(this)), m_model_combo(new QComboBox(this)),
      m_search(new QLineEdit(this)), m_count(new QLabel(this))
{
    m_class_combo->setObjectName(QStringLiteral("dlqClassFilter"));
    m_class_combo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_model_combo->setObjectName(QStringLiteral("dlqModelFilter"));
    m_model_combo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    setValues({}, {});
    m_search->setObjectName(QStringLiteral("dlqSearch"));
    m_search->setPlaceholderText(tr("Search text and errors…"));
    m_search->setClearButtonEnabled(true);
    auto *refresh = new QPushButton(tr("Refresh"), this);
    refresh->setObjectName(QStringLiteral("dlqRefresh"));
    m_count->setObjectName(QStringLiteral("dlqCount"));

    auto *row = new QHBoxLayout(this);
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(new QLabel(tr("Class:"), this));
    row->addWidget(m_class_combo);
    row->addWidget(new QLabel(tr("Model:"), this));
    row->addWidget(m_model_combo);
    row->addWidget(m_search, 1);
    row->addWidget(refresh);
    row->addWidget(m_count);

    m_debounce.setSingleShot(true);
    m_debounce.setInterval(kDebounce_ms);
    connect(&m_debounce, &QTimer::timeout, this, &DlqFilterBar::filtersChanged);
    connect(m_search, &QLineEdit::textChanged, &m_debounce, qOverload<>(&QTimer::start));
    connect(m_class_combo, &QComboBox::currentIndexChanged, this, &DlqFilterBar::filtersChanged);
    connect(m_model_combo, &QComboBox::currentIndexChanged, this, &DlqFilterBar::filtersChanged);
    connect(refresh, &QPushButton::clicked, this, &DlqFilterBar::refreshRequested);
}

void DlqFilterBar::setValues(const QMap<QString, int> &error_classes,
                             const QMap<QString, int> &models)
{
    refill(m_class_combo, tr("All classes"), error_classes);
    refill(m_model_combo, tr("All models"), models);
}

void DlqFilterBar::setCounts(int shown, int total)
{
    const QLocale locale;
    m_count->setText(tr("%1 of %2 shown").arg(locale.toString(shown), locale.toString(total)));
}

std::optional<QString> DlqFilterBar::errorClass() const
{
    return choice(m_class_combo);
}

std::optional<QString> DlqFilterBar::modelName() const
{
    return choice(m_model_combo);
}

QString DlqFilterBar::text() const
{
    return m_search->text().trimmed();
}

std::optional<QString> DlqFilterBar::choice(const QComboBox *combo)
{
    if (combo->currentIndex() <= 0)
        return std::nullopt;
    return combo->currentData().toString();
}

void DlqFilterBar::refill(QComboBox *combo, const QString &all, const QMap<QString, int> &counts)
{
    const std::optional<QString> current = choice(combo);
    const QSignalBlocker block(combo); // the filter itself does not change
    combo->clear();
    combo->addItem(all);
    const QLocale locale;
    const auto label = [&](const QString &value, int count) {
        return tr("%1 (%2)").arg(value.isEmpty() ? tr("(none)") : value, locale.toString(count));
    };
    for (auto it = counts.cbegin(); it != counts.cend(); ++it)
        combo->addItem(label(it.key(), it.value()), it.key());
    if (!current)
        return;
    int index = -1;
    for (int i = 1; i < combo->count() && index < 0; ++i)
        if (combo->itemData(i).toString() == *current)
            index = i;
    if (index < 0) {
        // Keep the operator's filter across a refresh, even while no record matches yet.
        combo->addItem(label(*current, 0), *current);
        index = combo->count() - 1;
    }
    combo->setCurrentIndex(index);
}

} // namespace herder::ui
