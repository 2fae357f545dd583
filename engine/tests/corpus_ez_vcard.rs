//! Conformance on ez-vcard's sample files (../shared/corpus/ez-vcard): every card yields its
//! names, phones and e-mails. The expected values were read from the files themselves.

use minglu::{read, ReadOptions, Sheet};
use std::path::PathBuf;

fn load(name: &str) -> Option<Sheet> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/ez-vcard").join(name);
    if !path.exists() {
        eprintln!("skipped: {} is absent", path.display());
        return None;
    }
    let bytes = std::fs::read(&path).unwrap();
    Some(read(&bytes, &ReadOptions { file_name: Some(name.into()), ..ReadOptions::default() }).unwrap_or_else(|e| panic!("{name}: {e}")))
}

/// The non-empty values of every column whose header starts with `family` (手机, 手机2 …).
fn values(s: &Sheet, row: usize, family: &str) -> Vec<String> {
    s.rows
        .row(0)
        .iter()
        .enumerate()
        .filter(|(_, h)| h.text.strip_prefix(family).is_some_and(|n| n.chars().all(|c| c.is_ascii_digit())))
        .map(|(i, _)| s.cell_text(row, i).to_string())
        .filter(|v| !v.is_empty())
        .collect()
}
fn one(s: &Sheet, row: usize, family: &str) -> String {
    values(s, row, family).first().cloned().unwrap_or_default()
}

/// (姓名, 姓, 名, 手机…, 座机…, 其他电话…, 邮箱…) of one card.
type Want<'a> = (&'a str, &'a str, &'a str, &'a [&'a str], &'a [&'a str], &'a [&'a str], &'a [&'a str]);

fn check(file: &str, cards: &[Want]) {
    let Some(s) = load(file) else { return };
    assert_eq!(s.rows.len() - 1, cards.len(), "{file}: card count");
    for (i, (full, family, given, mobiles, work, other, emails)) in cards.iter().enumerate() {
        let r = i + 1;
        assert_eq!(one(&s, r, "姓名"), *full, "{file} card {r} 姓名");
        assert_eq!(one(&s, r, "姓"), *family, "{file} card {r} 姓");
        assert_eq!(one(&s, r, "名"), *given, "{file} card {r} 名");
        assert_eq!(values(&s, r, "手机"), *mobiles, "{file} card {r} 手机");
        assert_eq!(values(&s, r, "座机"), *work, "{file} card {r} 座机");
        assert_eq!(values(&s, r, "其他电话"), *other, "{file} card {r} 其他电话");
        assert_eq!(values(&s, r, "邮箱"), *emails, "{file} card {r} 邮箱");
    }
}

#[test]
fn android_2_1_quoted_printable() {
    let n4 = "Ñ Ñ Ñ Ñ";
    check(
        "John_Doe_ANDROID.vcf",
        &[
            ("", "", "", &[], &[], &[], &["john.doe@company.com"]),
            ("", "", "", &[], &[], &[], &["jane.doe@company.com"]),
            ("Ñ Ñ Ñ Ñ Ñ", n4, "", &["123456789"], &[], &[], &[]),
            ("Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ", "Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ", "", &["123456", "3456789"], &[], &["234567", "45678901"], &[]),
            (n4, "Ñ Ñ", "Ñ Ñ Ñ", &["123456"], &["123456"], &["123456"], &["bob@company.com", "ÑÑÑÑÑÑÑÑÑÑÑÑÑÑ"]),
            ("ÑÑÑÑ", "ÑÑÑÑ", "", &["55556666"], &[], &[], &["henry@company.com"]),
        ],
    );
}

#[test]
fn blackberry_evolution_gmail_outlook() {
    check("John_Doe_BLACK_BERRY.vcf", &[("John Doe", "Doe", "john", &["+96123456789"], &[], &[], &[])]);
    check(
        "John_Doe_EVOLUTION.vcf",
        &[("Mr. John Richter, James Doe Sr.", "Doe", "John", &["905-666-1234"], &["905-555-1234"], &[], &["john.doe@ibm.com"])],
    );
    check(
        "John_Doe_GMAIL.vcf",
        &[("Mr. John Richter, James Doe Sr.", "Doe", "John", &["905-555-1234"], &[], &["905-666-1234"], &["john.doe@ibm.com"])],
    );
    check(
        "John_Doe_MS_OUTLOOK.vcf",
        &[("Mr. John Richter James Doe Sr.", "Doe", "John", &[], &["(905) 555-1234"], &["(905) 666-1234"], &["john.doe@ibm.cm"])],
    );
    check(
        "outlook-2003.vcf",
        &[("John Doe III", "Doe", "John", &["MobilePhone"], &["BusinessPhone"], &["HomePhone", "BusinessFaxPhone"], &["jdoe@hotmail.com"])],
    );
    check(
        "outlook-2007.vcf",
        &[("Mr. Michael Angstadt Jr.", "Angstadt", "Michael", &["(111) 555-4444"], &["(111) 555-1111"], &["(111) 555-2222", "(111) 555-3333"], &["mike.angstadt@gmail.com"])],
    );
}

#[test]
fn apple_and_lotus_item_groups() {
    let other = ["905-666-1234", "905-888-1234", "905-999-1234", "905-111-1234", "905-222-1234"];
    check(
        "John_Doe_IPHONE.vcf",
        &[("Mr. John Richter James Doe Sr.", "Doe", "John", &["905-555-1234"], &["905-777-1234"], &other, &["john.doe@ibm.com"])],
    );
    check(
        "John_Doe_MAC_ADDRESS_BOOK.vcf",
        &[("Mr. John Richter,James Doe Sr.", "Doe", "John", &["905-555-1234"], &["905-777-1234"], &other, &["john.doe@ibm.com"])],
    );
    check(
        "John_Doe_LOTUS_NOTES.vcf",
        &[("Mr. Doe John I Johny", "Doe", "John", &["+1 (212) 204-34456"], &[], &["00-1-212-555-7777"], &["john.doe@ibm.com", "billy_bob@gmail.com"])],
    );
}

#[test]
fn gmail_exports() {
    check(
        "gmail-list.vcf",
        &[
            ("Arnold Smith", "Smith", "Arnold", &[], &[], &[], &["asmithk@gmail.com"]),
            ("Chris Beatle", "Beatle", "Chris", &[], &[], &[], &["chrisy55d@yahoo.com"]),
            ("Doug White", "White", "Doug", &[], &[], &[], &["dwhite@gmail.com"]),
        ],
    );
    check(
        "gmail-single.vcf",
        &[("Greg Dartmouth", "Dartmouth", "Greg", &["555 555 1111"], &[], &["555 555 2222"], &["gdartmouth@hotmail.com"])],
    );
    check(
        "gmail-single2.vcf",
        &[(
            "VCard Test",
            "Test",
            "VCard",
            &["5555551115"],
            &["5555551113"],
            &["5555551111", "5555551112", "5555551114", "5555551116", "5555551117", "5555551118", "5555551119", "5555551120", "5555551121"],
            &["email@example.com", "homeemail@example.com", "workemail@example.com", "otheremail@example.com", "customcategory@example.com"],
        )],
    );
}

#[test]
fn rfc_examples_and_4_0_tel_uris() {
    check(
        "rfc2426-example.vcf",
        &[
            ("Frank Dawson", "", "", &[], &["+1-919-676-9515"], &["+1-919-676-9564"], &["Frank_Dawson@Lotus.com", "fdawson@earthlink.net"]),
            ("Tim Howes", "", "", &[], &["+1-415-937-3419"], &["+1-415-528-4164"], &["howes@netscape.com"]),
        ],
    );
    check(
        "rfc6350-example.vcf",
        &[("Simon Perreault", "Perreault", "Simon", &["+1-418-262-6501"], &["+1-418-656-9254,102"], &[], &["simon.perreault@viagenie.ca"])],
    );
}

#[test]
fn fullcontact_4_0_and_thunderbird_keep_every_value() {
    check(
        "fullcontact.vcf",
        &[(
            "Prefix FirstName MiddleName LastName Suffix",
            "LastName",
            "FirstName",
            &["555-555-1113", "555-555-1114"],
            &["555-555-1112"],
            &["555-555-1111", "555-555-1115", "555-555-1116", "555-555-1117", "555-555-1118", "555-555-1119"],
            &["home@example.com", "work@example.com", "school@example.com", "other@example.com", "custom@example.com"],
        )],
    );
    let Some(s) = load("fullcontact.vcf") else { return };
    assert_eq!(values(&s, 1, "公司"), ["Organization1", "Organization2"]);
    assert_eq!(values(&s, 1, "部门"), ["Department1", "Department2"]);
    assert_eq!(values(&s, 1, "职务"), ["Title1", "Title2"]);
    assert_eq!(values(&s, 1, "生日"), ["2016-08-01"]); // two ALTID forms of one birthday
    check(
        "thunderbird-MoreFunctionsForAddressBook-extension.vcf",
        &[(
            "John Doe",
            "Doe",
            "John",
            &["555-555-5555"],
            &["555-555-1111"],
            &["555-555-2222", "555-555-3333", "555-555-4444"],
            &["doe.john@hotmail.com", "additional-email@company.com", "additional-email1@company.com", "additional-email2@company.com", "additional-email3@company.com"],
        )],
    );
}
