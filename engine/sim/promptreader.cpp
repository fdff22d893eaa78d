#include "sim/promptreader.h"

#include "sim/oracle.h"

#include <QHash>
#include <QJsonDocument>
#include <QRegularExpression>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace herder::sim {

namespace {

// Message content is a string, or (newer clients) an array of {"type":"text","text":...}.
QString contentText(const QJsonValue &content)
{
    if (content.isString())
        return content.toString();
    QString text;
    const QJsonArray parts = content.toArray();
    for (const QJsonValue &part : parts) {
        const QJsonObject object = part.toObject();
        if (object.value("type"_L1).toString() == "text"_L1)
            text += object.value("text"_L1).toString();
    }
    return text;
}

qint64 maxTokensOf(const QJsonObject &body)
{
    for (const auto key : {"max_tokens"_L1, "max_completion_tokens"_L1}) {
        const QJsonValue value = body.value(key);
        if (value.isDouble() && value.toDouble() >= 0.0)
            return static_cast<qint64>(std::min(value.toDouble(), 1.0e9)); // bounded: no overflow
    }
    return 0;
}

QStringList splitLabels(QStringView list)
{
    QStringList labels;
    for (QStringView label : list.split(u'|')) {
        label = label.trimmed();
        if (!label.isEmpty())
            labels.append(label.toString());
    }
    return labels;
}

QString outsideLabel(const QStringList &labels)
{
    // "mixed" is the classic off-list answer; fall back when the operator did list it.
    for (const QString &candidate : {u"mixed"_s, u"unknown"_s, u"other_label"_s}) {
        if (!labels.contains(candidate))
            return candidate;
    }
    return u"not_a_label"_s;
}

PromptReader::Template parseTemplateUncached(const QString &systemText)
{
    static const QRegularExpression marker(uR"(Reply\s+with\s+JSON\s+only\s*:)"_s,
                                           QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression combinedTask(
        uR"re("([^"\s]+)"\s*:\s*\{\s*"label"\s*:\s*"<\s*one\s+of\s*:\s*([^">]*)>"\s*(?:,\s*"(score|confidence)")?)re"_s);
    static const QRegularExpression singleTask(
        uR"re("label"\s*:\s*"<\s*one\s+of\s*:\s*([^">]*)>"\s*(?:,\s*"(score|confidence)")?)re"_s);

    PromptReader::Template parsed;
    qsizetype start = -1;
    for (auto it = marker.globalMatch(systemText); it.hasNext();)
        start = it.next().capturedEnd();
    if (start < 0) {
        parsed.tasks.append({QString(), Oracle::sentimentLabels(), u"score"_s});
        return parsed;
    }
    parsed.found = true;
    const QStringView templ = QStringView(systemText).mid(start).trimmed();
    parsed.batch = templ.startsWith(u'[');

    for (auto it = combinedTask.globalMatch(templ); it.hasNext();) {
        const QRegularExpressionMatch match = it.next();
        const QString scoreKey = match.hasCaptured(3) ? match.captured(3) : u"score"_s;
        parsed.tasks.append({match.captured(1), splitLabels(match.capturedView(2)), scoreKey});
    }
    if (parsed.tasks.isEmpty()) {
        const QRegularExpressionMatch match = singleTask.match(templ);
        if (match.hasMatch()) {
            const QString scoreKey = match.hasCaptured(2) ? match.captured(2) : u"score"_s;
            parsed.tasks.append({QString(), splitLabels(match.capturedView(1)), scoreKey});
        } else {
            // A template we cannot read still gets an answer a lenient engine could use.
            parsed.tasks.append({QString(), Oracle::sentimentLabels(), u"score"_s});
        }
    }
    return parsed;
}

} // namespace

PromptReader::PromptReader(const QJsonObject &requestBody)
{
    m_model = requestBody.value("model"_L1).toString();
    m_maxTokens = maxTokensOf(requestBody);
    const QJsonValue messagesValue = requestBody.value("messages"_L1);
    if (!messagesValue.isArray()) {
        m_error = u"'messages' is a required property and must be an array"_s;
        return;
    }
    const QJsonArray messages = messagesValue.toArray();
    if (messages.isEmpty()) {
        m_error = u"'messages' must contain at least one message"_s;
        return;
    }

    QString system;
    QString user;
    for (const QJsonValue &value : messages) {
        const QJsonObject message = value.toObject();
        const QString content = contentText(message.value("content"_L1));
        m_contentBytes += utf8Length(content);
        ++m_messageCount;
        const QString role = message.value("role"_L1).toString();
        if (role == "system"_L1 || role == "developer"_L1) {
            if (system.isEmpty())
                system = content;
        } else if (role == "user"_L1) {
            user = content; // the last user message is the one to answer
        }
    }
    m_valid = true;
    m_template = parseTemplate(system);

    if (m_template.batch) {
        const QJsonDocument document = QJsonDocument::fromJson(user.toUtf8());
        if (document.isArray()) {
            const QJsonArray inputs = document.array();
            m_items.reserve(inputs.size());
            for (const QJsonValue &input : inputs) {
                const QJsonObject object = input.toObject();
                m_items.append({object.value("id"_L1), object.value("text"_L1).toString()});
            }
            return;
        }
        // Not an array: answer the whole text as one item rather than nothing.
        m_items.append({QJsonValue(QString()), user});
        return;
    }
    m_items.append({QJsonValue(QJsonValue::Undefined), user});
}

qint64 PromptReader::promptTokens() const
{
    return (m_contentBytes + 3) / 4 + 4 * m_messageCount;
}

PromptReader::Template PromptReader::parseTemplate(const QString &systemText)
{
    // Bounded so a client sending ever-new prompts cannot grow it without limit.
    thread_local QHash<QString, Template> cache;
    if (const auto it = cache.constFind(systemText); it != cache.constEnd())
        return *it;
    if (cache.size() >= 64)
        cache.clear();
    Template parsed = parseTemplateUncached(systemText);
    cache.insert(systemText, parsed);
    return parsed;
}

std::pair<QString, double> PromptReader::chooseLabel(QStringView text, const QStringList &labels)
{
    const bool isSentiment = labels.size() == 3 && labels.contains("positive"_L1) &&
                             labels.contains("negative"_L1) && labels.contains("neutral"_L1);
    if (isSentiment)
        return {Oracle::sentiment(text), Oracle::sentimentScore(text)};
    return {Oracle::intent(text, labels), Oracle::intentConfidence(text)};
}

qint64 PromptReader::utf8Length(QStringView text)
{
    qint64 bytes = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char16_t unit = text.at(i).unicode();
        if (unit < 0x80) {
            bytes += 1;
        } else if (unit < 0x800) {
            bytes += 2;
        } else if (QChar::isHighSurrogate(unit) && i + 1 < text.size() &&
                   QChar::isLowSurrogate(text.at(i + 1).unicode())) {
            bytes += 4;
            ++i;
        } else {
            bytes += 3; // BMP character, or a lone surrogate that QString::toUtf8 would replace
        }
    }
    return bytes;
}

QJsonObject PromptReader::answerFor(const Item &item, bool badLabels, QStringView poison) const
{
    badLabels = badLabels || (!poison.isEmpty() && item.text.contains(poison));
    QJsonObject object;
    if (!item.id.isUndefined())
        object.insert("id"_L1, item.id);
    for (const Task &task : m_template.tasks) {
        auto [label, score] = chooseLabel(item.text, task.labels);
        if (badLabels)
            label = outsideLabel(task.labels);
        if (task.name.isEmpty()) {
            object.insert("label"_L1, label);
            object.insert(task.scoreKey, score);
        } else {
            object.insert(task.name, QJsonObject{{"label"_L1, label}, {task.scoreKey, score}});
        }
    }
    return object;
}

QJsonValue PromptReader::answer(bool badLabels, QStringView poison) const
{
    if (!m_template.batch) {
        const Item item = m_items.isEmpty() ? Item{QJsonValue(QJsonValue::Undefined), QString()}
                                            : m_items.first();
        return answerFor(item, badLabels, poison);
    }
    QJsonArray array;
    for (const Item &item : m_items)
        array.append(answerFor(item, badLabels, poison));
    return array;
}

} // namespace herder::sim
