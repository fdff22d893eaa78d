#include "sim/eventgenerator.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QList>

#include <array>

using namespace Qt::StringLiterals;

namespace herder::sim {

namespace {

enum Lang { Vi, En, LangCount };
enum Intent { MuaHang, HoTro, PhanHoi, Khac, IntentCount };
enum Sentiment { Positive, Negative, Neutral, SentimentCount };

struct TemplateSpec
{
    Lang lang;
    Intent intent;
    Sentiment sentiment;
    const char16_t *text;
};

// Each template reads as its (intent, sentiment) cell through the Oracle's keywords; slot words
// ({product}, {price}, ...) are chosen to carry no keyword so they cannot shift the label.
const TemplateSpec kTemplates[] = {
    // Vietnamese
    {Vi, MuaHang, Positive, u"Mình muốn đặt mua thêm 2 {product} nữa, lần trước dùng rất thích. Giá hiện tại là {price} đúng không ạ?"},
    {Vi, MuaHang, Positive, u"Shop giao hàng nhanh quá, {product} đẹp lắm! Cho mình đặt hàng thêm một cái cho em gái nhé."},
    {Vi, MuaHang, Positive, u"{product} giá {price} mà chất lượng tuyệt vời, mình sẽ mua thêm để tặng bạn."},
    {Vi, MuaHang, Negative, u"Đơn hàng {order} đặt từ {days} ngày trước mà vẫn chưa nhận được, giao hàng quá lâu. Bao giờ mới ship tới?"},
    {Vi, MuaHang, Negative, u"Giá {product} bên shop đắt hơn chỗ khác tận {price}, thất vọng thật sự. Có giảm giá cho đơn hàng lớn không?"},
    {Vi, MuaHang, Negative, u"Mình mua {product} giá {price} nhưng nhận hàng thì hộp bị móp, giao hàng lại chậm nữa."},
    {Vi, MuaHang, Neutral, u"{product} còn hàng không shop? Giá bao nhiêu và phí ship về {city} là bao nhiêu ạ?"},
    {Vi, MuaHang, Neutral, u"Cho mình hỏi đơn hàng {order} khi nào giao hàng vậy? Mình đặt hàng hôm {weekday}."},
    {Vi, MuaHang, Neutral, u"Mình muốn mua {qty} {product}, giá sỉ là bao nhiêu? Thanh toán khi nhận hàng có được không?"},
    {Vi, HoTro, Positive, u"Cảm ơn bạn nhân viên đã hỗ trợ mình đổi mật khẩu tài khoản rất nhiệt tình."},
    {Vi, HoTro, Positive, u"App mới cập nhật dùng ổn rồi, cảm ơn team hỗ trợ đã giúp mình đăng nhập lại."},
    {Vi, HoTro, Positive, u"Nhờ tổng đài giúp đỡ mà mình lấy lại được tài khoản, dịch vụ chu đáo quá!"},
    {Vi, HoTro, Negative, u"App báo lỗi {error} khi thanh toán, mình không đăng nhập vào tài khoản được. Thật sự rất bực mình!"},
    {Vi, HoTro, Negative, u"Mình bị trừ tiền 2 lần mà app vẫn báo lỗi, gọi tổng đài hỗ trợ thì chờ quá lâu. Mong được giúp sớm."},
    {Vi, HoTro, Negative, u"Ứng dụng bị treo liên tục sau bản cập nhật mới, mình không mở giỏ hàng lên được. Quá tệ!"},
    {Vi, HoTro, Neutral, u"Làm sao để đổi mật khẩu tài khoản vậy shop? Mình cần hỗ trợ."},
    {Vi, HoTro, Neutral, u"Mình quên mật khẩu, nhờ bạn giúp mình lấy lại tài khoản với email {email}."},
    {Vi, HoTro, Neutral, u"Cho mình hỏi app có hỗ trợ đăng nhập bằng Zalo không?"},
    {Vi, PhanHoi, Positive, u"Góp ý nhỏ: app dùng tốt lắm, nếu thêm chế độ tối thì hoàn hảo. Cảm ơn shop!"},
    {Vi, PhanHoi, Positive, u"Mình đánh giá 5 sao cho {product}, đóng gói cẩn thận và rất đẹp."},
    {Vi, PhanHoi, Positive, u"Phản hồi về dịch vụ: nhân viên tư vấn nhiệt tình, mình rất hài lòng."},
    {Vi, PhanHoi, Negative, u"Góp ý thật lòng: chất lượng {product} ngày càng kém, mình khá thất vọng."},
    {Vi, PhanHoi, Negative, u"Mình muốn phản hồi về thái độ nhân viên, rất tệ và thiếu chuyên nghiệp. Shop nên cải thiện."},
    {Vi, PhanHoi, Negative, u"Đánh giá 1 sao: {product} dùng {days} ngày đã hỏng, không hài lòng chút nào."},
    {Vi, PhanHoi, Neutral, u"Đề xuất: shop nên thêm tùy chọn thanh toán qua ví điện tử."},
    {Vi, PhanHoi, Neutral, u"Mình có vài ý kiến về giao diện app mới, gửi shop tham khảo: nút tìm kiếm hơi nhỏ."},
    {Vi, PhanHoi, Neutral, u"Gợi ý cho shop: nên có thêm size lớn cho {product}."},
    {Vi, Khac, Positive, u"Chúc cả team năm mới vui vẻ, mọi điều tuyệt vời nhé!"},
    {Vi, Khac, Positive, u"Cảm ơn shop đã gửi quà sinh nhật, mình thích lắm!"},
    {Vi, Khac, Positive, u"Hôm nay nhận tin nhắn chúc mừng của shop, dễ thương quá, cảm ơn nhiều!"},
    {Vi, Khac, Negative, u"Sao shop cứ gửi tin nhắn quảng cáo hoài vậy, phiền và bực mình quá."},
    {Vi, Khac, Negative, u"Tin nhắn trước của mình không ai trả lời, thất vọng ghê."},
    {Vi, Khac, Negative, u"Nhân viên bảo vệ ở cửa hàng {city} thái độ rất tệ."},
    {Vi, Khac, Neutral, u"Shop mở cửa đến mấy giờ vào cuối tuần vậy?"},
    {Vi, Khac, Neutral, u"Cửa hàng ở {city} có chỗ gửi xe máy không ạ?"},
    {Vi, Khac, Neutral, u"Mình muốn đổi số điện thoại nhận tin nhắn thành {phone}."},
    // English
    {En, MuaHang, Positive, u"I'd love to order two more {product}. What's the price with shipping to {city}?"},
    {En, MuaHang, Positive, u"Great deal on the {product}! I want to buy another one at {price}, is it still in stock?"},
    {En, MuaHang, Positive, u"Delivery was super quick and the {product} is amazing. How much for a bundle of three?"},
    {En, MuaHang, Negative, u"My order {order} still hasn't shipped after {days} days. This is really disappointing."},
    {En, MuaHang, Negative, u"The price went up to {price} right after I placed my order. Terrible."},
    {En, MuaHang, Negative, u"I paid {price} for express shipping but the package never arrived."},
    {En, MuaHang, Neutral, u"How much does the {product} cost with delivery to {city}?"},
    {En, MuaHang, Neutral, u"Is the {product} in stock in black? I'd like to place an order."},
    {En, MuaHang, Neutral, u"Can I change the shipping address on order {order}?"},
    {En, HoTro, Positive, u"Thanks to your support team I could finally log in to my account. Excellent service!"},
    {En, HoTro, Positive, u"Your agent reset my password in two minutes, I really appreciate the help."},
    {En, HoTro, Positive, u"The support chat sorted out my account problem within minutes, great job."},
    {En, HoTro, Negative, u"I can't log in since yesterday's update, the app keeps showing error {error}. Really frustrated."},
    {En, HoTro, Negative, u"The app crashes every time I open my account page. Please help, this is awful."},
    {En, HoTro, Negative, u"I was charged twice and support still hasn't replied. Worst experience ever."},
    {En, HoTro, Neutral, u"How do I reset the password for my account?"},
    {En, HoTro, Neutral, u"I need help linking my account to Zalo, which menu should I use?"},
    {En, HoTro, Neutral, u"Is there a support phone number I can call on weekends?"},
    {En, PhanHoi, Positive, u"Quick feedback: the new checkout flow is excellent, thank you!"},
    {En, PhanHoi, Positive, u"Just left a 5-star review for the {product}, love it."},
    {En, PhanHoi, Positive, u"A suggestion from a happy customer: add a wishlist and the app would be perfect."},
    {En, PhanHoi, Negative, u"My honest review: the {product} feels cheap and the battery is poor. Disappointed."},
    {En, PhanHoi, Negative, u"Feedback on your new app design: it's slow and confusing, please improve it."},
    {En, PhanHoi, Negative, u"I'd suggest training your staff, the service at the {city} store was awful."},
    {En, PhanHoi, Neutral, u"Suggestion: allow customers to filter products by brand."},
    {En, PhanHoi, Neutral, u"Some feedback on the website: the search bar could be bigger."},
    {En, PhanHoi, Neutral, u"I would recommend adding a dark mode to the app."},
    {En, Khac, Positive, u"Happy new year to the whole team, you guys are awesome!"},
    {En, Khac, Positive, u"Thanks for the birthday voucher, that was a lovely surprise!"},
    {En, Khac, Positive, u"Just wanted to say I love your newsletter, always a fun read."},
    {En, Khac, Negative, u"Please stop sending me promotional emails every day, I'm really annoyed."},
    {En, Khac, Negative, u"The staff at the {city} store were rude, a terrible experience."},
    {En, Khac, Negative, u"Your last newsletter was full of wrong information."},
    {En, Khac, Neutral, u"What time does the {city} store open on Sundays?"},
    {En, Khac, Neutral, u"Do you have a physical store in {city}?"},
    {En, Khac, Neutral, u"Please update my email address to {email}."},
};

// Neutral openers and closers: they vary lengths without changing any label.
const char16_t *const kPrefixesVi[] = {u"Chào shop,", u"Shop ơi,", u"Dạ cho em hỏi,",
                                       u"Xin chào,", u"Alo shop,", u"Chào bạn,"};
const char16_t *const kSuffixesVi[] = {
    u"Mình ở {city}.", u"Mã khách hàng của mình là {customer}.", u"Mong shop trả lời sớm ạ.",
    u"Mình là khách quen của shop {years} năm nay rồi.", u"Số điện thoại của mình là {phone}."};
const char16_t *const kPrefixesEn[] = {u"Hi,", u"Hello,", u"Hey there,", u"Hi team,",
                                       u"Good morning,"};
const char16_t *const kSuffixesEn[] = {
    u"I'm based in {city}.", u"My customer ID is {customer}.",
    u"Looking forward to hearing from you.", u"I've been a customer for {years} years.",
    u"Sent from my iPhone."};

const char16_t *const kProductsVi[] = {
    u"áo thun cotton",   u"tai nghe bluetooth", u"nồi chiên không dầu", u"sạc dự phòng 20000mAh",
    u"giày chạy bộ",     u"kem chống nắng",     u"bàn phím cơ",        u"máy lọc không khí",
    u"balo laptop",      u"đồng hồ thông minh"};
const char16_t *const kProductsEn[] = {
    u"wireless earbuds", u"air fryer",    u"phone case",    u"running shoes",
    u"power bank",       u"mechanical keyboard", u"sunscreen", u"laptop backpack",
    u"smart watch",      u"coffee maker"};
const char16_t *const kCitiesVi[] = {u"Hà Nội",    u"TP.HCM", u"Đà Nẵng", u"Cần Thơ",
                                     u"Hải Phòng", u"Nha Trang", u"Huế"};
const char16_t *const kCitiesEn[] = {u"Hanoi",   u"Ho Chi Minh City", u"Da Nang",
                                     u"Can Tho", u"Hai Phong",        u"Nha Trang"};
const char16_t *const kWeekdaysVi[] = {u"thứ Hai", u"thứ Ba",  u"thứ Tư",  u"thứ Năm",
                                       u"thứ Sáu", u"thứ Bảy", u"Chủ nhật"};
const char16_t *const kChannels[] = {u"web", u"app", u"zalo", u"email", u"facebook"};

template<std::size_t N>
QString pick(const char16_t *const (&list)[N], quint64 index)
{
    return QString::fromUtf16(list[index % N]);
}

// 1250000 -> "1.250.000đ": Vietnamese groups thousands with dots.
QString formatVnd(quint64 amount)
{
    QString digits = QString::number(amount);
    for (qsizetype i = digits.size() - 3; i > 0; i -= 3)
        digits.insert(i, u'.');
    return digits + u"đ"_s;
}

QString digits(quint64 value, int width)
{
    return QString::number(value).rightJustified(width, u'0');
}

using TemplateTable = std::array<std::array<std::array<QList<QString>, SentimentCount>,
                                            IntentCount>, LangCount>;

const TemplateTable &templateTable()
{
    static const TemplateTable table = [] {
        TemplateTable built;
        for (const TemplateSpec &spec : kTemplates)
            built[spec.lang][spec.intent][spec.sentiment].append(QString::fromUtf16(spec.text));
        return built;
    }();
    return table;
}

constexpr qint64 kDefaultStart_ms = 1735689600000; // 2025-01-01T00:00:00Z
constexpr int kMaxTextLength = 400;

} // namespace

EventGenerator::EventGenerator(quint64 seed)
    : m_seed(seed), m_rng(seed), m_nextTs_ms(kDefaultStart_ms)
{
}

quint64 EventGenerator::below(quint64 bound)
{
    // Modulo bias is irrelevant for picking words; what matters is a fixed sequence per seed.
    return bound == 0 ? 0 : m_rng() % bound;
}

EventGenerator::Event EventGenerator::next()
{
    ++m_count;
    const bool vietnamese = below(100) < 60;
    Event event;
    event.id = u"evt-"_s + QString::number(m_seed) + u'-' + QString::number(m_count);
    event.text = makeText(vietnamese);
    const QString userId = u"u"_s + QString::number(1 + below(5000));
    event.key = userId.toUtf8();

    m_nextTs_ms += 1 + static_cast<qint64>(below(500));
    const QJsonObject value{{"id"_L1, event.id},
                            {"text"_L1, event.text},
                            {"user_id"_L1, userId},
                            {"channel"_L1, pick(kChannels, below(std::size(kChannels)))},
                            {"lang"_L1, vietnamese ? u"vi"_s : u"en"_s},
                            {"ts"_L1, m_nextTs_ms}};
    event.value = QJsonDocument(value).toJson(QJsonDocument::Compact);
    return event;
}

QString EventGenerator::makeText(bool vietnamese)
{
    const auto &cells = templateTable()[vietnamese ? Vi : En];
    const auto &candidates = cells[below(IntentCount)][below(SentimentCount)];
    QString text = fillSlots(candidates.at(static_cast<qsizetype>(below(candidates.size()))),
                             vietnamese);

    if (below(100) < 55) {
        const QString prefix = vietnamese ? pick(kPrefixesVi, below(std::size(kPrefixesVi)))
                                          : pick(kPrefixesEn, below(std::size(kPrefixesEn)));
        // After an opener the sentence continues, so its first letter goes lower case.
        if (!text.isEmpty() && !text.startsWith(u'{') && text.at(1).isLower())
            text[0] = text.at(0).toLower();
        text = prefix + u' ' + text;
    }
    // Zero, one or two closing sentences: lengths spread from ~40 to ~300 characters.
    const quint64 closers = below(3);
    quint64 previous = ~quint64(0);
    for (quint64 i = 0; i < closers; ++i) {
        const quint64 choice = below(5);
        if (choice == previous)
            continue;
        previous = choice;
        const QString suffix = vietnamese ? pick(kSuffixesVi, choice) : pick(kSuffixesEn, choice);
        const QString filled = fillSlots(suffix, vietnamese);
        if (text.size() + 1 + filled.size() <= kMaxTextLength)
            text += u' ' + filled;
    }
    return text;
}

QString EventGenerator::fillSlots(const QString &pattern, bool vietnamese)
{
    QString result;
    result.reserve(pattern.size() + 32);
    qsizetype pos = 0;
    while (pos < pattern.size()) {
        const qsizetype open = pattern.indexOf(u'{', pos);
        const qsizetype close = open < 0 ? -1 : pattern.indexOf(u'}', open);
        if (open < 0 || close < 0) {
            result += QStringView(pattern).mid(pos);
            break;
        }
        result += QStringView(pattern).mid(pos, open - pos);
        result += slotValue(QStringView(pattern).mid(open + 1, close - open - 1), vietnamese);
        pos = close + 1;
    }
    // A template may start with a slot ("{product} giá ...").
    if (!result.isEmpty() && result.at(0).isLower())
        result[0] = result.at(0).toUpper();
    return result;
}

QString EventGenerator::slotValue(QStringView name, bool vietnamese)
{
    if (name == u"product")
        return vietnamese ? pick(kProductsVi, below(std::size(kProductsVi)))
                          : pick(kProductsEn, below(std::size(kProductsEn)));
    if (name == u"city")
        return vietnamese ? pick(kCitiesVi, below(std::size(kCitiesVi)))
                          : pick(kCitiesEn, below(std::size(kCitiesEn)));
    if (name == u"price") {
        if (vietnamese)
            return formatVnd((49 + below(4952)) * 1000);
        return u"$"_s + QString::number(5 + below(495)) + u".99"_s;
    }
    if (name == u"order")
        return u"#DH"_s + digits(below(1000000), 6);
    if (name == u"days")
        return QString::number(2 + below(13));
    if (name == u"qty")
        return QString::number(2 + below(19));
    if (name == u"years")
        return QString::number(2 + below(7));
    if (name == u"error")
        return u"E-"_s + QString::number(1000 + below(9000));
    if (name == u"email")
        return (vietnamese ? u"khach"_s : u"user"_s) + QString::number(below(100000))
            + (vietnamese ? u"@gmail.com"_s : u"@example.com"_s);
    if (name == u"phone")
        return u"09"_s + digits(below(100000000), 8);
    if (name == u"customer")
        return u"KH"_s + digits(below(100000), 5);
    if (name == u"weekday")
        return pick(kWeekdaysVi, below(std::size(kWeekdaysVi)));
    return name.toString();
}

} // namespace herder::sim
