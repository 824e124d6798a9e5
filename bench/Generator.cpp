#include "Generator.h"

#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>
#include <Poco/Exception.h>
#include <Poco/File.h>
#include <Poco/Nullable.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <set>
#include <string_view>
#include <utility>
#include <vector>

#include "bench/CanonicalSchema.h"

namespace yewu {

namespace {

using Poco::Data::Session;
using Poco::Data::Statement;
using Poco::Data::Keywords::use;

// Rows per insert transaction: large enough to amortise the commit, small enough to keep
// memory flat at any scale.
constexpr std::size_t kChunkRows = 50000;

// ---------------------------------------------------------------------------------------------
// Random numbers: xoshiro256** seeded through splitmix64, so results depend only on the seed,
// never on the standard library's distributions.

std::uint64_t splitMix64(std::uint64_t& state) {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

// Independent streams, so changing how one table is generated leaves the others unchanged.
enum class Stream : std::uint64_t { Salespeople = 1, Customers, Orders, Visits, Targets, Ratings };

class Rng {
public:
    Rng(std::uint64_t seed, Stream stream, std::uint64_t index = 0) {
        std::uint64_t mix = seed;
        std::uint64_t streamState = static_cast<std::uint64_t>(stream) << 32 | index;
        mix ^= splitMix64(streamState);
        for (auto& word : state_) word = splitMix64(mix);
    }

    std::uint64_t next() {
        const std::uint64_t result = rotl(state_[1] * 5, 7) * 9;
        const std::uint64_t t = state_[1] << 17;
        state_[2] ^= state_[0];
        state_[3] ^= state_[1];
        state_[1] ^= state_[2];
        state_[0] ^= state_[3];
        state_[2] ^= t;
        state_[3] = rotl(state_[3], 45);
        return result;
    }

    // Uniform in [0, n) for n > 0; the modulo bias is below 1e-9 for the ranges used here.
    std::int64_t below(std::int64_t n) {
        return static_cast<std::int64_t>(next() % std::uint64_t(n));
    }
    // Uniform in [lo, hi].
    std::int64_t between(std::int64_t lo, std::int64_t hi) { return lo + below(hi - lo + 1); }
    bool percent(int p) { return below(100) < p; }
    bool permille(int p) { return below(1000) < p; }

    // Index drawn with probability weights[i] / sum(weights).
    template <std::size_t N>
    std::size_t weighted(const std::array<int, N>& weights) {
        int total = 0;
        for (int w : weights) total += w;
        std::int64_t r = below(total);
        for (std::size_t i = 0; i < N; ++i) {
            if (r < weights[i]) return i;
            r -= weights[i];
        }
        return N - 1;
    }

    template <typename T, std::size_t N>
    const T& pick(const std::array<T, N>& items) {
        return items[std::size_t(below(std::int64_t(N)))];
    }

private:
    static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    std::array<std::uint64_t, 4> state_{};
};

// ---------------------------------------------------------------------------------------------
// Vocabulary.

struct Syllable {
    std::string_view hanzi;
    std::string_view pinyin;
};

constexpr std::array<Syllable, 96> kSurnames = {{
    {"王", "wang"},  {"李", "li"},    {"张", "zhang"}, {"刘", "liu"},   {"陈", "chen"},
    {"杨", "yang"},  {"黄", "huang"}, {"赵", "zhao"},  {"吴", "wu"},    {"周", "zhou"},
    {"徐", "xu"},    {"孙", "sun"},   {"马", "ma"},    {"朱", "zhu"},   {"胡", "hu"},
    {"郭", "guo"},   {"何", "he"},    {"高", "gao"},   {"林", "lin"},   {"罗", "luo"},
    {"郑", "zheng"}, {"梁", "liang"}, {"谢", "xie"},   {"宋", "song"},  {"唐", "tang"},
    {"许", "xu"},    {"韩", "han"},   {"冯", "feng"},  {"邓", "deng"},  {"曹", "cao"},
    {"彭", "peng"},  {"曾", "zeng"},  {"肖", "xiao"},  {"田", "tian"},  {"董", "dong"},
    {"袁", "yuan"},  {"潘", "pan"},   {"于", "yu"},    {"蒋", "jiang"}, {"蔡", "cai"},
    {"余", "yu"},    {"杜", "du"},    {"叶", "ye"},    {"程", "cheng"}, {"苏", "su"},
    {"魏", "wei"},   {"丁", "ding"},  {"任", "ren"},   {"沈", "shen"},  {"姚", "yao"},
    {"卢", "lu"},    {"姜", "jiang"}, {"崔", "cui"},   {"钟", "zhong"}, {"谭", "tan"},
    {"陆", "lu"},    {"汪", "wang"},  {"范", "fan"},   {"金", "jin"},   {"石", "shi"},
    {"廖", "liao"},  {"贾", "jia"},   {"夏", "xia"},   {"韦", "wei"},   {"付", "fu"},
    {"方", "fang"},  {"白", "bai"},   {"邹", "zou"},   {"孟", "meng"},  {"熊", "xiong"},
    {"秦", "qin"},   {"邱", "qiu"},   {"江", "jiang"}, {"尹", "yin"},   {"薛", "xue"},
    {"闫", "yan"},   {"段", "duan"},  {"雷", "lei"},   {"侯", "hou"},   {"龙", "long"},
    {"史", "shi"},   {"陶", "tao"},   {"黎", "li"},    {"贺", "he"},    {"顾", "gu"},
    {"毛", "mao"},   {"郝", "hao"},   {"龚", "gong"},  {"邵", "shao"},  {"万", "wan"},
    {"钱", "qian"},  {"严", "yan"},   {"武", "wu"},    {"戴", "dai"},   {"孔", "kong"},
    {"汤", "tang"},
}};

constexpr std::array<Syllable, 90> kGivenChars = {{
    {"伟", "wei"},   {"芳", "fang"},  {"娜", "na"},   {"敏", "min"},   {"静", "jing"},
    {"丽", "li"},    {"强", "qiang"}, {"磊", "lei"},  {"军", "jun"},   {"洋", "yang"},
    {"勇", "yong"},  {"艳", "yan"},   {"杰", "jie"},  {"娟", "juan"},  {"涛", "tao"},
    {"明", "ming"},  {"超", "chao"},  {"秀", "xiu"},  {"霞", "xia"},   {"平", "ping"},
    {"刚", "gang"},  {"桂", "gui"},   {"英", "ying"}, {"华", "hua"},   {"玉", "yu"},
    {"兰", "lan"},   {"文", "wen"},   {"辉", "hui"},  {"鹏", "peng"},  {"宇", "yu"},
    {"浩", "hao"},   {"建", "jian"},  {"国", "guo"},  {"红", "hong"},  {"梅", "mei"},
    {"琳", "lin"},   {"晨", "chen"},  {"欣", "xin"},  {"佳", "jia"},   {"颖", "ying"},
    {"婷", "ting"},  {"雪", "xue"},   {"慧", "hui"},  {"峰", "feng"},  {"斌", "bin"},
    {"波", "bo"},    {"亮", "liang"}, {"鑫", "xin"},  {"博", "bo"},    {"凯", "kai"},
    {"帅", "shuai"}, {"健", "jian"},  {"海", "hai"},  {"燕", "yan"},   {"萍", "ping"},
    {"玲", "ling"},  {"志", "zhi"},   {"宏", "hong"}, {"飞", "fei"},   {"俊", "jun"},
    {"晓", "xiao"},  {"倩", "qian"},  {"楠", "nan"},  {"悦", "yue"},   {"思", "si"},
    {"嘉", "jia"},   {"子", "zi"},    {"雨", "yu"},   {"昊", "hao"},   {"然", "ran"},
    {"轩", "xuan"},  {"泽", "ze"},    {"睿", "rui"},  {"瑶", "yao"},   {"诗", "shi"},
    {"涵", "han"},   {"一", "yi"},    {"天", "tian"}, {"立", "li"},    {"新", "xin"},
    {"春", "chun"},  {"永", "yong"},  {"德", "de"},   {"成", "cheng"}, {"振", "zhen"},
    {"家", "jia"},   {"小", "xiao"},  {"东", "dong"}, {"云", "yun"},   {"丹", "dan"},
}};

constexpr std::array<std::string_view, 7> kRegions = {"华东", "华北", "华南", "西南",
                                                      "华中", "东北", "西北"};

struct City {
    std::string_view name;
    int region;    // index into kRegions
    int areaCode;  // GB/T 2260 prefecture code, used in the tax id
};

constexpr std::array<City, 45> kCities = {{
    {"上海", 0, 310100}, {"杭州", 0, 330100},   {"南京", 0, 320100},     {"苏州", 0, 320500},
    {"宁波", 0, 330200}, {"无锡", 0, 320200},   {"合肥", 0, 340100},     {"济南", 0, 370100},
    {"青岛", 0, 370200}, {"福州", 0, 350100},   {"厦门", 0, 350200},     {"北京", 1, 110100},
    {"天津", 1, 120100}, {"石家庄", 1, 130100}, {"太原", 1, 140100},     {"呼和浩特", 1, 150100},
    {"唐山", 1, 130200}, {"保定", 1, 130600},   {"广州", 2, 440100},     {"深圳", 2, 440300},
    {"东莞", 2, 441900}, {"佛山", 2, 440600},   {"珠海", 2, 440400},     {"南宁", 2, 450100},
    {"海口", 2, 460100}, {"成都", 3, 510100},   {"重庆", 3, 500100},     {"昆明", 3, 530100},
    {"贵阳", 3, 520100}, {"绵阳", 3, 510700},   {"武汉", 4, 420100},     {"长沙", 4, 430100},
    {"郑州", 4, 410100}, {"南昌", 4, 360100},   {"洛阳", 4, 410300},     {"宜昌", 4, 420500},
    {"沈阳", 5, 210100}, {"大连", 5, 210200},   {"长春", 5, 220100},     {"哈尔滨", 5, 230100},
    {"西安", 6, 610100}, {"兰州", 6, 620100},   {"乌鲁木齐", 6, 650100}, {"银川", 6, 640100},
    {"西宁", 6, 630100},
}};

constexpr std::array<std::string_view, 58> kTradeNames = {
    "恒达", "宏远", "华信", "金鼎", "瑞丰", "永盛", "鑫源", "天成", "博远", "中联", "汇通", "东方",
    "精诚", "盛世", "力拓", "联创", "同创", "凯瑞", "德力", "万通", "九州", "安泰", "立信", "众诚",
    "兴业", "广源", "晨光", "华宇", "宏图", "远航", "创新", "新元", "国瑞", "伟业", "海纳", "嘉禾",
    "顺达", "泰和", "金桥", "恒通", "海德", "瑞祥", "天宇", "正信", "鼎盛", "明达", "信诚", "富源",
    "隆盛", "三维", "华瑞", "群英", "启明", "聚能", "鸿运", "通达", "佳美", "合力",
};

constexpr std::array<std::string_view, 24> kIndustries = {
    "机电",     "自动化",   "机械",     "电气",     "液压", "精密机械", "环保科技", "工业设备",
    "五金",     "仪器仪表", "电子",     "新材料",   "化工", "建材",     "模具",     "智能装备",
    "动力设备", "物资",     "工程技术", "流体控制", "传动", "电力设备", "制冷设备", "包装机械",
};

constexpr std::array<std::string_view, 9> kDistricts = {
    "高新区", "经开区", "工业园区", "新区", "开发区", "城东区", "城西区", "城南区", "城北区",
};

constexpr std::array<std::string_view, 18> kRoads = {
    "建设路",   "人民路", "解放路", "中山路", "长江路", "黄河路", "科技路", "创业路", "工业大道",
    "发展大道", "学府路", "新华路", "和平路", "胜利路", "友谊路", "兴业路", "民生路", "环城路",
};

constexpr std::array<int, 24> kMobilePrefixes = {130, 131, 132, 133, 135, 136, 137, 138,
                                                 139, 150, 151, 152, 153, 155, 156, 157,
                                                 158, 159, 177, 180, 186, 187, 188, 199};

struct ProductFamily {
    std::string_view name;
    std::array<std::string_view, 4> specs;  // empty entries unused
    int minYuan;                            // list price of the first spec
    int maxYuan;                            // list price of the last spec
};

constexpr std::array<ProductFamily, 38> kProductFamilies = {{
    {"伺服电机", {"400W", "750W", "1.5kW", "3kW"}, 1800, 7800},
    {"伺服驱动器", {"400W", "750W", "1.5kW", "3kW"}, 1500, 6200},
    {"变频器", {"2.2kW", "7.5kW", "15kW", "37kW"}, 1600, 12800},
    {"步进电机", {"42型", "57型", "86型"}, 90, 480},
    {"减速机", {"RV40", "RV63", "RV90"}, 650, 2400},
    {"行星减速机", {"PX60", "PX90", "PX120"}, 1200, 3600},
    {"可编程控制器", {"16点", "32点", "64点"}, 1800, 6800},
    {"触摸屏", {"7英寸", "10英寸", "15英寸"}, 900, 4200},
    {"工控机", {"标准型", "高性能型"}, 5800, 12800},
    {"液压阀", {"DN10", "DN16", "DN25", "DN32"}, 380, 2600},
    {"电磁换向阀", {"二位四通", "三位四通"}, 420, 980},
    {"齿轮泵", {"CB-B10", "CB-B25", "CB-B63"}, 520, 1800},
    {"柱塞泵", {"10ml/r", "25ml/r", "63ml/r"}, 3800, 12500},
    {"液压油缸", {"Φ50", "Φ80", "Φ125"}, 1200, 5600},
    {"气缸", {"SC32", "SC50", "SC63", "SC100"}, 120, 680},
    {"电磁阀", {"二位五通", "三位五通"}, 85, 260},
    {"直线导轨", {"500mm", "1000mm", "2000mm"}, 320, 1600},
    {"滚珠丝杠", {"1605", "2010", "3210"}, 280, 1500},
    {"深沟球轴承", {"6205", "6308", "6312"}, 18, 120},
    {"调心滚子轴承", {"22215", "22220"}, 480, 1300},
    {"联轴器", {"梅花型", "膜片型"}, 60, 420},
    {"同步带轮", {"HTD5M", "HTD8M"}, 45, 160},
    {"接近开关", {"M12", "M18", "M30"}, 38, 120},
    {"光电传感器", {"对射型", "漫反射型"}, 95, 260},
    {"压力传感器", {"0-1MPa", "0-10MPa", "0-40MPa"}, 420, 1200},
    {"温度传感器", {"PT100", "K型热电偶"}, 60, 180},
    {"增量编码器", {"1000线", "2500线"}, 260, 650},
    {"交流接触器", {"9A", "25A", "65A", "115A"}, 45, 980},
    {"小型断路器", {"C16", "C32", "C63"}, 18, 65},
    {"中间继电器", {"8脚", "14脚"}, 12, 28},
    {"开关电源", {"24V 5A", "24V 10A", "24V 20A"}, 120, 520},
    {"控制电缆", {"RVV 3×1.5 百米", "RVVP 4×1.0 百米"}, 380, 720},
    {"配电柜", {"低压", "动力"}, 8800, 26800},
    {"控制柜", {"标准型", "防爆型"}, 12800, 48000},
    {"防爆电机", {"4kW", "11kW", "30kW"}, 3600, 15800},
    {"密封件套装", {"标准", "耐高温"}, 60, 260},
    {"机器人夹具", {"气动", "电动"}, 2600, 9800},
    {"冷却水泵", {"1.1kW", "3kW"}, 880, 2200},
}};

constexpr std::array<std::string_view, 3> kVisitKinds = {"上门拜访", "电话拜访", "视频会议"};
constexpr std::array<int, 3> kVisitKindWeights = {50, 35, 15};
constexpr std::array<std::string_view, 4> kVisitOutcomes = {"意向明确", "需跟进", "已成交",
                                                            "无需求"};
constexpr std::array<int, 4> kVisitOutcomeWeights = {20, 45, 15, 20};

// Order volume per calendar month, January first: the Spring Festival dip, mid-year and
// year-end peaks.
constexpr std::array<int, 12> kSeasonality = {90, 60, 105, 100, 100, 110,
                                              95, 95, 110, 95,  105, 125};

constexpr std::array<int, 4> kPaymentTerms = {30, 45, 60, 90};
constexpr std::array<int, 4> kPaymentTermWeights = {40, 20, 30, 10};
constexpr std::array<int, 5> kLineCountWeights = {35, 25, 20, 12, 8};
constexpr std::array<int, 6> kDiscounts = {0, 3, 5, 8, 10, 15};
constexpr std::array<int, 6> kDiscountWeights = {50, 10, 15, 10, 10, 5};

// ---------------------------------------------------------------------------------------------
// Model state kept in memory: per salesperson and per customer only.

enum class Payer { Good, Late, Bad };

struct Person {
    std::string name;
    std::string email;
    int team = 0;
    int region = 0;
    bool manager = false;
    bool active = true;
    Date hiredOn;
    Date leftOn;        // inactive only: first day no longer employed (inside the period)
    int weight = 100;   // share of customers
    int visitRate = 0;  // expected visits per full month, x100
    int attitude = 80;  // rating baselines
    int satisfaction = 80;
    std::vector<std::int32_t> customers;  // current and former accounts, for visits
    bool availableOn(Date d) const { return active || d < leftOn; }
};

struct Client {
    Date createdOn;
    std::int32_t owner = 0;    // current salesperson (index)
    std::int32_t former = -1;  // salesperson who left, owner before former's leftOn
    int terms = 30;
    Payer payer = Payer::Good;
    std::int32_t salespersonOn(Date d, const std::vector<Person>& people) const {
        return former >= 0 && people[std::size_t(former)].availableOn(d) ? former : owner;
    }
};

struct Product {
    std::string code;
    std::string name;
    std::int64_t listCents = 0;
};

struct Period {
    std::vector<Month> months;
    std::vector<Date> firsts;
    std::vector<Date> lasts;
    Date start;
    Date end;
    int index(Date d) const {
        const Month m = Month::of(d);
        return (m.year() - months.front().year()) * 12 + int(m.month()) -
               int(months.front().month());
    }
};

std::string chineseNumber(int n) {
    static constexpr std::array<std::string_view, 10> digits = {"",   "一", "二", "三", "四",
                                                                "五", "六", "七", "八", "九"};
    if (n < 10) return std::string(digits[std::size_t(n)]);
    std::string text = n >= 20 ? std::string(digits[std::size_t(n / 10)]) : std::string();
    return text + "十" + std::string(digits[std::size_t(n % 10)]);
}

std::string format(const char* pattern, auto... args) {
    char buf[128];
    std::snprintf(buf, sizeof buf, pattern, args...);
    return buf;
}

// The ISO text of the dates around the period, built once: most rows carry several dates.
class DateText {
public:
    DateText(Date from, Date to) : from_(from) {
        for (Date d = from; d <= to; d = d.plusDays(1)) text_.push_back(d.iso());
    }
    std::string operator()(Date d) const {
        const std::int32_t i = d - from_;
        return i >= 0 && std::size_t(i) < text_.size() ? text_[std::size_t(i)] : d.iso();
    }

private:
    Date from_;
    std::vector<std::string> text_;
};

// 0 = Sunday; 1970-01-01 was a Thursday.
int dayOfWeek(Date d) {
    return int(((d.days() % 7) + 11) % 7);
}

// A day in [from, to], thinned out on weekends.
Date businessDay(Rng& rng, Date from, Date to) {
    Date d = from;
    for (int attempt = 0; attempt < 8; ++attempt) {
        d = from.plusDays(std::int32_t(rng.below((to - from) + 1)));
        const int dow = dayOfWeek(d);
        if (dow == 0 ? rng.percent(10) : dow == 6 ? rng.percent(30) : true) break;
    }
    return d;
}

std::string chineseName(Rng& rng, std::string* pinyin) {
    const Syllable& surname = rng.pick(kSurnames);
    std::string name(surname.hanzi);
    std::string given;
    const int chars = rng.percent(30) ? 1 : 2;
    for (int i = 0; i < chars; ++i) {
        const Syllable& c = rng.pick(kGivenChars);
        name += c.hanzi;
        given += c.pinyin;
    }
    if (pinyin) *pinyin = std::string(surname.pinyin) + "." + given;
    return name;
}

// An 18-character unified social credit code with a valid GB 32100-2015 check character.
std::string taxId(Rng& rng, int areaCode) {
    static constexpr std::string_view alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    static constexpr std::array<int, 17> weights = {1,  3,  9,  27, 19, 26, 16, 17, 20,
                                                    29, 25, 13, 8,  24, 10, 30, 28};
    std::string code = "91" + std::to_string(areaCode + int(rng.between(1, 15)));
    while (code.size() < 17) code += alphabet[std::size_t(rng.below(31))];
    int sum = 0;
    for (std::size_t i = 0; i < 17; ++i) sum += int(alphabet.find(code[i])) * weights[i];
    code += alphabet[std::size_t((31 - sum % 31) % 31)];
    return code;
}

std::vector<Product> productCatalogue() {
    std::vector<Product> products;
    for (const ProductFamily& family : kProductFamilies) {
        const auto specs =
            std::size_t(std::count_if(family.specs.begin(), family.specs.end(),
                                      [](std::string_view s) { return !s.empty(); }));
        for (std::size_t k = 0; k < specs; ++k) {
            const std::int64_t yuan =
                specs == 1 ? family.minYuan
                           : family.minYuan + std::int64_t(family.maxYuan - family.minYuan) *
                                                  std::int64_t(k) / std::int64_t(specs - 1);
            products.push_back({format("P-%d", 10001 + int(products.size())),
                                std::string(family.name) + " " + std::string(family.specs[k]),
                                yuan * 100});
        }
    }
    return products;
}

// Splits total into parts > 0 with random proportions; the last part takes the remainder.
std::vector<std::int64_t> split(Rng& rng, std::int64_t total, int parts) {
    std::vector<std::int64_t> weights(static_cast<std::size_t>(parts));
    std::int64_t sum = 0;
    for (auto& w : weights) sum += (w = rng.between(20, 100));
    std::vector<std::int64_t> amounts;
    std::int64_t left = total;
    for (std::size_t i = 0; i + 1 < weights.size(); ++i) {
        const std::int64_t a = total * weights[i] / sum;
        if (a > 0 && a < left) {
            amounts.push_back(a);
            left -= a;
        }
    }
    amounts.push_back(left);
    return amounts;
}

// ---------------------------------------------------------------------------------------------
// Writing: column vectors bound with use(), one transaction per chunk.

template <typename First, typename... Rest>
void insertChunk(Session& session, const std::string& sql, First& first, Rest&... rest) {
    if (first.empty()) return;
    session.begin();
    Statement statement(session);
    statement << sql, use(first);
    (statement, ..., use(rest));
    statement.execute();
    session.commit();
    first.clear();
    (rest.clear(), ...);
}

struct OrderColumns {
    std::vector<Poco::Int64> id, customerId, salespersonId, amount;
    std::vector<std::string> orderNo, orderDate, status;
    void flush(Session& s) {
        insertChunk(s,
                    "INSERT INTO orders (id, order_no, customer_id, salesperson_id, order_date, "
                    "amount_cents, status) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    id, orderNo, customerId, salespersonId, orderDate, amount, status);
    }
};

struct LineColumns {
    std::vector<Poco::Int64> orderId, lineNo, quantity, unitPrice, amount;
    std::vector<std::string> code, name;
    void flush(Session& s) {
        insertChunk(s,
                    "INSERT INTO order_line (order_id, line_no, product_code, product_name, "
                    "quantity, unit_price_cents, amount_cents) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    orderId, lineNo, code, name, quantity, unitPrice, amount);
    }
};

struct InvoiceColumns {
    std::vector<Poco::Int64> id, orderId, customerId, salespersonId, amount;
    std::vector<std::string> invoiceNo, invoiceDate, dueDate;
    void flush(Session& s) {
        insertChunk(s,
                    "INSERT INTO invoice (id, invoice_no, order_id, customer_id, salesperson_id, "
                    "invoice_date, due_date, amount_cents) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    id, invoiceNo, orderId, customerId, salespersonId, invoiceDate, dueDate,
                    amount);
    }
};

struct PaymentColumns {
    std::vector<Poco::Int64> id, invoiceId, amount;
    std::vector<std::string> paidOn;
    void flush(Session& s) {
        insertChunk(
            s, "INSERT INTO payment (id, invoice_id, paid_on, amount_cents) VALUES (?, ?, ?, ?)",
            id, invoiceId, paidOn, amount);
    }
};

struct VisitColumns {
    std::vector<Poco::Int64> id, salespersonId, customerId;
    std::vector<std::string> visitDate, kind, outcome;
    void flush(Session& s) {
        insertChunk(
            s,
            "INSERT INTO visit (id, salesperson_id, customer_id, visit_date, kind, outcome) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            id, salespersonId, customerId, visitDate, kind, outcome);
    }
};

// ---------------------------------------------------------------------------------------------

class DemoGenerator {
public:
    DemoGenerator(const GeneratorOptions& options, Session& session)
        : options_(options),
          session_(session),
          period_(makePeriod(options)),
          dates_(period_.start.plusDays(-15 * 366), period_.end.plusDays(400)),
          products_(productCatalogue()) {}

    GeneratorReport run() {
        salespeople();
        customers();
        ordersAndReceivables();
        visits();
        targets();
        ratings();
        return report_;
    }

private:
    static Period makePeriod(const GeneratorOptions& options) {
        Period p;
        for (int i = 0; i < options.months; ++i) {
            const Month m = options.end.plusMonths(i - (options.months - 1));
            p.months.push_back(m);
            p.firsts.push_back(m.first());
            p.lasts.push_back(m.last());
        }
        p.start = p.firsts.front();
        p.end = p.lasts.back();
        return p;
    }

    std::int64_t scaled(std::int64_t base, std::int64_t minimum) const {
        return std::max(minimum, std::int64_t(std::llround(double(base) * options_.scale)));
    }

    // Month weight for order volume: seasonality times ~1% growth a month.
    std::int64_t monthWeight(std::size_t i) const {
        return std::int64_t(kSeasonality[period_.months[i].month() - 1]) *
               std::int64_t(1000 + 10 * i);
    }

    void salespeople() {
        Rng rng(options_.seed, Stream::Salespeople);
        const auto count = std::size_t(scaled(500, 1));
        const std::size_t teams = std::max<std::size_t>(1, (count + 10) / 20);
        const std::int32_t totalDays = period_.end - period_.start + 1;

        std::set<std::string> names;
        std::map<std::string, int> emails;
        people_.resize(count);
        std::vector<std::size_t> members;  // non-managers, candidates for having left
        teamStart_.assign(1, 0);
        for (std::size_t i = 0; i < count; ++i) {
            Person& p = people_[i];
            p.team = int(i * teams / count);
            p.manager = i == 0 || people_[i - 1].team != p.team;
            if (p.manager && i > 0) teamStart_.push_back(i);
            p.region = p.team % int(kRegions.size());
            std::string pinyin;
            do {
                p.name = chineseName(rng, &pinyin);
            } while (!names.insert(p.name).second);
            const int seen = ++emails[pinyin];
            p.email =
                pinyin + (seen > 1 ? std::to_string(seen) : std::string()) + "@example.com.cn";
            p.hiredOn = period_.start.plusDays(-std::int32_t(
                p.manager ? rng.between(5 * 365, 12 * 365) : rng.between(30, 8 * 365)));
            p.weight = int(rng.between(60, 160));
            p.attitude = int(rng.between(62, 96));
            p.satisfaction = int(rng.between(60, 96));
            if (!p.manager) members.push_back(i);
        }
        teamStart_.push_back(count);
        // A few have left during the period; they were hired earlier than most.
        std::size_t leavers = count >= 5 ? std::max<std::size_t>(1, count * 3 / 100) : 0;
        leavers = std::min(leavers, members.size());
        for (std::size_t k = 0; k < leavers; ++k) {
            const auto pick = std::size_t(rng.below(std::int64_t(members.size() - k)));
            std::swap(members[pick], members[members.size() - 1 - k]);
            Person& p = people_[members[members.size() - 1 - k]];
            p.active = false;
            p.hiredOn = period_.start.plusDays(-std::int32_t(rng.between(3 * 365, 12 * 365)));
            p.leftOn = period_.start.plusDays(
                std::int32_t(rng.between(totalDays / 6, totalDays * 11 / 12)));
        }
        // Visit rates such that the months actually worked add up to the scaled total.
        std::int64_t monthsWorked100 = 0;
        for (const Person& p : people_) {
            for (std::size_t mi = 0; mi < period_.months.size(); ++mi) {
                monthsWorked100 +=
                    daysWorked(p, mi) * 100 / (period_.lasts[mi] - period_.firsts[mi] + 1);
            }
        }
        const std::int64_t visitsPerMonth =
            scaled(600000, 0) * 100 * 100 / std::max<std::int64_t>(1, monthsWorked100);
        for (Person& p : people_) p.visitRate = int(visitsPerMonth * rng.between(70, 130) / 100);

        std::vector<Poco::Int64> id, active;
        std::vector<Poco::Nullable<Poco::Int64>> managerId;
        std::vector<std::string> name, email, team, region, hiredOn;
        std::size_t managerIndex = 0;
        for (std::size_t i = 0; i < count; ++i) {
            const Person& p = people_[i];
            if (p.manager) managerIndex = i;
            id.push_back(Poco::Int64(i + 1));
            name.push_back(p.name);
            email.push_back(p.email);
            team.push_back(std::string(kRegions[std::size_t(p.region)]) +
                           chineseNumber(p.team / int(kRegions.size()) + 1) + "组");
            region.push_back(std::string(kRegions[std::size_t(p.region)]));
            managerId.push_back(p.manager
                                    ? Poco::Nullable<Poco::Int64>()
                                    : Poco::Nullable<Poco::Int64>(Poco::Int64(managerIndex + 1)));
            hiredOn.push_back(dates_(p.hiredOn));
            active.push_back(p.active ? 1 : 0);
        }
        insertChunk(session_,
                    "INSERT INTO salesperson (id, name, email, team, region, manager_id, hired_on, "
                    "active) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    id, name, email, team, region, managerId, hiredOn, active);
        report_.rows["salesperson"] = std::int64_t(count);
    }

    void customers() {
        Rng rng(options_.seed, Stream::Customers);
        const auto count = std::size_t(scaled(20000, 3));
        const std::int32_t totalDays = period_.end - period_.start + 1;

        // Ids follow creation order, so the customers existing on a day are an id prefix.
        std::vector<Date> created(count);
        const std::size_t inPeriod = count * 30 / 100;
        for (std::size_t i = 0; i < count; ++i) {
            created[i] = i < inPeriod
                             ? period_.start.plusDays(std::int32_t(rng.below(totalDays)))
                             : period_.start.plusDays(-std::int32_t(rng.between(1, 6 * 365)));
        }
        std::sort(created.begin(), created.end());

        std::vector<std::int64_t> ownerWeights;
        std::int64_t ownerTotal = 0;
        for (const Person& p : people_) ownerWeights.push_back(ownerTotal += p.weight);

        std::set<std::string> names;
        clients_.resize(count);
        orderWeights_.clear();
        std::int64_t orderTotal = 0;
        for (std::size_t i = 0; i < count; ++i) {
            Client& c = clients_[i];
            c.createdOn = created[i];
            auto owner = std::int32_t(
                std::upper_bound(ownerWeights.begin(), ownerWeights.end(), rng.below(ownerTotal)) -
                ownerWeights.begin());
            if (!people_[std::size_t(owner)].active) {
                // The leaver's accounts went to an active teammate (the manager at least).
                std::int32_t heir = owner;
                while (!people_[std::size_t(heir)].active) {
                    heir = teammate(rng, people_[std::size_t(owner)].team);
                }
                if (c.createdOn < people_[std::size_t(owner)].leftOn) {
                    c.former = owner;
                    people_[std::size_t(owner)].customers.push_back(std::int32_t(i));
                }
                owner = heir;
            }
            c.owner = owner;
            people_[std::size_t(owner)].customers.push_back(std::int32_t(i));
            c.terms = kPaymentTerms[rng.weighted(kPaymentTermWeights)];
            const int kind = int(rng.below(100));
            c.payer = kind < 65 ? Payer::Good : kind < 90 ? Payer::Late : Payer::Bad;
            // Heavy-tailed order frequency: a few customers buy far more than most.
            const std::int64_t x = rng.below(1000);
            const std::int64_t weight = 1 + x * x * x * 40 / 1000000000;
            orderWeights_.push_back(orderTotal += weight);

            const int region = rng.percent(95) ? people_[std::size_t(owner)].region
                                               : int(rng.below(std::int64_t(kRegions.size())));
            std::vector<const City*> cities;
            for (const City& city : kCities) {
                if (city.region == region) cities.push_back(&city);
            }
            const City& city = *cities[std::size_t(rng.below(std::int64_t(cities.size())))];
            std::string name;
            for (int attempt = 0; attempt < 12; ++attempt) {
                const int suffix = int(rng.below(10));
                name = std::string(city.name) + std::string(rng.pick(kTradeNames)) +
                       std::string(rng.pick(kIndustries)) +
                       (suffix == 0   ? "股份有限公司"
                        : suffix == 1 ? "有限责任公司"
                                      : "有限公司");
                if (!names.contains(name)) break;
            }
            const std::string headOffice = name;
            for (int branch = 2; names.contains(name); ++branch) {
                name = headOffice + "第" +
                       (branch < 100 ? chineseNumber(branch) : std::to_string(branch)) + "分公司";
            }
            names.insert(name);

            custId_.push_back(Poco::Int64(i + 1));
            custName_.push_back(name);
            custSalesperson_.push_back(Poco::Int64(owner + 1));
            custRegion_.push_back(std::string(kRegions[std::size_t(region)]));
            custCreated_.push_back(dates_(c.createdOn));
            custAddress_.push_back(
                std::string(city.name) + "市" + std::string(rng.pick(kDistricts)) +
                std::string(rng.pick(kRoads)) + std::to_string(rng.between(1, 999)) + "号");
            custContact_.push_back(chineseName(rng, nullptr));
            custPhone_.push_back(format("%d-%04d-%04d", rng.pick(kMobilePrefixes),
                                        int(rng.below(10000)), int(rng.below(10000))));
            custTaxId_.push_back(taxId(rng, city.areaCode));
            custTerms_.push_back(c.terms);
            custCredit_.push_back(Poco::Int64(5 + weight * rng.between(2, 6)) * 10000 * 100);
            if (custId_.size() >= kChunkRows) flushCustomers();
        }
        flushCustomers();
        report_.rows["customer"] = std::int64_t(count);
    }

    void flushCustomers() {
        insertChunk(session_,
                    "INSERT INTO customer (id, name, salesperson_id, region, created_on, address, "
                    "contact, phone, tax_id, payment_terms_days, credit_limit_cents) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    custId_, custName_, custSalesperson_, custRegion_, custCreated_, custAddress_,
                    custContact_, custPhone_, custTaxId_, custTerms_, custCredit_);
    }

    // Orders month by month in date order, each with its lines, its invoice and the
    // invoice's payments; only per-month state is held.
    void ordersAndReceivables() {
        const double orderScale = options_.orderScale > 0 ? options_.orderScale : options_.scale;
        const std::int64_t total = std::max<std::int64_t>(1, std::int64_t(std::llround(1000000.0 * orderScale)));
        std::int64_t weightSum = 0;
        for (std::size_t i = 0; i < period_.months.size(); ++i) weightSum += monthWeight(i);
        sales_.assign(people_.size() * period_.months.size(), 0);

        std::vector<std::int64_t> invoiceSerial(period_.months.size(), 0);
        std::int64_t orderId = 0, invoiceId = 0, paymentId = 0, lineRows = 0;
        std::int64_t weightSoFar = 0;
        for (std::size_t mi = 0; mi < period_.months.size(); ++mi) {
            Rng rng(options_.seed, Stream::Orders, mi);
            const std::int64_t before = total * weightSoFar / weightSum;
            weightSoFar += monthWeight(mi);
            const std::int64_t count = total * weightSoFar / weightSum - before;

            std::vector<Date> days(static_cast<std::size_t>(count));
            for (Date& d : days) d = businessDay(rng, period_.firsts[mi], period_.lasts[mi]);
            std::sort(days.begin(), days.end());

            // Drafts pile up in the last weeks; older ones were mostly confirmed or cancelled.
            const std::size_t fromEnd = period_.months.size() - 1 - mi;
            const int draftPermille = fromEnd == 0 ? 150 : fromEnd == 1 ? 60 : 15;
            const std::string yyyymm =
                format("%04d%02u", period_.months[mi].year(), period_.months[mi].month());

            for (std::size_t k = 0; k < days.size(); ++k) {
                const Date day = days[k];
                // Only customers created by that day: an id prefix, drawn by order weight.
                const auto existing = std::size_t(
                    std::upper_bound(clients_.begin(), clients_.end(), day,
                                     [](Date d, const Client& c) { return d < c.createdOn; }) -
                    clients_.begin());
                const auto customer =
                    std::size_t(std::upper_bound(orderWeights_.begin(),
                                                 orderWeights_.begin() + std::ptrdiff_t(existing),
                                                 rng.below(orderWeights_[existing - 1])) -
                                orderWeights_.begin());
                const Client& client = clients_[customer];
                std::int32_t seller = client.salespersonOn(day, people_);
                if (rng.percent(6)) {
                    // A teammate covering the account.
                    const std::int32_t mate = teammate(rng, people_[std::size_t(seller)].team);
                    if (people_[std::size_t(mate)].availableOn(day)) seller = mate;
                }
                ++orderId;
                const int statusDraw = int(rng.below(1000));
                const bool confirmed = statusDraw >= 50 + draftPermille;
                const char* status = confirmed         ? "confirmed"
                                     : statusDraw < 50 ? "cancelled"
                                                       : "draft";
                std::int64_t amount = 0;
                const int lines = int(rng.weighted(kLineCountWeights)) + 1;
                for (int line = 1; line <= lines; ++line) {
                    const Product& product =
                        products_[std::size_t(rng.below(std::int64_t(products_.size())))];
                    const std::int64_t unitPrice =
                        product.listCents * (100 - kDiscounts[rng.weighted(kDiscountWeights)]) /
                        100;
                    const std::int64_t maxQuantity =
                        std::clamp<std::int64_t>(600000 / product.listCents, 1, 200);
                    const std::int64_t quantity = maxQuantity >= 50
                                                      ? 10 * rng.between(1, maxQuantity / 10)
                                                      : rng.between(1, maxQuantity);
                    amount += quantity * unitPrice;
                    lines_.orderId.push_back(orderId);
                    lines_.lineNo.push_back(line);
                    lines_.code.push_back(product.code);
                    lines_.name.push_back(product.name);
                    lines_.quantity.push_back(quantity);
                    lines_.unitPrice.push_back(unitPrice);
                    lines_.amount.push_back(quantity * unitPrice);
                }
                lineRows += lines;
                orders_.id.push_back(orderId);
                orders_.orderNo.push_back("SO-" + yyyymm + format("-%06zu", k + 1));
                orders_.customerId.push_back(Poco::Int64(customer + 1));
                orders_.salespersonId.push_back(seller + 1);
                orders_.orderDate.push_back(dates_(day));
                orders_.amount.push_back(amount);
                orders_.status.push_back(status);
                if (orders_.id.size() >= kChunkRows) orders_.flush(session_);
                if (lines_.orderId.size() >= kChunkRows) lines_.flush(session_);

                if (!confirmed) continue;  // only confirmed orders are invoiced
                sales_[std::size_t(seller) * period_.months.size() + mi] += amount;
                // A few confirmed orders are never invoiced; the others within ten days.
                if (rng.percent(3)) continue;
                const Date invoiceDate = day.plusDays(std::int32_t(rng.between(0, 10)));
                if (invoiceDate > period_.end) continue;
                const Date due = invoiceDate.plusDays(client.terms);
                const auto invoiceMonth = std::size_t(period_.index(invoiceDate));
                ++invoiceId;
                invoices_.id.push_back(invoiceId);
                invoices_.invoiceNo.push_back(format("INV-%04d%02u-%06lld",
                                                     period_.months[invoiceMonth].year(),
                                                     period_.months[invoiceMonth].month(),
                                                     (long long)++invoiceSerial[invoiceMonth]));
                invoices_.orderId.push_back(orderId);
                invoices_.customerId.push_back(Poco::Int64(customer + 1));
                invoices_.salespersonId.push_back(seller + 1);
                invoices_.invoiceDate.push_back(dates_(invoiceDate));
                invoices_.dueDate.push_back(dates_(due));
                invoices_.amount.push_back(amount);
                if (invoices_.id.size() >= kChunkRows) invoices_.flush(session_);

                for (const auto& [paidOn, paid] :
                     payments(rng, client.payer, invoiceDate, due, amount)) {
                    if (paidOn > period_.end) break;  // not yet paid at the end of the data
                    payments_.id.push_back(++paymentId);
                    payments_.invoiceId.push_back(invoiceId);
                    payments_.paidOn.push_back(dates_(paidOn));
                    payments_.amount.push_back(paid);
                    if (payments_.id.size() >= kChunkRows) payments_.flush(session_);
                }
            }
        }
        orders_.flush(session_);
        lines_.flush(session_);
        invoices_.flush(session_);
        payments_.flush(session_);
        report_.rows["orders"] = orderId;
        report_.rows["order_line"] = lineRows;
        report_.rows["invoice"] = invoiceId;
        report_.rows["payment"] = paymentId;
    }

    // The payments an invoice will receive, in date order, possibly beyond the period's end
    // (the caller drops those). Their total never exceeds the amount.
    std::vector<std::pair<Date, std::int64_t>> payments(Rng& rng, Payer payer, Date invoiceDate,
                                                        Date due, std::int64_t amount) {
        std::vector<std::pair<Date, std::int64_t>> out;
        auto instalments = [&](Date first, std::int64_t total, int parts, int gapMin, int gapMax) {
            Date d = first;
            for (const std::int64_t part : split(rng, total, parts)) {
                out.emplace_back(d, part);
                d = d.plusDays(std::int32_t(rng.between(gapMin, gapMax)));
            }
        };
        const int draw = int(rng.below(100));
        switch (payer) {
            case Payer::Good:
                if (draw < 3) break;  // disputed, never paid
                if (draw < 50) {
                    // Deposit soon after invoicing, balance by the due date.
                    const std::int64_t deposit = amount * rng.between(20, 50) / 100;
                    const Date first = invoiceDate.plusDays(std::int32_t(rng.between(0, 7)));
                    out.emplace_back(first, deposit);
                    out.emplace_back(
                        std::max(first, due.plusDays(-std::int32_t(rng.between(0, 10)))),
                        amount - deposit);
                } else if (draw < 92) {
                    out.emplace_back(
                        std::max(invoiceDate, due.plusDays(-std::int32_t(rng.between(0, 20)))),
                        amount);
                } else {
                    out.emplace_back(due.plusDays(std::int32_t(rng.between(1, 15))), amount);
                }
                break;
            case Payer::Late: {
                if (draw < 3) break;
                const int parts = draw < 40 ? 1 : draw < 70 ? 2 : 3;
                instalments(due.plusDays(std::int32_t(rng.between(10, 120))), amount, parts, 15,
                            60);
                break;
            }
            case Payer::Bad:
                if (draw < 35) break;
                if (draw < 80) {
                    instalments(due.plusDays(std::int32_t(rng.between(30, 180))),
                                amount * rng.between(20, 80) / 100, int(rng.between(1, 2)), 20, 90);
                } else {
                    instalments(due.plusDays(std::int32_t(rng.between(90, 300))), amount,
                                int(rng.between(1, 3)), 30, 120);
                }
                break;
        }
        return out;
    }

    void visits() {
        VisitColumns columns;
        std::int64_t visitId = 0;
        struct Row {
            Date day;
            std::int32_t person, customer;
            std::size_t kind, outcome;
        };
        for (std::size_t mi = 0; mi < period_.months.size(); ++mi) {
            Rng rng(options_.seed, Stream::Visits, mi);
            const Date first = period_.firsts[mi], last = period_.lasts[mi];
            const std::int32_t monthDays = last - first + 1;
            std::vector<Row> rows;
            for (std::size_t pi = 0; pi < people_.size(); ++pi) {
                const Person& p = people_[pi];
                const std::int32_t days = daysWorked(p, mi);
                if (days == 0) continue;
                const Date to = first.plusDays(days - 1);
                const std::int64_t scale = std::int64_t(100) * 100 * monthDays;
                const std::int64_t count =
                    (std::int64_t(p.visitRate) * rng.between(85, 115) * days + scale / 2) / scale;
                for (std::int64_t k = 0; k < count; ++k) {
                    const Date day = businessDay(rng, first, to);
                    const auto existing =
                        std::upper_bound(clients_.begin(), clients_.end(), day,
                                         [](Date d, const Client& c) { return d < c.createdOn; }) -
                        clients_.begin();
                    std::int32_t customer = -1;
                    if (!p.customers.empty() && rng.percent(88)) {
                        for (int attempt = 0; attempt < 4 && customer < 0; ++attempt) {
                            const std::int32_t c = p.customers[std::size_t(
                                rng.below(std::int64_t(p.customers.size())))];
                            if (c < existing) customer = c;
                        }
                    }
                    if (customer < 0) {
                        // A prospect, or a colleague's account.
                        customer = std::int32_t(rng.below(existing));
                    }
                    rows.push_back({day, std::int32_t(pi), customer,
                                    rng.weighted(kVisitKindWeights),
                                    rng.weighted(kVisitOutcomeWeights)});
                }
            }
            // Ids in date order (stable: ties keep generation order), like a real visit log.
            std::stable_sort(rows.begin(), rows.end(),
                             [](const Row& a, const Row& b) { return a.day < b.day; });
            for (const Row& row : rows) {
                columns.id.push_back(++visitId);
                columns.salespersonId.push_back(row.person + 1);
                columns.customerId.push_back(row.customer + 1);
                columns.visitDate.push_back(dates_(row.day));
                columns.kind.push_back(std::string(kVisitKinds[row.kind]));
                columns.outcome.push_back(std::string(kVisitOutcomes[row.outcome]));
                if (columns.id.size() >= kChunkRows) columns.flush(session_);
            }
        }
        columns.flush(session_);
        report_.rows["visit"] = visitId;
    }

    // A member of the team, uniformly; teams are contiguous runs of salespeople.
    std::int32_t teammate(Rng& rng, int team) const {
        const std::size_t from = teamStart_[std::size_t(team)];
        const std::size_t to = teamStart_[std::size_t(team) + 1];
        return std::int32_t(from + std::size_t(rng.below(std::int64_t(to - from))));
    }

    // Days of month mi the person was employed (from its first day on).
    std::int32_t daysWorked(const Person& p, std::size_t mi) const {
        const Date last =
            p.active ? period_.lasts[mi] : std::min(period_.lasts[mi], p.leftOn.plusDays(-1));
        return std::max(0, last - period_.firsts[mi] + 1);
    }

    // Months in which the person worked at least one day.
    bool worked(const Person& p, std::size_t mi) const { return p.availableOn(period_.firsts[mi]); }

    void targets() {
        Rng rng(options_.seed, Stream::Targets);
        const std::size_t months = period_.months.size();
        std::int64_t meanWeight = 0;
        for (std::size_t mi = 0; mi < months; ++mi) meanWeight += monthWeight(mi);
        meanWeight /= std::int64_t(months);

        std::vector<Poco::Int64> salespersonId, salesTarget, visitTarget;
        std::vector<std::string> month;
        std::int64_t rows = 0;
        for (std::size_t pi = 0; pi < people_.size(); ++pi) {
            const Person& p = people_[pi];
            std::int64_t sales = 0, monthsWorked = 0;
            for (std::size_t mi = 0; mi < months; ++mi) {
                if (!worked(p, mi)) continue;
                sales += sales_[pi * months + mi];
                ++monthsWorked;
            }
            const std::int64_t typical = monthsWorked > 0 ? sales / monthsWorked : 0;
            for (std::size_t mi = 0; mi < months; ++mi) {
                if (!worked(p, mi) || rng.percent(5)) continue;  // some months have no target set
                std::int64_t target =
                    typical * monthWeight(mi) / meanWeight * rng.between(85, 125) / 100;
                target = std::max<std::int64_t>(
                    100000, (target + 50000) / 100000 * 100000);  // whole ¥1,000
                if (rng.permille(10)) target = 0;
                const std::int64_t visits = std::max<std::int64_t>(
                    5, (p.visitRate * rng.between(90, 115) / 100 + 250) / 500 * 5);
                salespersonId.push_back(Poco::Int64(pi + 1));
                month.push_back(period_.months[mi].iso());
                salesTarget.push_back(target);
                visitTarget.push_back(visits);
                ++rows;
            }
        }
        insertChunk(session_,
                    "INSERT INTO target (salesperson_id, month, sales_target_cents, visit_target) "
                    "VALUES (?, ?, ?, ?)",
                    salespersonId, month, salesTarget, visitTarget);
        report_.rows["target"] = rows;
    }

    void ratings() {
        Rng rng(options_.seed, Stream::Ratings);
        std::vector<Poco::Int64> salespersonId, attitude, satisfaction;
        std::vector<std::string> month;
        std::int64_t rows = 0;
        for (std::size_t pi = 0; pi < people_.size(); ++pi) {
            const Person& p = people_[pi];
            for (std::size_t mi = 0; mi < period_.months.size(); ++mi) {
                if (!worked(p, mi) || rng.percent(10)) continue;
                salespersonId.push_back(Poco::Int64(pi + 1));
                month.push_back(period_.months[mi].iso());
                attitude.push_back(
                    std::clamp<std::int64_t>(p.attitude + rng.between(-8, 8), 50, 100));
                satisfaction.push_back(
                    std::clamp<std::int64_t>(p.satisfaction + rng.between(-10, 10), 50, 100));
                ++rows;
            }
        }
        insertChunk(
            session_,
            "INSERT INTO rating (salesperson_id, month, attitude_score, satisfaction_score) "
            "VALUES (?, ?, ?, ?)",
            salespersonId, month, attitude, satisfaction);
        report_.rows["rating"] = rows;
    }

    const GeneratorOptions& options_;
    Session& session_;
    const Period period_;
    const DateText dates_;
    const std::vector<Product> products_;
    GeneratorReport report_;

    std::vector<Person> people_;
    std::vector<std::size_t> teamStart_;      // first person of each team, then people_.size()
    std::vector<Client> clients_;             // index = customer id - 1, ascending created_on
    std::vector<std::int64_t> orderWeights_;  // running sum of customers' order weights
    std::vector<std::int64_t> sales_;         // confirmed sales per [person][month]

    std::vector<Poco::Int64> custId_, custSalesperson_, custTerms_, custCredit_;
    std::vector<std::string> custName_, custRegion_, custCreated_, custAddress_, custContact_,
        custPhone_, custTaxId_;
    OrderColumns orders_;
    LineColumns lines_;
    InvoiceColumns invoices_;
    PaymentColumns payments_;
};

void removeIfExists(const std::string& path) {
    Poco::File file(path);
    if (file.exists()) file.remove();
}

}  // namespace

GeneratorReport generateDemoData(const GeneratorOptions& options) {
    if (options.dbPath.empty())
        throw Poco::InvalidArgumentException("generate: no database path given");
    if (!(options.orderScale >= 0 && options.orderScale <= 100))
        throw Poco::InvalidArgumentException("generate: order scale must be in [0, 100]");
    if (!(options.scale > 0 && options.scale <= 100)) {
        throw Poco::InvalidArgumentException("generate: scale must be in (0, 100], got " +
                                             std::to_string(options.scale));
    }
    if (options.months < 1 || options.months > 240) {
        throw Poco::InvalidArgumentException("generate: months must be 1..240, got " +
                                             std::to_string(options.months));
    }
    Poco::Data::SQLite::Connector::registerConnector();

    const std::string tmpPath = options.dbPath + ".tmp";
    removeIfExists(tmpPath);
    removeIfExists(tmpPath + "-journal");
    GeneratorReport report;
    try {
        Session session("SQLite", tmpPath);
        // The file is disposable until renamed, so no journal and no fsync; the fixed page
        // size keeps the bytes independent of the library's compiled-in default.
        session << "PRAGMA page_size = 4096", Poco::Data::Keywords::now;
        session << "PRAGMA journal_mode = OFF", Poco::Data::Keywords::now;
        session << "PRAGMA synchronous = OFF", Poco::Data::Keywords::now;
        session << "PRAGMA cache_size = -32768", Poco::Data::Keywords::now;
        session << kCanonicalSchemaSql, Poco::Data::Keywords::now;
        report = DemoGenerator(options, session).run();
        session.close();
        Poco::File(tmpPath).renameTo(options.dbPath);
    } catch (...) {
        removeIfExists(tmpPath);
        throw;
    }
    return report;
}

}  // namespace yewu
