//! `minglu dedup`, `merge` and `apply` as scripts use them: the JSON shapes, the merged file,
//! a recipe saved by merge and replayed on next month's file, exit codes.

use std::process::Output;

mod common;
use common::{minglu, scratch, stderr, stdout};

const HEADER: &str = "姓名,帐号,职务,部门,手机,邮箱\n";
const PEOPLE: [&str; 5] = [
    "张三,zhangsan,工程师,总部/研发部,13800138000,zhangsan@corp.com\n",
    "李四,lisi,会计,总部/财务部,13900139000,lisi@corp.com\n",
    "王五,wangwu,经理,总部/销售部,13700137000,\n",
    "张 三,,高级工程师,总部/研发部,+86 138 0013 8000,ZhangSan@Corp.com\n",
    "赵六,zhaoliu,出纳,总部/财务部,13600136000,zhaoliu@corp.com\n",
];

fn write(dir: &std::path::Path, name: &str, rows: &[&str]) -> String {
    let path = dir.join(name);
    std::fs::write(&path, format!("{HEADER}{}", rows.concat())).unwrap();
    path.to_string_lossy().into_owned()
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_str(&stdout(o)).unwrap_or_else(|e| panic!("{e}: {}", stdout(o)))
}

#[test]
fn dedup_lists_groups_with_reasons_and_scores() {
    let dir = scratch("dedup");
    let file = write(&dir, "contacts.csv", &PEOPLE);
    let o = minglu(&["dedup", &file, "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v = json(&o);
    let groups = v["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0]["rows"], serde_json::json!([2, 5]));
    assert_eq!(groups[0]["reasons"], serde_json::json!(["same_mobile", "same_email", "same_name_department"]));
    assert_eq!(groups[0]["score"], 0.996);
    assert_eq!(groups[0]["pairs"][0]["differs"], serde_json::json!(["position"]));
    let text = stdout(&minglu(&["dedup", &file]));
    assert!(text.contains("1 group of possible duplicates (2 rows) among 5 people"), "{text}");
    assert!(text.contains("row 5  张 三"), "{text}");
}

#[test]
fn merge_writes_the_merged_file_and_a_recipe_that_replays_next_month() {
    let dir = scratch("merge");
    let file = write(&dir, "contacts.csv", &PEOPLE);
    let out = dir.join("merged.csv").to_string_lossy().into_owned();
    let recipe = dir.join("recipe.json").to_string_lossy().into_owned();
    let o = minglu(&["merge", &file, "--out", &out, "--recipe", &recipe, "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v = json(&o);
    assert_eq!(v["people"], 4);
    assert_eq!(v["merges"][0]["into"], 2);
    assert_eq!(v["merges"][0]["rows"], serde_json::json!([5]));
    assert_eq!(v["merges"][0]["changed"][0]["field"], "position");
    assert_eq!(v["dropped"], serde_json::json!([{"row": 5, "reason": "merged into row 2"}]));
    let merged = std::fs::read_to_string(&out).unwrap();
    assert!(merged.starts_with('\u{FEFF}'));
    assert_eq!(merged.lines().count(), 5);
    assert!(merged.contains("张三,zhangsan,高级工程师,总部/研发部,13800138000,zhangsan@corp.com"), "{merged}");

    // Next month: a joiner at the top moves everyone down a row; the recipe finds them by account.
    let mut next = vec!["钱七,qianqi,前台,总部/行政部,13500135000,qianqi@corp.com\n"];
    next.extend(PEOPLE);
    let next_file = write(&dir, "next.csv", &next);
    let out2 = dir.join("next-merged.xlsx").to_string_lossy().into_owned();
    let o = minglu(&["apply", &recipe, &next_file, "--out", &out2, "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v = json(&o);
    assert_eq!((v["applied"].as_u64(), v["people"].as_u64()), (Some(1), Some(5)));
    assert_eq!(v["dropped"], serde_json::json!([{"row": 6, "reason": "merged into row 3"}]));
    let o = minglu(&["inspect", &out2, "--format", "json"]);
    assert_eq!(json(&o)["rows"], 5);
}

#[test]
fn apply_reports_what_it_skipped_and_refuses_bad_input() {
    let dir = scratch("apply");
    let file = write(&dir, "contacts.csv", &PEOPLE);
    let recipe = dir.join("recipe.json");
    std::fs::write(
        &recipe,
        r#"{"format":"minglu-recipe","version":1,"profile":"generic","steps":[
            {"op":"edit","edits":[{"row":3,"field":"position","from":"出纳","to":"会计主管"}],
             "keys":[{"row":3,"name":"李四","userid":"lisi"}]}]}"#,
    )
    .unwrap();
    let out = dir.join("out.csv").to_string_lossy().into_owned();
    let recipe = recipe.to_string_lossy().into_owned();
    let o = minglu(&["apply", &recipe, &file, "--out", &out]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("the cell holds \"会计\", not \"出纳\""), "{}", stdout(&o));

    for args in [
        vec!["apply", &recipe, &file],
        vec!["apply", &file, &file, "--out", &out],
        vec!["merge", &file, "--out", &file],
        vec!["merge", &file, "--out", &out, "--min-score", "2"],
        vec!["dedup", &file, "--format", "yaml"],
    ] {
        let o = minglu(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert_eq!(stderr(&o).lines().count(), 1, "{args:?}");
        assert!(stderr(&o).starts_with("minglu: "), "{args:?}");
    }
}

#[test]
fn check_json_lists_the_same_duplicates_as_dedup() {
    let dir = scratch("check-duplicates");
    let file = write(
        &dir,
        "dups.csv",
        &[
            PEOPLE[0],
            PEOPLE[1],
            PEOPLE[3],
            "王五,,经理,总部/销售部,13700137000,WANGWU@corp.com\n",
            "王五,,经理,总部/销售部,13700137001,wangwu@corp.com\n",
        ],
    );
    let check = minglu(&["check", &file, "--format", "json"]);
    let check: serde_json::Value = serde_json::from_str(&stdout(&check)).expect("check JSON");
    let dedup = json(&minglu(&["dedup", &file, "--format", "json"]));
    assert_eq!(dedup["groups"].as_array().map(Vec::len), Some(2), "{dedup}");
    assert_eq!(check["duplicates"], dedup["groups"]);
}
