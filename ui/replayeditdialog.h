#pragma once

#include <QDialog>

#include <optional>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QPlainTextEdit;

namespace herder::dlq {
struct DlqRecord;
}

namespace herder::ui {

/// Lets the operator fix one dead letter's payload before it is replayed: edited as UTF-8 text,
/// or as hex for bytes that are not UTF-8 (text editing would mangle them). Says whether the
/// result is JSON, since the engine dead-letters anything else again.
class ReplayEditDialog : public QDialog
{
    Q_OBJECT
public:
    ReplayEditDialog(const dlq::DlqRecord &record, const QString &target_topic,
                     QWidget *parent = nullptr);

    /// The edited bytes; std::nullopt while the hex text does not parse.
    std::optional<QByteArray> editedValue() const;
    /// Puts bytes in the editor in the current mode (also what tests use to type).
    void setValue(const QByteArray &value);

private:
    enum Mode { TextMode = 0, HexMode = 1 };
    void onModeChanged(int mode);
    void check();

    QComboBox *m_mode;
    QPlainTextEdit *m_editor;
    QLabel *m_check;
    QDialogButtonBox *m_buttons;
    int m_current_mode = TextMode;
};

} // namespace herder::ui
