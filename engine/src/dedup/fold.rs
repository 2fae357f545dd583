//! Name folding for duplicate detection: two ways of writing one name fold to one key.
//!
//! `张 三`, `张三`, `张　三` (ideographic space), `張三` (traditional) and `ｚｈａｎｇ ｓａｎ`
//! against `Zhang San` / `San Zhang` / `ZHANG, San`: people re-enter a colleague with the spacing
//! and script their keyboard gives them, and the platforms do not compare names at all, so a
//! second entry slips in.
//!
//! Traditional → simplified uses a small table of the characters common in names (surnames and
//! given-name characters, about 420 pairs) rather than a conversion crate: the full OpenCC tables
//! are hundreds of kilobytes in the browser bundle, and a name key only has to make the usual
//! variants meet. A character outside the table stays as it is, so the worst case is a missed
//! match, never a false one.

use crate::normalize::text::{fold_width, is_invisible, is_odd_space};

/// The comparison key of a person's name: width-folded, whitespace and middle dots removed,
/// lowercased, traditional characters simplified. Names with Latin letters are split into words
/// that are sorted, so the family-name-first and given-name-first orders fold alike.
///
/// ```
/// use minglu::dedup::fold_name;
/// assert_eq!(fold_name("张 三"), fold_name("張三"));
/// assert_eq!(fold_name("Zhang San"), fold_name("SAN, zhang"));
/// assert_eq!(fold_name("阿卜杜·热合曼"), fold_name("阿卜杜热合曼"));
/// assert_ne!(fold_name("张三"), fold_name("张山"));
/// ```
pub fn fold_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    fold_name_into(name, &mut out);
    out
}

/// [`fold_name`], appended to `out` (no allocation for the common CJK name).
pub(crate) fn fold_name_into(name: &str, out: &mut String) {
    let separator = |c: char| c.is_whitespace() || is_odd_space(c) || is_name_dot(c) || matches!(c, ',' | '，' | '-');
    let latin = |c: char| c.is_ascii_alphabetic() || ('Ａ'..='Ｚ').contains(&c) || ('ａ'..='ｚ').contains(&c);
    if name.chars().any(latin) {
        let folded = fold_width(name);
        let mut words: Vec<String> = folded
            .split(separator)
            .map(|w| w.chars().filter(|c| !is_invisible(*c)).flat_map(char::to_lowercase).map(simplify).collect())
            .filter(|w: &String| !w.is_empty())
            .collect();
        words.sort_unstable();
        out.extend(words);
        return;
    }
    // Without Latin letters, width folding only matters for the spaces and dots it turns into
    // ASCII ones, which are dropped either way: fold char by char.
    for c in name.chars() {
        let c = match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        };
        if !separator(c) && !is_invisible(c) {
            out.push(simplify(c));
        }
    }
}

/// The dots written between the parts of a transliterated name (`阿卜杜·热合曼`): middle dot,
/// katakana middle dot, bullet, hyphenation point, and the ASCII full stop (`J.Smith`).
fn is_name_dot(c: char) -> bool {
    matches!(c, '·' | '・' | '•' | '‧' | '∙' | '.' | '．')
}

/// The simplified form of a traditional character common in names; anything else unchanged.
///
/// A binary search of a sorted table: the same pairs as a `match` compiled, in the browser's
/// size-optimized build, to a chain of comparisons that cost ~200 ns a character (a tenth of
/// the duplicate search's time went here).
/// Most characters are in no pair: a bit per character of the table's range says so first.
pub fn simplify(c: char) -> char {
    let k = (c as u32).wrapping_sub(FIRST) as usize;
    if k >= IS_TRADITIONAL.len() * 64 || IS_TRADITIONAL[k / 64] & (1 << (k % 64)) == 0 {
        return c;
    }
    match TRADITIONAL.binary_search_by_key(&c, |&(t, _)| t) {
        Ok(i) => TRADITIONAL[i].1,
        Err(_) => c,
    }
}

/// The table's characters lie in U+4E00–U+9FFF (the CJK ideographs block).
const FIRST: u32 = 0x4E00;

/// Bit `c - FIRST` set when `c` is a traditional character of the table.
static IS_TRADITIONAL: [u64; (0xA000 - FIRST as usize) / 64] = {
    let mut bits = [0u64; (0xA000 - FIRST as usize) / 64];
    let mut i = 0;
    while i < TRADITIONAL.len() {
        let k = TRADITIONAL[i].0 as usize - FIRST as usize; // (a character outside fails the build)
        bits[k / 64] |= 1 << (k % 64);
        i += 1;
    }
    bits
};

/// (traditional, simplified), sorted by the traditional character.
#[rustfmt::skip] // a table: one pair per line would be 424 lines
static TRADITIONAL: [(char, char); 424] = [
    ('亞', '亚'), ('來', '来'), ('個', '个'), ('們', '们'), ('倫', '伦'), ('偉', '伟'), ('傑', '杰'), ('傳', '传'),
    ('儀', '仪'), ('億', '亿'), ('凱', '凯'), ('剛', '刚'), ('劉', '刘'), ('劍', '剑'), ('勝', '胜'), ('吳', '吴'),
    ('呂', '吕'), ('喬', '乔'), ('單', '单'), ('嚴', '严'), ('國', '国'), ('園', '园'), ('圓', '圆'), ('團', '团'),
    ('堯', '尧'), ('壽', '寿'), ('夢', '梦'), ('婁', '娄'), ('嫻', '娴'), ('嬋', '婵'), ('嬌', '娇'), ('孫', '孙'),
    ('學', '学'), ('實', '实'), ('寧', '宁'), ('寬', '宽'), ('寶', '宝'), ('將', '将'), ('專', '专'), ('對', '对'),
    ('峯', '峰'), ('嶽', '岳'), ('廣', '广'), ('張', '张'), ('強', '强'), ('彥', '彦'), ('從', '从'), ('愛', '爱'),
    ('慶', '庆'), ('憶', '忆'), ('懷', '怀'), ('戰', '战'), ('時', '时'), ('曄', '晔'), ('曉', '晓'), ('書', '书'),
    ('會', '会'), ('東', '东'), ('楊', '杨'), ('業', '业'), ('榮', '荣'), ('樂', '乐'), ('樸', '朴'), ('樺', '桦'),
    ('權', '权'), ('歐', '欧'), ('歡', '欢'), ('歲', '岁'), ('湯', '汤'), ('溫', '温'), ('滿', '满'), ('漢', '汉'),
    ('潔', '洁'), ('潤', '润'), ('澤', '泽'), ('濤', '涛'), ('濱', '滨'), ('瀟', '潇'), ('灣', '湾'), ('為', '为'),
    ('無', '无'), ('煒', '炜'), ('煥', '焕'), ('燁', '烨'), ('燦', '灿'), ('爍', '烁'), ('爾', '尔'), ('獻', '献'),
    ('現', '现'), ('瑋', '玮'), ('瑤', '瑶'), ('瑩', '莹'), ('環', '环'), ('璽', '玺'), ('瓊', '琼'), ('產', '产'),
    ('畢', '毕'), ('發', '发'), ('盧', '卢'), ('碩', '硕'), ('祿', '禄'), ('禎', '祯'), ('禕', '祎'), ('禪', '禅'),
    ('禮', '礼'), ('穎', '颖'), ('穩', '稳'), ('節', '节'), ('範', '范'), ('紀', '纪'), ('紅', '红'), ('純', '纯'),
    ('紹', '绍'), ('絲', '丝'), ('經', '经'), ('綠', '绿'), ('維', '维'), ('綱', '纲'), ('網', '网'), ('綺', '绮'),
    ('緣', '缘'), ('緯', '纬'), ('縣', '县'), ('總', '总'), ('績', '绩'), ('繼', '继'), ('羅', '罗'), ('義', '义'),
    ('翹', '翘'), ('聖', '圣'), ('聞', '闻'), ('聰', '聪'), ('聲', '声'), ('聶', '聂'), ('膽', '胆'), ('興', '兴'),
    ('艷', '艳'), ('芻', '刍'), ('莊', '庄'), ('華', '华'), ('萊', '莱'), ('萬', '万'), ('葉', '叶'), ('葦', '苇'),
    ('蓋', '盖'), ('蓮', '莲'), ('蔣', '蒋'), ('蔭', '荫'), ('蕭', '萧'), ('薈', '荟'), ('薦', '荐'), ('藍', '蓝'),
    ('藝', '艺'), ('藥', '药'), ('蘆', '芦'), ('蘇', '苏'), ('蘊', '蕴'), ('蘋', '苹'), ('蘭', '兰'), ('虛', '虚'),
    ('號', '号'), ('虧', '亏'), ('蝦', '虾'), ('蟬', '蝉'), ('衛', '卫'), ('衝', '冲'), ('補', '补'), ('裝', '装'),
    ('見', '见'), ('規', '规'), ('視', '视'), ('親', '亲'), ('覺', '觉'), ('觀', '观'), ('訊', '讯'), ('訓', '训'),
    ('記', '记'), ('設', '设'), ('許', '许'), ('評', '评'), ('詠', '咏'), ('詩', '诗'), ('詳', '详'), ('誕', '诞'),
    ('語', '语'), ('誠', '诚'), ('說', '说'), ('誼', '谊'), ('調', '调'), ('談', '谈'), ('論', '论'), ('諸', '诸'),
    ('諾', '诺'), ('謀', '谋'), ('謙', '谦'), ('謝', '谢'), ('謹', '谨'), ('識', '识'), ('譚', '谭'), ('譯', '译'),
    ('護', '护'), ('譽', '誉'), ('讀', '读'), ('變', '变'), ('讓', '让'), ('豐', '丰'), ('豔', '艳'), ('貝', '贝'),
    ('貞', '贞'), ('財', '财'), ('貫', '贯'), ('貴', '贵'), ('費', '费'), ('賀', '贺'), ('賈', '贾'), ('賓', '宾'),
    ('賞', '赏'), ('賢', '贤'), ('賦', '赋'), ('質', '质'), ('賴', '赖'), ('賽', '赛'), ('贇', '赟'), ('贊', '赞'),
    ('贏', '赢'), ('趕', '赶'), ('趙', '赵'), ('躍', '跃'), ('車', '车'), ('軍', '军'), ('軒', '轩'), ('軟', '软'),
    ('軼', '轶'), ('輔', '辅'), ('輕', '轻'), ('輝', '辉'), ('輪', '轮'), ('輯', '辑'), ('輿', '舆'), ('轉', '转'),
    ('辦', '办'), ('農', '农'), ('迴', '回'), ('這', '这'), ('連', '连'), ('進', '进'), ('運', '运'), ('過', '过'),
    ('達', '达'), ('遙', '遥'), ('遜', '逊'), ('遠', '远'), ('適', '适'), ('選', '选'), ('遼', '辽'), ('邁', '迈'),
    ('邇', '迩'), ('邊', '边'), ('郵', '邮'), ('鄉', '乡'), ('鄒', '邹'), ('鄔', '邬'), ('鄧', '邓'), ('鄭', '郑'),
    ('鄺', '邝'), ('醫', '医'), ('釋', '释'), ('釗', '钊'), ('釧', '钏'), ('鈔', '钞'), ('鈞', '钧'), ('鈴', '铃'),
    ('鈺', '钰'), ('鈿', '钿'), ('鉅', '钜'), ('鉑', '铂'), ('銀', '银'), ('銅', '铜'), ('銓', '铨'), ('銘', '铭'),
    ('銳', '锐'), ('鋅', '锌'), ('鋒', '锋'), ('鋮', '铖'), ('鋼', '钢'), ('錄', '录'), ('錚', '铮'), ('錡', '锜'),
    ('錢', '钱'), ('錦', '锦'), ('錫', '锡'), ('鍇', '锴'), ('鍛', '锻'), ('鍵', '键'), ('鍾', '钟'), ('鎧', '铠'),
    ('鎮', '镇'), ('鏈', '链'), ('鏗', '铿'), ('鏡', '镜'), ('鐘', '钟'), ('鐳', '镭'), ('鐵', '铁'), ('鐸', '铎'),
    ('鑄', '铸'), ('長', '长'), ('閃', '闪'), ('開', '开'), ('閒', '闲'), ('間', '间'), ('閔', '闵'), ('閣', '阁'),
    ('閱', '阅'), ('閻', '阎'), ('闆', '板'), ('闊', '阔'), ('關', '关'), ('闞', '阚'), ('陣', '阵'), ('陰', '阴'),
    ('陳', '陈'), ('陸', '陆'), ('陽', '阳'), ('隊', '队'), ('際', '际'), ('隨', '随'), ('險', '险'), ('雋', '隽'),
    ('雖', '虽'), ('雙', '双'), ('雜', '杂'), ('雞', '鸡'), ('離', '离'), ('難', '难'), ('雲', '云'), ('電', '电'),
    ('霧', '雾'), ('靂', '雳'), ('靈', '灵'), ('靚', '靓'), ('靜', '静'), ('鞏', '巩'), ('韋', '韦'), ('韌', '韧'),
    ('韓', '韩'), ('韜', '韬'), ('韻', '韵'), ('響', '响'), ('頂', '顶'), ('項', '项'), ('順', '顺'), ('頌', '颂'),
    ('頎', '颀'), ('預', '预'), ('頓', '顿'), ('領', '领'), ('頡', '颉'), ('頤', '颐'), ('頻', '频'), ('顏', '颜'),
    ('顥', '颢'), ('顧', '顾'), ('顯', '显'), ('風', '风'), ('颯', '飒'), ('飄', '飘'), ('飛', '飞'), ('餅', '饼'),
    ('餘', '余'), ('館', '馆'), ('饒', '饶'), ('馬', '马'), ('馮', '冯'), ('馳', '驰'), ('駒', '驹'), ('駱', '骆'),
    ('駿', '骏'), ('騏', '骐'), ('騫', '骞'), ('騰', '腾'), ('驊', '骅'), ('驍', '骁'), ('驕', '骄'), ('驥', '骥'),
    ('體', '体'), ('髮', '发'), ('鬆', '松'), ('鬧', '闹'), ('鬱', '郁'), ('魚', '鱼'), ('魯', '鲁'), ('鮑', '鲍'),
    ('鮮', '鲜'), ('鯤', '鲲'), ('鯨', '鲸'), ('鳥', '鸟'), ('鳩', '鸠'), ('鳳', '凤'), ('鳴', '鸣'), ('鳶', '鸢'),
    ('鴛', '鸳'), ('鴦', '鸯'), ('鴻', '鸿'), ('鴿', '鸽'), ('鵑', '鹃'), ('鵝', '鹅'), ('鵬', '鹏'), ('鶯', '莺'),
    ('鶴', '鹤'), ('鷗', '鸥'), ('鷹', '鹰'), ('麗', '丽'), ('麥', '麦'), ('麼', '么'), ('黃', '黄'), ('點', '点'),
    ('黨', '党'), ('齊', '齐'), ('齋', '斋'), ('齡', '龄'), ('龍', '龙'), ('龐', '庞'), ('龔', '龚'), ('龜', '龟'),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spacing_width_and_script_fold_together() {
        let key = fold_name("张三");
        for v in ["张 三", "张　三", " 张三 ", "張三", "张\u{200B}三", "張 三"] {
            assert_eq!(fold_name(v), key, "{v}");
        }
        assert_eq!(fold_name("欧阳娜娜"), fold_name("歐陽 娜娜"));
        assert_eq!(fold_name("陈伟"), fold_name("陳偉"));
    }

    #[test]
    fn latin_names_ignore_order_case_and_width() {
        let key = fold_name("Zhang San");
        for v in ["zhang san", "San Zhang", "ZHANG, San", "ｚｈａｎｇ ｓａｎ", "Zhang  San"] {
            assert_eq!(fold_name(v), key, "{v}");
        }
        assert_ne!(fold_name("Zhang San"), fold_name("Zhang Shan"));
    }

    #[test]
    fn different_names_stay_different() {
        assert_ne!(fold_name("张三"), fold_name("张山"));
        assert_ne!(fold_name("王伟"), fold_name("汪伟"));
        // 肖 and 萧 are different surnames on the mainland; only 蕭 folds to 萧.
        assert_ne!(fold_name("肖明"), fold_name("蕭明"));
        assert_eq!(fold_name(""), "");
        assert_eq!(fold_name("  "), "");
    }

    #[test]
    fn the_table_is_sorted_for_its_binary_search() {
        assert!(TRADITIONAL.windows(2).all(|w| w[0].0 < w[1].0));
        assert_eq!(simplify('張'), '张');
        assert_eq!(simplify('龜'), '龟');
        assert_eq!(simplify('亞'), '亚');
        assert_eq!(simplify('a'), 'a');
        // The bit set lets through exactly the table's characters: every one maps, nothing else
        // in (or around) the block does.
        for &(t, simple) in TRADITIONAL.iter() {
            assert_eq!(simplify(t), simple, "{t}");
        }
        for c in ('\u{4D00}'..='\u{A0FF}')
            .filter(|c| TRADITIONAL.binary_search_by_key(c, |&(t, _)| t).is_err())
        {
            assert_eq!(simplify(c), c, "{c}");
        }
    }

    #[test]
    fn the_table_maps_into_simplified_only() {
        // No simplified character is itself remapped (the table is one step, not a chain).
        for c in ['张', '陈', '刘', '伟', '华', '丽', '国', '东', '龙', '钟'] {
            assert_eq!(simplify(c), c);
        }
        for &(_, s) in TRADITIONAL.iter() {
            assert_eq!(simplify(s), s, "{s}");
        }
    }
}
