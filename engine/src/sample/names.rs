//! The generator's vocabulary: surnames, given-name characters with their pinyin, English
//! aliases, departments with their positions, mobile prefixes and offices.
//!
//! Pinyin is written without tones and `ü` as `v` (吕 → `lv`), the way WeCom and DingTalk accounts
//! spell it. Surnames carry their surname reading, which differs from the common reading for
//! 单 (shan, not dan), 曾 (zeng, not ceng), 解 (xie, not jie), 仇 (qiu, not chou) and 朴 (piao,
//! not pu) — exactly the cases pinyin search must get right, so the sample has them.

/// Surname, pinyin, relative frequency (roughly the 2020 census order, rare ones kept in on purpose).
pub(super) const SURNAMES: &[(&str, &str, u32)] = &[
    ("王", "wang", 70), ("李", "li", 70), ("张", "zhang", 65), ("刘", "liu", 50), ("陈", "chen", 45),
    ("杨", "yang", 32), ("黄", "huang", 24), ("赵", "zhao", 22), ("吴", "wu", 20), ("周", "zhou", 20),
    ("徐", "xu", 15), ("孙", "sun", 15), ("马", "ma", 14), ("朱", "zhu", 13), ("胡", "hu", 12),
    ("郭", "guo", 12), ("何", "he", 11), ("林", "lin", 10), ("罗", "luo", 10), ("高", "gao", 10),
    ("郑", "zheng", 9), ("梁", "liang", 9), ("谢", "xie", 8), ("宋", "song", 8), ("唐", "tang", 8),
    ("许", "xu", 7), ("韩", "han", 7), ("冯", "feng", 7), ("邓", "deng", 7), ("曹", "cao", 6),
    ("彭", "peng", 6), ("曾", "zeng", 6), ("肖", "xiao", 6), ("田", "tian", 5), ("董", "dong", 5),
    ("潘", "pan", 5), ("袁", "yuan", 5), ("蔡", "cai", 5), ("蒋", "jiang", 5), ("余", "yu", 5),
    ("于", "yu", 5), ("杜", "du", 4), ("叶", "ye", 4), ("程", "cheng", 4), ("魏", "wei", 4),
    ("苏", "su", 4), ("吕", "lv", 4), ("丁", "ding", 4), ("沈", "shen", 4), ("任", "ren", 4),
    ("姚", "yao", 3), ("卢", "lu", 3), ("钟", "zhong", 3), ("姜", "jiang", 3), ("崔", "cui", 3),
    ("谭", "tan", 3), ("陆", "lu", 3), ("范", "fan", 3), ("汪", "wang", 3), ("廖", "liao", 3),
    ("石", "shi", 3), ("金", "jin", 3), ("贾", "jia", 3), ("夏", "xia", 3), ("方", "fang", 3),
    ("邹", "zou", 2), ("熊", "xiong", 2), ("白", "bai", 2), ("孟", "meng", 2), ("秦", "qin", 2),
    ("邱", "qiu", 2), ("侯", "hou", 2), ("江", "jiang", 2), ("尹", "yin", 2), ("薛", "xue", 2),
    ("段", "duan", 2), ("雷", "lei", 2), ("龙", "long", 2), ("史", "shi", 2), ("陶", "tao", 2),
    ("贺", "he", 2), ("毛", "mao", 2), ("郝", "hao", 2), ("顾", "gu", 2), ("龚", "gong", 2),
    ("邵", "shao", 2), ("万", "wan", 2), ("钱", "qian", 2), ("戴", "dai", 2), ("严", "yan", 2),
    ("孔", "kong", 1), ("向", "xiang", 1), ("常", "chang", 1), ("莫", "mo", 1), ("武", "wu", 1),
    // Surnames read differently from the character's common reading.
    ("单", "shan", 2), ("解", "xie", 2), ("仇", "qiu", 2), ("朴", "piao", 2),
    // Two-character surnames.
    ("欧阳", "ouyang", 2), ("司马", "sima", 1), ("诸葛", "zhuge", 1), ("上官", "shangguan", 1),
];

/// Given-name characters more common for men.
pub(super) const GIVEN_MALE: &[(&str, &str)] = &[
    ("伟", "wei"), ("强", "qiang"), ("磊", "lei"), ("军", "jun"), ("勇", "yong"), ("杰", "jie"),
    ("涛", "tao"), ("超", "chao"), ("刚", "gang"), ("辉", "hui"), ("建", "jian"), ("国", "guo"),
    ("浩", "hao"), ("轩", "xuan"), ("博", "bo"), ("鹏", "peng"), ("飞", "fei"), ("俊", "jun"),
    ("志", "zhi"), ("峰", "feng"), ("斌", "bin"), ("凯", "kai"), ("鑫", "xin"), ("宇", "yu"),
];

/// Given-name characters more common for women.
pub(super) const GIVEN_FEMALE: &[(&str, &str)] = &[
    ("芳", "fang"), ("娜", "na"), ("敏", "min"), ("静", "jing"), ("丽", "li"), ("艳", "yan"),
    ("娟", "juan"), ("秀", "xiu"), ("霞", "xia"), ("婷", "ting"), ("雪", "xue"), ("慧", "hui"),
    ("琳", "lin"), ("颖", "ying"), ("倩", "qian"), ("瑶", "yao"), ("欣", "xin"), ("怡", "yi"),
    ("琪", "qi"), ("萍", "ping"), ("玲", "ling"), ("燕", "yan"), ("璐", "lu"), ("丹", "dan"),
];

/// Given-name characters used for anyone.
pub(super) const GIVEN_ANY: &[(&str, &str)] = &[
    ("明", "ming"), ("华", "hua"), ("文", "wen"), ("晨", "chen"), ("子", "zi"), ("涵", "han"),
    ("思", "si"), ("雨", "yu"), ("佳", "jia"), ("嘉", "jia"), ("晓", "xiao"), ("海", "hai"),
    ("春", "chun"), ("宁", "ning"), ("天", "tian"), ("一", "yi"), ("诺", "nuo"), ("安", "an"),
    ("梓", "zi"), ("平", "ping"), ("玉", "yu"), ("英", "ying"), ("家", "jia"), ("立", "li"),
];

/// English names people put in WeCom's 别名 column.
pub(super) const ALIAS_MALE: &[&str] = &[
    "Tony", "Jack", "Kevin", "Leo", "Eric", "Jason", "David", "Frank", "Peter", "Sam", "Vincent",
    "Allen",
];
pub(super) const ALIAS_FEMALE: &[&str] = &[
    "Amy", "Linda", "Grace", "Cindy", "Emma", "Vivian", "Lily", "Cathy", "Sophia", "Iris", "Nina",
    "Wendy",
];

/// Department path (WeCom admin style, `/` between levels), relative size, and its positions.
pub(super) const DEPARTMENTS: &[(&str, u32, &[&str])] = &[
    ("总部/研发中心/平台组", 14, &["后端工程师", "高级工程师", "架构师", "技术经理"]),
    ("总部/研发中心/前端组", 10, &["前端工程师", "高级前端工程师", "技术经理"]),
    ("总部/研发中心/测试组", 7, &["测试工程师", "测试开发工程师", "测试主管"]),
    ("总部/研发中心/数据组", 6, &["数据分析师", "数据工程师", "算法工程师"]),
    ("总部/产品中心/产品部", 7, &["产品经理", "高级产品经理", "产品总监"]),
    ("总部/产品中心/设计部", 5, &["交互设计师", "视觉设计师", "设计主管"]),
    ("总部/销售中心/华东大区", 10, &["销售代表", "客户经理", "大区经理"]),
    ("总部/销售中心/华南大区", 8, &["销售代表", "客户经理", "大区经理"]),
    ("总部/销售中心/华北大区", 8, &["销售代表", "客户经理", "大区经理"]),
    ("总部/市场部", 5, &["市场专员", "品牌经理", "市场总监"]),
    ("总部/客户成功部", 6, &["客户成功经理", "技术支持工程师"]),
    ("总部/财务部", 4, &["会计", "出纳", "财务经理"]),
    ("总部/人力资源部", 4, &["招聘专员", "HRBP", "人事经理"]),
    ("总部/行政部", 3, &["行政专员", "前台", "行政主管"]),
    ("总部/法务部", 2, &["法务专员", "法务经理"]),
    ("总部/香港分公司/业务部", 3, &["Account Manager", "业务经理"]),
];

/// Mainland mobile prefixes that match libphonenumber's CN mobile pattern
/// (`1(?:[38]\d|4[57]|[59][0-35-9]|6[25-7]|7[0-35-8])\d{8}`), weighted towards the old 13x/18x.
pub(super) const MOBILE_PREFIXES: &[&str] = &[
    "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "135", "136", "137", "138",
    "139", "145", "147", "150", "151", "152", "153", "155", "156", "157", "158", "159", "162", "166",
    "167", "170", "171", "173", "175", "176", "177", "178", "180", "181", "182", "183", "184", "185",
    "186", "187", "188", "189", "186", "187", "188", "189", "191", "193", "195", "198", "199",
];

/// Offices: landline area code and address.
pub(super) const OFFICES: &[(&str, &str)] = &[
    ("010", "北京市海淀区中关村大街1号"),
    ("021", "上海市浦东新区张江路88号"),
    ("0755", "深圳市南山区科技园南区高新南一道6号"),
    ("020", "广州市天河区珠江新城华夏路10号"),
    ("0571", "杭州市西湖区文三路90号"),
];

/// The domain of enterprise mailboxes; personal ones use the other reserved names, so a sample
/// address can never reach a real inbox (RFC 2606).
pub(super) const CORP_DOMAIN: &str = "minglu.example.com";
pub(super) const PERSONAL_DOMAINS: &[&str] = &["example.com", "example.net", "example.org"];
