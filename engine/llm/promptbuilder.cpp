#include "llm/promptbuilder.h"

#include <QLocale>

#include <algorithm>
#include <cmath>
#include <limits>

namespace herder::llm {

using namespace Qt::StringLiterals;

namespace {

const QLatin1String kReplyPrefix("Reply with JSON only: ");

QString scoreKey(const TaskSpec &task)
{
    return task.score_key.isEmpty() ? QStringLiteral("score") : task.score_key;
}

// The members of one task's answer object, without braces:
// "label": "<one of: a|b>", "score": <number 0..1>
QString answerMembers(const TaskSpec &task)
{
    return u"\"label\": \"<one of: "_s + task.labels.join(QLatin1Char('|')) + u">\", \""_s
           + scoreKey(task) + u"\": <number 0..1>"_s;
}

QString nestedMembers(const QList<TaskSpec> &tasks)
{
    QString out;
    for (const TaskSpec &task : tasks) {
        if (!out.isEmpty())
            out += u", "_s;
        out += u'"' + task.name + u"\": {"_s + answerMembers(task) + u'}';
    }
    return out;
}

QString answerTemplate(PromptKind kind, const QList<TaskSpec> &tasks)
{
    switch (kind) {
    case PromptKind::Single:
        return tasks.isEmpty() ? u"{}"_s : u'{' + answerMembers(tasks.first()) + u'}';
    case PromptKind::Combined:
        return u'{' + nestedMembers(tasks) + u'}';
    case PromptKind::Batch:
        if (tasks.size() == 1)
            return u"[{\"id\": \"<id>\", "_s + answerMembers(tasks.first()) + u"}]"_s;
        return u"[{\"id\": \"<id>\", "_s + nestedMembers(tasks) + u"}]"_s;
    }
    return {};
}

QByteArray jsonNumber(double value)
{
    if (!std::isfinite(value))
        value = 0.0; // JSON has no NaN/inf; a broken temperature must not break the body
    return QByteArray::number(value, 'g', QLocale::FloatingPointShortest);
}

void appendJsonString(QByteArray &out, QStringView text)
{
    out += '"';
    PromptBuilder::appendJsonEscaped(out, text.toUtf8());
    out += '"';
}

} // namespace

void PromptBuilder::appendJsonEscaped(QByteArray &out, QByteArrayView utf8)
{
    static constexpr char hex[] = "0123456789abcdef";
    const char *p = utf8.data();
    const char *const end = p + utf8.size();
    const char *run = p;
    // Copy runs of plain bytes at once; only quotes, backslashes and controls need escaping.
    for (; p != end; ++p) {
        const auto c = static_cast<unsigned char>(*p);
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        out.append(run, p - run);
        switch (c) {
        case '"': out.append("\\\"", 2); break;
        case '\\': out.append("\\\\", 2); break;
        case '\n': out.append("\\n", 2); break;
        case '\r': out.append("\\r", 2); break;
        case '\t': out.append("\\t", 2); break;
        case '\b': out.append("\\b", 2); break;
        case '\f': out.append("\\f", 2); break;
        default: {
            const char esc[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xf]};
            out.append(esc, 6);
        }
        }
        run = p + 1;
    }
    out.append(run, end - run);
}

QString PromptBuilder::systemMessage(const TaskSpec &task)
{
    return systemMessage(PromptKind::Single, {task});
}

QString PromptBuilder::systemMessage(PromptKind kind, const QList<TaskSpec> &tasks)
{
    QString out;
    if (kind == PromptKind::Single || (kind == PromptKind::Batch && tasks.size() == 1)) {
        if (!tasks.isEmpty())
            out = tasks.first().prompt.trimmed();
    } else {
        for (const TaskSpec &task : tasks) {
            if (!out.isEmpty())
                out += u'\n';
            out += u"Task "_s + task.name + u": "_s + task.prompt.trimmed();
        }
    }
    if (!out.isEmpty())
        out += u'\n';
    out += kReplyPrefix + answerTemplate(kind, tasks);
    return out;
}

PromptBuilder::PromptBuilder(const TaskSpec &task)
    : PromptBuilder(PromptKind::Single, {task}, task.model)
{
}

PromptBuilder::PromptBuilder(PromptKind kind, const QList<TaskSpec> &tasks, const QString &model)
    : m_kind(kind), m_model(model)
{
    const QList<TaskSpec> used = kind == PromptKind::Single && tasks.size() > 1
                                     ? QList<TaskSpec>{tasks.first()}
                                     : tasks;
    if (m_model.isEmpty() && !used.isEmpty())
        m_model = used.first().model;
    m_system = systemMessage(kind, used);

    qint64 max_tokens = 0;
    double temperature = std::numeric_limits<double>::infinity();
    for (const TaskSpec &task : used) {
        max_tokens += std::max(0, task.max_tokens);
        temperature = std::min(temperature, task.temperature);
    }
    m_max_tokens = int(std::min<qint64>(max_tokens, std::numeric_limits<int>::max()));
    m_temperature = std::isfinite(temperature) ? temperature : 0.0;

    m_prefix.reserve(m_system.size() + m_model.size() + 96);
    m_prefix += "{\"model\":";
    appendJsonString(m_prefix, m_model);
    m_prefix += ",\"messages\":[{\"role\":\"system\",\"content\":";
    appendJsonString(m_prefix, m_system);
    m_prefix += "},{\"role\":\"user\",\"content\":\"";

    m_temperature_tail = ",\"temperature\":" + jsonNumber(m_temperature) + '}';
    if (kind != PromptKind::Batch)
        m_suffix = "\"}],\"max_tokens\":" + QByteArray::number(m_max_tokens) + m_temperature_tail;
}

int PromptBuilder::maxTokens(qsizetype records) const
{
    if (m_kind != PromptKind::Batch)
        return m_max_tokens;
    const qint64 total = qint64(m_max_tokens) * std::max<qsizetype>(1, records);
    return int(std::min<qint64>(total, std::numeric_limits<int>::max()));
}

QByteArray PromptBuilder::body(QStringView text) const
{
    if (m_kind == PromptKind::Batch)
        return {};
    QByteArray out;
    // UTF-8 is at most 3 bytes per UTF-16 unit; escapes are rare, so this rarely reallocates.
    out.reserve(m_prefix.size() + text.size() * 3 + m_suffix.size() + 16);
    out += m_prefix;
    appendJsonEscaped(out, text.toUtf8());
    out += m_suffix;
    return out;
}

QByteArray PromptBuilder::body(const QList<BatchItem> &items) const
{
    if (m_kind != PromptKind::Batch)
        return {};
    // U is itself JSON, embedded as a JSON string: build it, then escape it once more.
    QByteArray user;
    qsizetype text_units = 0;
    for (const BatchItem &item : items)
        text_units += item.id.size() + item.text.size();
    user.reserve(text_units * 3 + items.size() * 24 + 2);
    user += '[';
    for (const BatchItem &item : items) {
        if (user.size() > 1)
            user += ',';
        user += "{\"id\":";
        appendJsonString(user, item.id);
        user += ",\"text\":";
        appendJsonString(user, item.text);
        user += '}';
    }
    user += ']';

    QByteArray out;
    out.reserve(m_prefix.size() + user.size() + user.size() / 4 + 64);
    out += m_prefix;
    appendJsonEscaped(out, user);
    out += "\"}],\"max_tokens\":";
    out += QByteArray::number(maxTokens(items.size()));
    out += m_temperature_tail;
    return out;
}

QByteArray PromptBuilder::single(const TaskSpec &task, QStringView text)
{
    return PromptBuilder(task).body(text);
}

QByteArray PromptBuilder::combined(const QList<TaskSpec> &tasks, const QString &model,
                                   QStringView text)
{
    return PromptBuilder(PromptKind::Combined, tasks, model).body(text);
}

QByteArray PromptBuilder::batch(const QList<TaskSpec> &tasks, const QString &model,
                                const QList<BatchItem> &items)
{
    return PromptBuilder(PromptKind::Batch, tasks, model).body(items);
}

} // namespace herder::llm
