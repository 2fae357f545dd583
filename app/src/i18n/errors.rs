//! Engine errors for a person reading Chinese. The engine words its errors in English, with what
//! to do and where (sheet, row, column); in the Chinese page a line in Chinese says what happened
//! and what to do, and the engine's message follows as the detail, so nothing it knows is lost.
//! The English page shows the engine's message as it is.

use minglu::{Error, ErrorKind, Lang};

/// What happened and what to do, in Chinese.
pub fn advice_zh(kind: ErrorKind) -> &'static str {
    match kind {
        ErrorKind::UnknownFormat => "无法识别的文件格式：请选择 xlsx、xls、ods、csv、txt 或 vcf 文件",
        ErrorKind::Corrupt => "文件已损坏或不完整：请用 Excel、WPS 重新另存，或从原系统重新导出后再试",
        ErrorKind::Encrypted => "文件设有打开密码：请在 Excel 中取消密码（文件 → 信息 → 保护工作簿）后再打开",
        ErrorKind::TooLarge => "文件超出可处理的大小：请拆分成几个文件分别检查",
        ErrorKind::NoSuchSheet => "找不到这个工作表：请从列表中另选一个",
        ErrorKind::UnknownEncoding => "不认识这个文字编码：请改选 UTF-8 或 GBK",
        ErrorKind::Empty => "文件里没有数据：请确认选对了文件和工作表",
        ErrorKind::Unencodable => "有字符无法用所选编码保存：请改用 UTF-8",
        ErrorKind::WrongPassword => "密码不对，或者文件被改动过",
        ErrorKind::Other => "无法处理这个文件",
    }
}

/// The message the page shows for an engine error in `lang`.
pub fn engine_error(error: &Error, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{}。（{error}）", advice_zh(error.kind)),
        Lang::En => error.to_string(),
    }
}

/// The message for a chosen file whose bytes could not be had (read again for another sheet or
/// encoding, or first read in the worker).
pub fn blob_error(error: &crate::transport::BlobError, lang: Lang) -> String {
    use crate::transport::BlobError;
    match (error, lang) {
        (BlobError::Unreadable(detail), Lang::Zh) => {
            format!("无法读取这个文件：选择之后它可能被移动、删除或修改了。请重新选择文件。（{detail}）")
        }
        (BlobError::Unreadable(detail), Lang::En) => format!(
            "The file could not be read: it may have been moved, deleted or changed since it was chosen. Choose it again. ({detail})"
        ),
        (BlobError::TooLarge { bytes }, Lang::Zh) => {
            format!("文件太大（{bytes} 字节），浏览器里的内存不够：请拆分成几个文件分别检查")
        }
        (BlobError::TooLarge { bytes }, Lang::En) => format!(
            "The file is too large ({bytes} bytes) for the memory the browser gives this page: split it into several files and check them one by one"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KINDS: [ErrorKind; 10] = [
        ErrorKind::UnknownFormat,
        ErrorKind::Corrupt,
        ErrorKind::Encrypted,
        ErrorKind::TooLarge,
        ErrorKind::NoSuchSheet,
        ErrorKind::UnknownEncoding,
        ErrorKind::Empty,
        ErrorKind::Unencodable,
        ErrorKind::WrongPassword,
        ErrorKind::Other,
    ];

    #[test]
    fn every_kind_is_explained_in_chinese_and_keeps_the_engines_detail() {
        let is_cjk = |c: char| ('\u{4e00}'..='\u{9fff}').contains(&c);
        let mut seen = std::collections::BTreeSet::new();
        for kind in KINDS {
            let error = Error::new(kind, "zip: invalid central directory").at_row(5);
            let zh = engine_error(&error, Lang::Zh);
            assert!(zh.starts_with(advice_zh(kind)) && zh.chars().any(is_cjk), "{zh}");
            assert!(zh.contains(&error.to_string()), "the engine's detail stays: {zh}");
            assert_eq!(engine_error(&error, Lang::En), error.to_string());
            assert!(seen.insert(advice_zh(kind)), "one line per kind");
        }
    }

    #[test]
    fn a_file_that_cannot_be_read_again_says_what_to_do_and_keeps_the_detail() {
        use crate::transport::BlobError;
        let gone = BlobError::Unreadable("NotReadableError".into());
        let zh = blob_error(&gone, Lang::Zh);
        assert!(zh.contains("请重新选择文件") && zh.contains("NotReadableError"), "{zh}");
        assert!(blob_error(&gone, Lang::En).contains("Choose it again"));
        let big = BlobError::TooLarge { bytes: 5_000_000_000 };
        assert!(blob_error(&big, Lang::Zh).contains("5000000000") && blob_error(&big, Lang::En).contains("split it"));
    }
}
