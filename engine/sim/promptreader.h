#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>
#include <QStringView>

namespace herder::sim {

// Reads an OpenAI chat-completions request built by the engine and produces the answer a
// well-behaved model would give. The contract: the system message ends with a line
//   Reply with JSON only: <template>
// where the template is one of
//   {"label": "<one of: a|b|c>", "score": <number 0..1>}                  single task
//   {"t1": {"label": "<one of: ...>", "score": ...}, "t2": {...}}          combined tasks
//   [{"id": "<id>", ...either of the above fields...}]                     batch
// and the user message is the event text, or for a batch a JSON array [{"id","text"}, ...].
class PromptReader
{
public:
    struct Task
    {
        QString name; // empty for a single task
        QStringList labels;
        QString scoreKey; // "score" or "confidence"

        bool operator==(const Task &) const = default;
    };

    struct Template
    {
        QList<Task> tasks;
        bool batch = false;
        bool found = false; // false: no "Reply with JSON only:" line; a sentiment task is assumed
    };

    struct Item
    {
        QJsonValue id; // echoed back as received; Undefined outside a batch
        QString text;
    };

    explicit PromptReader(const QJsonObject &requestBody);

    // False when the body is not a chat-completions request (no messages array).
    bool isValid() const { return m_valid; }
    QString errorString() const { return m_error; }

    QString model() const { return m_model; }
    const Template &promptTemplate() const { return m_template; }
    const QList<Item> &items() const { return m_items; }
    int messageCount() const { return m_messageCount; }
    // ceil(UTF-8 bytes of all message contents / 4) + 4 per message.
    qint64 promptTokens() const;
    // The request's "max_tokens", else its "max_completion_tokens"; 0 when neither is a
    // non-negative number.
    qint64 maxTokens() const { return m_maxTokens; }
    // What a tokens-per-minute limit charges the request on admission, as OpenAI estimates it
    // before generating: promptTokens() + maxTokens().
    qint64 estimatedTokens() const { return promptTokens() + m_maxTokens; }

    // The oracle's answer in the shape the template asks for. With `badLabels` every label is
    // replaced by one outside its label set (the "bad label" fault); so are those of items
    // whose text contains a non-empty `poison` (SimConfig::poison_marker).
    QJsonValue answer(bool badLabels = false, QStringView poison = {}) const;

    // Parses the last "Reply with JSON only:" line of a system prompt. Results are cached per
    // thread because the engine sends the same system prompt with every request.
    static Template parseTemplate(const QString &systemText);

    // Sentiment oracle when the label set is exactly {positive, negative, neutral}, otherwise
    // the intent oracle over the labels. Returns {label, score}.
    static std::pair<QString, double> chooseLabel(QStringView text, const QStringList &labels);

    static qint64 utf8Length(QStringView text);

private:
    QJsonObject answerFor(const Item &item, bool badLabels, QStringView poison) const;

    bool m_valid = false;
    QString m_error;
    QString m_model;
    Template m_template;
    QList<Item> m_items;
    int m_messageCount = 0;
    qint64 m_contentBytes = 0;
    qint64 m_maxTokens = 0;
};

} // namespace herder::sim
