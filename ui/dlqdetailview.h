#pragma once

#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QTableWidget;

namespace herder::dlq {
struct DlqRecord;
}

namespace herder::ui {

/// One dead letter in full: where it sits, its payload (pretty JSON, text or hex dump) and
/// every header it carries.
class DlqDetailView : public QWidget
{
    Q_OBJECT
public:
    explicit DlqDetailView(const QString &dlq_topic, QWidget *parent = nullptr);

    void showRecord(const dlq::DlqRecord &record);
    void clear();

private:
    QString m_dlq_topic;
    QLabel *m_summary;
    QPlainTextEdit *m_payload;
    QTableWidget *m_headers;
};

} // namespace herder::ui
