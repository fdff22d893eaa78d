#include "llm/answerparser.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>

#include <algorithm>
#include <cmath>

namespace herder::llm {

using namespace Qt::StringLiterals;

namespace {

void fail(QString *error, const QString &reason)
{
    if (error)
        *error = reason;
}

// Quoting model output in an error: keep it short and on one line.
QString excerpt(const QString &text)
{
    QString out = text.left(40);
    for (QChar &c : out) {
        if (c.unicode() < 0x20)
            c = u' ';
    }
    return text.size() > 40 ? out + u"..."_s : out;
}

// Parses the JSON value that starts at the first `open` and ends at the last `close`. That one
// slice drops whitespace, ```json fences, a prose prefix and trailing chatter alike.
QJsonDocument parseSlice(QByteArrayView content, char open, char close)
{
    // A reasoning model may think aloud first: only what follows the last </think> is the answer.
    const qsizetype think = content.lastIndexOf(QByteArrayView("</think>"));
    if (think >= 0)
        content = content.sliced(think + 8);
    const qsizetype begin = content.indexOf(open);
    const qsizetype end = content.lastIndexOf(close);
    if (begin < 0 || end < begin)
        return {};
    const QByteArrayView slice = content.sliced(begin, end - begin + 1);
    // fromRawData: no copy; the document does not keep a reference to the input.
    return QJsonDocument::fromJson(QByteArray::fromRawData(slice.data(), slice.size()));
}

// obj[key], falling back to a case-insensitive key match (models capitalise freely).
QJsonValue member(const QJsonObject &obj, const QString &key)
{
    const auto it = obj.constFind(key);
    if (it != obj.constEnd())
        return it.value();
    for (auto i = obj.constBegin(); i != obj.constEnd(); ++i) {
        if (i.key().compare(key, Qt::CaseInsensitive) == 0)
            return i.value();
    }
    return QJsonValue(QJsonValue::Undefined);
}

std::optional<TaskAnswer> validate(const QJsonObject &obj, const TaskSpec &task, QString *error)
{
    const QJsonValue label = obj.value(u"label");
    if (label.isUndefined() || label.isNull()) {
        fail(error, u"missing label"_s);
        return std::nullopt;
    }
    if (!label.isString()) {
        fail(error, u"label is not a string"_s);
        return std::nullopt;
    }
    const QString given = label.toString().trimmed();
    TaskAnswer answer;
    for (const QString &allowed : task.labels) {
        if (given.compare(allowed, Qt::CaseInsensitive) == 0) {
            answer.label = allowed;
            break;
        }
    }
    if (answer.label.isNull()) {
        fail(error, u"label '"_s + excerpt(given) + u"' not allowed"_s);
        return std::nullopt;
    }

    const QString key = task.score_key.isEmpty() ? u"score"_s : task.score_key;
    QJsonValue score = obj.value(key);
    // Models mix up "score" and "confidence": accept either.
    if (score.isUndefined())
        score = obj.value(u"score");
    if (score.isUndefined())
        score = obj.value(u"confidence");
    if (score.isUndefined() || score.isNull()) {
        fail(error, u"missing "_s + key);
        return std::nullopt;
    }
    double value = 0;
    if (score.isDouble()) {
        value = score.toDouble();
    } else if (score.isString()) {
        bool ok = false;
        value = score.toString().trimmed().toDouble(&ok);
        if (!ok) {
            fail(error, key + u" is not a number"_s);
            return std::nullopt;
        }
    } else {
        fail(error, key + u" is not a number"_s);
        return std::nullopt;
    }
    if (!(value >= 0.0 && value <= 1.0)) { // also rejects NaN
        fail(error, key + u' ' + QString::number(value) + u" out of range"_s);
        return std::nullopt;
    }
    answer.score = value;
    return answer;
}

// One record holding every task: nested per task name, or flat when there is a single task.
std::optional<QHash<QString, TaskAnswer>> validateAll(const QJsonObject &obj,
                                                      const QList<TaskSpec> &tasks,
                                                      QString *error)
{
    QHash<QString, TaskAnswer> answers;
    answers.reserve(tasks.size());
    for (const TaskSpec &task : tasks) {
        const QJsonValue nested = member(obj, task.name);
        QJsonObject record;
        if (nested.isObject()) {
            record = nested.toObject();
        } else if (nested.isUndefined() && tasks.size() == 1) {
            record = obj; // the flat single-task shape
        } else if (nested.isUndefined()) {
            fail(error, u"missing task '"_s + task.name + u'\'');
            return std::nullopt;
        } else {
            fail(error, u"task '"_s + task.name + u"' is not an object"_s);
            return std::nullopt;
        }
        QString reason;
        std::optional<TaskAnswer> answer = validate(record, task, &reason);
        if (!answer) {
            fail(error, task.name + u": "_s + reason);
            return std::nullopt;
        }
        answers.insert(task.name, *answer);
    }
    return answers;
}

QString recordId(const QJsonValue &id)
{
    if (id.isString())
        return id.toString();
    if (id.isDouble()) { // {"id": 7} for "7": harmless to accept
        const double value = id.toDouble();
        // Beyond 2^53 a double no longer names one integer (and beyond 2^63 none at all):
        // such an id matches no record we sent.
        constexpr double kExact = 9007199254740992.0;
        if (std::isfinite(value) && value == std::floor(value) && std::fabs(value) <= kExact)
            return QString::number(qint64(value));
    }
    return {};
}

QString errorBodyMessage(const QJsonObject &obj)
{
    const QJsonValue error = obj.value(u"error");
    QString message;
    if (error.isObject())
        message = error.toObject().value(u"message").toString();
    else if (error.isString())
        message = error.toString();
    if (message.isEmpty())
        message = obj.value(u"message").toString();
    return excerpt(message);
}

qint64 tokenCount(const QJsonObject &usage, QStringView key, bool *found)
{
    // No model's context holds a billion tokens: a larger count is a broken usage block
    // (one past qint64 would not even convert), so it is estimated instead. The bound also
    // keeps AnswerSplitter's tokens-times-bytes products far below 2^63.
    constexpr double kMaxTokens = 1e9;
    const QJsonValue value = usage.value(key);
    const double count = value.toDouble();
    *found = value.isDouble() && count >= 0 && count <= kMaxTokens;
    return *found ? qint64(count) : 0;
}

} // namespace

std::optional<TaskAnswer> AnswerParser::single(QByteArrayView content, const TaskSpec &task,
                                               QString *error)
{
    const QJsonDocument doc = parseSlice(content, '{', '}');
    if (!doc.isObject()) {
        fail(error, u"not JSON"_s);
        return std::nullopt;
    }
    return validate(doc.object(), task, error);
}

std::optional<QHash<QString, TaskAnswer>>
AnswerParser::combined(QByteArrayView content, const QList<TaskSpec> &tasks, QString *error)
{
    const QJsonDocument doc = parseSlice(content, '{', '}');
    if (!doc.isObject()) {
        fail(error, u"not JSON"_s);
        return std::nullopt;
    }
    return validateAll(doc.object(), tasks, error);
}

std::optional<QHash<QString, QHash<QString, TaskAnswer>>>
AnswerParser::batch(QByteArrayView content, const QList<TaskSpec> &tasks, QString *error)
{
    QJsonArray records;
    const QJsonDocument doc = parseSlice(content, '[', ']');
    if (doc.isArray()) {
        records = doc.array();
    } else {
        // No array: a lone record object (a batch of one) is still a usable answer.
        const QJsonDocument object = parseSlice(content, '{', '}');
        if (object.isNull()) {
            fail(error, u"not JSON"_s);
            return std::nullopt;
        }
        if (!object.isObject() || !object.object().contains(u"id")) {
            fail(error, u"not an array"_s);
            return std::nullopt;
        }
        records.append(object.object());
    }

    QHash<QString, QHash<QString, TaskAnswer>> answers;
    answers.reserve(records.size());
    for (const QJsonValue &value : std::as_const(records)) {
        if (!value.isObject())
            continue;
        const QJsonObject record = value.toObject();
        const QString id = recordId(record.value(u"id"));
        if (id.isEmpty() || answers.contains(id))
            continue; // first answer for an id wins
        std::optional<QHash<QString, TaskAnswer>> valid = validateAll(record, tasks, nullptr);
        if (valid)
            answers.insert(id, std::move(*valid));
    }
    return answers;
}

std::optional<ChatCompletion> AnswerParser::completion(QByteArrayView body,
                                                       qsizetype request_bytes, QString *error)
{
    const QJsonDocument doc =
        QJsonDocument::fromJson(QByteArray::fromRawData(body.data(), body.size()));
    if (!doc.isObject()) {
        fail(error, u"not JSON"_s);
        return std::nullopt;
    }
    const QJsonObject obj = doc.object();
    // OpenAI {"error":{...}} and vLLM's flat {"object":"error","message":...} even under 200.
    if (obj.contains(u"error") || obj.value(u"object").toString() == u"error") {
        fail(error, u"error body: "_s + errorBodyMessage(obj));
        return std::nullopt;
    }
    const QJsonArray choices = obj.value(u"choices").toArray();
    if (choices.isEmpty()) {
        fail(error, u"no choices"_s);
        return std::nullopt;
    }
    const QJsonObject choice = choices.first().toObject();
    const QJsonObject message = choice.value(u"message").toObject();
    const QJsonValue content = message.value(u"content");

    ChatCompletion out;
    if (content.isString()) {
        out.content = content.toString().toUtf8();
    } else if (content.isArray()) {
        // Some gateways send content parts: [{"type":"text","text":"..."}].
        QString text;
        for (const QJsonValue &part : content.toArray())
            text += part.toObject().value(u"text").toString();
        out.content = text.toUtf8();
    } else if (choice.value(u"text").isString()) {
        out.content = choice.value(u"text").toString().toUtf8(); // legacy completions shape
    } else {
        const QString refusal = message.value(u"refusal").toString();
        fail(error, refusal.isEmpty() ? u"no content"_s : u"refused: "_s + excerpt(refusal));
        return std::nullopt;
    }
    out.model = obj.value(u"model").toString();

    const QJsonObject usage = obj.value(u"usage").toObject();
    bool have_prompt = false;
    bool have_completion = false;
    out.usage.prompt_tokens = tokenCount(usage, u"prompt_tokens", &have_prompt);
    out.usage.completion_tokens = tokenCount(usage, u"completion_tokens", &have_completion);
    // No usage reported: about 4 bytes per token is the usual rule of thumb.
    if (!have_prompt)
        out.usage.prompt_tokens = (std::max<qsizetype>(0, request_bytes) + 3) / 4;
    if (!have_completion)
        out.usage.completion_tokens = (out.content.size() + 3) / 4;
    out.usage.estimated = !have_prompt || !have_completion;
    return out;
}

} // namespace herder::llm
