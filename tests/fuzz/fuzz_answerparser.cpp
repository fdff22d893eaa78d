// libFuzzer target: a model's answer read as a single, a combined and a batch answer (the
// built-in sentiment and intent tasks), as a chat.completion body, and split by AnswerSplitter
// for each prompt kind, the way the pipeline reads what a provider sends back.

#include "llm/answerparser.h"
#include "pipeline/answersplitter.h"

#include <cstddef>
#include <cstdint>

using herder::llm::AnswerParser;
using herder::llm::ChatCompletion;
using herder::llm::PricingTable;
using herder::llm::PromptKind;
using herder::llm::TaskSpec;
using herder::pipeline::AnswerSplitter;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    static const TaskSpec sentiment = TaskSpec::builtInSentiment();
    static const TaskSpec intent = TaskSpec::builtInIntent();
    static const QList<TaskSpec> both{sentiment, intent};
    static const PricingTable pricing = [] {
        PricingTable table;
        table.set(QStringLiteral("m"), {2.0, 10.0});
        return table;
    }();
    static const AnswerSplitter single(PromptKind::Single, {sentiment}, QStringLiteral("m"), 100,
                                       pricing);
    static const AnswerSplitter combined(PromptKind::Combined, both, QStringLiteral("m"), 100,
                                         pricing);
    static const AnswerSplitter batch(PromptKind::Batch, both, QStringLiteral("m"), 100, pricing);
    static const QString text_a = QStringLiteral("Tôi rất thích sản phẩm này");
    static const QString text_b = QStringLiteral("ship chậm quá");

    const QByteArrayView content(reinterpret_cast<const char *>(data), qsizetype(size));
    QString error;
    AnswerParser::single(content, sentiment, &error);
    AnswerParser::combined(content, both, &error);
    AnswerParser::batch(content, both, &error);
    AnswerParser::completion(content, 100, &error);

    ChatCompletion completion;
    completion.content = content.toByteArray();
    completion.usage = {qint64(size), qint64(size % 97), size % 2 == 0};
    completion.model = QStringLiteral("m");
    // Every message of the call gets its part, answered or not.
    if (single.split(completion, {text_a}, 5).size() != 1 ||
        combined.split(completion, {text_a}, 5).size() != 1 ||
        batch.split(completion, {text_a, text_b}, 5).size() != 2)
        __builtin_trap();
    return 0;
}
