//! All UI text, English and Simplified Chinese. Chinese uses the domain's own
//! terms (签购单, 撤销, 退货, 冲正, 预授权).

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
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
}

/// Every string the UI shows, by key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Text {
    AppTitle,
    Tagline,
    AddFilesHeading,
    DropHint,
    ChooseFiles,
    TrySample,
    FilesHeading,
    NoFiles,
    KindStatement,
    KindReceipt,
    KindUnknown,
    Privacy,
    Language,
    ClearFiles,
}

pub fn t(lang: Lang, key: Text) -> &'static str {
    use Text::*;
    match (lang, key) {
        (Lang::En, AppTitle) => "Slipcheck",
        (Lang::Zh, AppTitle) => "Slipcheck 对账助手",
        (Lang::En, Tagline) => "Compare your receipts with your statement and sort out wrong card charges.",
        (Lang::Zh, Tagline) => "核对签购单与账单，处理银行卡错扣款。",
        (Lang::En, AddFilesHeading) => "Add your statement and receipts",
        (Lang::Zh, AddFilesHeading) => "添加账单和签购单",
        (Lang::En, DropHint) => "Drop files here: statement exports (CSV, OFX, QIF, camt, MT940, Alipay, WeChat Pay) and receipts (slip text, e-mails, PDFs, photos, SMS).",
        (Lang::Zh, DropHint) => "把文件拖到这里：账单导出（CSV、OFX、QIF、camt、MT940、支付宝、微信支付）和凭证（签购单文字、邮件、PDF、照片、短信）。",
        (Lang::En, ChooseFiles) => "Choose files",
        (Lang::Zh, ChooseFiles) => "选择文件",
        (Lang::En, TrySample) => "Try a sample case",
        (Lang::Zh, TrySample) => "试用示例案例",
        (Lang::En, FilesHeading) => "Your files",
        (Lang::Zh, FilesHeading) => "已添加的文件",
        (Lang::En, NoFiles) => "No files yet.",
        (Lang::Zh, NoFiles) => "还没有文件。",
        (Lang::En, KindStatement) => "statement",
        (Lang::Zh, KindStatement) => "账单",
        (Lang::En, KindReceipt) => "receipt",
        (Lang::Zh, KindReceipt) => "凭证",
        (Lang::En, KindUnknown) => "unknown",
        (Lang::Zh, KindUnknown) => "无法识别",
        (Lang::En, Privacy) => "Everything is read on this device. Nothing is uploaded anywhere.",
        (Lang::Zh, Privacy) => "所有文件只在本设备上读取，不会上传到任何地方。",
        (Lang::En, Language) => "Language",
        (Lang::Zh, Language) => "语言",
        (Lang::En, ClearFiles) => "Remove all files",
        (Lang::Zh, ClearFiles) => "移除全部文件",
    }
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
}
