//! Reader: a receipt as text — POS card slips (English, Chinese 银联签购单,
//! German/Dutch terminal slips), shop receipts (SROIE style), e-receipt text
//! and, when the text turns out to be bank notices, those too.
//!
//! The reader works line by line on two views of each line (see [`super::lex`]):
//! labels are found in an OCR-tolerant upper-case view, values are read from
//! a view where letters touching digits are read as digits. Each label claims
//! the text up to the next label on the same line, or the next line when its
//! own part is empty (Chinese slips print values under their labels).
//!
//! ```
//! use slipcheck_core::receipt::text;
//! let r = text::read("slip.txt", "ZUNI CAFE\nSALE\nAM0UNT $107.55\nTIP $21.51\nTOTAL $129.06\nAPPROVED".as_bytes());
//! assert_eq!(r.receipts[0].total.unwrap().to_string(), "129.06");
//! assert_eq!(r.receipts[0].tip.unwrap().to_string(), "21.51");
//! ```

use super::lex::{self, DateTok, MoneyTok};
use super::{
    CopyLabel, Dcc, Item, Network, OriginalRef, ReadContext, Receipt, ReceiptKind, ReceiptRead,
    ReceiptStatus,
};
use crate::diag::{lit, Diagnostic, Reason};
use crate::money::Currency;
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

/// One line of text with how sure its source is of it (OCR confidence; 1.0
/// for text that was typed or extracted from a file).
#[derive(Debug, Clone, PartialEq)]
pub struct TextLine {
    pub text: String,
    pub confidence: f32,
}

impl TextLine {
    pub fn new(text: impl Into<String>, confidence: f32) -> TextLine {
        TextLine {
            text: text.into(),
            confidence,
        }
    }
}

/// Reads a text receipt (or pasted notices) from bytes.
pub fn read(file: &str, bytes: &[u8]) -> ReceiptRead {
    read_with(file, bytes, &ReadContext::default())
}

/// [`read`] with context (a reference date for year-less dates).
pub fn read_with(file: &str, bytes: &[u8], ctx: &ReadContext) -> ReceiptRead {
    let decoded = crate::text::decode(bytes, None);
    let text = strip_box_csv(&decoded.text);
    let lines: Vec<TextLine> = text.lines().map(|l| TextLine::new(l, 1.0)).collect();
    read_lines_with(file, &lines, ctx)
}

/// Entry point for OCR: lines with their recognition confidence. A field's
/// confidence is the reader's own confidence times its line's.
pub fn read_lines(file: &str, lines: &[TextLine]) -> ReceiptRead {
    read_lines_with(file, lines, &ReadContext::default())
}

/// [`read_lines`] with context.
pub fn read_lines_with(file: &str, lines: &[TextLine], ctx: &ReadContext) -> ReceiptRead {
    let mut read = match super::notice::read_if_notices(file, lines, ctx) {
        Some(read) => read,
        None => {
            let mut read = ReceiptRead::default();
            let receipt = slip(file, lines, ctx, &mut read.diagnostics);
            read.receipts.push(receipt);
            read
        }
    };
    keep_source(&mut read, lines);
    read
}

/// Fills each receipt's `source` with the (masked) text of the lines its
/// fields name.
pub(crate) fn keep_source(read: &mut ReceiptRead, lines: &[TextLine]) {
    for r in &mut read.receipts {
        let named: std::collections::BTreeSet<u32> = r.lines.values().copied().collect();
        r.source = named
            .into_iter()
            .filter_map(|n| {
                let text = lines.get((n as usize).checked_sub(1)?)?.text.trim();
                Some(super::SourceLine { line: n, text: crate::report::mask_pans(text) })
            })
            .collect();
    }
}

/// Whether `text` reads as a receipt or notice: this reader finds a labelled
/// total and at least a date, a card or a merchant. For the sniffer, after the
/// cheap keyword checks have failed (German, Dutch, UK slips and notices use
/// words those lists lack).
pub fn looks_like_receipt(text: &str) -> bool {
    // Receipts are short: look at the first 16 KiB only, so sniffing a large
    // unknown file stays cheap.
    let mut end = text.len().min(16 * 1024);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let lines: Vec<TextLine> = text[..end]
        .lines()
        .take(400)
        .map(|l| TextLine::new(l, 1.0))
        .collect();
    let read = read_lines_with("", &lines, &ReadContext::default());
    read.receipts.iter().any(|r| {
        r.total.is_some()
            && r.confidence.get("total").is_some_and(|c| *c >= 0.7)
            && (r.date.is_some()
                || r.month_day.is_some()
                || r.card_last4.is_some()
                || r.merchant.is_some())
    })
}

/// SROIE box CSV: `x1,y1,…,x4,y4,text` per line. When most lines look like
/// that, keep only the text.
pub fn strip_box_csv(text: &str) -> String {
    let is_box = |l: &str| {
        let parts: Vec<&str> = l.splitn(9, ',').collect();
        parts.len() == 9
            && parts[..8]
                .iter()
                .all(|p| !p.trim().is_empty() && p.trim().chars().all(|c| c.is_ascii_digit()))
    };
    let non_empty: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    if non_empty.is_empty() || non_empty.iter().filter(|l| is_box(l)).count() * 2 < non_empty.len()
    {
        return text.to_string();
    }
    text.lines()
        .map(|l| {
            if is_box(l) {
                l.splitn(9, ',').nth(8).unwrap_or("").to_string()
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum F {
    Merchant,
    Mid,
    Tid,
    Operator,
    Batch,
    Trace,
    Invoice,
    Auth,
    Rrn,
    Aid,
    Tvr,
    Card,
    Date,
    Entry,
    App,
    Resp,
    TxType,
    Order,
    // amounts
    Total(u8),
    Amount,
    Subtotal,
    Tip,
    Tax,
    Rounding,
    Cash,
    Change,
    Paid,
    Requested,
    /// "BALANCE DUE": the total on a shop receipt, the unpaid rest on a partial approval.
    Balance,
    Other,
    // originals
    OrigTrace,
    OrigRrn,
    OrigDate,
    OrigAuth,
    OrigInvoice,
    OrigOrder,
    Stop,
}

/// Labels, in label view (upper case). Longest match wins at a position.
const LABELS: &[(&str, F)] = &[
    ("商户名称", F::Merchant),
    ("MERCHANT NAME", F::Merchant),
    ("商户名", F::Merchant),
    ("商户编号", F::Mid),
    ("商户号", F::Mid),
    ("MERCHANT ID", F::Mid),
    ("MERCHANT NO", F::Mid),
    ("MERCHANT #", F::Mid),
    ("MID", F::Mid),
    ("MERCHANT:", F::Mid),
    ("MERCH ID", F::Mid),
    ("终端编号", F::Tid),
    ("终端号", F::Tid),
    ("TERMINAL ID", F::Tid),
    ("TERMINAL NO", F::Tid),
    ("TERMINAL-ID", F::Tid),
    ("TERMINAL:", F::Tid),
    ("TID", F::Tid),
    ("TERM ID", F::Tid),
    ("操作员号", F::Operator),
    ("操作员", F::Operator),
    ("OPERATOR NO", F::Operator),
    ("OPERATOR", F::Operator),
    ("收银员", F::Operator),
    ("CASHIER", F::Operator),
    ("SERVER", F::Operator),
    ("CLERK", F::Operator),
    ("批次号", F::Batch),
    ("BATCH NO", F::Batch),
    ("BATCH #", F::Batch),
    ("BATCH", F::Batch),
    ("凭证号", F::Trace),
    ("VOUCHER NO", F::Trace),
    ("TRACE NO", F::Trace),
    ("TRACE-NR", F::Trace),
    ("TRACE #", F::Trace),
    ("TRACE", F::Trace),
    ("STAN", F::Trace),
    ("TRANS REF", F::Trace),
    ("TRANSACTIE:", F::Trace),
    ("流水号", F::Trace),
    ("INVOICE NO", F::Invoice),
    ("INVOICE #", F::Invoice),
    ("INVOICE", F::Invoice),
    ("INV NO", F::Invoice),
    ("INV #", F::Invoice),
    ("BELEG-NR", F::Invoice),
    ("RECEIPT NO", F::Invoice),
    ("RECEIPT #", F::Invoice),
    ("单号", F::Invoice),
    ("BILL NO", F::Invoice),
    ("DOCUMENT NO", F::Invoice),
    ("BON-NR", F::Invoice),
    ("CHECK #", F::Invoice),
    ("CHECK NO", F::Invoice),
    ("小票号", F::Invoice),
    ("授权码", F::Auth),
    ("授权号", F::Auth),
    ("AUTH CODE", F::Auth),
    ("AUTH NO", F::Auth),
    ("AUTH #", F::Auth),
    ("APPROVAL CODE", F::Auth),
    ("APPR CODE", F::Auth),
    ("APPROVAL NO", F::Auth),
    ("GENEHMIGUNGS-NR", F::Auth),
    ("AUTORISATIECODE", F::Auth),
    ("AUTH:", F::Auth),
    ("AUTH ID", F::Auth),
    // Spanish, French, Italian slips (a tourist's receipts).
    ("AUT.", F::Auth),
    ("AUTORIZACION", F::Auth),
    ("AUTORIZACIÓN", F::Auth),
    ("NUM. AUTORISATION", F::Auth),
    ("AUTORISATION", F::Auth),
    ("COD. AUT", F::Auth),
    ("AUTORIZZAZIONE", F::Auth),
    ("承認番号", F::Auth),
    ("交易参考号", F::Rrn),
    ("参考号", F::Rrn),
    ("RRN", F::Rrn),
    ("REF NO", F::Rrn),
    ("REFER NO", F::Rrn),
    ("REFERENCE NO", F::Rrn),
    ("RETRIEVAL REF", F::Rrn),
    ("REF #", F::Rrn),
    ("REF:", F::Rrn),
    ("AID", F::Aid),
    ("TVR", F::Tvr),
    ("卡号", F::Card),
    ("CARD NO", F::Card),
    ("CARD NUMBER", F::Card),
    ("CARD:", F::Card),
    ("KARTEN-NR", F::Card),
    ("KAART:", F::Card),
    ("ACCT", F::Card),
    ("ACCOUNT NO", F::Card),
    ("PAN:", F::Card),
    ("TARJETA", F::Card),
    ("CARTE", F::Card),
    ("CARTA", F::Card),
    ("カード番号", F::Card),
    ("日期/时间", F::Date),
    ("交易日期", F::Date),
    ("交易时间", F::Date),
    ("日期", F::Date),
    ("DATE/TIME", F::Date),
    ("DATE", F::Date),
    ("DATUM", F::Date),
    ("时间", F::Date),
    ("TIME", F::Date),
    ("UHRZEIT", F::Date),
    ("TIJD", F::Date),
    ("FECHA", F::Date),
    ("HORA", F::Date),
    ("HEURE", F::Date),
    ("取引日時", F::Date),
    ("日時", F::Date),
    ("BESTELLDATUM", F::Date),
    ("ORDER PLACED", F::Date),
    ("ORDER DATE", F::Date),
    ("ENTRY MODE", F::Entry),
    ("ENTRY", F::Entry),
    ("输入方式", F::Entry),
    ("APP:", F::App),
    ("APP LABEL", F::App),
    ("APPLICATION", F::App),
    ("应答码", F::Resp),
    ("响应码", F::Resp),
    ("返回码", F::Resp),
    ("RESP CODE", F::Resp),
    ("RESPONSE CODE", F::Resp),
    ("RESPONSE", F::Resp),
    ("RESP", F::Resp),
    ("RC:", F::Resp),
    ("ERROR CODE", F::Resp),
    ("ANTWORTCODE", F::Resp),
    ("交易类型", F::TxType),
    ("TRANS TYPE", F::TxType),
    ("TXN TYPE", F::TxType),
    ("TRANSACTION TYPE", F::TxType),
    ("ORDER #", F::Order),
    ("ORDER NO", F::Order),
    ("ORDER NUMBER", F::Order),
    ("ORDER ID", F::Order),
    ("订单号码", F::Order),
    ("订单编号", F::Order),
    ("订单号", F::Order),
    ("BESTELLNR", F::Order),
    ("BESTELLNUMMER", F::Order),
    // Amounts. Total(n): n ranks how surely the label means "amount paid".
    ("GRAND TOTAL", F::Total(10)),
    ("ROUNDED TOTAL", F::Total(10)),
    ("ROUND D TOTAL", F::Total(10)),
    ("TOTAL ROUNDED", F::Total(10)),
    ("NETT TOTAL", F::Total(9)),
    ("TOTAL AMOUNT", F::Total(9)),
    ("TOTAL DUE", F::Total(9)),
    ("AMOUNT DUE", F::Total(9)),
    ("TOTAL PAID", F::Total(9)),
    ("AMOUNT PAID", F::Total(9)),
    ("BALANCE TO PAY", F::Total(9)),
    ("AMOUNT TO PAY", F::Total(9)),
    ("TOTAL TO PAY", F::Total(9)),
    ("TOTAL", F::Total(8)),
    ("GESAMTSUMME", F::Total(10)),
    ("GESAMTBETRAG", F::Total(8)),
    // "Betrag / Trinkgeld / Gesamt": the sum with the tip.
    ("GESAMT", F::Total(9)),
    ("SUMME", F::Total(8)),
    ("TOTAAL", F::Total(8)),
    // Czech and Polish tills: CELKEM (K ÚHRADĚ), SUMA PLN, RAZEM.
    ("CELKEM", F::Total(8)),
    ("SUMA", F::Total(8)),
    ("RAZEM", F::Total(8)),
    ("ZU ZAHLEN", F::Total(9)),
    ("BEDRAG", F::Total(7)),
    // Tickets (SBB/DB machines) print the fare alone: "Preis CHF 18.40".
    // Ranked lowest, so any real total label on the slip wins.
    ("FAHRPREIS", F::Total(7)),
    ("PREIS", F::Total(6)),
    ("IMPORTE TOTAL", F::Total(9)),
    ("IMPORTE", F::Total(8)),
    ("TOTALE", F::Total(8)),
    ("IMPORTO", F::Total(8)),
    ("MONTANT", F::Total(8)),
    ("合計", F::Total(8)),
    ("お買上計", F::Total(8)),
    ("实付款", F::Total(10)),
    ("实付金额", F::Total(10)),
    ("实付", F::Total(10)),
    ("实收", F::Total(9)),
    ("应付", F::Total(9)),
    ("合计", F::Total(8)),
    ("总计", F::Total(8)),
    ("总额", F::Total(8)),
    ("车费合计", F::Total(9)),
    ("订单金额", F::Total(8)),
    ("退款金额", F::Total(9)),
    ("ERSTATTUNG ÜBER", F::Total(8)),
    // Umlauts written out, as many German tills and terminals print them.
    ("ERSTATTUNG UEBER", F::Total(8)),
    ("TERUGBETALING VAN", F::Total(8)),
    ("REFUND OF", F::Total(8)),
    ("REFUND AMOUNT", F::Total(9)),
    ("支付金额", F::Total(9)),
    ("交易金额", F::Total(8)),
    // Partial approvals: the approved amount is what was paid.
    ("APPROVED", F::Total(9)),
    ("AMOUNT AUTHORISED", F::Total(9)),
    ("AMOUNT AUTHORIZED", F::Total(9)),
    ("AMOUNT APPROVED", F::Total(9)),
    ("APPROVED AMOUNT", F::Total(9)),
    ("GENEHMIGT", F::Total(9)),
    ("GOEDGEKEURD", F::Total(9)),
    ("批准金额", F::Total(9)),
    ("REQUESTED", F::Requested),
    ("AMOUNT REQUESTED", F::Requested),
    ("REQUESTED AMOUNT", F::Requested),
    ("ANGEFRAGT", F::Requested),
    ("请求金额", F::Requested),
    ("BALANCE DUE", F::Balance),
    // US grocery tills (Star Market, Safeway, Albertsons) print the amount
    // to pay as "**** BALANCE"; ranked below TOTAL so a slip with both keeps
    // its TOTAL. What is left on a gift card or account is not a total.
    ("BALANCE", F::Total(7)),
    ("REMAINING BALANCE", F::Other),
    ("BALANCE REMAINING", F::Other),
    ("AVAILABLE BALANCE", F::Other),
    ("NEW BALANCE", F::Other),
    ("RESTBETRAG", F::Other),
    // DCC blocks on Chinese slips: transaction-currency amount, cardholder-currency amount.
    ("交易币种金额", F::Amount),
    ("外币金额", F::Amount),
    ("持卡人币种金额", F::Total(8)),
    ("折合人民币", F::Total(8)),
    ("人民币金额", F::Total(8)),
    ("金额", F::Amount),
    ("AMOUNT", F::Amount),
    ("BETRAG", F::Amount),
    ("ČÁSTKA", F::Amount),
    ("CASTKA", F::Amount),
    ("KWOTA", F::Amount),
    ("AMT", F::Amount),
    ("SALE AMOUNT", F::Amount),
    ("BASE AMOUNT", F::Amount),
    ("PURCHASE", F::Amount),
    ("SUBTOTAL", F::Subtotal),
    ("SUB TOTAL", F::Subtotal),
    ("SUB-TOTAL", F::Subtotal),
    ("ZWISCHENSUMME", F::Subtotal),
    ("SOUS-TOTAL", F::Subtotal),
    ("SUBTOTALE", F::Subtotal),
    ("小計", F::Subtotal),
    ("商品总价", F::Subtotal),
    ("小计", F::Subtotal),
    ("TOTAL EXCL", F::Subtotal),
    ("TIP", F::Tip),
    ("GRATUITY", F::Tip),
    ("小费", F::Tip),
    ("TRINKGELD", F::Tip),
    ("FOOI", F::Tip),
    ("PROPINA", F::Tip),
    ("POURBOIRE", F::Tip),
    ("MANCIA", F::Tip),
    ("TAX", F::Tax),
    ("GST", F::Tax),
    ("VAT", F::Tax),
    ("MWST", F::Tax),
    ("SST", F::Tax),
    ("税额", F::Tax),
    ("BTW", F::Tax),
    ("IVA", F::Tax),
    ("TVA", F::Tax),
    ("消費税", F::Tax),
    ("TOTAL TAX", F::Tax),
    ("TOTAL GST", F::Tax),
    ("ROUNDING", F::Rounding),
    ("ROUND ADJ", F::Rounding),
    ("ROUR DING", F::Rounding),
    ("ROUNDING ADJ", F::Rounding),
    ("ROUNDING ADJUSTMENT", F::Rounding),
    ("CASH", F::Cash),
    ("TENDERED", F::Cash),
    ("现金", F::Cash),
    ("GEG.", F::Cash),
    ("GEGEBEN", F::Cash),
    ("お預り", F::Cash),
    ("BAR ", F::Cash),
    ("CHANGE", F::Change),
    ("找零", F::Change),
    ("RÜCKGELD", F::Change),
    ("RUCKGELD", F::Change),
    ("お釣り", F::Change),
    ("おつり", F::Change),
    ("CHANGE DUE", F::Change),
    ("微信支付", F::Paid),
    ("支付宝", F::Paid),
    ("PAID", F::Paid),
    ("DISCOUNT", F::Other),
    ("优惠", F::Other),
    ("折扣", F::Other),
    ("SHIPPING", F::Other),
    ("运费", F::Other),
    ("配送费", F::Other),
    ("打包费", F::Other),
    ("VERSAND", F::Other),
    ("TOTAL QTY", F::Other),
    ("TOTAL QUANTITY", F::Other),
    ("TOTAL ITEMS", F::Other),
    ("TOTAL SAVINGS", F::Other),
    ("NETTO", F::Other),
    ("QTY", F::Other),
    ("单价", F::Other),
    ("里程", F::Other),
    ("原凭证号", F::OrigTrace),
    ("ORIG TRACE", F::OrigTrace),
    ("ORIG. BELEG-NR", F::OrigTrace),
    ("ORIG BELEG-NR", F::OrigTrace),
    ("OORSPR. TRANSACTIE", F::OrigTrace),
    ("ORIG. TRACE", F::OrigTrace),
    ("ORIGINAL TRACE", F::OrigTrace),
    ("原参考号", F::OrigRrn),
    ("原交易参考号", F::OrigRrn),
    ("ORIG RRN", F::OrigRrn),
    ("ORIG. RRN", F::OrigRrn),
    ("ORIGINAL RRN", F::OrigRrn),
    ("ORIG REF", F::OrigRrn),
    ("原交易日期", F::OrigDate),
    ("ORIG DATE", F::OrigDate),
    ("ORIG. DATE", F::OrigDate),
    ("ORIGINAL DATE", F::OrigDate),
    ("原授权码", F::OrigAuth),
    ("ORIG AUTH", F::OrigAuth),
    ("ORIG. AUTH", F::OrigAuth),
    ("ORIG INVOICE", F::OrigInvoice),
    ("ORIG. INVOICE", F::OrigInvoice),
    ("ORIGINAL INVOICE", F::OrigInvoice),
    ("ORIG INV", F::OrigInvoice),
    ("原订单编号", F::OrigOrder),
    ("原订单号", F::OrigOrder),
    ("ORIGINAL ORDER", F::OrigOrder),
    ("TSI", F::Stop),
    ("PAN SEQ", F::Stop),
    ("EXP DATE", F::Stop),
    ("有效期", F::Stop),
    ("收单行", F::Stop),
    ("发卡行", F::Stop),
    ("ACQUIRER", F::Stop),
    ("ISSUER", F::Stop),
    ("ARQC", F::Stop),
    ("ATC", F::Stop),
    ("AS-ZEIT", F::Stop),
    ("PERIODE", F::Stop),
    ("KAARTSERIENUMMER", F::Stop),
    ("CARD TYPE", F::Stop),
    ("备注", F::Stop),
    ("REFERENCE:", F::Stop),
    ("签名", F::Stop),
    ("SIGNATURE", F::Stop),
    ("STEUER", F::Stop),
];

struct Hit {
    field: F,
    /// Char span of the label and of its value region.
    start: usize,
    vstart: usize,
    vend: usize,
}

fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
}

/// Labels found in one line's label view, in order, each with its value span.
fn label_hits(label: &str) -> Vec<Hit> {
    let cs: Vec<char> = label.chars().collect();
    let mut found: Vec<(usize, usize, F)> = Vec::new();
    for (pat, f) in LABELS {
        let pc: Vec<char> = pat.chars().collect();
        if pc.len() > cs.len() {
            continue;
        }
        for s in 0..=cs.len() - pc.len() {
            if cs[s..s + pc.len()] != pc[..] {
                continue;
            }
            let ascii = pc[0].is_ascii();
            if ascii {
                if s > 0 && is_word_char(cs[s - 1]) && is_word_char(pc[0]) {
                    continue;
                }
                let e = s + pc.len();
                if e < cs.len()
                    && is_word_char(cs[e])
                    && is_word_char(pc[pc.len() - 1])
                    && cs[e].is_ascii_alphabetic()
                {
                    continue;
                }
            }
            found.push((s, s + pc.len(), *f));
        }
    }
    // Longest first at overlapping positions.
    found.sort_by(|a, b| a.0.cmp(&b.0).then((b.1 - b.0).cmp(&(a.1 - a.0))));
    let mut kept: Vec<(usize, usize, F)> = Vec::new();
    for h in found {
        if kept.iter().any(|k| h.0 < k.1 && k.0 < h.1) {
            continue;
        }
        kept.push(h);
    }
    kept.sort_by_key(|h| h.0);
    let mut hits = Vec::new();
    for (i, &(s, e, f)) in kept.iter().enumerate() {
        let vend = kept.get(i + 1).map(|n| n.0).unwrap_or(cs.len());
        hits.push(Hit {
            field: f,
            start: s,
            vstart: e,
            vend,
        });
    }
    hits
}

fn slice(s: &str, a: usize, b: usize) -> String {
    s.chars().skip(a).take(b.saturating_sub(a)).collect()
}

/// Strips what sits between a label and its value: an English label in
/// parentheses after a Chinese one, `NO.`, `#`, colons.
fn clean_value(v: &str) -> String {
    let mut t: &str = v.trim();
    loop {
        let before = t;
        t = t.trim_start_matches([':', '：', '#', ' ', '.', '-', ')', '）', '/']);
        if let Some(rest) = t.strip_prefix('(').or_else(|| t.strip_prefix('（')) {
            if let Some(p) = rest.find([')', '）']) {
                let inner = &rest[..p];
                // Skip a parenthesised label, not a value like "(A0000000043060)".
                if inner.chars().filter(|c| c.is_ascii_digit()).count() <= 1 {
                    let close = rest[p..].chars().next().map(|c| c.len_utf8()).unwrap_or(1);
                    t = &rest[p + close..];
                }
            }
        }
        for w in ["NO.", "NO ", "NR.", "NR ", "NUMBER", "CODE"] {
            if t.len() >= w.len()
                && t.is_char_boundary(w.len())
                && t[..w.len()].eq_ignore_ascii_case(w)
                && !t[w.len()..].starts_with(|c: char| c.is_ascii_alphabetic())
            {
                t = &t[w.len()..];
            }
        }
        if t == before {
            break;
        }
    }
    // Punctuation alone ("(" left from a split label) is no value.
    if !t.chars().any(|c| c.is_alphanumeric()) {
        return String::new();
    }
    t.trim().to_string()
}

struct Acc<'a> {
    r: Receipt,
    lines: &'a [TextLine],
}

impl Acc<'_> {
    /// Records a field if `conf` beats what is there; returns whether it did.
    fn claim(&mut self, field: &str, conf: f32, line: usize) -> bool {
        let oc = self
            .lines
            .get(line)
            .map(|l| l.confidence)
            .unwrap_or(1.0)
            .clamp(0.0, 1.0);
        let c = (conf * oc).clamp(0.0, 1.0);
        match self.r.confidence.get(field) {
            Some(&old) if old >= c => false,
            _ => {
                self.r.confidence.insert(field.to_string(), c);
                self.r.lines.insert(field.to_string(), line as u32 + 1);
                true
            }
        }
    }
}

struct AmountCand {
    field: F,
    tok: MoneyTok,
    line: usize,
    in_dcc: bool,
}

fn network_from_word(up: &str) -> Option<Network> {
    let has = |w: &str| {
        up.match_indices(w).any(|(i, _)| {
            let before = up[..i].chars().last();
            let after = up[i + w.len()..].chars().next();
            !before.is_some_and(|c| c.is_ascii_alphabetic())
                && !after.is_some_and(|c| c.is_ascii_alphabetic())
        })
    };
    if has("VISA") {
        Some(Network::Visa)
    } else if has("MASTERCARD") || has("MAESTRO") || has("MASTER CARD") || has("MC DEBIT") {
        Some(Network::Mastercard)
    } else if has("AMEX") || up.contains("AMERICAN EXPRESS") {
        Some(Network::Amex)
    } else if has("DISCOVER") {
        Some(Network::Discover)
    } else if up.contains("银联") || has("UNIONPAY") || has("CUP") || up.contains("UNION PAY") {
        Some(Network::Unionpay)
    } else if has("JCB") {
        Some(Network::Jcb)
    } else {
        None
    }
}

/// Network from an EMV AID's registered application provider id.
pub fn network_from_aid(aid: &str) -> Option<Network> {
    let a = aid.to_ascii_uppercase();
    Some(match () {
        _ if a.starts_with("A000000003") => Network::Visa,
        _ if a.starts_with("A000000004") || a.starts_with("A000000005") => Network::Mastercard,
        _ if a.starts_with("A000000025") => Network::Amex,
        _ if a.starts_with("A000000152") || a.starts_with("A000000324") => Network::Discover,
        _ if a.starts_with("A000000333") => Network::Unionpay,
        _ if a.starts_with("A000000065") => Network::Jcb,
        _ => return None,
    })
}

/// Network from the first digits of a card number.
pub fn network_from_bin(bin: &str) -> Option<Network> {
    let two: u32 = bin.get(..2)?.parse().ok()?;
    let four: u32 = bin.get(..4).and_then(|s| s.parse().ok()).unwrap_or(0);
    Some(match two {
        40..=49 => Network::Visa,
        51..=55 => Network::Mastercard,
        22..=27 if (2221..=2720).contains(&four) || four == 0 => Network::Mastercard,
        34 | 37 => Network::Amex,
        62 => Network::Unionpay,
        35 => Network::Jcb,
        60 | 64 | 65 if four == 6011 || two == 65 || (6440..=6499).contains(&four) => {
            Network::Discover
        }
        _ => return None,
    })
}

fn entry_from_word(up: &str) -> Option<&'static str> {
    let pairs: &[(&str, &str)] = &[
        ("CONTACTLESS", "contactless"),
        ("KONTAKTLOS", "contactless"),
        ("CONTACTLOOS", "contactless"),
        ("TAP", "contactless"),
        ("闪付", "contactless"),
        ("挥卡", "contactless"),
        ("NFC", "contactless"),
        ("CHIP", "chip"),
        ("INSERT", "chip"),
        ("EMV", "chip"),
        ("插卡", "chip"),
        ("ICC", "chip"),
        ("SWIPE", "swipe"),
        ("MAGSTRIPE", "swipe"),
        ("MAG STRIPE", "swipe"),
        ("刷卡", "swipe"),
        ("MANUAL", "manual"),
        ("KEYED", "manual"),
        ("手输", "manual"),
    ];
    for (w, m) in pairs {
        if up.match_indices(w).any(|(i, _)| {
            !up[..i]
                .chars()
                .last()
                .is_some_and(|c| c.is_ascii_alphabetic())
                && !up[i + w.len()..]
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphabetic())
        }) {
            return Some(m);
        }
    }
    None
}

fn is_separator(s: &str) -> bool {
    let t = s.trim();
    !t.is_empty()
        && t.chars()
            .all(|c| matches!(c, '-' | '=' | '*' | '_' | '~' | '.' | '#' | ' '))
}

const HEADER_WORDS: &[&str] = &[
    "签购单",
    "COPY",
    "KLANTTICKET",
    "KUNDENBELEG",
    "HÄNDLERBELEG",
    "订单详情",
    "退款详情",
    "ORDER CONFIRMATION",
    "故障单",
    "RECEIPT",
    "INVOICE",
    "BESTELLBEST",
    "WELCOME",
    "存根",
    "FROM:",
    "SUBJECT:",
    "KARTENZAHLUNG",
    "CASH BILL",
    "TAX INVOICE",
    "存根联",
    "重打印",
    "DUPLICATE",
    "REPRINT",
    "ERSTATTUNG",
    "交易成功",
    "退款成功",
    "支付失败",
    "订单已",
    "SALE",
    "THANK",
    // Greetings in e-receipts name the customer, not the shop.
    "HELLO",
    "HI ",
    "DEAR",
    "HALLO",
    "BEDANKT",
    "VIELEN DANK",
    "DANKE",
    "您好",
    "亲爱的",
];

fn merchant_candidate(raw: &str) -> Option<String> {
    merchant_candidate_with(raw, false)
}

fn merchant_candidate_with(raw: &str, company: bool) -> Option<String> {
    let mut t = raw.trim().trim_matches('*').trim();
    // "京东 订单详情", "滴滴出行 行程详情": the app's page title after the shop.
    for suf in ["订单详情", "行程详情", "账单详情"] {
        if let Some(head) = t.strip_suffix(suf) {
            if head.trim().chars().count() >= 2 {
                t = head.trim();
            }
        }
    }
    if t.chars().filter(|c| c.is_alphabetic()).count() < 2 || is_separator(t) {
        return None;
    }
    let up = t.to_uppercase();
    if HEADER_WORDS.iter().any(|w| up.contains(w)) {
        return None;
    }
    // A labelled line ("DATE: …", "TOTAL 9.00") is not a name; a label word
    // inside a name ("TIME LESS KITCHENETTE") is fine.
    let hits = label_hits(&lex::label_view(t));
    if lex::find_date(&lex::num_view(t)).is_some()
        || t.contains(':')
        || (!company
            && hits
                .iter()
                .any(|h| h.start == 0 && !matches!(h.field, F::Merchant)))
    {
        return None;
    }
    let digits = t.chars().filter(|c| c.is_ascii_digit()).count();
    if digits * 2 > t.chars().count() {
        return None;
    }
    let mut name = t.to_string();
    for suf in ["订单", "行程单", " 行程单"] {
        if name.ends_with(suf) && name.chars().count() > suf.chars().count() + 1 {
            name = name[..name.len() - suf.len()].trim().to_string();
        }
    }
    Some(name)
}

/// Company-form words that mark a line as the legal name of the shop.
const COMPANY_FORMS: &[&str] = &[
    "SDN",
    "SDN BHD",
    "SDN. BHD",
    "BHD",
    "LTD",
    "LIMITED",
    "LLC",
    "INC",
    "GMBH",
    "有限公司",
    "ENTERPRISE",
    "TRADING",
    "S.A.",
    "B.V.",
    "PTE",
    "CORP",
    "CO.",
    "RESTAURANT",
    "超市",
    "SUPERMARKET",
];

fn slip(file: &str, lines: &[TextLine], ctx: &ReadContext, diags: &mut Vec<Diagnostic>) -> Receipt {
    let mut acc = Acc {
        r: Receipt::default(),
        lines,
    };
    let labels: Vec<String> = lines.iter().map(|l| lex::label_view(&l.text)).collect();
    let nums: Vec<String> = lines.iter().map(|l| lex::num_view(&l.text)).collect();
    // Labels per line, found once (the search is the reader's hot spot).
    let all_hits: Vec<Vec<Hit>> = labels.iter().map(|l| label_hits(l)).collect();
    let mut amounts: Vec<AmountCand> = Vec::new();
    let mut dates: Vec<(DateTok, usize, f32)> = Vec::new();
    let mut times: Vec<(chrono::NaiveTime, usize, f32)> = Vec::new();
    let mut currencies: Vec<(Currency, usize)> = Vec::new();
    let mut dcc = Dcc::default();
    let mut dcc_seen = false;
    let mut rate_pair: Option<(Currency, Currency)> = None;
    let mut in_dcc = false;
    let mut orig = OriginalRef::default();
    let mut kind_votes: Vec<(ReceiptKind, f32, usize)> = Vec::new();
    let mut bin: Option<String> = None;
    let mut first_money_line: Option<usize> = None;
    let n = lines.len();

    // The value of a label: its own region, else the next non-empty line when
    // that line carries no label of its own.
    let value_at = |i: usize, h: &Hit| -> Option<(String, String, usize)> {
        let raw = slice(
            &lines[i]
                .text
                .chars()
                .map(lex::halfwidth)
                .collect::<String>(),
            h.vstart,
            h.vend,
        );
        let num = slice(&nums[i], h.vstart, h.vend);
        let cr = clean_value(&raw);
        if !cr.is_empty() {
            return Some((cr, clean_value(&num), i));
        }
        let mut j = i + 1;
        while j < n && j <= i + 2 {
            let t = lines[j].text.trim();
            if t.is_empty() {
                j += 1;
                continue;
            }
            if is_separator(t) || !all_hits[j].is_empty() {
                return None;
            }
            return Some((
                t.chars().map(lex::halfwidth).collect(),
                nums[j].trim().to_string(),
                j,
            ));
        }
        None
    };

    for i in 0..n {
        let raw = lines[i].text.as_str();
        let lv = labels[i].as_str();
        let nv = nums[i].as_str();
        if raw.trim().is_empty() {
            continue;
        }
        let hits = &all_hits[i];

        // Whole-line signals: kind, status, copy, network, entry, DCC.
        let short = raw.trim().chars().count() <= 32;
        let tx_line = hits.iter().any(|h| h.field == F::TxType);
        if short || tx_line {
            let up = lv;
            let vote = |k: ReceiptKind| (k, if tx_line { 0.95 } else { 0.85 }, i);
            if up.contains("预授权完成")
                || up.contains("COMPLETION")
                || up.contains("PRE-AUTH COMP")
                || up.contains("AUTH COMPLETE")
            {
                kind_votes.push(vote(ReceiptKind::Completion));
            } else if up.contains("撤销")
                || word(up, "VOID")
                || up.contains("ANNULERING")
                // Flemish terminals (Bancontact): ANNULATIE, TRANSACTIE GEANNULEERD.
                || up.contains("ANNULATIE")
                || up.contains("GEANNULEERD")
                || up.contains("ANULACION")
                || up.contains("ANULACIÓN")
                || word(up, "ANNULATION")
                || up.contains("ANNULLAMENTO")
                || word(up, "STORNO")
                || up.contains("CANCELLATION")
                || up.contains("REVERSAL") && !up.contains("FAIL")
            {
                kind_votes.push(vote(ReceiptKind::Void));
            } else if up.contains("预授权")
                || up.contains("PRE-AUTH")
                || up.contains("PREAUTH")
                || up.contains("PRE AUTH")
                || up.contains("AUTH ONLY")
                || up.contains("RESERVIERUNG")
            {
                kind_votes.push(vote(ReceiptKind::Preauth));
            } else if up.contains("退货")
                || up.contains("退款")
                || word(up, "REFUND")
                || word(up, "RETURN")
                // A till's return receipt is titled RETURNS (a sale's footer
                // "NO RETURNS WITHOUT …" is not the whole line).
                || up.trim() == "RETURNS"
                || up.contains("GUTSCHRIFT")
                || up.contains("RÜCKGABE")
                || up.contains("RUECKGABE")
                || up.contains("ERSTATTUNG")
                || up.contains("TERUGBETALING")
                || up.contains("DEVOLUCION")
                || up.contains("DEVOLUCIÓN")
                || up.contains("REMBOURSEMENT")
                || up.contains("RIMBORSO")
                || up.contains("CREDIT VOUCHER")
                || up.contains("MERCHANDISE RETURN")
            {
                kind_votes.push(vote(ReceiptKind::Refund));
            } else if up.contains("消费")
                || word(up, "SALE")
                || word(up, "PURCHASE")
                || up.contains("KARTENZAHLUNG")
                || word(up, "BETALING")
                || word(up, "VENTA")
                || word(up, "COMPRA")
                || word(up, "ACQUISTO")
                || word(up, "PAIEMENT")
            {
                kind_votes.push((ReceiptKind::Sale, 0.8, i));
            }
        }
        {
            let up = lv;
            if up.contains("冲正不成功")
                || up.contains("故障单")
                || up.contains("REVERSAL FAILED")
                || up.contains("REVERSAL NOT SUCCESSFUL")
            {
                // The failed reversal itself is surer evidence than the slip's title.
                let conf = if up.contains("故障单") { 0.93 } else { 0.97 };
                if acc.claim("status", conf, i) {
                    acc.r.status = ReceiptStatus::Fault;
                }
            } else if up.contains("GEEN VERBINDING")
                || up.contains("AFGEBROKEN")
                || up.contains("NO CONNECTION")
                || up.contains("ABGEBROCHEN")
                || up.contains("VERBINDUNGSFEHLER")
                || up.contains("通讯失败")
            {
                if acc.claim("status", 0.85, i) {
                    acc.r.status = ReceiptStatus::Failed;
                }
            } else if up.contains("PAYMENT FAILED")
                || up.contains("COULDN'T PROCESS YOUR PAYMENT")
                || up.contains("COULD NOT PROCESS YOUR PAYMENT")
                || up.contains("ZAHLUNG FEHLGESCHLAGEN")
                || up.contains("BETALING MISLUKT")
            {
                if acc.claim("status", 0.85, i) {
                    acc.r.status = ReceiptStatus::Declined;
                }
            } else if up.contains("超时")
                || up.contains("TIMED OUT")
                || up.contains("TIMEOUT")
                || up.contains("TIME OUT")
                || up.contains("NO RESPONSE")
                || up.contains("COMMUNICATION ERROR")
                || up.contains("交易失败") && !up.contains("拒绝")
                || up.contains("TRANSACTION FAILED")
                || up.contains("支付失败")
            {
                if acc.claim("status", 0.85, i) {
                    acc.r.status = if up.contains("支付失败") || up.contains("交易失败") {
                        ReceiptStatus::Declined
                    } else {
                        ReceiptStatus::Failed
                    };
                }
            } else if word(up, "DECLINED")
                || up.contains("拒绝")
                || up.contains("NOT APPROVED")
                || word(up, "DENIED")
                || up.contains("ABGELEHNT")
                || up.contains("GEWEIGERD")
                || up.contains("NICHT ERFOLGT")
                || up.contains("交易不成功")
                || up.contains("REFUSED")
                || up.contains("DENEGAD")
                || word(up, "REFUSE")
                || up.contains("REFUSÉ")
                || up.contains("NEGATA")
                || up.contains("RIFIUTAT")
            {
                if acc.claim("status", 0.9, i) {
                    acc.r.status = ReceiptStatus::Declined;
                }
            } else if word(up, "APPROVED")
                || up.contains("交易成功")
                || up.contains("ZAHLUNG ERFOLGT")
                || up.contains("BUCHUNG ERFOLGT")
                || up.contains("AKKOORD")
                || up.contains("批准")
                || up.contains("APROBAD")
                || word(up, "ACCEPTE")
                || up.contains("ACCEPTÉ")
                || up.contains("APPROVATA")
                || up.contains("AUTORIZZATA")
            {
                if acc.claim("status", 0.8, i) {
                    acc.r.status = ReceiptStatus::Approved;
                }
            }
            // Copy label: a reprint mark beats the copy it reprints.
            let copy = if up.contains("重打印")
                || word(up, "REPRINT")
                || word(up, "DUPLICATE")
                || word(up, "DUPLICATED")
                || up.contains("COPY OF RECEIPT")
                || up.contains("KOPIE")
            {
                Some((CopyLabel::Reprint, 0.95))
            } else if up.contains("商户存根")
                || up.contains("MERCHANT COPY")
                || up.contains("HÄNDLERBELEG")
                || up.contains("HANDLERBELEG")
            {
                Some((CopyLabel::Merchant, 0.9))
            } else if up.contains("银行存根") || up.contains("BANK COPY") {
                Some((CopyLabel::Bank, 0.9))
            } else if up.contains("持卡人存根")
                || up.contains("CUSTOMER COPY")
                || up.contains("CARDHOLDER COPY")
                || up.contains("KUNDENBELEG")
                || up.contains("KLANTTICKET")
                || up.contains("CLIENT COPY")
            {
                Some((CopyLabel::Cardholder, 0.85))
            } else {
                None
            };
            if let Some((c, conf)) = copy {
                if acc.claim("copy", conf, i) {
                    acc.r.copy = Some(c);
                }
            }
            if !hits
                .iter()
                .any(|h| matches!(h.field, F::Mid | F::Tid | F::Stop))
                || hits.iter().any(|h| h.field == F::App || h.field == F::Card)
            {
                if let Some(nw) = network_from_word(up) {
                    let conf =
                        if hits.iter().any(|h| h.field == F::App || h.field == F::Card) || short {
                            0.9
                        } else {
                            0.6
                        };
                    if acc.claim("network", conf, i) {
                        acc.r.network = Some(nw);
                    }
                }
            }
            if let Some(m) = entry_from_word(up) {
                let conf = if hits.iter().any(|h| h.field == F::Entry) {
                    0.95
                } else if short {
                    0.8
                } else {
                    0.5
                };
                if acc.claim("entry_mode", conf, i) {
                    acc.r.entry_mode = Some(m.to_string());
                }
            }
            let cvm = if up.contains("PIN VERIFIED")
                || up.contains("验证密码")
                || up.contains("PIN OK")
                || up.contains("PIN ENTERED")
            {
                Some("pin")
            } else if up.contains("NO CARDHOLDER VERIFICATION")
                || up.contains("NO CVM")
                || up.contains("NO SIGNATURE REQUIRED")
                || up.contains("免签")
            {
                Some("none")
            } else if up.contains("SIGNATURE VERIFIED") || up.contains("PLEASE SIGN") {
                Some("signature")
            } else if up.contains("DEVICE VERIFIED") || up.contains("CDCVM") {
                Some("device")
            } else {
                None
            };
            if let Some(c) = cvm {
                if acc.claim("cvm", 0.85, i) {
                    acc.r.cvm = Some(c.to_string());
                }
            }
            // DCC block.
            if up.contains("CURRENCY CONVERSION")
                || up.contains("持卡人币种")
                || word(up, "DCC")
                || up.contains("EXCH RATE")
                || up.contains("EXCHANGE RATE")
                || up.contains("汇率")
                || up.contains("WECHSELKURS")
                || up.contains("WISSELKOERS")
            {
                dcc_seen = true;
                in_dcc = true;
            }
            if dcc_seen
                && (up.contains("ACCEPT")
                    || up.contains("接受")
                    || up.contains("AKZEPTIERE")
                    || up.contains("GEWÄHLT")
                    || up.contains("CHOSEN TO PAY")
                    || up.contains("OFFERED A CHOICE"))
                && !up.contains("NOT ACCEPT")
                && !up.contains("不接受")
            {
                dcc.accepted = true;
                acc.claim("dcc", 0.9, i);
            }
            if in_dcc {
                if let Some(p) = up
                    .find("RATE")
                    .or_else(|| up.find("汇率"))
                    .or_else(|| up.find("KURS"))
                {
                    // "1 CHF = 1.1127 EUR": the number after '=' (or the last number) is the rate.
                    let tail = &nv[nv
                        .char_indices()
                        .nth(up[..p].chars().count())
                        .map(|x| x.0)
                        .unwrap_or(0)..];
                    // The currencies around '=' say which way it converts:
                    // the left one is the merchant's, the right one the card's.
                    if let Some((l, r)) = tail.split_once('=') {
                        let cur = |t: &str| t.split(|c: char| !c.is_ascii_alphabetic()).find_map(|w| (w.len() == 3).then(|| Currency::new(w)).flatten());
                        if let (Some(a), Some(b)) = (cur(l), cur(r)) {
                            if a != b {
                                rate_pair = Some((a, b));
                            }
                        }
                    }
                    let tail = tail.rsplit('=').next().unwrap_or(tail);
                    if let Some(r) = first_number(tail) {
                        dcc.rate = Some(r);
                    }
                }
                if up.contains("MARGIN")
                    || up.contains("MARKUP")
                    || up.contains("MARK-UP")
                    || up.contains("加价")
                    || up.contains("AUFSCHLAG")
                    || up.contains("OPSLAG")
                {
                    if let Some(p) = nv.find('%') {
                        let before: String = nv[..p]
                            .chars()
                            .rev()
                            .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ',')
                            .collect::<Vec<_>>()
                            .into_iter()
                            .rev()
                            .collect();
                        if let Some((d, _)) = lex::parse_number(&before) {
                            dcc.markup_percent = Some(d);
                        }
                    }
                }
                if up.contains("TRANSACTION CURRENCY") || up.contains("交易币种") {
                    if let Some(c) = nv.split_whitespace().last().and_then(Currency::new) {
                        dcc.transaction_currency = Some(c);
                    }
                }
            }
        }

        // AID anywhere on the line (Dutch slips print it bare in parentheses).
        if let Some(p) = nv.find("A0000") {
            let aid: String = nv[p..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            if aid.len() >= 10 {
                let conf = if hits.iter().any(|h| h.field == F::Aid) {
                    0.95
                } else {
                    0.85
                };
                if acc.claim("aid", conf, i) {
                    acc.r.aid = Some(aid.clone());
                }
                if let Some(nw) = network_from_aid(&aid) {
                    if acc.claim("network", 0.8, i) {
                        acc.r.network = Some(nw);
                    }
                }
            }
        }

        // Masked card number anywhere, unless the line is about MID/TID.
        let masked_ok = !hits
            .iter()
            .any(|h| matches!(h.field, F::Mid | F::Tid | F::Stop | F::Trace | F::Rrn));
        if masked_ok {
            if let Some((last, b)) = lex::masked_pan(nv) {
                let conf = if hits.iter().any(|h| h.field == F::Card) {
                    0.95
                } else {
                    0.85
                };
                if acc.claim("card_last4", conf, i) {
                    acc.r.card_last4 = Some(last);
                }
                if b.is_some() {
                    bin = b;
                }
                // UnionPay slips print the entry mode as a letter after the PAN.
                let t = raw.trim_end();
                let letter = t
                    .chars()
                    .last()
                    .filter(|_| t.chars().rev().nth(1) == Some(' '));
                let mode = match letter {
                    Some('C') => Some("contactless"),
                    Some('I') => Some("chip"),
                    Some('S') => Some("swipe"),
                    Some('M') => Some("manual"),
                    _ => None,
                };
                if let Some(m) = mode {
                    if acc.claim("entry_mode", 0.7, i) {
                        acc.r.entry_mode = Some(m.to_string());
                    }
                }
            }
        }
        // "尾号1234", "(5290)" after a card name, "ending in 1234".
        if acc.r.card_last4.is_none()
            || acc.r.confidence.get("card_last4").is_some_and(|c| *c < 0.8)
        {
            if let Some(l4) = last4_phrase(nv) {
                if acc.claim("card_last4", 0.8, i) {
                    acc.r.card_last4 = Some(l4);
                }
            }
        }

        // Dates and times anywhere; labelled lines count more.
        let date_label = hits.iter().any(|h| h.field == F::Date);
        let skip_date = hits
            .iter()
            .any(|h| matches!(h.field, F::Stop | F::OrigDate))
            || lv.contains("EXP")
            || lv.contains("VALID");
        if !skip_date {
            if let Some((d, _, _)) = lex::find_date(nv) {
                dates.push((d, i, if date_label { 0.95 } else { 0.75 }));
            } else if let Some(d) = compact_date(nv, date_label) {
                dates.push((DateTok::Full(d), i, 0.7));
            }
            if let Some((t, _)) = lex::find_time(nv) {
                times.push((t, i, if date_label { 0.95 } else { 0.75 }));
            }
        }

        // Money on this line.
        let toks = lex::money_tokens(nv);
        for t in &toks {
            if let Some(c) = t.currency {
                currencies.push((c, i));
            }
        }
        if !toks.is_empty() && first_money_line.is_none() {
            first_money_line = Some(i);
        }
        if dcc_seen && toks.is_empty() && is_separator(raw) && in_dcc && dcc.home_amount.is_some() {
            in_dcc = false;
        }

        for h in hits {
            let Some((vraw, vnum, vline)) = value_at(i, h) else {
                continue;
            };
            let id = || lex::id_after(&vnum);
            match h.field {
                F::Merchant => {
                    if acc.claim("merchant", 0.95, vline) {
                        acc.r.merchant = Some(vraw.trim().to_string());
                    }
                }
                F::Mid => set_id(&mut acc, "mid", id(), vline, |r| &mut r.mid),
                F::Tid => set_id(&mut acc, "tid", id(), vline, |r| &mut r.tid),
                F::Batch => set_id(
                    &mut acc,
                    "batch",
                    id().filter(|v| v.chars().any(|c| c.is_ascii_digit())),
                    vline,
                    |r| &mut r.batch,
                ),
                F::Trace => set_id(
                    &mut acc,
                    "trace",
                    id().filter(|v| v.chars().any(|c| c.is_ascii_digit())),
                    vline,
                    |r| &mut r.trace,
                ),
                F::Invoice => set_id(
                    &mut acc,
                    "invoice",
                    id().filter(|v| v.chars().any(|c| c.is_ascii_digit())),
                    vline,
                    |r| &mut r.invoice,
                ),
                F::Rrn => set_id(&mut acc, "rrn", id().filter(|v| v.len() >= 6), vline, |r| {
                    &mut r.rrn
                }),
                F::Tvr => set_id(
                    &mut acc,
                    "tvr",
                    id().filter(|v| v.len() == 10),
                    vline,
                    |r| &mut r.tvr,
                ),
                F::Operator => set_id(&mut acc, "operator", lex::id_after(&vraw), vline, |r| {
                    &mut r.operator
                }),
                F::Auth => {
                    // Auth codes are alphanumeric: read them raw, not digit-repaired.
                    let v = lex::id_after(&vraw).filter(|v| (2..=8).contains(&v.len()));
                    set_id(&mut acc, "auth_code", v, vline, |r| &mut r.auth_code)
                }
                F::Order => set_id(
                    &mut acc,
                    "order_id",
                    lex::id_after(&vraw).filter(|v| v.len() >= 4),
                    vline,
                    |r| &mut r.order_id,
                ),
                F::Aid => {}
                F::App => {
                    let v = vraw.split("  ").next().unwrap_or("").trim().to_string();
                    if !v.is_empty() && acc.claim("app_label", 0.9, vline) {
                        acc.r.app_label = Some(v);
                    }
                }
                F::Card => {
                    if let Some((last, b)) = lex::masked_pan(&vnum) {
                        if acc.claim("card_last4", 0.95, vline) {
                            acc.r.card_last4 = Some(last);
                        }
                        if b.is_some() {
                            bin = b;
                        }
                    }
                }
                F::Entry => {
                    let up = vraw.to_uppercase();
                    let m = entry_from_word(&up)
                        .map(str::to_string)
                        .unwrap_or_else(|| up.trim().to_lowercase());
                    if !m.is_empty() && acc.claim("entry_mode", 0.95, vline) {
                        acc.r.entry_mode = Some(m);
                    }
                }
                F::Resp => {
                    let v = lex::id_after(&vraw).filter(|v| v.len() <= 3);
                    if let Some(code) = v {
                        if acc.claim("response_code", 0.9, vline) {
                            acc.r.response_code = Some(code);
                        }
                    }
                }
                F::TxType => {}
                F::OrigTrace | F::OrigInvoice => {
                    if let Some(v) = id() {
                        acc.claim("original", 0.9, vline);
                        if h.field == F::OrigTrace {
                            orig.trace = Some(v);
                        } else {
                            orig.invoice = Some(v);
                        }
                    }
                }
                F::OrigRrn => {
                    if let Some(v) = id() {
                        acc.claim("original", 0.9, vline);
                        orig.rrn = Some(v);
                    }
                }
                F::OrigAuth => {
                    if let Some(v) = lex::id_after(&vraw) {
                        acc.claim("original", 0.9, vline);
                        orig.auth_code = Some(v);
                    }
                }
                F::OrigOrder => {
                    if let Some(v) = lex::id_after(&vraw) {
                        acc.claim("original", 0.9, vline);
                        orig.order_id = Some(v);
                    }
                }
                F::OrigDate => {
                    if let Some((d, _, _)) = lex::find_date(&vnum) {
                        orig.date = match d {
                            DateTok::Full(d) | DateTok::Ambiguous(d, _) => Some(d),
                            DateTok::MonthDay(..) => None,
                        };
                    } else if let Some(d) = compact_date(&vnum, true) {
                        orig.date = Some(d);
                    }
                }
                F::Total(_)
                | F::Amount
                | F::Subtotal
                | F::Tip
                | F::Tax
                | F::Rounding
                | F::Cash
                | F::Change
                | F::Paid
                | F::Requested
                | F::Balance
                | F::Other => {
                    // The amount in this label's region, else on the value line.
                    let region: Vec<&MoneyTok> = if vline == i {
                        toks.iter()
                            .filter(|t| t.start >= h.vstart && t.start < h.vend)
                            .collect()
                    } else {
                        vec![]
                    };
                    let tok = if let Some(t) = region.last() {
                        Some(((*t).clone(), i))
                    } else if vline != i {
                        let vt = lex::money_tokens(&nums[vline]);
                        if vt.len() == 1
                            && lines[vline]
                                .text
                                .trim()
                                .chars()
                                .filter(|c| c.is_alphabetic())
                                .count()
                                <= 4
                        {
                            Some((vt[0].clone(), vline))
                        } else {
                            None
                        }
                    } else {
                        // "TOTAL: 9.00" where the value sits on the next line in box CSVs
                        let j = (i + 1..n.min(i + 3)).find(|&j| !lines[j].text.trim().is_empty());
                        j.and_then(|j| {
                            let vt = lex::money_tokens(&nums[j]);
                            if vt.len() == 1
                                && all_hits[j].is_empty()
                                && lines[j]
                                    .text
                                    .trim()
                                    .chars()
                                    .filter(|c| c.is_alphabetic())
                                    .count()
                                    <= 3
                            {
                                Some((vt[0].clone(), j))
                            } else {
                                None
                            }
                        })
                    };
                    if let Some((t, l)) = tok {
                        // Tax "TAX 6%" rates and quantities were filtered in money_tokens.
                        let field = match h.field {
                            // "TOTAL GST", "TOTAL (INCL. GST)": the first is tax, the second total.
                            F::Tax if lv.contains("INCL") && lv.contains("TOTAL") => F::Total(8),
                            f => f,
                        };
                        amounts.push(AmountCand {
                            field,
                            tok: t,
                            line: l,
                            in_dcc,
                        });
                    }
                }
                F::Date | F::Stop => {}
            }
        }

        // Items: "description   12.34" lines without labels, before totals.
        if hits.is_empty()
            && toks.len() == 1
            && toks[0].has_decimals
            && !amounts.iter().any(|a| {
                matches!(
                    a.field,
                    F::Total(_) | F::Subtotal | F::Amount | F::Balance | F::Paid
                )
            })
        {
            let desc: String = raw.chars().take(toks[0].start).collect::<String>();
            let desc = desc
                .trim()
                .trim_end_matches(['¥', '$', '£', '€', '￥'])
                .trim();
            let desc_letters = desc.chars().filter(|c| c.is_alphabetic()).count();
            if desc_letters >= 2 && lex::find_date(nv).is_none() {
                // "1 x Latte", "Latte x2", "NASI LEMAK     2"
                let (mut d, mut qty) = (desc.to_string(), None);
                if let Some((q, rest)) = desc.split_once([' ']).filter(|(q, r)| {
                    q.parse::<Decimal>().is_ok() && r.trim_start().starts_with(['x', 'X', '×'])
                }) {
                    qty = q.parse().ok();
                    let r = rest.trim_start();
                    d = r[r.chars().next().map(|c| c.len_utf8()).unwrap_or(0)..]
                        .trim()
                        .to_string();
                } else if let Some((q, rest)) = desc
                    .split_once(['x', 'X', '×'])
                    .filter(|(q, _)| !q.is_empty() && q.chars().all(|c| c.is_ascii_digit()))
                {
                    // "2x Brezel"
                    qty = q.parse().ok();
                    d = rest.trim().to_string();
                } else if let Some((rest, q)) = desc
                    .rsplit_once(' ')
                    .filter(|(r, q)| r.ends_with(' ') || q.starts_with(['x', 'X']))
                {
                    if let Ok(v) = q.trim_start_matches(['x', 'X']).parse::<Decimal>() {
                        qty = Some(v);
                        d = rest.trim().to_string();
                    }
                }
                acc.r.items.push(super::Item {
                    description: d,
                    quantity: qty,
                    amount: Some(toks[0].amount),
                });
                acc.r.lines.entry("items".into()).or_insert(i as u32 + 1);
                acc.r
                    .confidence
                    .entry("items".into())
                    .or_insert(0.6 * lines[i].confidence);
            } else if desc_letters == 0 && raw.contains('=') {
                // "   2 x 13.80 = 27.60" belongs to the description above.
                if let Some(prev) = (0..i).rev().find(|&j| !lines[j].text.trim().is_empty()) {
                    let d = lines[prev].text.trim().to_string();
                    if d.chars().filter(|c| c.is_alphabetic()).count() >= 1
                        && all_hits[prev].is_empty()
                    {
                        let qty = raw
                            .split(['x', 'X', '×'])
                            .next()
                            .and_then(|q| q.trim().parse::<Decimal>().ok());
                        acc.r.items.push(Item {
                            description: d,
                            quantity: qty,
                            amount: Some(toks[0].amount),
                        });
                        acc.r.lines.entry("items".into()).or_insert(prev as u32 + 1);
                        acc.r
                            .confidence
                            .entry("items".into())
                            .or_insert(0.6 * lines[i].confidence);
                    }
                }
            }
        }
    }

    // Merchant: the labelled name, else a company-form line near the top,
    // else the first line that reads like a name.
    if acc.r.merchant.is_none() {
        let top: Vec<usize> = (0..n)
            .filter(|&i| !lines[i].text.trim().is_empty())
            .take(8)
            .collect();
        let company = top.iter().find(|&&i| {
            let up = labels[i].as_str();
            // An address line may hold a form word too ("1 MARKET ST"): names do not start with a number.
            !lines[i]
                .text
                .trim()
                .starts_with(|c: char| c.is_ascii_digit())
                && COMPANY_FORMS.iter().any(|w| word(up, w))
                && merchant_candidate_with(&lines[i].text, true).is_some()
        });
        // Else the name printed just above the street address ("27,JALAN
        // DEDAP 13," / "3195 MONROE AVE"), which skips a proprietor's name
        // or a logo line above it.
        let above_address = top.iter().take(5).position(|&i| {
            let t = lines[i].text.trim();
            let first = t.split_whitespace().next().unwrap_or("");
            let item = t
                .split_whitespace()
                .nth(1)
                .is_some_and(|w| matches!(w, "x" | "X" | "×"))
                // "2x Bitterballen 15,00", "1  Bananen  1,89": an item line, not a street.
                || first.ends_with(['x', 'X', '×'])
                || ends_with_money(t);
            ((t.starts_with(|c: char| c.is_ascii_digit()) && t.chars().filter(|c| c.is_alphabetic()).count() >= 3)
                || street_line(t))
                && !t.contains(':')
                && !item
        });
        // Walk up past the rest of the address ("Hohe Str. 111" above "50667 Köln").
        let above = above_address.and_then(|k| {
            top[..k].iter().rev().copied().find(|&i| {
                let t = lines[i].text.trim();
                // A street line ("Moenckebergstr. 1") ends with its number.
                let last = t.split_whitespace().last().unwrap_or("");
                let house_no = last
                    .chars()
                    .all(|c| c.is_ascii_digit() || "OolIS".contains(c));
                !house_no
                    && !lex::num_view(t).chars().any(|c| c.is_ascii_digit())
                    && merchant_candidate(t).is_some()
            })
        });
        let pick = company
            .map(|&i| (i, 0.75))
            .or(above.map(|i| (i, 0.65)))
            .or_else(|| {
                top.iter()
                    .find(|&&i| merchant_candidate(&lines[i].text).is_some())
                    .map(|&i| (i, 0.6))
            });
        if let Some((i, conf)) = pick {
            if let Some(mut m) = merchant_candidate_with(&lines[i].text, company.is_some()) {
                // "PASARAYA BORONG PINTAR" / "SDN BHD": a line that is only the
                // company form continues the name above it.
                let only_form = m.split_whitespace().all(|w| {
                    COMPANY_FORMS.iter().any(|f| {
                        f.split_whitespace()
                            .any(|x| x.eq_ignore_ascii_case(w.trim_matches('.')))
                    })
                });
                if only_form {
                    if let Some(&p) = top.iter().rev().find(|&&j| j < i) {
                        if let Some(prev) = merchant_candidate(&lines[p].text) {
                            m = format!("{prev} {m}");
                        }
                    }
                }
                acc.claim("merchant", conf, i);
                acc.r.merchant = Some(m);
            }
        }
    }

    // Merchant city: from the address lines under the name.
    if let Some(ml) = acc.r.lines.get("merchant").map(|l| *l as usize - 1) {
        let block: Vec<usize> = (ml + 1..n.min(ml + 5))
            .take_while(|&i| all_hits[i].is_empty() && !is_separator(&lines[i].text))
            .collect();
        // "CITY, ST 12345" and UK postcodes are surer than "12345 Town", which
        // a US street line ("3195 MONROE AVE") also looks like.
        let found = [true, false].iter().find_map(|&strict| {
            block
                .iter()
                .find_map(|&i| city_of(lines[i].text.trim(), strict).map(|c| (i, c)))
        });
        if let Some((i, c)) = found {
            acc.claim("merchant_city", 0.7, i);
            acc.r.merchant_city = Some(c);
        }
    }

    // Kind: the strongest vote; a transaction-type line outranks a loose word.
    if let Some(&(k, c, l)) = kind_votes
        .iter()
        .filter(|v| v.0 != ReceiptKind::Sale)
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .or_else(|| kind_votes.first())
    {
        acc.claim("kind", c, l);
        acc.r.kind = k;
    } else {
        acc.r.kind = ReceiptKind::Sale;
    }

    // Currency: the total's, else the most common on the slip.
    let total_pick = pick_total(&amounts, dcc_seen);
    let mut cur = total_pick.as_ref().and_then(|(t, _, _)| t.tok.currency);
    if cur.is_none() {
        let mut counts: Vec<(Currency, usize, usize)> = Vec::new();
        for (c, l) in &currencies {
            match counts.iter_mut().find(|x| x.0 == *c) {
                Some(x) => x.1 += 1,
                None => counts.push((*c, 1, *l)),
            }
        }
        counts.sort_by(|a, b| b.1.cmp(&a.1));
        cur = counts.first().map(|c| c.0);
    }
    // "¥" is the yen on a Japanese slip (kana on it) unless the slip names
    // the renminbi outright.
    let japanese = lines.iter().any(|l| l.text.chars().any(|c| ('\u{3040}'..='\u{30ff}').contains(&c)));
    let named_cny = lines.iter().any(|l| ["人民币", "RMB", "CNY", "元"].iter().any(|w| l.text.to_uppercase().contains(w)));
    let yen = |c: Currency| {
        if japanese && c.code() == "CNY" && !named_cny {
            Currency::new("JPY").unwrap_or(c)
        } else {
            c
        }
    };
    let cur = cur.map(yen);
    if let Some(c) = cur {
        let l = total_pick
            .as_ref()
            .map(|t| t.0.line)
            .or_else(|| currencies.first().map(|c| c.1))
            .unwrap_or(0);
        acc.claim("currency", 0.85, l);
        acc.r.currency = Some(c);
    }

    // Dates: labelled first; slashed dates resolved per file (month-first
    // only when the slip is in dollars and no date on it says otherwise).
    // The merchant's currency (any dollar amount, including a DCC block's
    // transaction currency) tells the date style, not the cardholder's.
    let merchant_cur = dcc.transaction_currency.or(currencies.first().map(|c| c.0));
    // Without a currency sign, a 12-hour clock ("10:09 AM") or a US state and
    // ZIP code ("CAMBRIDGE, MA 02138") says the same.
    let month_first = merchant_cur.map_or_else(|| lines.iter().any(|l| us_style_line(&l.text)), |c| c.code() == "USD");
    // A date written with the month's name ("Monday, September 8") settles
    // which reading of 9/8/25 is meant.
    let hints: Vec<(u32, u32)> = lines
        .iter()
        .filter_map(|l| month_name_day(&l.text))
        .collect();
    dates.sort_by(|a, b| b.2.total_cmp(&a.2));
    if let Some(&(d, l, c)) = dates
        .iter()
        .find(|d| !matches!(d.0, DateTok::MonthDay(..)))
        .or_else(|| dates.first())
    {
        match d {
            DateTok::Full(x) => {
                acc.claim("date", c, l);
                acc.r.date = Some(x);
            }
            DateTok::Ambiguous(dm, md) => {
                acc.claim("date", c * 0.8, l);
                let hinted = |x: NaiveDate| hints.contains(&(x.month(), x.day()));
                // A slip cannot be dated after the day the case is looked at.
                let future = |x: NaiveDate| ctx.reference_date.is_some_and(|r| x > r);
                acc.r.date = Some(if hinted(md) && !hinted(dm) {
                    md
                } else if hinted(dm) && !hinted(md) {
                    dm
                } else if future(md) != future(dm) {
                    if future(md) { dm } else { md }
                } else if month_first {
                    md
                } else {
                    dm
                });
                if !hinted(md) && !hinted(dm) && md != dm {
                    acc.r.date_alt = Some(if acc.r.date == Some(md) { dm } else { md });
                }
            }
            DateTok::MonthDay(m, d) => {
                acc.claim("date", c * 0.7, l);
                super::set_month_day(&mut acc.r, m, d, ctx, file, l, diags);
            }
        }
    }
    if let Some(&(t, l, c)) = times.iter().max_by(|a, b| a.2.total_cmp(&b.2)) {
        acc.claim("time", c, l);
        acc.r.time = Some(t);
    }

    // Amounts.
    let by = |f: F| amounts.iter().filter(move |a| a.field == f && !a.in_dcc);
    // "TIP  ________": a tip line with no amount, left for the customer.
    let tip_blank = if by(F::Tip).next().is_none() {
        (0..n).find(|&i| all_hits[i].iter().any(|h| h.field == F::Tip) && lines[i].text.contains("__"))
    } else {
        None
    };
    if let Some(l) = tip_blank {
        acc.r.tip_line_blank = true;
        acc.claim("tip_line_blank", 0.9, l);
        diags.push(Diagnostic::note(file, Some(l as u32 + 1), "receipt.tip_blank", &[]));
    }
    if let Some(t) = by(F::Tip).last() {
        acc.claim("tip", 0.9, t.line);
        acc.r.tip = Some(t.tok.amount);
    }
    if let Some(t) = by(F::Requested).last() {
        acc.claim("requested_amount", 0.9, t.line);
        acc.r.requested_amount = Some(t.tok.amount);
    }
    if let Some(t) = by(F::Tax).last() {
        acc.claim("tax", 0.8, t.line);
        acc.r.tax = Some(t.tok.amount);
    }
    if let Some(t) = by(F::Subtotal).last() {
        acc.claim("subtotal", 0.9, t.line);
        acc.r.subtotal = Some(t.tok.amount);
    } else if acc.r.tip.is_some() || tip_blank.is_some() {
        // "AMOUNT 107.55 / TIP 21.51 / TOTAL 129.06": the base amount is the subtotal.
        if let Some(t) = by(F::Amount).next() {
            acc.claim("subtotal", 0.85, t.line);
            acc.r.subtotal = Some(t.tok.amount);
        }
    }
    if dcc_seen {
        let dcc_amounts: Vec<&AmountCand> = amounts.iter().filter(|a| a.in_dcc).collect();
        let home = dcc_amounts
            .iter()
            .filter(|a| matches!(a.field, F::Total(_)))
            .last();
        let txn = dcc_amounts
            .iter()
            .find(|a| a.field == F::Amount)
            .or_else(|| {
                amounts
                    .iter()
                    .find(|a| a.field == F::Amount)
                    .as_ref()
                    // No amount inside the DCC block: nothing to take (the
                    // index was taken before the emptiness check: a panic).
                    .and_then(|_| dcc_amounts.first())
            });
        if let Some(h) = home {
            dcc.home_amount = Some(h.tok.amount);
            dcc.home_currency = h.tok.currency;
        }
        if let Some(t) = txn.or_else(|| {
            amounts
                .iter()
                .find(|a| a.field == F::Amount && !a.in_dcc)
                .map(|a| a)
                .as_ref()
                .and_then(|_| dcc_amounts.first())
        }) {
            dcc.transaction_amount = Some(t.tok.amount);
            if dcc.transaction_currency.is_none() {
                dcc.transaction_currency = t.tok.currency;
            }
        }
        if dcc.transaction_amount.is_none() {
            if let Some(a) = amounts.iter().find(|a| a.field == F::Amount) {
                dcc.transaction_amount = Some(a.tok.amount);
                dcc.transaction_currency = dcc.transaction_currency.or(a.tok.currency);
            }
        }
        // "1 GBP = 1.1530 EUR" settles which printed amount is which, even
        // when both lines carry the same label ("TRANSACTION AMOUNT").
        if let Some((from, to)) = rate_pair {
            if let Some(t) = amounts.iter().find(|a| a.tok.currency == Some(from)) {
                dcc.transaction_amount = Some(t.tok.amount);
            }
            dcc.transaction_currency = Some(from);
            if let Some(h) = amounts.iter().filter(|a| a.tok.currency == Some(to)).last() {
                dcc.home_amount = Some(h.tok.amount);
                dcc.home_currency = Some(to);
            }
        }
        acc.claim("dcc", 0.85, home.map(|h| h.line).unwrap_or(0));
        acc.r.dcc = Some(dcc);
    }
    // A rounding adjustment after the total: the rounded amount printed after
    // it is what was paid ("TOTAL 60.31 / ROUNDING -0.01 / 60.30").
    let rounded = total_pick
        .as_ref()
        .filter(|_| !dcc_seen)
        .and_then(|(t, _, _)| {
            let r = amounts
                .iter()
                .filter(|a| a.field == F::Rounding && !a.tok.amount.is_zero())
                .last()?;
            // The total the rounding applies to is the last one printed before it.
            let base = amounts
                .iter()
                .filter(|a| matches!(a.field, F::Total(_) | F::Amount) && a.line <= r.line)
                .last()
                .map(|a| a.tok.amount)
                .unwrap_or(t.tok.amount);
            let want = if r.tok.negative {
                base - r.tok.amount
            } else {
                base + r.tok.amount
            };
            let line = (r.line..n)
                .find(|&j| lex::money_tokens(&nums[j]).iter().any(|m| m.amount == want))?;
            Some((want, line))
        });
    // Cash tendered minus change is what a cash customer paid. When it
    // differs from the labelled total but a total line prints it, that line
    // is the paid (rounded) amount: OCR can garble the rounding line
    // ("Rounding -001") and a later tax summary repeats the unrounded total.
    let cash_paid = (rounded.is_none() && !dcc_seen).then_some(()).and_then(|()| {
        let cash = amounts.iter().rfind(|a| a.field == F::Cash && a.tok.has_decimals)?;
        let change = amounts.iter().rfind(|a| a.field == F::Change && a.tok.has_decimals)?;
        let paid = cash.tok.amount - change.tok.amount;
        if paid <= Decimal::ZERO || total_pick.as_ref().is_some_and(|(t, _, _)| paid == t.tok.amount) {
            return None;
        }
        amounts
            .iter()
            .find(|a| {
                a.tok.amount == paid
                    && (matches!(a.field, F::Total(_) | F::Amount | F::Paid)
                        || (a.field == F::Tax && lines[a.line].text.to_uppercase().contains("TOTAL")))
            })
            .map(|a| (paid, a.line, cash.tok.amount, change.tok.amount))
    });
    match total_pick {
        Some((t, conf, note)) => {
            acc.claim("total", conf, t.line);
            acc.r.total = Some(t.tok.amount);
            if let Some((paid, line, cash, change)) = cash_paid {
                acc.r.total = Some(paid);
                acc.r.confidence.insert("total".into(), 0.8 * lines[line].confidence);
                acc.r.lines.insert("total".into(), line as u32 + 1);
                diags.push(Diagnostic::note(
                    file,
                    Some(line as u32 + 1),
                    "receipt.cash_minus_change_also",
                    &[("cash", lit(cash)), ("change", lit(change)), ("paid", lit(paid)), ("shown", lit(t.tok.amount))],
                ));
            }
            if let Some((amt, line)) = rounded {
                acc.r.total = Some(amt);
                acc.r
                    .confidence
                    .insert("total".into(), 0.85 * lines[line].confidence);
                acc.r.lines.insert("total".into(), line as u32 + 1);
            }
            if let Some(c) = t.tok.currency {
                acc.r.currency = Some(yen(c));
            }
            if let Some(n) = note {
                diags.push(Diagnostic::note(file, Some(t.line as u32 + 1), n.code, &n.args));
            }
        }
        None => {
            // No labelled total: the largest amount on the slip that is not cash
            // tendered or change, with low confidence.
            let cand = amounts
                .iter()
                .filter(|a| {
                    !matches!(
                        a.field,
                        F::Cash
                            | F::Change
                            | F::Rounding
                            | F::Other
                            | F::Tax
                            | F::Requested
                            | F::Balance
                    )
                })
                .max_by(|a, b| a.tok.amount.cmp(&b.tok.amount));
            let fallback = cand
                .map(|a| (a.tok.amount, a.line, a.tok.currency))
                .or_else(|| {
                    // Unlabelled amounts, except on cash and change lines.
                    let paid_lines: Vec<usize> = amounts
                        .iter()
                        .filter(|a| matches!(a.field, F::Cash | F::Change))
                        .map(|a| a.line)
                        .collect();
                    (0..n)
                        .filter(|i| !paid_lines.contains(i))
                        .flat_map(|i| {
                            lex::money_tokens(&nums[i])
                                .into_iter()
                                .filter(|t| t.currency.is_some() || t.has_decimals)
                                .map(move |t| (t.amount, i, t.currency))
                        })
                        .max_by(|a, b| a.0.cmp(&b.0))
                });
            match fallback {
                // No labelled total, but a line prints cash minus change.
                _ if cash_paid.is_some() => {
                    if let Some((paid, line, cash, change)) = cash_paid {
                        acc.claim("total", 0.6, line);
                        acc.r.total = Some(paid);
                        diags.push(Diagnostic::note(
                            file,
                            Some(line as u32 + 1),
                            "receipt.cash_minus_change",
                            &[("cash", lit(cash)), ("change", lit(change)), ("paid", lit(paid))],
                        ));
                    }
                }
                Some((amt, l, c)) => {
                    acc.claim("total", 0.4, l);
                    acc.r.total = Some(amt);
                    if acc.r.currency.is_none() {
                        acc.r.currency = c;
                    }
                    diags.push(Diagnostic::warn(file, Some(l as u32 + 1), "receipt.total_guessed", &[]));
                }
                None => diags.push(
                    Diagnostic::warn(file, None, "receipt.no_total", &[]),
                ),
            }
        }
    }

    // Network: label > AID > card number prefix.
    if acc.r.network.is_none() {
        if let Some(nw) = bin.as_deref().and_then(network_from_bin) {
            let l = acc.r.lines.get("card_last4").copied().unwrap_or(1) as usize - 1;
            acc.claim("network", 0.7, l);
            acc.r.network = Some(nw);
        }
    }
    if orig != OriginalRef::default() {
        acc.r.original = Some(orig);
    }
    // Response code: "DECLINED 51", "应答码:68" read above; meaning from the table.
    if acc.r.response_code.is_none() && acc.r.status != ReceiptStatus::Approved {
        for i in 0..n {
            let up = &labels[i];
            let status_line = word(up, "DECLINED")
                || up.contains("拒绝")
                || up.contains("ABGELEHNT")
                || up.contains("GEWEIGERD")
                || up.contains("GEEN VERBINDING")
                || up.contains("AFGEBROKEN")
                || up.contains("TIMED OUT")
                || up.contains("TIMEOUT");
            if status_line {
                if let Some(code) = code_in_parens_or_after(&nums[i]) {
                    acc.claim("response_code", 0.75, i);
                    acc.r.response_code = Some(code);
                    break;
                }
            }
        }
    }
    if let Some(code) = acc.r.response_code.clone() {
        let network = acc.r.network.or_else(|| {
            if lines.iter().any(|l| {
                l.text
                    .chars()
                    .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
            }) {
                Some(Network::Unionpay)
            } else {
                None
            }
        });
        if let Some(rc) = crate::codes::response(network, &code) {
            let zh = network == Some(Network::Unionpay);
            acc.r.response_meaning = Some(if zh && !rc.meaning_zh.is_empty() {
                format!("{} ({})", rc.meaning_zh, rc.meaning_en)
            } else {
                rc.meaning_en.to_string()
            });
            let l = acc.r.lines.get("response_code").copied().unwrap_or(1) as usize - 1;
            acc.claim("response_meaning", 0.9, l);
            if code != "00"
                && acc.r.status == ReceiptStatus::Approved
                && !acc.r.confidence.contains_key("status")
            {
                acc.r.status = ReceiptStatus::Declined;
                acc.claim("status", 0.7, l);
            }
        }
    }
    acc.r
}

fn word(up: &str, w: &str) -> bool {
    up.match_indices(w).any(|(i, _)| {
        !up[..i]
            .chars()
            .last()
            .is_some_and(|c| c.is_ascii_alphabetic())
            && !up[i + w.len()..]
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic())
    })
}

fn code_in_parens_or_after(s: &str) -> Option<String> {
    // "Geweigerd (05)", "DECLINED (51)"
    if let Some(p) = s.find('(') {
        let inner: String = s[p + 1..].chars().take_while(|c| *c != ')').collect();
        let inner = inner.trim();
        if (2..=3).contains(&inner.len())
            && inner.chars().all(|c| c.is_ascii_alphanumeric())
            && inner.chars().any(|c| c.is_ascii_digit())
        {
            return Some(inner.to_string());
        }
    }
    let up = s.to_ascii_uppercase();
    let p = up
        .find("DECLINED")
        .map(|p| p + 8)
        .or_else(|| up.find("拒绝").map(|p| p + "拒绝".len()))
        .or_else(|| up.find("ABGELEHNT").map(|p| p + 9))?;
    let tail = &s[p..];
    let t = tail.trim_start_matches(|c: char| !c.is_ascii_alphanumeric());
    let t = t
        .strip_prefix("CODE")
        .or_else(|| t.strip_prefix("code"))
        .map(|x| x.trim_start_matches(|c: char| !c.is_ascii_alphanumeric()))
        .unwrap_or(t);
    let code: String = t
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect();
    if (2..=3).contains(&code.len()) && code.chars().any(|c| c.is_ascii_digit()) {
        Some(code)
    } else {
        None
    }
}

fn first_number(s: &str) -> Option<Decimal> {
    let cs: Vec<char> = s.chars().collect();
    let st = cs.iter().position(|c| c.is_ascii_digit())?;
    let tok: String = cs[st..]
        .iter()
        .take_while(|c| c.is_ascii_digit() || **c == '.' || **c == ',')
        .collect();
    let tok = tok.trim_end_matches(['.', ',']);
    // Rates keep all their decimals: "1.1127".
    tok.replace(',', ".").parse().ok()
}

/// The town in an address line: `ROCHESTER, NY 14618`, `20095 Hamburg`,
/// `3012 EL Rotterdam`, `BATH BA1 1DS`, or a lone Chinese city name.
fn city_of(t: &str, strict: bool) -> Option<String> {
    let t = t.trim().trim_end_matches([',', '.']);
    if t.is_empty() || t.chars().count() > 40 {
        return None;
    }
    let words: Vec<&str> = t.split_whitespace().collect();
    let is_zip = |w: &str| w.len() >= 4 && w.len() <= 5 && w.chars().all(|c| c.is_ascii_digit());
    // US: "CITY, ST 12345"
    if let Some((city, rest)) = t.rsplit_once(',') {
        let r: Vec<&str> = rest.split_whitespace().collect();
        if strict
            && r.len() == 2
            && r[0].len() == 2
            && r[0].chars().all(|c| c.is_ascii_uppercase())
            && r[1].chars().take(5).all(|c| c.is_ascii_digit())
        {
            return Some(city.trim().to_string());
        }
    }
    // Continental: "20095 Hamburg", "60313 Frankfurt am Main", "3012 EL Rotterdam"
    const STREET: &[&str] = &[
        "AVE", "AVENUE", "ST", "STREET", "RD", "ROAD", "BLVD", "DR", "LN", "WAY", "HWY", "PL", "N",
        "S", "E", "W",
    ];
    if !strict
        && words.len() >= 2
        && is_zip(words[0])
        && !words
            .iter()
            .any(|w| STREET.contains(&w.to_ascii_uppercase().trim_end_matches('.')))
    {
        let rest = if words.len() >= 3
            && words[1].len() == 2
            && words[1].chars().all(|c| c.is_ascii_uppercase())
        {
            &words[2..]
        } else {
            &words[1..]
        };
        if !rest.is_empty()
            && rest
                .iter()
                .all(|w| w.chars().all(|c| c.is_alphabetic() || c == '-' || c == '.'))
        {
            return Some(rest.join(" "));
        }
    }
    // UK: "BATH BA1 1DS", "GLASGOW G1 2GF"
    if words.len() >= 3 {
        let (a, b) = (words[words.len() - 2], words[words.len() - 1]);
        let outward = a.len() >= 2
            && a.len() <= 4
            && a.chars().next().is_some_and(|c| c.is_ascii_uppercase())
            && a.chars().any(|c| c.is_ascii_digit());
        let inward = b.len() == 3 && b.chars().next().is_some_and(|c| c.is_ascii_digit());
        if strict
            && outward
            && inward
            && words[..words.len() - 2]
                .iter()
                .all(|w| w.chars().all(|c| c.is_ascii_alphabetic()))
        {
            return Some(words[..words.len() - 2].join(" "));
        }
    }
    // Chinese shop receipts print the city alone under the name.
    let cjk = t.chars().all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    if !strict
        && cjk
        && (2..=4).contains(&t.chars().count())
        && (t.ends_with('市')
            || [
                "北京", "上海", "天津", "重庆", "深圳", "广州", "杭州", "南京", "成都", "武汉",
                "西安", "苏州", "福州", "厦门",
            ]
            .contains(&t))
    {
        return Some(t.trim_end_matches('市').to_string());
    }
    None
}

/// "September 8", "Sep 8" without a year: (month, day).
fn month_name_day(s: &str) -> Option<(u32, u32)> {
    const NAMES: &[&str] = &[
        "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
    ];
    let up = s.to_uppercase();
    let words: Vec<&str> = up
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    for w in words.windows(2) {
        if w[0].len() >= 3 && w[0].chars().all(|c| c.is_ascii_alphabetic()) {
            if let Some(m) = NAMES.iter().position(|n| w[0].starts_with(n)) {
                if let Ok(d) = w[1].parse::<u32>() {
                    if (1..=31).contains(&d) && w[1].len() <= 2 {
                        return Some((m as u32 + 1, d));
                    }
                }
            }
        }
    }
    None
}

/// `20180304` on a date line.
fn compact_date(nv: &str, labelled: bool) -> Option<NaiveDate> {
    if !labelled {
        return None;
    }
    for w in nv.split(|c: char| !c.is_ascii_digit()) {
        if w.len() == 8 {
            let y: i32 = w[..4].parse().ok()?;
            let m: u32 = w[4..6].parse().ok()?;
            let d: u32 = w[6..].parse().ok()?;
            if (1990..=2100).contains(&y) {
                if let Some(x) = NaiveDate::from_ymd_opt(y, m, d) {
                    return Some(x);
                }
            }
        }
    }
    None
}

/// "… 15,00", "… 1.89": a line ending in a money amount (two decimals).
fn ends_with_money(t: &str) -> bool {
    let last = t.split_whitespace().last().unwrap_or("");
    let b = last.trim_end_matches(['€', '$', '£']).as_bytes();
    b.len() >= 4 && matches!(b[b.len() - 3], b'.' | b',') && b[b.len() - 2..].iter().all(u8::is_ascii_digit) && b[b.len() - 4].is_ascii_digit()
}

/// A European street line: a street word ending ("Ferdinand Bolstraat 70",
/// "Friedrichstraße 148", "Kalverstraat 212, Amsterdam", "C/ Preciados 3")
/// followed by a house number.
fn street_line(t: &str) -> bool {
    const STREET: [&str; 16] = [
        "STRAAT", "STRASSE", "STRAẞE", "STRAßE", "STR.", "WEG", "LAAN", "PLEIN", "GRACHT", "KADE", "DIJK", "GASSE", "PLATZ",
        "ALLEE", "RING", "DAMM",
    ];
    let up = t.to_uppercase();
    let words: Vec<&str> = up.split(|c: char| c.is_whitespace() || c == ',').filter(|w| !w.is_empty()).collect();
    words.windows(2).any(|w| {
        let street = STREET.iter().any(|s| w[0].ends_with(s)) || ["RUE", "VIA", "CALLE", "C/", "AVENIDA", "AV."].contains(&w[0]);
        let num = w[1].trim_end_matches(|c: char| c.is_ascii_alphabetic()).chars().all(|c| c.is_ascii_digit())
            && w[1].starts_with(|c: char| c.is_ascii_digit());
        (street && num) || (["RUE", "VIA", "CALLE", "C/"].contains(&w[0]) && w[1].chars().all(char::is_alphabetic))
    })
}

/// A line only an American slip prints: a 12-hour time (`10:09 AM`, `8:41PM`)
/// or a state code and ZIP (`MA 02138`, `NY 14618-1234`).
fn us_style_line(text: &str) -> bool {
    let up = text.to_uppercase();
    let b = up.as_bytes();
    for (i, _) in up.match_indices(['A', 'P']) {
        // "…:MM AM" / "…:MMPM": two digits after a colon, optional space, AM/PM, word end.
        if b.get(i + 1) == Some(&b'M') && !b.get(i + 2).is_some_and(|c| c.is_ascii_alphanumeric()) {
            let head = up[..i].trim_end();
            let hb = head.as_bytes();
            if hb.len() >= 3 && hb[hb.len() - 3] == b':' && hb[hb.len() - 2..].iter().all(u8::is_ascii_digit) {
                return true;
            }
        }
    }
    let words: Vec<&str> = up.split(|c: char| c.is_whitespace() || c == ',').filter(|w| !w.is_empty()).collect();
    words.windows(2).any(|w| {
        US_STATES.contains(&w[0])
            && w[1].len() >= 5
            && w[1].as_bytes()[..5].iter().all(u8::is_ascii_digit)
            && (w[1].len() == 5 || (w[1].len() == 10 && w[1].as_bytes()[5] == b'-'))
    })
}

const US_STATES: [&str; 51] = [
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS", "KY", "LA",
    "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR",
    "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY",
];

/// `尾号1234`, `(5290)` after a card name, `ending in 1234`, `ending 1234`, `末四位1234`.
pub(crate) fn last4_phrase(nv: &str) -> Option<String> {
    let up = nv.to_uppercase();
    for key in [
        "尾号",
        "账户",
        "末四位",
        "后四位",
        "ENDING IN",
        "ENDING",
        "ENDS IN",
        "ENDET AUF",
        "EINDIGEND OP",
        "LAST 4",
        "CARD NO. ENDING",
    ] {
        if let Some(p) = up.find(key) {
            let tail = &up[p + key.len()..];
            let t = tail.trim_start_matches(|c: char| {
                c == ' ' || c == ':' || c == '*' || c == '为' || c == '是' || c == '-' || c == '('
            });
            let d: String = t.chars().take_while(|c| c.is_ascii_digit()).collect();
            if d.len() == 4 {
                return Some(d);
            }
        }
    }
    // "Visa 4417", "Visa •••• 4417", "MASTERCARD xx1234" (Square, Apple Pay
    // and Stripe e-receipts): a network name, optional masking, 4 digits.
    for key in ["VISA", "MASTERCARD", "AMEX", "DISCOVER", "MAESTRO", "UNIONPAY"] {
        let mut from = 0;
        while let Some(p) = up[from..].find(key) {
            let start = from + p + key.len();
            from = start;
            let t = up[start..].trim_start_matches(|c: char| matches!(c, ' ' | '•' | '·' | '*' | 'X' | '.' | '#' | '…'));
            let d: String = t.chars().take_while(|c| c.is_ascii_digit()).collect();
            // Exactly four digits, and something masked or spaced before them
            // ("VISA2026" is not a card).
            let after = t[d.len()..].chars().next();
            if d.len() == 4 && t.len() < up.len() - start && after.is_none_or(|c| c.is_whitespace() || matches!(c, '(' | ')' | ',')) {
                return Some(d);
            }
        }
    }
    // "信用卡(5290)", "储蓄卡(1234)", "Visa (1234)"
    for key in ["卡(", "卡（", "CARD (", "VISA (", "MASTERCARD ("] {
        if let Some(p) = up.find(key) {
            let t = &up[p + key.len()..];
            let d: String = t.chars().take_while(|c| c.is_ascii_digit()).collect();
            if d.len() == 4 && t[4..].starts_with([')', '）']) {
                return Some(d);
            }
        }
    }
    None
}

fn set_id(
    acc: &mut Acc,
    field: &str,
    v: Option<String>,
    line: usize,
    slot: impl FnOnce(&mut Receipt) -> &mut Option<String>,
) {
    if let Some(v) = v {
        let conf = if v.contains('*') { 0.6 } else { 0.9 };
        if acc.claim(field, conf, line) {
            *slot(&mut acc.r) = Some(v);
        }
    }
}

/// The amount actually paid: the best-ranked total label (rounded and grand
/// totals outrank plain totals, which outrank a bare "amount"); cash
/// tendered and change never count. With DCC the cardholder's amount (the
/// total inside the DCC block) is what the card is charged.
fn pick_total(amounts: &[AmountCand], dcc: bool) -> Option<(&AmountCand, f32, Option<Reason>)> {
    let partial = amounts.iter().any(|a| a.field == F::Requested);
    if dcc {
        if let Some(h) = amounts
            .iter()
            .filter(|a| a.in_dcc && matches!(a.field, F::Total(_)))
            .last()
        {
            return Some((h, 0.9, None));
        }
    }
    let rank = |a: &AmountCand| match a.field {
        F::Total(r) => Some(r as i32 * 10),
        F::Paid => Some(65),
        F::Balance if !partial => Some(70),
        F::Amount => Some(60),
        _ => None,
    };
    let best = amounts
        .iter()
        .filter_map(|a| rank(a).map(|r| (r, a)))
        .filter(|(_, a)| !a.tok.amount.is_zero())
        .max_by(|x, y| x.0.cmp(&y.0).then(std::cmp::Ordering::Greater))?;
    // Among equally ranked labels, the last one printed (after rounding).
    let top = best.0;
    let last = amounts
        .iter()
        .filter(|a| rank(a) == Some(top) && !a.tok.amount.is_zero())
        .last()?;
    let conf = match top {
        100.. => 0.95,
        80..=99 => 0.9,
        70..=79 => 0.8,
        _ => 0.75,
    };
    Some((last, conf, None))
}
