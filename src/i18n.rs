//! All UI text, English and Simplified Chinese, in one table. Chinese uses the
//! domain's own terms (签购单, 撤销, 退货, 冲正, 预授权). Templates carry `{n}`
//! style slots filled with [`fill`].

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum Lang {
    #[default]
    En,
    Zh,
}

impl Lang {
    /// The browser's preferred language decides the default.
    pub fn from_browser_tag(tag: &str) -> Lang {
        if tag.to_ascii_lowercase().starts_with("zh") {
            Lang::Zh
        } else {
            Lang::En
        }
    }
    pub fn html_tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh-CN",
        }
    }
    /// The core's letter language.
    pub fn core(self) -> slipcheck_core::report::Lang {
        match self {
            Lang::En => slipcheck_core::report::Lang::En,
            Lang::Zh => slipcheck_core::report::Lang::Zh,
        }
    }
}

macro_rules! texts {
    ($($key:ident => $en:expr, $zh:expr;)*) => {
        /// Every string the UI shows, by key.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Text { $($key,)* }
        pub fn t(lang: Lang, key: Text) -> &'static str {
            match key { $(Text::$key => match lang { Lang::En => $en, Lang::Zh => $zh },)* }
        }
    };
}

texts! {
    AppTitle => "Slipcheck", "Slipcheck 对账助手";
    Tagline => "Compare your receipts with your statement and sort out wrong card charges.", "核对签购单与账单，处理银行卡错扣款。";
    Language => "Language", "语言";
    ModeConsumer => "Check my charges", "核对我的扣款";
    ModeMerchant => "At the counter (merchant)", "商户柜台模式";
    Forget => "Forget everything on this device", "清除本设备上的全部数据";
    ForgetConfirm => "Yes, erase the case from this device", "确认清除本设备上的案例";
    Cancel => "Cancel", "取消";
    Forgotten => "Everything was erased from this device.", "已从本设备清除全部数据。";
    Restored => "Your case was restored from this device.", "已从本设备恢复您的案例。";
    AddFilesHeading => "Add your statement and receipts", "添加账单和签购单";
    DropHint => "Drop files here: statement exports (CSV, OFX, QIF, camt, MT940, Alipay, WeChat Pay) and receipts (slip text, e-mails, PDFs, photos, SMS).", "把文件拖到这里：账单导出（CSV、OFX、QIF、camt、MT940、支付宝、微信支付）和凭证（签购单文字、邮件、PDF、照片、短信）。";
    ChooseFiles => "Choose files", "选择文件";
    TakePhoto => "Take a photo of a slip", "拍摄签购单";
    PasteHeading => "Or paste text (an SMS notice, an e-receipt)", "或粘贴文字（银行短信、电子小票）";
    PasteLabel => "Text to add", "要添加的文字";
    PasteAdd => "Add this text", "添加这段文字";
    TrySample => "Try a sample case", "试用示例案例";
    ClearFiles => "Remove all files", "移除全部文件";
    Privacy => "Everything is read on this device. Nothing is uploaded anywhere.", "所有文件只在本设备上读取，不会上传到任何地方。";
    FilesHeading => "Your files", "已添加的文件";
    NoFiles => "No files yet.", "还没有文件。";
    KindStatement => "statement", "账单";
    KindReceipt => "receipt", "凭证";
    KindUnknown => "unknown", "无法识别";
    Records => "{n} records read", "读取 {n} 条记录";
    ReadAs => "Read as", "识别为";
    Remove => "Remove", "移除";
    Overridden => "you chose this; it was recognised as {f}", "已手动指定；原识别为 {f}";
    NoProblems => "Read without problems.", "读取正常，没有问题。";
    SevError => "Problem", "问题";
    SevWarning => "Check", "请检查";
    SevInfo => "Note", "说明";
    Line => "line {n}", "第 {n} 行";
    SettingsHeading => "About this case", "案例设置";
    AsOf => "Today's date for deadlines", "计算期限的日期";
    Jurisdiction => "Where your card account is", "账户所在地区";
    ReceiptsComplete => "I added a receipt for every purchase", "每笔消费的凭证都已添加";
    ReviewHeading => "Review the pairings", "核对配对结果";
    ReviewHint => "Each receipt is paired with the statement line that fits it best. Unpair a wrong pair, or pair a receipt yourself: everything is checked again at once.", "每张凭证都与最符合的账单记录配对。配错了可以取消配对，也可以手动配对；系统会立即重新核对。";
    StatementLine => "Statement line", "账单记录";
    ReceiptCol => "Receipt", "凭证";
    Score => "Score", "匹配度";
    Signals => "Why", "依据";
    ReceiptSays => "What the receipt says", "凭证原文";
    RefuseAmount => "\"{v}\" is not an amount (e.g. 42.50)", "“{v}”不是金额（例如 42.50）";
    RefuseDate => "\"{v}\" is not a date as YYYY-MM-DD", "“{v}”不是 YYYY-MM-DD 格式的日期";
    RefuseTime => "\"{v}\" is not a time as HH:MM or HH:MM:SS", "“{v}”不是 HH:MM 或 HH:MM:SS 格式的时间";
    RefuseCurrency => "\"{v}\" is not a currency code (e.g. USD, CNY)", "“{v}”不是货币代码（例如 USD、CNY）";
    RefuseLast4 => "\"{v}\": type the card's last 4 digits", "“{v}”：请输入卡号后 4 位";
    RefuseKind => "\"{v}\" is not a kind of receipt", "“{v}”不是凭证类型";
    RefuseStatus => "\"{v}\" is not a status", "“{v}”不是交易状态";
    LineNo => "line {n}", "第 {n} 行";
    Unpair => "Unpair", "取消配对";
    Pinned => "paired by you", "手动配对";
    Unpin => "Undo my pairing", "撤回手动配对";
    NoMatches => "No pairings yet: add a statement and receipts.", "还没有配对：请添加账单和凭证。";
    UnmatchedReceipts => "Receipts without a statement line", "未配对的凭证";
    UnmatchedLines => "Statement lines without a receipt", "没有凭证的账单记录";
    PrevPage => "Previous lines", "上一页";
    LayoutHeading => "How this table was read: fix a wrong guess", "表格的读取方式：如有误请更正";
    LayoutForced => "your corrections are in force", "已按您的更正读取";
    ColumnN => "Column {n}", "第 {n} 列";
    DateOrder => "Date order", "日期顺序";
    OrderYmd => "year-month-day", "年-月-日";
    OrderMdy => "month/day/year", "月/日/年";
    OrderDmy => "day/month/year", "日/月/年";
    DecimalMark => "Decimal mark", "小数点符号";
    MarkPoint => "point: 1,234.56", "小数点：1,234.56";
    MarkComma => "comma: 1.234,56", "逗号：1.234,56";
    YearForDates => "Year for dates printed without one", "无年份日期所属年份";
    ResetLayout => "Undo my corrections", "撤销我的更正";
    NextPage => "Next lines", "下一页";
    PairWith => "Pair with", "配对到";
    ChooseLine => "Choose a statement line", "选择一条账单记录";
    Pair => "Pair", "配对";
    Forbidden => "Pairs you ruled out", "已排除的配对";
    Allow => "Allow again", "恢复";
    FindingsHeading => "What we found", "核对结果";
    NoFindings => "Nothing to dispute was found.", "没有发现需要申诉的问题。";
    AtStake => "at stake", "涉及金额";
    IsItDispute => "Is this really a dispute?", "这真的需要申诉吗？";
    Deadline => "Deadline", "申诉期限";
    DaysLeft => "{n} days left", "还剩 {n} 天";
    Overdue => "passed {n} days ago", "已过期 {n} 天";
    ReasonCodes => "Reason code by card network", "各卡组织的差错原因代码";
    Steps => "What to do", "处理步骤";
    Evidence => "Evidence", "证据";
    Checklist => "Keep these ready", "准备好这些材料";
    OpenLetter => "Letter and evidence packet", "申诉信和证据材料";
    Reassurances => "Looks odd, but not a problem", "看似异常，其实没问题";
    LetterHeading => "Dispute letter", "申诉信";
    ChooseFinding => "Open a finding's letter from the list above.", "请在上面的结果中打开一封申诉信。";
    YourName => "Your name", "您的姓名";
    YourAccount => "Card or account (last 4 digits are enough)", "卡号或账号（后四位即可）";
    YourAddress => "Your address", "您的地址";
    PrintPacket => "Print or save as PDF", "打印或保存为 PDF";
    ExportJson => "Export case (JSON)", "导出案例（JSON）";
    ExportCsv => "Export case (CSV)", "导出案例（CSV）";
    ImportJson => "Import a case (JSON)", "导入案例（JSON）";
    ImportFailed => "That file is not a Slipcheck case export.", "该文件不是 Slipcheck 案例导出文件。";
    PacketLines => "Statement lines concerned", "相关账单记录";
    PacketReceipts => "Receipts", "凭证";
    PacketTimeline => "Timeline", "时间线";
    PacketTitle => "Evidence packet", "证据材料";
    Working => "Working…", "处理中…";
    MerchantHeading => "Find a customer's transaction", "查找顾客的交易";
    LoadExport => "Load a settlement or transaction export (Stripe, Square, SumUp, 交易明细)", "载入结算或交易明细导出（Stripe、Square、SumUp、交易明细）";
    ExportLoaded => "{n} transactions loaded from {f}", "已从 {f} 载入 {n} 笔交易";
    Last4 => "Card last 4", "卡号后四位";
    Amount => "Amount", "金额";
    From => "From (date and time)", "开始时间";
    To => "To (date and time)", "结束时间";
    AuthCode => "Auth code", "授权码";
    Rrn => "Reference (RRN)", "参考号";
    Voucher => "Voucher / trace", "凭证号";
    Search => "Search", "查找";
    Results => "{n} transactions found", "找到 {n} 笔交易";
    ResultOne => "1 transaction found", "找到 1 笔交易";
    NoResults => "No transaction matches. Widen the time window, or check the amount and last 4.", "没有符合的交易。请放宽时间范围，或核对金额和卡号后四位。";
    Lifecycle => "What happened to it", "交易经过";
    TellCustomer => "What to tell the customer", "如何告知顾客";
    Net => "Customer pays in the end: {a}", "顾客最终支付：{a}";
    CodesHeading => "Terminal response code", "终端应答码";
    Network => "Card network", "卡组织";
    Code => "Code", "应答码";
    LookUp => "Look up", "查询";
    CardholderShould => "Cardholder", "持卡人";
    MerchantShould => "Merchant", "商户";
    UnknownCode => "This code is not in the table. Ask the acquirer's help desk what it means.", "表中没有这个应答码，请咨询收单机构客服。";
    PreventionHeading => "Prevent disputes at the counter", "柜台防差错清单";
    ToolsLabel => "Case tools", "案例工具";
    // Photos (src/ocr.rs, components/photo_status.rs, components/receipt_edit.rs).
    OcrDownloading => "Getting the photo reader (once; it stays on this device): {a} of {b}", "正在获取照片识别模型（仅首次，保存在本设备）：{a} / {b}";
    OcrStarting => "Starting the photo reader…", "正在启动照片识别…";
    OcrReading => "Reading photo… {f}", "正在识别照片… {f}";
    OcrRead => "Read {f} in {s} s: check what was read below.", "已识别 {f}（{s} 秒），请在下方核对识别结果。";
    OcrFailed => "Could not read the photo {f}: {m}", "无法识别照片 {f}：{m}";
    OcrCannotOpen => "the browser could not open this picture ({e}); save it as JPEG or PNG and add it again", "浏览器无法打开这张图片（{e}）；请另存为 JPEG 或 PNG 后重新添加";
    OcrCannotStart => "the photo reader could not start ({e}); reload the page", "照片识别程序无法启动（{e}）；请刷新页面";
    WorkerFailed => "This browser could not start the app's worker: reload the page.", "此浏览器无法启动应用的后台线程：请刷新页面。";
    OcrNotTaken => "the photo reader did not take the photo; add it again", "照片识别程序没有接收这张照片；请重新添加";
    CheckPhotoHeading => "Check what was read from {f}", "核对 {f} 的识别结果";
    CheckPhotoHint => "Fix any field that was misread: matching runs again at once. Beside each field is the part of the photo it was read from.", "如有识别错误请直接修改，修改后立即重新核对。每个字段旁是照片中读取它的位置。";
    CropAlt => "Part of the photo where {field} was read: “{line}”", "照片中读取“{field}”的位置：“{line}”";
    NotOnPhoto => "not found on the photo", "照片上未找到";
    ReadWith => "read with {p}% confidence", "识别可信度 {p}%";
    CorrectedByYou => "corrected by you", "已由您修改";
    OcrNotice => "Photos are read on this device with the PP-OCRv5 models (Apache-2.0, see their NOTICE).", "照片在本设备上用 PP-OCRv5 模型识别（Apache-2.0 许可，见其 NOTICE）。";
    FieldMerchant => "Merchant", "商户名称";
    FieldDate => "Date", "日期";
    FieldTime => "Time", "时间";
    FieldTotal => "Total paid", "实付金额";
    FieldSubtotal => "Subtotal", "小计";
    FieldTax => "Tax", "税额";
    FieldTip => "Tip", "小费";
    FieldCurrency => "Currency (e.g. USD)", "币种（如 CNY）";
    FieldCardLast4 => "Card last 4", "卡号后四位";
    FieldAuthCode => "Auth code", "授权码";
    FieldKind => "Transaction type", "交易类型";
    FieldStatus => "Status", "交易状态";
    FieldRrn => "Reference no. (RRN)", "参考号";
    FieldTrace => "Trace / voucher no.", "凭证号";
    FieldMid => "Merchant ID (MID)", "商户编号";
    FieldTid => "Terminal ID (TID)", "终端编号";
    KindSale => "Sale", "消费";
    KindVoid => "Void", "撤销";
    KindRefund => "Refund", "退货";
    KindPreauth => "Pre-authorisation", "预授权";
    KindCompletion => "Pre-auth completion", "预授权完成";
    KindNotice => "Bank notice", "银行通知";
    StatusApproved => "Approved", "交易成功";
    StatusDeclined => "Declined", "交易被拒";
    StatusFailed => "Failed / timed out", "交易失败 / 超时";
    StatusFault => "Fault slip (reversal failed)", "故障单（冲正不成功）";
}

/// Fills `{name}` slots of a template.
pub fn fill(template: &str, slots: &[(&str, &str)]) -> String {
    let mut s = template.to_string();
    for (k, v) in slots {
        s = s.replace(&format!("{{{k}}}"), v);
    }
    s
}

/// "1.2 KB" style sizes.
pub fn human_size(bytes: u64) -> String {
    if bytes < 1024 {
        format!("{bytes} B")
    } else if bytes < 1024 * 1024 {
        format!("{:.1} KB", bytes as f64 / 1024.0)
    } else {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    }
}

/// Merchant-mode words for the core's stages, advice and prevention keys.
pub fn stage(lang: Lang, s: slipcheck_core::merchant::Stage) -> &'static str {
    use slipcheck_core::merchant::Stage::*;
    match (lang, s) {
        (Lang::En, Declined) => "Declined",
        (Lang::Zh, Declined) => "交易被拒",
        (Lang::En, Authorised) => "Authorised (not yet settled)",
        (Lang::Zh, Authorised) => "已授权（未结算）",
        (Lang::En, Voided) => "Voided",
        (Lang::Zh, Voided) => "已撤销",
        (Lang::En, Settled) => "Settled",
        (Lang::Zh, Settled) => "已结算",
        (Lang::En, PartiallyRefunded) => "Partly refunded",
        (Lang::Zh, PartiallyRefunded) => "部分退货",
        (Lang::En, Refunded) => "Refunded",
        (Lang::Zh, Refunded) => "已退货",
    }
}

pub fn advice(lang: Lang, a: slipcheck_core::merchant::Advice) -> &'static str {
    use slipcheck_core::merchant::Advice::*;
    match (lang, a) {
        (Lang::En, DeclinedNothingTaken) => "The payment was declined: no money was taken. If the customer's banking app shows a pending amount, it disappears by itself within a few days. Take the payment again only after checking the response code.",
        (Lang::Zh, DeclinedNothingTaken) => "该交易被拒，没有扣款。如果顾客的银行 App 显示一笔待入账金额，几天内会自动消失。请先查看应答码，再重新收款。",
        (Lang::En, HoldWillSettleOrDrop) => "The payment is authorised but not settled yet: the customer sees a hold. It becomes the charge at settlement, or drops off if it is never completed.",
        (Lang::Zh, HoldWillSettleOrDrop) => "该交易已授权但尚未结算，顾客看到的是预授权冻结。结算后转为正式扣款；如不完成，会自动释放。",
        (Lang::En, VoidedHoldReleased) => "The sale was voided before settlement: the customer will not be charged. A hold may show for a few days until the card issuer releases it. Give the customer the void slip (its voucher number).",
        (Lang::Zh, VoidedHoldReleased) => "该消费已在结算前撤销，不会扣款。顾客账户上可能短暂显示冻结，由发卡行释放。请把撤销签购单（凭证号）交给顾客。",
        (Lang::En, ChargeValid) => "The sale was approved and settled: the charge is valid. Offer a copy of the receipt (merchant copy) with the auth code and reference number.",
        (Lang::Zh, ChargeValid) => "该消费已成功并结算，扣款有效。可向顾客提供签购单复印件（商户存根），注明授权码和参考号。",
        (Lang::En, RefundOnTheWay) => "The sale was refunded in full. Give the customer the refund date and reference number: the bank usually posts the credit within 3–10 business days.",
        (Lang::Zh, RefundOnTheWay) => "该消费已全额退货。请告知顾客退货日期和参考号：银行一般在 3–10 个工作日内退回。",
        (Lang::En, PartialRefund) => "Part of the sale was refunded. Tell the customer how much, and when; if the whole amount should have been refunded, refund the rest now.",
        (Lang::Zh, PartialRefund) => "该消费已部分退货。请告知顾客退回金额和日期；如应全额退货，请立即退回余额。",
    }
}

pub fn prevention(lang: Lang, key: &str) -> &'static str {
    match (lang, key) {
        (Lang::En, "terminal_updates") => "Install the terminal's software updates when the acquirer sends them, and restart it daily.",
        (Lang::Zh, "terminal_updates") => "及时安装收单机构推送的终端程序更新，每天重启终端。",
        (Lang::En, "terminal_clock_and_paper") => "Check the terminal's date and time, paper roll and printer every morning: a slip with the wrong date or faded print is weak evidence.",
        (Lang::Zh, "terminal_clock_and_paper") => "每天早上检查终端日期时间、打印纸和打印机：日期错误或字迹模糊的签购单难以作为证据。",
        (Lang::En, "settle_daily") => "Settle (close the batch) every day, so voids and refunds are not confused with sales.",
        (Lang::Zh, "settle_daily") => "每天结算（批结），避免撤销、退货与消费混淆。",
        (Lang::En, "staff_void_vs_refund") => "Train staff: void (撤销) the same day before settlement; after settlement, refund (退货) against the original voucher.",
        (Lang::Zh, "staff_void_vs_refund") => "培训员工：当日结算前用撤销；结算后用退货，并关联原凭证号。",
        (Lang::En, "staff_read_response_code") => "Train staff to read the response code on a failed slip before taking the payment again.",
        (Lang::Zh, "staff_read_response_code") => "培训员工：交易失败时先看应答码，再决定是否重新收款。",
        (Lang::En, "staff_no_repeat_after_timeout") => "After a timeout (68, 91, 96, 98) never simply charge again: check the transaction log or call the acquirer first, or the customer may pay twice.",
        (Lang::Zh, "staff_no_repeat_after_timeout") => "交易超时（68、91、96、98）后不要直接重新刷卡：先查交易记录或联系收单机构，否则顾客可能被重复扣款。",
        (Lang::En, "outage_procedure") => "Keep a written procedure for network outages at peak time: a second terminal or another acquirer, a sign to ask for another payment method, and a log of every failed attempt (time, amount, last 4, response code).",
        (Lang::Zh, "outage_procedure") => "制定高峰期网络故障应急预案：备用终端或其他收单渠道、提示顾客改用其他支付方式的告示，并记录每笔失败交易（时间、金额、卡号后四位、应答码）。",
        (Lang::En, "keep_copies") => "Keep the merchant copies of slips (and void/refund slips) for at least 18 months, filed by date.",
        (Lang::Zh, "keep_copies") => "签购单商户存根（含撤销、退货单）按日期归档，至少保存 18 个月。",
        (Lang::En, _) => "",
        (Lang::Zh, _) => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn browser_language_picks_default() {
        assert_eq!(Lang::from_browser_tag("zh-CN"), Lang::Zh);
        assert_eq!(Lang::from_browser_tag("zh-Hans"), Lang::Zh);
        assert_eq!(Lang::from_browser_tag("en-GB"), Lang::En);
    }

    #[test]
    fn sizes() {
        assert_eq!(human_size(512), "512 B");
        assert_eq!(human_size(2048), "2.0 KB");
    }

    #[test]
    fn every_prevention_item_is_worded_in_both_languages() {
        for k in slipcheck_core::merchant::PREVENTION {
            assert!(!prevention(Lang::En, k).is_empty(), "{k}");
            assert!(prevention(Lang::Zh, k).chars().any(|c| c > '\u{2e80}'), "{k}");
        }
    }

    #[test]
    fn templates_fill() {
        assert_eq!(fill(t(Lang::Zh, Text::DaysLeft), &[("n", "12")]), "还剩 12 天");
    }
}
