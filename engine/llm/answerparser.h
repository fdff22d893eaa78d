#pragma once

#include "llm/taskspec.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QHash>
#include <QList>
#include <QString>

#include <optional>

namespace herder::llm {

/// One task's validated answer: the label in its allowed spelling and a score in [0,1].
struct TaskAnswer
{
    QString label;
    double score = 0;
};

/// Token usage of one call; estimated when the provider did not report it.
struct Usage
{
    qint64 prompt_tokens = 0;
    qint64 completion_tokens = 0;
    bool estimated = false;
};

/// The parts of a chat.completion body the pipeline needs.
struct ChatCompletion
{
    QByteArray content; ///< choices[0].message.content, UTF-8
    Usage usage;
    QString model;      ///< the model the provider says answered (may differ from the request)
};

/// Validates model answers against the task specs. All functions are stateless and thread-safe;
/// on failure they return nullopt and set *error (when error is not null) to a short reason.
class AnswerParser
{
public:
    /// Parses the assistant content of a single-task answer. Tolerates ```json fences, surrounding
    /// whitespace and a short prose prefix before the first '{'. The label must be in task.labels
    /// (case-insensitive match, returned in the allowed spelling); the score key (task.score_key,
    /// also accept "score"/"confidence" interchangeably) must be a number in [0,1] (a string
    /// number is accepted). Errors: "not JSON", "label 'mixed' not allowed", "missing score", ...
    static std::optional<TaskAnswer> single(QByteArrayView content, const TaskSpec &task,
                                            QString *error);
    /// Combined: an object with one member per task name. All or nothing: a missing or invalid
    /// task fails the whole answer ("missing task 'intent'", "intent: missing confidence").
    static std::optional<QHash<QString, TaskAnswer>> combined(QByteArrayView content,
                                                              const QList<TaskSpec> &tasks,
                                                              QString *error);
    /// Batch: an array of objects with "id"; returns the answers per id (then per task name) that
    /// are valid; ids missing or invalid are simply absent (the caller retries them alone).
    /// *error describes a whole-answer failure (not JSON / not an array).
    static std::optional<QHash<QString, QHash<QString, TaskAnswer>>>
    batch(QByteArrayView content, const QList<TaskSpec> &tasks, QString *error);

    /// Parses an OpenAI chat.completion body: choices[0].message.content and usage. When usage is
    /// absent, estimates tokens as ceil(bytes/4) of request and content and sets estimated.
    /// nullopt + *error if the body is not a chat completion (an error body included).
    static std::optional<ChatCompletion> completion(QByteArrayView body, qsizetype request_bytes,
                                                    QString *error);
};

} // namespace herder::llm
