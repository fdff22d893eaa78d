#include "sim/oracle.h"

#include <QHash>
#include <QList>

#include <algorithm>
#include <array>

using namespace Qt::StringLiterals;

namespace herder::sim {

namespace {

enum Sentiment { Positive, Negative, SentimentCount };
enum Intent { MuaHang, HoTro, PhanHoi, IntentCount };

struct KeywordSpec
{
    const char16_t *phrase;
    int category;
    // Accent-stripped form collides with a common unrelated word ("tôi" -> "toi" for "tồi",
    // "yếu" for "yêu", English "on" for "ổn"), so only the accented form counts.
    bool accentOnly = false;
};

// Phrases beat their own sub-words: "không hài lòng" is negative although "hài lòng" is
// positive, because matching takes the longest phrase at each position and consumes it.
const KeywordSpec kSentimentKeywords[] = {
    // Vietnamese, positive
    {u"tuyệt vời", Positive}, {u"tuyệt", Positive}, {u"hài lòng", Positive},
    {u"cảm ơn", Positive}, {u"cám ơn", Positive}, {u"tốt", Positive}, {u"thích", Positive},
    {u"yêu", Positive, true}, {u"xuất sắc", Positive}, {u"nhanh", Positive},
    {u"ổn", Positive, true}, {u"đẹp", Positive}, {u"ưng ý", Positive},
    {u"nhiệt tình", Positive}, {u"chu đáo", Positive}, {u"hoàn hảo", Positive},
    {u"5 sao", Positive},
    // Vietnamese, negative
    {u"tệ", Negative, true}, {u"thất vọng", Negative}, {u"chậm", Negative},
    {u"lỗi", Negative}, {u"kém", Negative, true}, {u"hỏng", Negative, true},
    {u"tồi", Negative, true}, {u"bực", Negative, true}, {u"bực mình", Negative},
    {u"chán", Negative, true}, {u"không hài lòng", Negative}, {u"chưa hài lòng", Negative},
    {u"không tốt", Negative}, {u"không thích", Negative}, {u"chưa nhận được", Negative},
    {u"lừa đảo", Negative}, {u"vỡ", Negative, true}, {u"móp", Negative, true},
    {u"hoàn tiền", Negative}, {u"trả hàng", Negative}, {u"đắt", Negative, true},
    {u"bị trừ tiền", Negative}, {u"thiếu", Negative}, {u"quá lâu", Negative},
    {u"không nhanh", Negative},
    // English, positive
    {u"great", Positive}, {u"love", Positive}, {u"loved", Positive}, {u"thanks", Positive},
    {u"thank", Positive}, {u"thank you", Positive}, {u"excellent", Positive},
    {u"awesome", Positive}, {u"amazing", Positive}, {u"perfect", Positive},
    {u"happy", Positive}, {u"good", Positive}, {u"fast", Positive}, {u"helpful", Positive},
    {u"appreciate", Positive}, {u"wonderful", Positive}, {u"fantastic", Positive},
    {u"nice", Positive}, {u"satisfied", Positive}, {u"best", Positive},
    // English, negative
    {u"bad", Negative}, {u"terrible", Negative}, {u"broken", Negative}, {u"refund", Negative},
    {u"awful", Negative}, {u"slow", Negative}, {u"worst", Negative},
    {u"disappointed", Negative}, {u"disappointing", Negative}, {u"angry", Negative},
    {u"crash", Negative}, {u"crashes", Negative}, {u"crashed", Negative}, {u"late", Negative},
    {u"damaged", Negative}, {u"poor", Negative}, {u"scam", Negative}, {u"wrong", Negative},
    {u"missing", Negative}, {u"never arrived", Negative}, {u"not happy", Negative},
    {u"not good", Negative}, {u"not satisfied", Negative}, {u"dont like", Negative},
    {u"error", Negative}, {u"horrible", Negative}, {u"useless", Negative},
    {u"annoyed", Negative}, {u"frustrated", Negative}, {u"charged twice", Negative},
    {u"not fast", Negative},
};

const KeywordSpec kIntentKeywords[] = {
    // mua_hang: buying, ordering, prices, delivery
    {u"mua", MuaHang}, {u"đặt hàng", MuaHang}, {u"đặt mua", MuaHang}, {u"giá", MuaHang},
    {u"bao nhiêu", MuaHang}, {u"còn hàng", MuaHang}, {u"giao hàng", MuaHang},
    {u"đơn hàng", MuaHang}, {u"phí ship", MuaHang}, {u"ship", MuaHang},
    {u"order", MuaHang}, {u"orders", MuaHang}, {u"buy", MuaHang}, {u"price", MuaHang},
    {u"prices", MuaHang}, {u"purchase", MuaHang}, {u"cost", MuaHang}, {u"how much", MuaHang},
    {u"in stock", MuaHang}, {u"delivery", MuaHang}, {u"shipping", MuaHang},
    {u"shipped", MuaHang},
    // ho_tro: help, support, errors
    {u"hỗ trợ", HoTro}, {u"giúp", HoTro}, {u"giúp đỡ", HoTro}, {u"lỗi", HoTro},
    {u"không được", HoTro}, {u"đăng nhập", HoTro}, {u"mật khẩu", HoTro},
    {u"tài khoản", HoTro}, {u"bị treo", HoTro}, {u"help", HoTro}, {u"support", HoTro},
    {u"error", HoTro}, {u"cant", HoTro}, {u"cannot", HoTro}, {u"can not", HoTro},
    {u"problem", HoTro}, {u"issue", HoTro}, {u"not working", HoTro}, {u"bug", HoTro},
    {u"login", HoTro}, {u"log in", HoTro}, {u"password", HoTro}, {u"account", HoTro},
    {u"stuck", HoTro},
    // phan_hoi: feedback, reviews, suggestions
    {u"góp ý", PhanHoi}, {u"đánh giá", PhanHoi}, {u"phản hồi", PhanHoi},
    {u"ý kiến", PhanHoi}, {u"đề xuất", PhanHoi}, {u"gợi ý", PhanHoi},
    {u"cải thiện", PhanHoi}, {u"feedback", PhanHoi}, {u"review", PhanHoi},
    {u"suggest", PhanHoi}, {u"suggestion", PhanHoi}, {u"recommend", PhanHoi},
    {u"improve", PhanHoi}, {u"improvement", PhanHoi}, {u"opinion", PhanHoi},
    {u"rating", PhanHoi},
};

bool isApostrophe(QChar ch)
{
    return ch == u'\'' || ch == u'\u2019' || ch == u'`';
}

// Lower-cased words of `text`; with `stripAccents` also without diacritics and with đ -> d.
// Apostrophes vanish so "can't" and "cant" are the same word.
QStringList tokenize(QStringView text, bool stripAccents)
{
    const QString normalized =
        text.toString().toLower().normalized(stripAccents ? QString::NormalizationForm_D
                                                          : QString::NormalizationForm_C);
    QStringList tokens;
    QString current;
    for (QChar ch : normalized) {
        if (stripAccents && ch.category() == QChar::Mark_NonSpacing)
            continue;
        if (isApostrophe(ch))
            continue;
        if (ch.isLetterOrNumber()) {
            if (stripAccents && ch == u'\u0111') // đ has no decomposition
                ch = u'd';
            current.append(ch);
        } else if (!current.isEmpty()) {
            tokens.append(current);
            current.clear();
        }
    }
    if (!current.isEmpty())
        tokens.append(current);
    return tokens;
}

bool hasDiacritics(QStringView text)
{
    return std::any_of(text.begin(), text.end(),
                       [](QChar ch) { return ch.unicode() > 0x7f && ch.isLetter(); });
}

struct Phrase
{
    QStringList tokens;
    int category;
};

// Phrases keyed by their first word, longest first, so matching is one pass over the words.
using PhraseIndex = QHash<QString, QList<Phrase>>;

struct KeywordIndex
{
    PhraseIndex accented;
    PhraseIndex plain;
};

template<std::size_t N>
KeywordIndex buildIndex(const KeywordSpec (&specs)[N])
{
    KeywordIndex index;
    for (const KeywordSpec &spec : specs) {
        const QString phrase = QString::fromUtf16(spec.phrase);
        const QStringList accented = tokenize(phrase, false);
        index.accented[accented.first()].append({accented, spec.category});
        if (spec.accentOnly)
            continue;
        const QStringList plain = tokenize(phrase, true);
        // Two spellings can collapse to one stripped form ("cảm ơn"/"cám ơn"); keep one.
        QList<Phrase> &sameStart = index.plain[plain.first()];
        if (std::none_of(sameStart.begin(), sameStart.end(),
                         [&](const Phrase &p) { return p.tokens == plain; }))
            sameStart.append({plain, spec.category});
    }
    for (PhraseIndex *phrases : {&index.accented, &index.plain}) {
        for (auto &list : *phrases) {
            std::stable_sort(list.begin(), list.end(), [](const Phrase &a, const Phrase &b) {
                return a.tokens.size() > b.tokens.size();
            });
        }
    }
    return index;
}

template<std::size_t Categories>
std::array<int, Categories> countMatches(QStringView text, const KeywordIndex &index)
{
    std::array<int, Categories> counts{};
    const bool accented = hasDiacritics(text);
    const QStringList tokens = tokenize(text, !accented);
    const PhraseIndex &phrases = accented ? index.accented : index.plain;
    qsizetype i = 0;
    while (i < tokens.size()) {
        qsizetype consumed = 1;
        const auto it = phrases.constFind(tokens.at(i));
        if (it != phrases.constEnd()) {
            for (const Phrase &phrase : *it) {
                const qsizetype length = phrase.tokens.size();
                if (i + length > tokens.size())
                    continue;
                bool match = true;
                for (qsizetype k = 1; k < length && match; ++k)
                    match = tokens.at(i + k) == phrase.tokens.at(k);
                if (match) {
                    ++counts[static_cast<std::size_t>(phrase.category)];
                    consumed = length;
                    break;
                }
            }
        }
        i += consumed;
    }
    return counts;
}

const KeywordIndex &sentimentIndex()
{
    static const KeywordIndex index = buildIndex(kSentimentKeywords);
    return index;
}

const KeywordIndex &intentIndex()
{
    static const KeywordIndex index = buildIndex(kIntentKeywords);
    return index;
}

double scoreFromHash(quint64 hash)
{
    // 4901 steps of 0.0001 span exactly [0.5, 0.99].
    return static_cast<double>(5000 + hash % 4901) / 10000.0;
}

constexpr quint64 kSentimentSalt = 0x73656e74696d656eULL;
constexpr quint64 kIntentSalt = 0x696e74656e74ULL;

} // namespace

QStringList Oracle::defaultCategories()
{
    return {u"mua_hang"_s, u"ho_tro"_s, u"phan_hoi"_s, u"khac"_s};
}

QStringList Oracle::sentimentLabels()
{
    return {u"positive"_s, u"negative"_s, u"neutral"_s};
}

quint64 Oracle::stableHash(QStringView text, quint64 salt)
{
    const QByteArray utf8 = text.toUtf8();
    quint64 hash = 0xcbf29ce484222325ULL ^ salt;
    for (const char byte : utf8) {
        hash ^= static_cast<quint8>(byte);
        hash *= 0x100000001b3ULL;
    }
    return hash;
}

QString Oracle::sentiment(QStringView text)
{
    const auto counts = countMatches<SentimentCount>(text, sentimentIndex());
    if (counts[Positive] > counts[Negative])
        return u"positive"_s;
    if (counts[Negative] > counts[Positive])
        return u"negative"_s;
    return u"neutral"_s;
}

double Oracle::sentimentScore(QStringView text)
{
    return scoreFromHash(stableHash(text, kSentimentSalt));
}

QString Oracle::intent(QStringView text, const QStringList &categories)
{
    if (categories.isEmpty())
        return {};
    static const QStringList defaults = defaultCategories();
    const bool isDefault =
        categories.size() == defaults.size() &&
        std::all_of(defaults.begin(), defaults.end(),
                    [&](const QString &category) { return categories.contains(category); });
    if (!isDefault)
        return categories.at(static_cast<qsizetype>(stableHash(text) %
                                                    static_cast<quint64>(categories.size())));

    const auto counts = countMatches<IntentCount>(text, intentIndex());
    const auto best = std::max_element(counts.begin(), counts.end()); // first of equal maxima
    if (*best == 0)
        return u"khac"_s;
    switch (static_cast<Intent>(best - counts.begin())) {
    case MuaHang:
        return u"mua_hang"_s;
    case HoTro:
        return u"ho_tro"_s;
    case PhanHoi:
    case IntentCount:
        break;
    }
    return u"phan_hoi"_s;
}

double Oracle::intentConfidence(QStringView text)
{
    return scoreFromHash(stableHash(text, kIntentSalt));
}

} // namespace herder::sim
