//! A held-out WeCom-style directory for the check bar (`check_bar.rs`) and the error report
//! round trip (`error_report.rs`): written here, independently of `minglu::sample`, with its own
//! names, accounts, departments, cell kinds and random generator, so the validators are measured
//! on data they were not tuned on.
//!
//! The sheet is what a WeCom admin hands in: a merged title row, a merged instructions row, the
//! header on row 3 with `*` marks on required columns, then people — mobiles mostly text, some
//! numeric cells; join dates as date cells or typed text; several departments joined by `；`.
//! [`to_xlsx`] writes it as Excel would save it; [`to_gbk_csv`] as Chinese Excel's "save as CSV"
//! (GBK, no BOM, what the cells display). The faults are injected by [`faults`].
#![allow(dead_code)]

pub mod faults;

use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, Formula, Workbook};
use std::collections::HashSet;

/// xorshift64* (Vigna 2016): not the sample generator's splitmix64, on purpose.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    pub fn chance(&mut self, p: f64) -> bool {
        ((self.next() >> 11) as f64 / (1u64 << 53) as f64) < p
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    pub fn digits(&mut self, n: usize) -> String {
        (0..n).map(|_| char::from(b'0' + self.below(10) as u8)).collect()
    }
}

/// One cell as the person's workbook holds it.
#[derive(Debug, Clone, PartialEq)]
pub enum TCell {
    Empty,
    Text(String),
    /// A number; `format` its number format, `display` what Excel shows (and writes to a CSV).
    Number {
        value: f64,
        format: Option<&'static str>,
        display: String,
    },
    /// A date cell formatted `yyyy/m/d`.
    Date(u16, u8, u8),
    /// A formula with the value Excel last computed.
    Formula {
        formula: String,
        result: String,
    },
    /// Covered by a vertical merge that starts higher up (empty in a CSV).
    Covered,
}

impl TCell {
    pub fn text(s: impl Into<String>) -> TCell {
        let s = s.into();
        if s.is_empty() {
            TCell::Empty
        } else {
            TCell::Text(s)
        }
    }
    /// What the cell shows: what a CSV gets, and what a person would retype.
    pub fn display(&self) -> String {
        match self {
            TCell::Empty | TCell::Covered => String::new(),
            TCell::Text(s) => s.clone(),
            TCell::Number { display, .. } => display.clone(),
            TCell::Date(y, m, d) => format!("{y}/{m}/{d}"),
            TCell::Formula { result, .. } => result.clone(),
        }
    }
}

/// The header, as the newer WeCom console template spells it (账号, 对外职务), with the `*`
/// marks admins add; then the custom columns companies append.
pub const COLUMNS: [&str; 15] = [
    "姓名*",
    "账号*",
    "别名",
    "职务",
    "部门*",
    "性别",
    "手机",
    "座机",
    "个人邮箱",
    "企业邮箱",
    "地址",
    "对外职务",
    "工号",
    "入职日期",
    "微信号",
];
pub const NAME: usize = 0;
pub const ACCOUNT: usize = 1;
pub const ALIAS: usize = 2;
pub const POSITION: usize = 3;
pub const DEPT: usize = 4;
pub const GENDER: usize = 5;
pub const MOBILE: usize = 6;
pub const PHONE: usize = 7;
pub const EMAIL: usize = 8;
pub const BIZ_EMAIL: usize = 9;
pub const ADDRESS: usize = 10;
pub const EMPLOYEE_NO: usize = 12;
pub const JOIN_DATE: usize = 13;
pub const WECHAT: usize = 14;

/// The header's sheet row (1-based): title on 1, instructions on 2.
pub const HEADER_ROW: usize = 3;
pub const TITLE: &str = "星河科技 企业微信通讯录导入";
pub const INSTRUCTIONS: &str =
    "填写说明：带*为必填；部门用/分隔层级，多个部门用；分隔；手机号请设为文本格式，港澳台号码加国际区号";

/// The 1-based sheet row of data row `i`.
pub fn sheet_row(i: usize) -> usize {
    HEADER_ROW + 1 + i
}

/// A workbook's one sheet: data rows under the fixed title, instructions and header.
#[derive(Debug, Clone)]
pub struct Book {
    pub rows: Vec<Vec<TCell>>,
    /// Vertical merges in the data: (first data row, last data row, column).
    pub merges: Vec<(usize, usize, usize)>,
}

const SURNAMES: &[(&str, &str)] = &[
    ("王", "wang"),
    ("李", "li"),
    ("张", "zhang"),
    ("刘", "liu"),
    ("陈", "chen"),
    ("杨", "yang"),
    ("黄", "huang"),
    ("赵", "zhao"),
    ("吴", "wu"),
    ("周", "zhou"),
    ("徐", "xu"),
    ("孙", "sun"),
    ("马", "ma"),
    ("朱", "zhu"),
    ("胡", "hu"),
    ("郭", "guo"),
    ("何", "he"),
    ("高", "gao"),
    ("林", "lin"),
    ("罗", "luo"),
    ("郑", "zheng"),
    ("梁", "liang"),
    ("谢", "xie"),
    ("宋", "song"),
    ("唐", "tang"),
    ("韩", "han"),
    ("冯", "feng"),
    ("邓", "deng"),
    ("曹", "cao"),
    ("彭", "peng"),
    ("萧", "xiao"),
    ("田", "tian"),
    ("董", "dong"),
    ("潘", "pan"),
    ("袁", "yuan"),
    ("蔡", "cai"),
    ("蒋", "jiang"),
    ("余", "yu"),
    ("杜", "du"),
    ("叶", "ye"),
    ("程", "cheng"),
    ("魏", "wei"),
    ("苏", "su"),
    ("吕", "lv"),
    ("丁", "ding"),
    ("任", "ren"),
    ("沈", "shen"),
    ("姚", "yao"),
    ("卢", "lu"),
    ("司徒", "situ"),
    ("上官", "shangguan"),
    ("令狐", "linghu"),
];
const GIVEN: &[(&str, &str)] = &[
    ("伟", "wei"),
    ("芳", "fang"),
    ("娜", "na"),
    ("敏", "min"),
    ("静", "jing"),
    ("丽", "li"),
    ("强", "qiang"),
    ("磊", "lei"),
    ("洋", "yang"),
    ("艳", "yan"),
    ("勇", "yong"),
    ("军", "jun"),
    ("杰", "jie"),
    ("娟", "juan"),
    ("涛", "tao"),
    ("明", "ming"),
    ("超", "chao"),
    ("秀", "xiu"),
    ("霞", "xia"),
    ("平", "ping"),
    ("刚", "gang"),
    ("桂", "gui"),
    ("英", "ying"),
    ("华", "hua"),
    ("文", "wen"),
    ("辉", "hui"),
    ("鑫", "xin"),
    ("宇", "yu"),
    ("浩", "hao"),
    ("欣", "xin"),
    ("思", "si"),
    ("雨", "yu"),
    ("晨", "chen"),
    ("博", "bo"),
    ("嘉", "jia"),
    ("子", "zi"),
    ("梓", "zi"),
    ("涵", "han"),
    ("轩", "xuan"),
    ("泽", "ze"),
    ("瑶", "yao"),
    ("琳", "lin"),
    ("昊", "hao"),
    ("睿", "rui"),
    ("悦", "yue"),
    ("航", "hang"),
    ("婷", "ting"),
    ("凯", "kai"),
    ("岚", "lan"),
    ("晓", "xiao"),
    ("东", "dong"),
    ("海", "hai"),
    ("雪", "xue"),
    ("一", "yi"),
    ("诺", "nuo"),
    ("然", "ran"),
];
/// Department paths of one company; Latin names let width and case variants show.
pub const DEPARTMENTS: &[&str] = &[
    "星河科技/研发中心/后端组",
    "星河科技/研发中心/前端组",
    "星河科技/研发中心/IT支持部",
    "星河科技/研发中心/QA测试组",
    "星河科技/产品中心",
    "星河科技/产品中心/用户体验部",
    "星河科技/市场部",
    "星河科技/市场部/品牌组",
    "星河科技/HR共享中心",
    "星河科技/财务部",
    "星河科技/华东分公司/销售一部",
    "星河科技/华东分公司/销售二部",
    "星河科技/华南分公司/销售一部",
    "星河科技/华南分公司/客户成功部（深圳）",
    "星河科技/行政部",
    "星河科技/法务部",
    "星河科技/华北分公司（筹）",
];
/// Names that are not two or three Han characters, as real directories have them.
const OTHER_NAMES: &[&str] =
    &["迪丽娜尔·阿不都", "阿依古丽·买买提", "扎西顿珠", "David Chen", "Anna Müller-Wang", "欧阳娜娜", "司马相如"];
const POSITIONS: &[&str] = &[
    "工程师",
    "高级工程师",
    "技术专家",
    "产品经理",
    "设计师",
    "销售经理",
    "客户经理",
    "会计",
    "出纳",
    "行政专员",
    "法务专员",
    "HRBP",
    "部门经理",
    "总监",
    "实习生",
    "测试工程师",
];
const ALIASES: &[&str] = &["Tony", "Kevin", "Lucy", "Grace", "Leo", "Ivy", "Jack", "Emma", "Ryan", "Zoe", "Sam", "Mia"];
/// Allocated mainland prefixes (libphonenumber's CN mobile pattern).
const PREFIXES: &[&str] = &[
    "130", "131", "132", "133", "135", "136", "137", "138", "139", "147", "150", "151", "152", "155", "157", "158",
    "159", "166", "172", "176", "177", "178", "180", "182", "183", "185", "186", "187", "188", "189", "191", "198",
    "199",
];
const ADDRESSES: &[&str] = &[
    "上海市浦东新区世纪大道100号",
    "深圳市南山区科技园南区8栋",
    "北京市海淀区中关村大街27号",
    "杭州市西湖区文三路90号",
];
const MAIL_DOMAINS: &[&str] = &["mail.example.net", "inbox.example.org", "post.example.com"];
pub const CORP_DOMAIN: &str = "xinghe.example.cn";

/// `rows` clean people: every value valid for WeCom and unique where WeCom wants it unique.
pub fn clean_book(rows: usize, seed: u64) -> Book {
    let mut rng = Rng::new(seed);
    let (mut accounts, mut mobiles, mut emails) = (HashSet::new(), HashSet::new(), HashSet::new());
    let mut out = Vec::with_capacity(rows);
    for i in 0..rows {
        let &(family, family_py) = rng.pick(SURNAMES);
        let other_name = rng.chance(0.03).then(|| *rng.pick(OTHER_NAMES));
        let mut given = String::new();
        let mut given_py = String::new();
        for _ in 0..1 + usize::from(rng.chance(0.65)) {
            let &(c, py) = rng.pick(GIVEN);
            given.push_str(c);
            given_py.push_str(py);
        }
        let base = format!("{family_py}.{given_py}");
        let account = (1..)
            .map(|n| if n == 1 { base.clone() } else { format!("{base}{n}") })
            .find(|a| accounts.insert(a.clone()))
            .unwrap();

        let mobile = loop {
            let m = match rng.below(100) {
                0..=3 => format!("+852{}{}", rng.pick(&["5", "6", "9"]), rng.digits(7)),
                4 => format!("+853 6{}", rng.digits(7)).replace(' ', ""),
                5 => format!("+8869{}", rng.digits(8)),
                _ => format!("{}{}", rng.pick(PREFIXES), rng.digits(8)),
            };
            if mobiles.insert(m.clone()) {
                break m;
            }
        };
        let mobile_cell = match rng.below(100) {
            _ if mobile.starts_with('+') => TCell::Text(mobile),
            // Typed into a General column: a number cell.
            0..=24 => TCell::Number { value: mobile.parse().unwrap(), format: None, display: mobile.clone() },
            // `+86 138…`, which the WeCom template accepts.
            25..=27 => TCell::Text(format!("+86 {mobile}")),
            _ => TCell::Text(mobile),
        };
        let phone = match rng.below(10) {
            0 => format!("010-6{}", rng.digits(7)),
            1 => format!("0755-8{}-{}", rng.digits(7), 100 + rng.below(900)),
            2 => format!("0755-8{}", rng.digits(7)),
            3 => format!("021-5{},{}", rng.digits(7), 800 + rng.below(100)),
            _ => String::new(),
        };
        let email = if rng.chance(0.6) {
            let local = match rng.below(4) {
                0 => format!("{given_py}{family_py}"),
                3 => format!("{family_py}{given_py}+hr"),
                1 => format!("{family_py}_{given_py}{}", rng.digits(2)),
                _ => format!("{given_py}.{family_py}{}", 70 + rng.below(30)),
            };
            let candidate = format!("{local}@{}", rng.pick(MAIL_DOMAINS));
            // Namesakes: the account (unique) keeps the address unique.
            let e = if emails.contains(&candidate) { format!("{account}@{}", MAIL_DOMAINS[0]) } else { candidate };
            emails.insert(e.clone());
            e
        } else {
            String::new()
        };
        let mut dept = rng.pick(DEPARTMENTS).to_string();
        if rng.chance(0.08) {
            let second = *rng.pick(DEPARTMENTS);
            if second != dept {
                dept = format!("{dept}；{second}");
            }
        }
        let (y, m, d) = (2012 + rng.below(14) as u16, 1 + rng.below(12) as u8, 1 + rng.below(28) as u8);
        let join = match rng.below(10) {
            0..=3 => TCell::Date(y, m, d),
            4..=7 => TCell::Text(format!("{y}-{m:02}-{d:02}")),
            8 => TCell::Text(if rng.chance(0.5) { format!("{y}/{m}/{d}") } else { format!("{y}-{m}-{d}") }),
            _ => TCell::Text(format!("{y}年{m}月{d}日")),
        };
        let wechat = if rng.chance(0.4) {
            match rng.below(2) {
                // WeChat allows 20 characters: a long name is cut.
                0 => format!("{family_py}_{given_py}{}", rng.digits(3)).chars().take(20).collect(),
                _ => format!("wx{}{}", &given_py[..1], rng.digits(7)),
            }
        } else {
            String::new()
        };
        out.push(vec![
            TCell::text(other_name.map_or_else(|| format!("{family}{given}"), String::from)),
            TCell::text(account.clone()),
            TCell::text(if rng.chance(0.2) { *rng.pick(ALIASES) } else { "" }),
            TCell::text(*rng.pick(POSITIONS)),
            TCell::text(dept),
            TCell::text(if rng.chance(0.5) { "男" } else { "女" }),
            mobile_cell,
            TCell::text(phone),
            TCell::text(email),
            TCell::text(if rng.chance(0.8) { format!("{account}@{CORP_DOMAIN}") } else { String::new() }),
            TCell::text(if rng.chance(0.25) { *rng.pick(ADDRESSES) } else { "" }),
            TCell::Empty,
            TCell::text(format!("XH{}", 10_000 + i)),
            join,
            TCell::text(wechat),
        ]);
    }
    Book { rows: out, merges: Vec::new() }
}

/// The workbook as Excel saves it: merged title and instructions rows, the header, the people.
pub fn to_xlsx(book: &Book) -> Vec<u8> {
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(2026, 3, 1).unwrap();
    wb.set_properties(&rust_xlsxwriter::DocProperties::new().set_creation_datetime(&created));
    let ws = wb.add_worksheet();
    ws.set_name("成员").unwrap();
    let last = (COLUMNS.len() - 1) as u16;
    let title = Format::new().set_bold().set_align(FormatAlign::Center);
    ws.merge_range(0, 0, 0, last, TITLE, &title).unwrap();
    ws.merge_range(1, 0, 1, last, INSTRUCTIONS, &Format::new().set_text_wrap()).unwrap();
    for (c, h) in COLUMNS.iter().enumerate() {
        ws.write_string(2, c as u16, *h).unwrap();
    }
    let date = Format::new().set_num_format("yyyy/m/d");
    for (i, row) in book.rows.iter().enumerate() {
        let r = (HEADER_ROW + i) as u32;
        for (c, cell) in row.iter().enumerate() {
            let c = c as u16;
            match cell {
                TCell::Empty | TCell::Covered => {}
                TCell::Text(s) => {
                    ws.write_string(r, c, s).unwrap();
                }
                TCell::Number { value, format: None, .. } => {
                    ws.write_number(r, c, *value).unwrap();
                }
                TCell::Number { value, format: Some(f), .. } => {
                    ws.write_number_with_format(r, c, *value, &Format::new().set_num_format(*f)).unwrap();
                }
                TCell::Date(y, m, d) => {
                    ws.write_datetime_with_format(r, c, ExcelDateTime::from_ymd(*y, *m, *d).unwrap(), &date).unwrap();
                }
                TCell::Formula { formula, result } => {
                    ws.write_formula(r, c, Formula::new(formula).set_result(result)).unwrap();
                }
            }
        }
    }
    for &(first, last_row, col) in &book.merges {
        let value = book.rows[first][col].display();
        let (a, b) = ((HEADER_ROW + first) as u32, (HEADER_ROW + last_row) as u32);
        ws.merge_range(a, col as u16, b, col as u16, &value, &Format::new()).unwrap();
    }
    wb.save_to_buffer().unwrap()
}

/// The GBK CSV twin, as Chinese Excel's "CSV (逗号分隔)" writes it: each cell as displayed
/// (dates `2021/3/5`, formulas their value, numbers as formatted), a merged range's value in its
/// first cell only, CRLF, no BOM. Panics if a value has no GBK form (the faults avoid those).
pub fn to_gbk_csv(book: &Book) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    let blank = |first: &str| {
        let mut v = vec![String::new(); COLUMNS.len()];
        v[0] = first.to_string();
        v
    };
    w.write_record(blank(TITLE)).unwrap();
    w.write_record(blank(INSTRUCTIONS)).unwrap();
    w.write_record(COLUMNS).unwrap();
    for row in &book.rows {
        w.write_record(row.iter().map(TCell::display)).unwrap();
    }
    let text = String::from_utf8(w.into_inner().unwrap()).unwrap();
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(&text);
    assert!(!unmappable, "the CSV twin has a character GBK cannot hold");
    bytes.into_owned()
}
