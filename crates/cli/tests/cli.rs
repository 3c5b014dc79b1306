//! The CLI's contract: help, JSON shapes, exit codes.

use assert_cmd::Command;

fn slipcheck() -> Command {
    Command::cargo_bin("slipcheck").unwrap()
}

#[test]
fn help_names_the_subcommands() {
    let out = slipcheck().arg("--help").output().unwrap();
    assert!(out.status.success());
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(s.contains("parse") && s.contains("check"), "{s}");
}

#[test]
fn parse_json_lists_documents_with_format() {
    let dir = std::env::temp_dir().join(format!("slipcheck-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let sms = dir.join("sms.txt");
    std::fs::write(&sms, "【招商银行】您尾号5290的卡于07月05日23:04在支付宝-京东商城消费人民币297.70元。").unwrap();
    let out = slipcheck().args(["parse", "--json"]).arg(&sms).output().unwrap();
    assert_ne!(out.status.code(), Some(101), "never panics");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["documents"][0]["file"], "sms.txt");
    assert_eq!(v["documents"][0]["format"], "notice");
}

#[test]
fn unreadable_file_exits_1_with_a_message() {
    let out = slipcheck().args(["parse", "--json", "/definitely/not/here.csv"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("here.csv") && err.contains("could not open"), "{err}");
}

#[test]
fn check_json_has_the_four_sections() {
    let dir = std::env::temp_dir().join(format!("slipcheck-cli-check-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let sms = dir.join("sms.txt");
    std::fs::write(&sms, "Your card ending 1234 was charged USD 42.50 at BLUE BOTTLE").unwrap();
    let out = slipcheck().args(["check", "--json", "--as-of", "2026-03-15", "--jurisdiction", "us"]).arg(&sms).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for k in ["transactions", "receipts", "matches", "findings"] {
        assert!(v[k].is_array(), "{k} missing in {v}");
    }
}
