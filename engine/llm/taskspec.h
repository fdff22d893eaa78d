#pragma once

#include <QString>
#include <QStringList>

namespace herder::llm {

/// One enrichment task: what to ask which model, and what answers are acceptable.
/// A plain value type; the pipeline copies it freely.
struct TaskSpec
{
    QString name;           ///< "sentiment", "intent", or an operator's own name
    QString model;          ///< model id sent in the request body
    QString prompt;         ///< operator instructions (system message body)
    QStringList labels;     ///< allowed labels, in their canonical spelling
    QString score_key;      ///< "score" (sentiment) or "confidence" (intent)
    int max_tokens = 60;
    double temperature = 0.0;
    int prompt_version = 1; ///< bumps when prompt/labels change (cache keys later)
    QString fallback_model; ///< used when the provider says `model` does not exist; empty: none

    /// Sentiment of a Vietnamese or English text: positive|negative|neutral with a "score".
    static TaskSpec builtInSentiment();
    /// Intent of a Vietnamese or English text: mua_hang|ho_tro|phan_hoi|khac with a "confidence".
    static TaskSpec builtInIntent();
};

} // namespace herder::llm
