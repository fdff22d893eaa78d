#pragma once

#include "llm/taskspec.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringView>

namespace herder::llm {

/// One record of a batch request; the id comes back in the answer.
struct BatchItem
{
    QString id;
    QString text;
};

/// The three request shapes: one task, several tasks in one call, several records in one call.
enum class PromptKind { Single, Combined, Batch };

/// Builds OpenAI chat-completions request bodies (compact JSON, UTF-8):
/// {"model":M,"messages":[{"role":"system","content":S},{"role":"user","content":U}],
///  "max_tokens":N,"temperature":T}
/// S holds the operator prompt(s) and ends with one line "Reply with JSON only: <template>";
/// the untrusted event text goes only into U. This format is a contract with herder-sim.
///
/// An instance precomputes everything but the user message (construct once per task set and
/// model, then call body() per message); the static functions are one-shot conveniences.
class PromptBuilder
{
public:
    /// Prepares single-task bodies for \a task on task.model.
    explicit PromptBuilder(const TaskSpec &task);
    /// Prepares bodies of \a kind for \a tasks on \a model (empty: the first task's model).
    /// Single uses tasks.first() only. Combined: max_tokens is the sum of the tasks', temperature
    /// the minimum. Batch: the same, with max_tokens multiplied by the record count.
    PromptBuilder(PromptKind kind, const QList<TaskSpec> &tasks, const QString &model = {});

    PromptKind kind() const { return m_kind; }
    const QString &model() const { return m_model; }
    /// The system message S (constant for this builder).
    const QString &system() const { return m_system; }
    /// max_tokens of a body; for Batch, of a body with \a records records.
    int maxTokens(qsizetype records = 1) const;
    double temperature() const { return m_temperature; }

    /// Single or Combined body with \a text as the user message (empty on a Batch builder).
    QByteArray body(QStringView text) const;
    /// Batch body; U is the compact array [{"id":"a1","text":"..."},...] (empty unless Batch).
    QByteArray body(const QList<BatchItem> &items) const;

    /// The system message of a single-task body for \a task.
    static QString systemMessage(const TaskSpec &task);
    /// The system message of a body of \a kind for \a tasks.
    static QString systemMessage(PromptKind kind, const QList<TaskSpec> &tasks);

    static QByteArray single(const TaskSpec &task, QStringView text);
    static QByteArray combined(const QList<TaskSpec> &tasks, const QString &model,
                               QStringView text);
    static QByteArray batch(const QList<TaskSpec> &tasks, const QString &model,
                            const QList<BatchItem> &items);

    /// Appends \a utf8 JSON-escaped (without the surrounding quotes) to \a out.
    static void appendJsonEscaped(QByteArray &out, QByteArrayView utf8);

private:
    PromptKind m_kind = PromptKind::Single;
    QString m_model;
    QString m_system;
    int m_max_tokens = 0; // per record for Batch
    double m_temperature = 0.0;
    QByteArray m_prefix;      // ... "content":"   (up to the user message)
    QByteArray m_suffix;      // "}],"max_tokens":N,"temperature":T}  (Single / Combined)
    QByteArray m_temperature_tail; // ,"temperature":T}  (Batch, after its computed max_tokens)
};

} // namespace herder::llm
