//! Property tests: amounts round-trip through every number style and sign
//! form; a generated CSV in any delimiter, style and date format reads back
//! every row a strict reader (the `csv` crate) reads; arbitrary bytes never
//! panic the reader.

use proptest::prelude::*;
use rust_decimal::Decimal;
use slipcheck_core::sniff::Format;
use slipcheck_core::statement::amount::{format_amount, infer_style, parse_amount, NumberStyle, SignForm};
use slipcheck_core::statement::{self, dates};

fn style() -> impl Strategy<Value = NumberStyle> {
    prop_oneof![
        Just(NumberStyle::DotDecimal),
        Just(NumberStyle::CommaDecimal),
        Just(NumberStyle::Apostrophe),
        Just(NumberStyle::SpaceComma),
    ]
}

fn sign_form() -> impl Strategy<Value = SignForm> {
    prop_oneof![
        Just(SignForm::Unsigned),
        Just(SignForm::Minus),
        Just(SignForm::Plus),
        Just(SignForm::Parens),
        Just(SignForm::TrailingMinus),
        Just(SignForm::Credit),
        Just(SignForm::Debit),
    ]
}

/// A magnitude with 0–3 decimals, up to a trillion.
fn magnitude() -> impl Strategy<Value = Decimal> {
    (0i64..1_000_000_000_000_000, 0u32..=3).prop_map(|(m, scale)| Decimal::new(m, 3).round_dp(scale).abs())
}

/// Writes `magnitude` with a sign form and, optionally, a currency mark.
fn write(mag: Decimal, style: NumberStyle, form: SignForm, grouped: bool, cur: u8) -> (String, Decimal) {
    let body = format_amount(mag, style, grouped);
    let (text, value) = match form {
        SignForm::Unsigned => (body.clone(), mag),
        SignForm::Minus => (format!("-{body}"), -mag),
        SignForm::Plus => (format!("+{body}"), mag),
        SignForm::Parens => (format!("({body})"), -mag),
        SignForm::TrailingMinus => (format!("{body}-"), -mag),
        SignForm::Credit => (format!("{body} CR"), mag),
        SignForm::Debit => (format!("{body} DR"), -mag),
    };
    let text = match cur {
        1 => format!("USD{text}"),
        2 => format!("{text} EUR"),
        3 => format!("¥{text}"),
        4 => format!("CNY {text}"),
        5 => format!("  \"{text}\"\t"),
        _ => text,
    };
    (text, value)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    #[test]
    fn amounts_round_trip(mag in magnitude(), style in style(), form in sign_form(), grouped in any::<bool>(), cur in 0u8..6) {
        let (text, value) = write(mag, style, form, grouped, cur);
        let a = parse_amount(&text, style);
        prop_assert!(a.is_some(), "{text:?} in {style:?} did not parse");
        let a = a.unwrap();
        prop_assert_eq!(a.value, value, "{:?}", text);
        if form != SignForm::Unsigned {
            prop_assert_eq!(a.sign, form, "{:?}", text);
        }
    }

    /// The style inferred from a column reads every value of the column as
    /// written (values without separators read the same in every style).
    #[test]
    fn inferred_style_reads_the_column(mags in proptest::collection::vec(magnitude(), 1..20), style in style(), form in sign_form()) {
        // A real column prints a fixed number of decimals.
        let col: Vec<(String, Decimal)> = mags.iter().map(|m| write(m.round_dp(2).trunc_with_scale(2), style, form, true, 0)).collect();
        let inferred = infer_style(col.iter().map(|(t, _)| t.as_str()));
        for (t, v) in &col {
            let a = parse_amount(t, inferred);
            prop_assert!(a.is_some(), "{t:?} with inferred {inferred:?} (written {style:?})");
            prop_assert_eq!(a.unwrap().value, *v, "{:?} inferred {:?} written {:?}", t, inferred, style);
        }
    }
}

#[derive(Debug, Clone, Copy)]
enum DateForm {
    Iso,
    DotDmy,
    SlashMdy,
    Chinese,
}

fn date_form() -> impl Strategy<Value = DateForm> {
    prop_oneof![Just(DateForm::Iso), Just(DateForm::DotDmy), Just(DateForm::SlashMdy), Just(DateForm::Chinese)]
}

fn fmt_date(d: chrono::NaiveDate, f: DateForm) -> String {
    match f {
        DateForm::Iso => d.format("%Y-%m-%d").to_string(),
        DateForm::DotDmy => d.format("%d.%m.%Y").to_string(),
        DateForm::SlashMdy => d.format("%m/%d/%Y").to_string(),
        DateForm::Chinese => d.format("%Y年%m月%d日").to_string(),
    }
}

fn description() -> impl Strategy<Value = String> {
    // Words with the delimiters, quotes and non-ASCII a real descriptor carries.
    let word = prop_oneof![
        Just("COFFEE"), Just("AMZN Mktp"), Just("\"QUOTED\""), Just("A, B"), Just("X;Y"), Just("P|Q"),
        Just("外婆家(西湖店)"), Just("Café"), Just("#146"), Just("T+1"),
    ];
    proptest::collection::vec(word, 1..4).prop_map(|w| w.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    /// Every row the csv crate reads back from a generated file is read by
    /// the statement reader with the same date, amount and description.
    #[test]
    fn generated_csv_loses_no_row(
        rows in proptest::collection::vec((0i64..3000, magnitude(), any::<bool>(), description()), 1..40),
        delim in prop_oneof![Just(b','), Just(b';'), Just(b'\t'), Just(b'|')],
        style in style(),
        form in date_form(),
        header in 0usize..3,
        preamble in any::<bool>(),
    ) {
        let start = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
        let mut w = csv::WriterBuilder::new().delimiter(delim).from_writer(Vec::new());
        let headers = [["Date", "Description", "Amount"], ["Datum", "Verwendungszweck", "Betrag"], ["交易日期", "交易摘要", "交易金额"]];
        let mut expected = Vec::new();
        for (days, mag, neg, desc) in &rows {
            let date = start + chrono::Duration::days(*days);
            let mag = mag.round_dp(2).trunc_with_scale(2);
            let value = if *neg { -mag } else { mag };
            expected.push((date, value, desc.clone()));
        }
        let mut text = String::new();
        if preamble {
            text.push_str("Account statement\nAccount: 12345678\n\n");
        }
        w.write_record(headers[header]).unwrap();
        for (date, value, desc) in &expected {
            w.write_record([fmt_date(*date, form), desc.clone(), format_amount(*value, style, true)]).unwrap();
        }
        text.push_str(&String::from_utf8(w.into_inner().unwrap()).unwrap());

        // The strict reader's view: every record after the header.
        let strict = csv::ReaderBuilder::new().delimiter(delim).has_headers(true).flexible(true)
            .from_reader(text.split_once(headers[header][0]).map(|(_, rest)| format!("{}{rest}", headers[header][0])).unwrap().as_bytes())
            .records().count();
        prop_assert_eq!(strict, expected.len());

        let r = statement::read(Format::Csv, "gen.csv", text.as_bytes());
        prop_assert!(r.diagnostics.iter().all(|d| d.severity != slipcheck_core::Severity::Error), "{:?}\n{}", r.diagnostics, text);
        prop_assert_eq!(r.transactions.len(), strict, "{:?}\n{}", r.diagnostics, text);
        for (t, (date, value, desc)) in r.transactions.iter().zip(&expected) {
            prop_assert_eq!(t.date, Some(*date), "{}", text);
            prop_assert_eq!(t.amount, *value, "{}", text);
            prop_assert_eq!(&t.description, desc, "{}", text);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    /// Arbitrary bytes never panic the reader (and every format routed to it).
    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..3000)) {
        let _ = statement::read(Format::Csv, "fuzz.csv", &bytes);
        let _ = statement::read(Format::Alipay, "fuzz.csv", &bytes);
    }

    /// Table-shaped noise (delimiters, quotes, digits, dates, CJK) never panics.
    #[test]
    fn table_shaped_noise_never_panics(parts in proptest::collection::vec(prop_oneof![
        Just(","), Just(";"), Just("\t"), Just("\n"), Just("\""), Just("-"), Just("1"), Just("12"), Just("2026"),
        Just("/"), Just("."), Just("年"), Just("收/支"), Just("金额"), Just("Date"), Just("Amount"), Just("("), Just(")"),
        Just("¥"), Just(" "), Just("CR"), Just("支出"), Just("不计收支"), Just("交易时间"), Just("Debit"), Just("Credit"),
        Just("'"), Just("06/20"), Just("2025年06月"), Just("x"), Just("\r"), Just("合计"),
    ], 0..400)) {
        let text: String = parts.concat();
        let r = statement::read(Format::Csv, "noise.csv", text.as_bytes());
        // Whatever was read has a line.
        prop_assert!(r.transactions.iter().all(|t| t.source.line.is_some()));
    }

    #[test]
    fn dates_never_panic(s in ".{0,40}") {
        for o in [dates::DateOrder::Ymd, dates::DateOrder::Mdy, dates::DateOrder::Dmy] {
            let _ = dates::parse_date(&s, o, Some(2025));
        }
        let _ = dates::infer_order([s.as_str()]);
        for st in NumberStyle::ALL {
            let _ = parse_amount(&s, st);
        }
    }
}
