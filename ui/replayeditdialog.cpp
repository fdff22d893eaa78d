#include "replayeditdialog.h"

#include "dlq/dlqrecord.h"
#include "dlqpayloadformat.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace herder::ui {

namespace {

std::optional<QByteArray> parseHex(const QString &text)
{
    QByteArray digits;
    digits.reserve(text.size());
    for (const QChar c : text) {
        if (c.isSpace())
            continue;
        const char16_t u = c.unicode();
        const bool hex =
            (u >= u'0' && u <= u'9') || (u >= u'a' && u <= u'f') || (u >= u'A' && u <= u'F');
        if (!hex)
            return std::nullopt;
        digits += char(u);
    }
    if (digits.size() % 2)
        return std::nullopt;
    return QByteArray::fromHex(digits);
}

QString spacedHex(const QByteArray &bytes)
{
    // 32 bytes a line keeps a long value editable.
    QString out;
    for (qsizetype i = 0; i < bytes.size(); i += 32)
        out += QString::fromLatin1(bytes.mid(i, 32).toHex(' ')) + QLatin1Char('\n');
    return out;
}

} // namespace

ReplayEditDialog::ReplayEditDialog(const dlq::DlqRecord &record, const QString &target_topic,
                                   QWidget *parent)
    : QDialog(parent), m_mode(new QComboBox(this)), m_editor(new QPlainTextEdit(this)),
      m_check(new QLabel(this)),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setObjectName(QStringLiteral("replayEditDialog"));
    setWindowTitle(tr("Edit and replay"));
    m_mode->addItem(tr("Text (UTF-8)"));
    m_mode->addItem(tr("Hex"));
    m_editor->setObjectName(QStringLiteral("replayEditor"));
    m_editor->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_check->setObjectName(QStringLiteral("replayEditCheck"));
    m_check->setWordWrap(true);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Replay…"));

    auto *form = new QFormLayout;
    auto *where =
        new QLabel(tr("%1 / partition %2 / offset %3 → %4")
                       .arg(record.origin.isEmpty() ? tr("(unknown origin)") : record.origin)
                       .arg(record.partition)
                       .arg(record.offset)
                       .arg(target_topic),
                   this);
    form->addRow(tr("Dead letter:"), where);
    form->addRow(tr("Edit as:"), m_mode);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_editor, 1);
    layout->addWidget(m_check);
    layout->addWidget(m_buttons);
    resize(720, 480);

    const bool text = DlqPayloadFormat::isUtf8(record.value);
    m_current_mode = text ? TextMode : HexMode;
    m_mode->setCurrentIndex(m_current_mode);
    setValue(record.value);

    connect(m_mode, &QComboBox::currentIndexChanged, this, &ReplayEditDialog::onModeChanged);
    connect(m_editor, &QPlainTextEdit::textChanged, this, &ReplayEditDialog::check);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    check();
}

std::optional<QByteArray> ReplayEditDialog::editedValue() const
{
    const QString text = m_editor->toPlainText();
    if (m_current_mode == HexMode)
        return parseHex(text);
    return text.toUtf8();
}

void ReplayEditDialog::setValue(const QByteArray &value)
{
    // The raw text, not the pretty-printed form: an untouched payload replays byte-identical.
    m_editor->setPlainText(m_current_mode == HexMode ? spacedHex(value) : QString::fromUtf8(value));
}

void ReplayEditDialog::onModeChanged(int mode)
{
    const std::optional<QByteArray> bytes = editedValue();
    if (!bytes || (mode == TextMode && !DlqPayloadFormat::isUtf8(*bytes))) {
        // Switching would lose bytes; stay where the operator is and say why.
        const QSignalBlocker block(m_mode);
        m_mode->setCurrentIndex(m_current_mode);
        m_check->setText(bytes ? tr("These bytes are not UTF-8: they can only be edited as hex.")
                               : tr("Fix the hex first."));
        return;
    }
    m_current_mode = mode;
    setValue(*bytes);
}

void ReplayEditDialog::check()
{
    const std::optional<QByteArray> bytes = editedValue();
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(bytes.has_value());
    if (!bytes) {
        m_check->setText(tr("Not valid hex: two hex digits per byte, spaces allowed."));
        return;
    }
    const QString size = QLocale().toString(bytes->size());
    if (DlqPayloadFormat::isUtf8(*bytes) && DlqPayloadFormat::isJson(*bytes))
        m_check->setText(tr("Valid JSON, %1 bytes.").arg(size));
    else
        m_check->setText(tr("%1 bytes, not a JSON document: the engine will dead-letter it "
                            "again as invalid_payload.")
                             .arg(size));
}

} // namespace herder::ui
