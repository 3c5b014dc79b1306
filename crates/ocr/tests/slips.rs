//! Synthetic slip photos, rendered here at test time: English and Chinese POS
//! slips, shop receipts and a bilingual slip, photographed badly (turned,
//! blurred, noisy, faded, small, JPEG). The total, the date and the card's
//! last 4 must be read right on at least 9 in 10 photos.

mod support;

use slipcheck_core::receipt::text::TextLine;
use support::{judge, render_slip, Row, Spoil, Truth};

struct Slip {
    name: &'static str,
    rows: Vec<Row<'static>>,
    width: usize,
    size: f32,
    mono: bool,
    spoil: Spoil,
    truth: Truth<'static>,
}

fn slips() -> Vec<Slip> {
    vec![
        Slip {
            name: "en-pos-clean",
            rows: vec![
                Row(" MERCHANT COPY", ""),
                Row(" BLUE HARBOR CAFE", ""),
                Row("MID:", "000123456789012"),
                Row("TID:", "10293847"),
                Row("CARD NO:", "****1234"),
                Row("VISA", "CHIP"),
                Row("SALE", ""),
                Row("DATE: 2025/05/01", "TIME: 19:58:33"),
                Row("BATCH: 000112", "TRACE: 004321"),
                Row("AUTH CODE:", "A1B2C3"),
                Row("RRN:", "512119583301"),
                Row("TOTAL:", "USD 42.50"),
                Row(" APPROVED", ""),
            ],
            width: 560,
            size: 22.0,
            mono: true,
            spoil: Spoil::CLEAN,
            truth: Truth { total_label: "TOTAL", total: "42.50", date: "2025/05/01", ymd: "2025-05-01", last4: "1234" },
        },
        Slip {
            name: "en-pos-rotated-noisy",
            rows: vec![
                Row(" CUSTOMER COPY", ""),
                Row(" NORTHGATE FUEL 24", ""),
                Row("TERMINAL ID", "55120987"),
                Row("MASTERCARD", "****8842"),
                Row("ENTRY: CONTACTLESS", ""),
                Row("PURCHASE", ""),
                Row("DATE 12/03/2025", "14:07"),
                Row("APPR CODE", "093311"),
                Row("AMOUNT", "GBP 61.07"),
                Row(" THANK YOU", ""),
            ],
            width: 520,
            size: 24.0,
            mono: true,
            spoil: Spoil { deg: 7.0, blur: 0.6, noise: 0.06, shading: 0.25, ink: 0.1, scale: 1.0, jpeg: Some(80) },
            truth: Truth { total_label: "AMOUNT", total: "61.07", date: "12/03/2025", ymd: "2025-03-12", last4: "8842" },
        },
        Slip {
            name: "en-pos-faded-thermal",
            rows: vec![
                Row(" MERCHANT COPY", ""),
                Row(" ROSE & THISTLE PUB", ""),
                Row("MID 4455667788", ""),
                Row("VISA DEBIT", "************5521"),
                Row("SALE", ""),
                Row("2025-06-14", "22:41:09"),
                Row("AUTH: 771204", "INV: 000087"),
                Row("BASE AMOUNT", "EUR 38.00"),
                Row("TIP", "EUR 4.00"),
                Row("TOTAL", "EUR 42.00"),
                Row(" NO SIGNATURE REQUIRED", ""),
            ],
            width: 560,
            size: 22.0,
            mono: true,
            spoil: Spoil { deg: -2.5, blur: 1.1, noise: 0.04, shading: 0.2, ink: 0.45, scale: 1.0, jpeg: Some(60) },
            truth: Truth { total_label: "TOTAL", total: "42.00", date: "2025-06-14", ymd: "2025-06-14", last4: "5521" },
        },
        Slip {
            name: "en-pos-lowres-tilted",
            rows: vec![
                Row(" HILLTOP PHARMACY", ""),
                Row("TID 77001234", ""),
                Row("AMEX", "***********3007"),
                Row("SALE", "APPROVED"),
                Row("DATE/TIME:", ""),
                Row("02/13/2025 09:15", ""),
                Row("AUTH 552093", ""),
                Row("TOTAL", "USD 1,024.80"),
            ],
            width: 620,
            size: 26.0,
            mono: true,
            spoil: Spoil { deg: -4.0, blur: 0.5, noise: 0.03, shading: 0.15, ink: 0.08, scale: 0.6, jpeg: Some(75) },
            truth: Truth { total_label: "TOTAL", total: "1,024.80", date: "02/13/2025", ymd: "2025-02-13", last4: "3007" },
        },
        Slip {
            name: "en-shop-receipt",
            rows: vec![
                Row(" GREENLEAF GROCERS LTD", ""),
                Row(" 12 MARKET STREET", ""),
                Row("RECEIPT 000451", "18/08/2025"),
                Row("BANANAS 1.2KG", "1.44"),
                Row("OAT MILK 1L", "2.10"),
                Row("SOURDOUGH LOAF", "3.95"),
                Row("FREE RANGE EGGS", "4.20"),
                Row("SUBTOTAL", "11.69"),
                Row("TOTAL", "11.69"),
                Row("VISA ****4821", "11.69"),
                Row("CHANGE", "0.00"),
            ],
            width: 540,
            size: 22.0,
            mono: false,
            spoil: Spoil { deg: 3.0, blur: 0.7, noise: 0.04, shading: 0.3, ink: 0.1, scale: 1.0, jpeg: Some(70) },
            truth: Truth { total_label: "TOTAL", total: "11.69", date: "18/08/2025", ymd: "2025-08-18", last4: "4821" },
        },
        Slip {
            name: "cn-unionpay-clean",
            rows: vec![
                Row(" 银联POS签购单", ""),
                Row("商户存根 MERCHANT COPY", ""),
                Row("商户名称: 上海绿叶超市有限公司", ""),
                Row("商户编号: 898310058120001", ""),
                Row("终端编号: 20011234", ""),
                Row("卡号: 6222********1234", ""),
                Row("交易类型: 消费", ""),
                Row("批次号: 000123", "凭证号: 004567"),
                Row("授权码: 654321", ""),
                Row("参考号: 140533123456", ""),
                Row("日期/时间: 2025/03/02 14:05:33", ""),
                Row("金额: RMB 88.50", ""),
                Row("持卡人签名", ""),
            ],
            width: 600,
            size: 22.0,
            mono: false,
            spoil: Spoil::CLEAN,
            truth: Truth { total_label: "金额", total: "88.50", date: "2025/03/02", ymd: "2025-03-02", last4: "1234" },
        },
        Slip {
            name: "cn-unionpay-rotated-blurred",
            rows: vec![
                Row(" 中国银联签购单", ""),
                Row("持卡人存根", ""),
                Row("商户名称: 北京京味餐厅", ""),
                Row("终端编号: 31025566", ""),
                Row("卡号: 6217 **** **** 9036", ""),
                Row("交易类型: 消费/SALE", ""),
                Row("授权码: 208814", ""),
                Row("日期: 2025-11-08", "时间: 12:31:07"),
                Row("金额 AMOUNT:", ""),
                Row("RMB 256.00", ""),
                Row("本人确认以上交易", ""),
            ],
            width: 580,
            size: 24.0,
            mono: false,
            spoil: Spoil { deg: -6.0, blur: 0.9, noise: 0.05, shading: 0.3, ink: 0.12, scale: 1.0, jpeg: Some(75) },
            truth: Truth { total_label: "金额", total: "256.00", date: "2025-11-08", ymd: "2025-11-08", last4: "9036" },
        },
        Slip {
            name: "bilingual-pos",
            rows: vec![
                Row(" 签购单 / SALES SLIP", ""),
                Row("商户名称 MERCHANT:", ""),
                Row("HONG KONG TEA HOUSE 港式茶餐厅", ""),
                Row("卡号 CARD NO:", "4367 **** **** 0058"),
                Row("有效期 EXP: 08/27", ""),
                Row("交易类型 TYPE: 消费 SALE", ""),
                Row("日期 DATE: 2025/07/19", ""),
                Row("时间 TIME: 20:15:42", ""),
                Row("授权码 AUTH NO: 118273", ""),
                Row("总计 TOTAL:", "HKD 318.00"),
            ],
            width: 620,
            size: 22.0,
            mono: false,
            spoil: Spoil { deg: 2.0, blur: 0.5, noise: 0.05, shading: 0.2, ink: 0.1, scale: 1.0, jpeg: Some(80) },
            truth: Truth { total_label: "TOTAL", total: "318.00", date: "2025/07/19", ymd: "2025-07-19", last4: "0058" },
        },
        Slip {
            name: "cn-supermarket",
            rows: vec![
                Row(" 华联超市 收银小票", ""),
                Row("单号: 00318822", "收银员: 07"),
                Row("2025-09-21 18:44", ""),
                Row("农夫山泉 550ml x2", "4.00"),
                Row("金龙鱼食用油 5L", "69.90"),
                Row("五常大米 5kg", "52.00"),
                Row("新鲜鸡蛋 30枚", "30.40"),
                Row("合计:", "156.30"),
                Row("银联卡 ****5678", "156.30"),
                Row("找零:", "0.00"),
                Row(" 谢谢惠顾 欢迎再次光临", ""),
            ],
            width: 560,
            size: 22.0,
            mono: false,
            spoil: Spoil { deg: -3.0, blur: 0.8, noise: 0.05, shading: 0.25, ink: 0.15, scale: 1.0, jpeg: Some(70) },
            truth: Truth { total_label: "合计", total: "156.30", date: "2025-09-21", ymd: "2025-09-21", last4: "5678" },
        },
        Slip {
            name: "en-pos-dcc-noisy",
            rows: vec![
                Row(" CARDHOLDER COPY", ""),
                Row(" HOTEL ALPENBLICK", ""),
                Row("MID 00092736451", ""),
                Row("MASTERCARD", "XXXXXXXXXXXX7730"),
                Row("SALE", ""),
                Row("DATE 2025.10.05", "TIME 08:02"),
                Row("AUTH CODE 40A9K2", ""),
                Row("TRANSACTION AMOUNT", "CHF 245.00"),
                Row("EXCHANGE RATE", "1.1380"),
                Row("MARKUP 3.5%", ""),
                Row("TOTAL", "USD 278.81"),
                Row("I ACCEPT DCC", ""),
            ],
            width: 580,
            size: 22.0,
            mono: true,
            spoil: Spoil { deg: 5.0, blur: 0.7, noise: 0.08, shading: 0.35, ink: 0.15, scale: 1.0, jpeg: Some(65) },
            truth: Truth { total_label: "TOTAL", total: "278.81", date: "2025.10.05", ymd: "2025-10-05", last4: "7730" },
        },
        Slip {
            name: "cn-refund-lowres",
            rows: vec![
                Row(" POS签购单", ""),
                Row("商户名称: 深圳数码城", ""),
                Row("卡号: 6259********3321", ""),
                Row("交易类型: 退货", ""),
                Row("原凭证号: 000452", ""),
                Row("日期时间: 2025/04/11 16:20:05", ""),
                Row("参考号: 162005778812", ""),
                Row("金额: RMB 1299.00", ""),
            ],
            width: 640,
            size: 26.0,
            mono: false,
            spoil: Spoil { deg: 1.5, blur: 0.5, noise: 0.04, shading: 0.2, ink: 0.1, scale: 0.62, jpeg: Some(75) },
            truth: Truth { total_label: "金额", total: "1299.00", date: "2025/04/11", ymd: "2025-04-11", last4: "3321" },
        },
        Slip {
            name: "en-pos-declined-steep",
            rows: vec![
                Row(" CORNER BOOKSHOP", ""),
                Row("TID: 66004410", ""),
                Row("VISA", "****6607"),
                Row("SALE", ""),
                Row("DATE: 30/06/2025", "TIME: 17:45:12"),
                Row("RESP CODE: 51", ""),
                Row("TOTAL:", "AUD 89.95"),
                Row(" DECLINED", ""),
                Row(" INSUFFICIENT FUNDS", ""),
            ],
            width: 520,
            size: 24.0,
            mono: true,
            spoil: Spoil { deg: -9.0, blur: 0.8, noise: 0.06, shading: 0.3, ink: 0.2, scale: 1.0, jpeg: Some(70) },
            truth: Truth { total_label: "TOTAL", total: "89.95", date: "30/06/2025", ymd: "2025-06-30", last4: "6607" },
        },
    ]
}

#[test]
fn rendered_slip_photos_read_total_date_and_last4() {
    let engine = support::engine();
    let slips = slips();
    let (mut right, mut parsed_right) = (0, 0);
    let mut report = String::new();
    for (i, s) in slips.iter().enumerate() {
        let photo = render_slip(&s.rows, s.width, s.size, s.mono, s.spoil, 1000 + i as u64);
        if let Some(dir) = std::env::var_os("SLIPCHECK_OCR_DUMP") {
            // To look at what the engine saw.
            let path = std::path::Path::new(&dir).join(format!("{}.png", s.name));
            image::save_buffer(&path, &photo.data, photo.width as u32, photo.height as u32, image::ExtendedColorType::Rgb8)
                .expect("writes the dump");
        }
        let t = std::time::Instant::now();
        let page = engine.read(&photo).expect("OCR runs");
        let ms = t.elapsed().as_millis();
        let v = judge(&page, &s.truth);
        if v.all() {
            right += 1;
        }
        // And through the receipt reader, as the CLI and the app use it.
        let lines: Vec<TextLine> = page.lines.iter().map(|l| TextLine::new(l.text.clone(), l.confidence)).collect();
        let read = slipcheck_core::receipt::text::read_lines(s.name, &lines);
        let r = read.receipts.first();
        let parsed = (
            r.and_then(|r| r.total).map(|t| t.to_string()),
            r.and_then(|r| r.date).map(|d| d.to_string()),
            r.and_then(|r| r.card_last4.clone()),
        );
        let want = (Some(s.truth.total.replace(',', "")), Some(s.truth.ymd.to_string()), Some(s.truth.last4.to_string()));
        if parsed == want {
            parsed_right += 1;
        }
        report.push_str(&format!(
            "{:<28} {}x{} {:>5} ms  total {}  date {}  last4 {}\n",
            s.name,
            photo.width,
            photo.height,
            ms,
            if v.total { "ok " } else { "BAD" },
            if v.date { "ok " } else { "BAD" },
            if v.last4 { "ok " } else { "BAD" },
        ));
        if parsed != want {
            report.push_str(&format!("      receipt reader: {parsed:?}, want {want:?}\n"));
        }
        if !v.all() {
            for l in &page.lines {
                report.push_str(&format!("      {:.2} {}\n", l.confidence, l.text));
            }
        }
    }
    let n = slips.len();
    println!("{report}{right}/{n} slip photos read right; {parsed_right}/{n} with total, date and last 4 parsed right");
    assert!(n >= 10);
    assert!(right * 10 >= n * 9, "only {right}/{n} read right:\n{report}");
    assert!(parsed_right * 10 >= n * 9, "only {parsed_right}/{n} parsed right:\n{report}");
}

/// The judge itself must reject wrong readings, or the test above proves
/// nothing.
#[test]
fn the_judge_rejects_misreadings() {
    use slipcheck_ocr::{Line, Page};
    let page = |lines: &[&str]| Page {
        width: 1,
        height: 1,
        lines: lines
            .iter()
            .map(|t| Line { text: t.to_string(), confidence: 1.0, bbox: [0.0; 4], words: vec![] })
            .collect(),
    };
    let truth = Truth { total_label: "TOTAL", total: "42.50", date: "2025/05/01", ymd: "2025-05-01", last4: "1234" };
    let good = support::judge(&page(&["CARD ****1234", "2025/05/0119:58:33", "TOTAL: USD42.50"]), &truth);
    assert!(good.all(), "{good:?}");
    let bad = support::judge(&page(&["CASH 42.50", "CARD 1234", "2025/05/07", "TOTAL: USD 142.50"]), &truth);
    assert!(!bad.total && !bad.date && !bad.last4, "{bad:?}");
    let cn = Truth { total_label: "金额", total: "88.50", date: "2025/03/02", ymd: "2025-03-02", last4: "1234" };
    let next_line = support::judge(&page(&["金额:", "RMB 88.50", "6222＊＊＊＊1234", "2025/03/02"]), &cn);
    assert!(next_line.all(), "{next_line:?}");
}
