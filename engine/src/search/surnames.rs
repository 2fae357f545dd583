//! Surname readings: the hand-written domain table the character table cannot give.
//!
//! A character's first reading in the pinyin table is its most common one, which for a handful of
//! surnames is the wrong one: 单 is Dān as a word and Shàn as a surname, 曾 Céng / Zēng, 解 Jiě /
//! Xiè, 仇 Chóu / Qiú, 朴 Pǔ / Piáo. A directory's A–Z index and "type the initials" search must
//! use the surname reading (单伟 is under S, found by `sw`), while the other readings stay
//! searchable as alternates. Sources: 《中华姓氏大辞典》 readings as listed in the Xinhua
//! dictionary's surname notes, and the compound surnames of 《百家姓》 whose characters are
//! polyphonic.
//!
//! Only surnames whose reading differs from the table's first reading (or is one of several
//! equally common ones) need to be here; listing a regular one is harmless.

/// Single-character surnames and their surname reading (toneless, `ü` as `v`).
pub(crate) const SINGLE: &[(char, &str)] = &[
    ('单', "shan"),
    ('曾', "zeng"),
    ('解', "xie"),
    ('仇', "qiu"),
    ('朴', "piao"),
    ('区', "ou"),
    ('查', "zha"),
    ('盖', "ge"),
    ('覃', "qin"),
    ('翟', "zhai"),
    ('缪', "miao"),
    ('种', "chong"),
    ('召', "shao"),
    ('员', "yun"),
    ('秘', "bi"),
    ('句', "gou"),
    ('能', "nai"),
    ('冼', "xian"),
    ('折', "she"),
    ('长', "chang"),
    ('重', "chong"),
    ('乐', "yue"),
    ('尉', "wei"),
    ('隗', "wei"),
    ('繁', "po"),
    ('蕃', "pi"),
    ('薄', "bo"),
    ('柏', "bai"),
    ('贾', "jia"),
    ('都', "du"),
    ('任', "ren"),
    ('沈', "shen"),
    ('宿', "su"),
    ('石', "shi"),
    ('万', "wan"),
    ('华', "hua"),
    ('纪', "ji"),
    ('葛', "ge"),
    ('燕', "yan"),
    ('莘', "shen"),
    ('阚', "kan"),
    ('逄', "pang"),
    ('眭', "sui"),
    ('校', "xiao"),
    ('过', "guo"),
    ('哈', "ha"),
    ('黑', "he"),
];

/// Compound surnames whose characters are polyphonic (or read unusually together).
pub(crate) const COMPOUND: &[(&str, [&str; 2])] = &[
    ("长孙", ["zhang", "sun"]),
    ("单于", ["chan", "yu"]),
    ("万俟", ["mo", "qi"]),
    ("尉迟", ["yu", "chi"]),
    ("澹台", ["tan", "tai"]),
    ("令狐", ["ling", "hu"]),
    ("乐正", ["yue", "zheng"]),
    ("夏侯", ["xia", "hou"]),
    ("欧阳", ["ou", "yang"]),
    ("司马", ["si", "ma"]),
    ("诸葛", ["zhu", "ge"]),
    ("上官", ["shang", "guan"]),
    ("皇甫", ["huang", "fu"]),
    ("公孙", ["gong", "sun"]),
    ("慕容", ["mu", "rong"]),
    ("宇文", ["yu", "wen"]),
    ("东方", ["dong", "fang"]),
    ("西门", ["xi", "men"]),
    ("司徒", ["si", "tu"]),
    ("钟离", ["zhong", "li"]),
    ("呼延", ["hu", "yan"]),
    ("拓跋", ["tuo", "ba"]),
    ("独孤", ["du", "gu"]),
    ("轩辕", ["xuan", "yuan"]),
    ("端木", ["duan", "mu"]),
    ("南宫", ["nan", "gong"]),
];

/// The surname reading of `c` as a single-character surname.
pub(crate) fn single(c: char) -> Option<&'static str> {
    SINGLE.iter().find(|(s, _)| *s == c).map(|(_, r)| *r)
}

/// The readings of a compound surname starting the name (`first`, `second` its first two
/// characters).
pub(crate) fn compound(first: char, second: char) -> Option<[&'static str; 2]> {
    COMPOUND
        .iter()
        .find(|(s, _)| {
            let mut it = s.chars();
            it.next() == Some(first) && it.next() == Some(second)
        })
        .map(|(_, r)| *r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_surnames_the_design_names() {
        assert_eq!(single('单'), Some("shan"));
        assert_eq!(single('曾'), Some("zeng"));
        assert_eq!(single('解'), Some("xie"));
        assert_eq!(single('仇'), Some("qiu"));
        assert_eq!(single('朴'), Some("piao"));
        assert_eq!(single('张'), None);
        assert_eq!(compound('尉', '迟'), Some(["yu", "chi"]));
        assert_eq!(compound('欧', '阳'), Some(["ou", "yang"]));
        assert_eq!(compound('欧', '美'), None);
    }

    #[test]
    fn table_is_lowercase_ascii_without_duplicates() {
        let mut seen = std::collections::HashSet::new();
        for (c, r) in SINGLE {
            assert!(seen.insert(*c), "{c} twice");
            assert!(r.bytes().all(|b| b.is_ascii_lowercase()), "{r}");
        }
        for (s, r) in COMPOUND {
            assert_eq!(s.chars().count(), 2, "{s}");
            assert!(r.iter().all(|x| x.bytes().all(|b| b.is_ascii_lowercase())), "{s}");
        }
    }
}
