#pragma once

#include <QMap>
#include <QTimer>
#include <QWidget>

#include <optional>

class QComboBox;
class QLabel;
class QLineEdit;

namespace herder::ui {

/// The DLQ page's filter controls: error class and model (offered from what was loaded, with
/// counts), a search field, Refresh, and the "shown of total" count.
class DlqFilterBar : public QWidget
{
    Q_OBJECT
public:
    explicit DlqFilterBar(QWidget *parent = nullptr);

    /// Refills the combos from the loaded records, keeping the operator's choices.
    void setValues(const QMap<QString, int> &error_classes, const QMap<QString, int> &models);
    void setCounts(int shown, int total);

    /// std::nullopt for "all"; an empty string for records without one.
    std::optional<QString> errorClass() const;
    std::optional<QString> modelName() const;
    QString text() const;

signals:
    /// At once for a combo, after a pause in typing for the text.
    void filtersChanged();
    void refreshRequested();

private:
    static void refill(QComboBox *combo, const QString &all, const QMap<QString, int> &counts);
    static std::optional<QString> choice(const QComboBox *combo);

    QComboBox *m_class_combo;
    QComboBox *m_model_combo;
    QLineEdit *m_search;
    QLabel *m_count;
    QTimer m_debounce;
};

} // namespace herder::ui
