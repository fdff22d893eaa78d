#pragma once

#include "settingsfield.h"

#include <QList>
#include <QSet>
#include <QStringList>
#include <QWidget>

class QLabel;
class QPushButton;
class QTableWidget;

namespace herder::ui {

/// An editable table of named rows (librdkafka properties, model prices) in the settings
/// dialog. Every cell is checked as the user types; a bad cell turns red and the message under
/// the table names the row and what is allowed. Column 0 is the row's name and must be unique.
/// Locked rows (defaults the engine always has) can be edited but not renamed or removed.
class SettingsTable : public QWidget
{
    Q_OBJECT
public:
    SettingsTable(const QString &name, const QStringList &headers, QWidget *parent = nullptr);

    void setColumnCheck(int column, SettingsField::Check check);
    /// What column 0 (the row's name) must satisfy besides being non-empty and unique.
    void setNameCheck(SettingsField::Check check) { m_name_check = std::move(check); }
    void setRows(const QList<QStringList> &rows, const QSet<QString> &locked_names = {});
    QList<QStringList> rows() const;
    bool isValid() const { return m_problems.isEmpty(); }
    QString message() const;
    QTableWidget *table() const { return m_table; }
    void addRow(const QStringList &cells);

signals:
    void changed();

private:
    void recheck();
    void updateButtons();
    QString cellProblem(int row, int column) const;

    QTableWidget *m_table;
    QPushButton *m_add;
    QPushButton *m_remove;
    QLabel *m_message;
    QList<SettingsField::Check> m_checks;
    SettingsField::Check m_name_check;
    QSet<QString> m_locked;
    QStringList m_problems;
    bool m_filling = false;
};

} // namespace herder::ui
