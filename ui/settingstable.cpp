#include "settingstable.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace herder::ui {

namespace {
const QColor kBadCell(255, 205, 210);
}

SettingsTable::SettingsTable(const QString &name, const QStringList &headers, QWidget *parent)
    : QWidget(parent), m_table(new QTableWidget(0, int(headers.size()), this)),
      m_add(new QPushButton(tr("Add"), this)), m_remove(new QPushButton(tr("Remove"), this)),
      m_message(new QLabel(this)), m_checks(headers.size())
{
    setObjectName(name);
    m_table->setObjectName(name + QStringLiteral("/table"));
    m_message->setObjectName(name + QStringLiteral("/message"));
    m_table->setHorizontalHeaderLabels(headers);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_table->verticalHeader()->hide();
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_message->setStyleSheet(QStringLiteral("color: #c62828;"));
    m_message->setWordWrap(true);
    m_message->hide();

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_add);
    buttons->addWidget(m_remove);
    buttons->addStretch(1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_table);
    layout->addWidget(m_message);
    layout->addLayout(buttons);

    m_name_check = [](const QString &) { return QString(); };
    connect(m_add, &QPushButton::clicked, this, [this] {
        addRow({});
        m_table->setCurrentCell(m_table->rowCount() - 1, 0);
        m_table->editItem(m_table->item(m_table->rowCount() - 1, 0));
    });
    connect(m_remove, &QPushButton::clicked, this, [this] {
        const int row = m_table->currentRow();
        if (row < 0)
            return;
        m_table->removeRow(row);
        recheck();
        emit changed();
    });
    connect(m_table, &QTableWidget::itemChanged, this, [this] {
        if (m_filling)
            return;
        recheck();
        emit changed();
    });
    connect(m_table, &QTableWidget::currentCellChanged, this, &SettingsTable::updateButtons);
    updateButtons();
}

void SettingsTable::setColumnCheck(int column, SettingsField::Check check)
{
    m_checks[column] = std::move(check);
}

void SettingsTable::setRows(const QList<QStringList> &rows, const QSet<QString> &locked_names)
{
    m_locked = locked_names;
    m_filling = true;
    m_table->setRowCount(0);
    m_filling = false;
    for (const QStringList &cells : rows)
        addRow(cells);
    recheck();
}

void SettingsTable::addRow(const QStringList &cells)
{
    m_filling = true;
    const int row = m_table->rowCount();
    m_table->insertRow(row);
    for (int column = 0; column < m_table->columnCount(); ++column) {
        auto *item = new QTableWidgetItem(cells.value(column));
        if (column == 0 && m_locked.contains(cells.value(0))) {
            item->setFlags(item->flags() & ~Qt::ItemIsEditable);
            item->setToolTip(tr("A default of the engine: change its value, it cannot be "
                                "removed."));
        }
        m_table->setItem(row, column, item);
    }
    m_filling = false;
    recheck();
    emit changed();
}

QList<QStringList> SettingsTable::rows() const
{
    QList<QStringList> rows;
    for (int row = 0; row < m_table->rowCount(); ++row) {
        QStringList cells;
        for (int column = 0; column < m_table->columnCount(); ++column)
            cells << (m_table->item(row, column) ? m_table->item(row, column)->text().trimmed()
                                                 : QString());
        rows << cells;
    }
    return rows;
}

QString SettingsTable::message() const
{
    return m_problems.isEmpty() ? QString() : m_problems.constFirst();
}

QString SettingsTable::cellProblem(int row, int column) const
{
    const QString text =
        m_table->item(row, column) ? m_table->item(row, column)->text() : QString();
    if (column == 0) {
        if (text.trimmed().isEmpty())
            return tr("Required: give a name.");
        for (int other = 0; other < row; ++other)
            if (m_table->item(other, 0) &&
                m_table->item(other, 0)->text().trimmed() == text.trimmed())
                return tr("'%1' is listed twice.").arg(text.trimmed());
        if (const QString reason = m_name_check(text.trimmed()); !reason.isEmpty())
            return reason;
    }
    return m_checks.at(column) ? m_checks.at(column)(text) : QString();
}

void SettingsTable::recheck()
{
    m_problems.clear();
    m_filling = true;
    for (int row = 0; row < m_table->rowCount(); ++row)
        for (int column = 0; column < m_table->columnCount(); ++column) {
            QTableWidgetItem *item = m_table->item(row, column);
            if (!item)
                continue;
            const QString problem = cellProblem(row, column);
            item->setBackground(problem.isEmpty() ? QBrush() : QBrush(kBadCell));
            if (!problem.isEmpty())
                m_problems << tr("Row %1, %2: %3")
                                  .arg(row + 1)
                                  .arg(m_table->horizontalHeaderItem(column)->text(), problem);
        }
    m_filling = false;
    m_message->setText(m_problems.join(u'\n'));
    m_message->setVisible(!m_problems.isEmpty());
    updateButtons();
}

void SettingsTable::updateButtons()
{
    const int row = m_table->currentRow();
    const bool locked =
        row >= 0 && m_table->item(row, 0) && m_locked.contains(m_table->item(row, 0)->text());
    m_remove->setEnabled(row >= 0 && !locked);
    m_remove->setToolTip(locked ? tr("A default of the engine cannot be removed.") : QString());
}

} // namespace herder::ui
