//! The CSV options a user can force when the zero-configuration guess is
//! wrong: each one changes the result the way the user expects, and the
//! guess is reported so a UI can show it.

use rust_decimal::Decimal;
use slipcheck_core::statement::csv::{read, read_with, ColumnChoice, ColumnRole, CsvLayout, CsvOptions};
use slipcheck_core::statement::dates::DateOrder;
use slipcheck_core::Format;
use std::str::FromStr;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn dates(r: &slipcheck_core::statement::StatementRead) -> Vec<String> {
    r.transactions.iter().map(|t| t.date.map(|d| d.to_string()).unwrap_or_default()).collect()
}

/// No day above 12 anywhere: the file itself cannot tell DMY from MDY.
const AMBIGUOUS: &str = "Date,Description,Amount\n01/02/2026,COFFEE,-3.50\n03/04/2026,BOOKS,-12.00\n05/06/2026,SALARY,2000.00\n";

#[test]
fn ambiguous_dates_read_both_ways() {
    let guessed = read("a.csv", AMBIGUOUS.as_bytes());
    // A dollar-less, dot-less file falls back to month first.
    assert_eq!(dates(&guessed), ["2026-01-02", "2026-03-04", "2026-05-06"]);
    let layout = guessed.layout.as_ref().unwrap();
    assert_eq!(layout.date_order, Some(DateOrder::Mdy));
    assert!(!layout.forced);

    let dmy = read_with("a.csv", AMBIGUOUS.as_bytes(), &CsvOptions { date_order: Some(DateOrder::Dmy), ..Default::default() });
    assert_eq!(dates(&dmy), ["2026-02-01", "2026-04-03", "2026-06-05"]);
    assert_eq!(dmy.layout.as_ref().unwrap().date_order, Some(DateOrder::Dmy));
    assert!(dmy.layout.as_ref().unwrap().forced);
    // Everything else is unchanged.
    assert_eq!(dmy.transactions[2].amount, d("2000.00"));
    assert_eq!(dmy.transactions[0].description, "COFFEE");
}

#[test]
fn a_forced_order_beats_even_a_deciding_value() {
    // 13/02 decides DMY; the user says MDY: 13/02 cannot be read and is
    // reported, the rest follows the user's order.
    let text = "Date,Description,Amount\n13/02/2026,A,-1.00\n01/02/2026,B,-2.00\n";
    let r = read_with("a.csv", text.as_bytes(), &CsvOptions { date_order: Some(DateOrder::Mdy), ..Default::default() });
    assert_eq!(dates(&r), ["2026-01-02"]);
    assert!(r.diagnostics.iter().any(|x| x.message.contains("13/02/2026")), "{:?}", r.diagnostics);
}

#[test]
fn forced_decimal_comma() {
    // Every amount has three digits after its only separator: read as
    // thousands by default (a group mark), as decimals when the user says
    // the comma is the decimal mark.
    let text = "Date;Description;Amount\n2026-01-02;A;-1,250\n2026-01-03;B;-3,500\n";
    let guessed = read("a.csv", text.as_bytes());
    assert_eq!(guessed.transactions[0].amount, d("-1250"));
    assert_eq!(guessed.layout.as_ref().unwrap().decimal_mark, Some('.'));
    assert_eq!(guessed.layout.as_ref().unwrap().delimiter, Some(';'));

    let comma = read_with("a.csv", text.as_bytes(), &CsvOptions { decimal_mark: Some(','), ..Default::default() });
    assert_eq!(comma.transactions[0].amount, d("-1.250"));
    assert_eq!(comma.transactions[1].amount, d("-3.500"));
    assert_eq!(comma.layout.as_ref().unwrap().decimal_mark, Some(','));
}

#[test]
fn forced_year_for_year_less_dates() {
    let text = "Date,Description,Amount\n06/20,A,-1.00\n07/01,B,-2.00\n";
    let guessed = read("a.csv", text.as_bytes());
    // Nothing says which year: every row is reported and skipped.
    assert!(guessed.transactions.is_empty());
    assert!(guessed.diagnostics.iter().any(|x| x.message.contains("has no year")), "{:?}", guessed.diagnostics);
    assert_eq!(guessed.layout.as_ref().unwrap().year, None);

    let r = read_with("a.csv", text.as_bytes(), &CsvOptions { year: Some(2024), ..Default::default() });
    assert_eq!(dates(&r), ["2024-06-20", "2024-07-01"]);
    assert_eq!(r.layout.as_ref().unwrap().year, Some(2024));
}

#[test]
fn the_year_a_preamble_gave_is_reported_and_can_be_overridden() {
    let text = "Statement 2025年06月-2025年07月\nDate,Description,Amount\n06/20,A,-1.00\n07/01,B,-2.00\n";
    let guessed = read("a.csv", text.as_bytes());
    assert_eq!(dates(&guessed), ["2025-06-20", "2025-07-01"]);
    assert_eq!(guessed.layout.as_ref().unwrap().year, Some(2025));
    assert_eq!(guessed.layout.as_ref().unwrap().header_line, Some(2));
    let r = read_with("a.csv", text.as_bytes(), &CsvOptions { year: Some(2023), ..Default::default() });
    assert_eq!(dates(&r), ["2023-06-20", "2023-07-01"]);
}

#[test]
fn column_forced_to_ignore_and_to_amount() {
    // "Amount" is the guessed amount column; the user wants the fee-inclusive
    // "Charged" column (unknown header) as the amount instead.
    let text = "Date,Description,Amount,Charged\n2026-01-02,A,-10.00,-10.50\n2026-01-03,B,-20.00,-20.75\n";
    let guessed = read("a.csv", text.as_bytes());
    assert_eq!(guessed.transactions[0].amount, d("-10.00"));
    let layout: &CsvLayout = guessed.layout.as_ref().unwrap();
    assert_eq!(layout.roles, [ColumnRole::Date, ColumnRole::Description, ColumnRole::Amount, ColumnRole::Ignore]);
    assert_eq!(layout.headers, ["Date", "Description", "Amount", "Charged"]);

    let opts = CsvOptions { columns: vec![ColumnChoice { index: 3, role: ColumnRole::Amount }], ..Default::default() };
    let r = read_with("a.csv", text.as_bytes(), &opts);
    assert_eq!(r.transactions[0].amount, d("-10.50"));
    assert_eq!(r.transactions[1].amount, d("-20.75"));
    assert_eq!(r.layout.as_ref().unwrap().roles, [ColumnRole::Date, ColumnRole::Description, ColumnRole::Ignore, ColumnRole::Amount]);

    // The description column ignored: no descriptor any more.
    let opts = CsvOptions { columns: vec![ColumnChoice { index: 1, role: ColumnRole::Ignore }], ..Default::default() };
    let r = read_with("a.csv", text.as_bytes(), &opts);
    assert_eq!(r.transactions.len(), 2);
    assert_eq!(r.transactions[0].description, "");
    assert_eq!(r.layout.as_ref().unwrap().roles[1], ColumnRole::Ignore);
}

#[test]
fn roles_forced_on_a_file_the_guess_refuses() {
    // Headers nobody knows and values that do not decide: refused, with the
    // layout still reported so the user can name the columns.
    let text = "Wann,Was,Wieviel\nyesterday-ish,A,12\n";
    let refused = read("a.csv", text.as_bytes());
    assert!(refused.transactions.is_empty());
    assert_eq!(refused.layout.as_ref().unwrap().roles.len(), 3);

    let text = "Wann,Was,Wieviel\n2026-01-02,A,-12.00\n2026-01-05,B,3.00\n";
    let opts = CsvOptions {
        header_line: Some(1),
        columns: vec![
            ColumnChoice { index: 0, role: ColumnRole::Date },
            ColumnChoice { index: 1, role: ColumnRole::Description },
            ColumnChoice { index: 2, role: ColumnRole::Amount },
        ],
        ..Default::default()
    };
    let r = read_with("a.csv", text.as_bytes(), &opts);
    assert_eq!(r.transactions.len(), 2);
    assert_eq!(r.transactions[0].amount, d("-12.00"));
    assert_eq!(r.transactions[1].description, "B");
    assert_eq!(r.layout.as_ref().unwrap().header_line, Some(1));
}

#[test]
fn debit_credit_pair_forced_over_a_single_amount() {
    // Only "Date" is a known header: no header row is found and the file is
    // refused until the user names the header row and the two columns.
    let text = "Date,Text,Out,In\n2026-01-02,A,10.00,\n2026-01-03,B,,5.00\n";
    assert!(read("a.csv", text.as_bytes()).transactions.is_empty());
    let opts = CsvOptions {
        header_line: Some(1),
        columns: vec![ColumnChoice { index: 2, role: ColumnRole::Debit }, ColumnChoice { index: 3, role: ColumnRole::Credit }],
        ..Default::default()
    };
    let r = read_with("a.csv", text.as_bytes(), &opts);
    assert_eq!(r.transactions.iter().map(|t| t.amount).collect::<Vec<_>>(), [d("-10.00"), d("5.00")]);
}

#[test]
fn header_line_zero_reads_every_row_as_data() {
    // The first line is a real transaction whose words look like headers.
    let text = "2026-01-01,Balance transfer,-5.00\n2026-01-02,COFFEE,-3.50\n2026-01-03,BOOKS,-12.00\n";
    let opts = CsvOptions { header_line: Some(0), ..Default::default() };
    let r = read_with("a.csv", text.as_bytes(), &opts);
    assert_eq!(r.transactions.len(), 3);
    assert_eq!(r.layout.as_ref().unwrap().header_line, None);
}

#[test]
fn forced_delimiter() {
    // A ';' file whose descriptions hold commas: forcing ',' splits it
    // differently; forcing ';' keeps the descriptions whole.
    let text = "Date;Description;Amount\n2026-01-02;SHOP, LONDON;-3.50\n2026-01-03;CAFE, PARIS;-2.00\n";
    let r = read_with("a.csv", text.as_bytes(), &CsvOptions { delimiter: Some(';'), ..Default::default() });
    assert_eq!(r.transactions[0].description, "SHOP, LONDON");
    assert_eq!(r.layout.as_ref().unwrap().delimiter, Some(';'));
    let bad = read_with("a.csv", text.as_bytes(), &CsvOptions { delimiter: Some('→'), ..Default::default() });
    assert!(bad.diagnostics.iter().any(|x| x.message.contains("cannot be a delimiter")));
    assert_eq!(bad.transactions.len(), 2, "the guess is used instead");
}

#[test]
fn default_options_are_the_zero_configuration_read() {
    let a = read("a.csv", AMBIGUOUS.as_bytes());
    let b = read_with("a.csv", AMBIGUOUS.as_bytes(), &CsvOptions::default());
    assert_eq!(a, b);
}

#[test]
fn json_shapes() {
    let opts = CsvOptions {
        columns: vec![ColumnChoice { index: 2, role: ColumnRole::Amount }],
        date_order: Some(DateOrder::Dmy),
        decimal_mark: Some(','),
        year: Some(2025),
        header_line: Some(3),
        delimiter: Some(';'),
    };
    let json = serde_json::to_string(&opts).unwrap();
    assert_eq!(
        json,
        r#"{"columns":[{"index":2,"role":"amount"}],"date_order":"dmy","decimal_mark":",","year":2025,"header_line":3,"delimiter":";"}"#
    );
    assert_eq!(serde_json::from_str::<CsvOptions>(&json).unwrap(), opts);
    assert_eq!(serde_json::from_str::<CsvOptions>("{}").unwrap(), CsvOptions::default());
    assert_eq!(serde_json::to_string(&CsvOptions::default()).unwrap(), "{}");

    let r = read("a.csv", AMBIGUOUS.as_bytes());
    let v: serde_json::Value = serde_json::to_value(&r).unwrap();
    assert_eq!(v["layout"]["roles"], serde_json::json!(["date", "description", "amount"]));
    assert_eq!(v["layout"]["date_order"], "mdy");
    assert_eq!(v["layout"]["header_line"], 1);
}

#[test]
fn parse_with_passes_options_and_returns_the_guess() {
    let (doc, layout) = slipcheck_core::document::parse_with(
        "a.csv",
        AMBIGUOUS.as_bytes(),
        None,
        &CsvOptions { date_order: Some(DateOrder::Dmy), ..Default::default() },
    );
    assert_eq!(doc.format, Format::Csv);
    assert_eq!(doc.transactions[0].date.unwrap().to_string(), "2026-02-01");
    assert_eq!(layout.unwrap().date_order, Some(DateOrder::Dmy));
    let (_, none) = slipcheck_core::document::parse_with("a.qif", b"!Type:Bank\nD01/02/2026\nT-1.00\n^\n", None, &CsvOptions::default());
    assert!(none.is_none());
}
