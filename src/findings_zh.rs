//! Chinese words for what the core says in English about findings and
//! reassurances (the core's labels are bilingual; its explanations are not
//! yet). Keyed by the core's stable kind names.

pub fn really_a_dispute(kind: &str) -> &'static str {
    match kind {
        "duplicate_charge" => "如果两笔扣款都一直存在，很可能需要申诉：一次消费只应入账一次。第二笔相同记录也可能是几天内会自动消失的重复预授权；如果您确实消费了两次，请找到第二张签购单。",
        "amount_mismatch" => "很可能需要：入账金额与签购单不符，且无法用小费、货币转换或部分批准解释。申诉前请确认没有另外的押金、配送费或第二张签购单。",
        "tip_changed" => "如果您没有同意这笔小费，需要申诉：入账金额超过了小计加您填写的小费。如果小费栏留空并口头同意过小费，则不属于差错。",
        "charged_after_decline" => "只有在一直没有冲正时才需要：超时或故障后，发卡行可能已批准而终端显示失败。这类扣款通常几天内会冲正；如果没有，您就为没有完成的交易付了钱。",
        "charged_after_void" => "如果之后没有退回，需要申诉：当日撤销的交易本不应入账。请给商户几天时间冲正，然后再申诉。",
        "refund_missing" => "需要：退货凭证承诺退款，且通常的等待期已过。退款最长可能需要约 15 天，境外更久；超过后请催办。",
        "refund_amount_mismatch" => "通常需要：入账的退款少于退货凭证。不同汇率或手续费可能解释小额差异；否则请要求补足。",
        "stale_hold" => "通常不是扣款：预授权不是已扣走的钱，应自动释放。但冻结这么久会占用您的资金，请要求商户释放。",
        "currency_conversion" => "如果金额与签购单披露的不同，需要申诉：您同意的是签购单上的换算。正常的卡组织换算和发卡行的境外交易手续费不属于差错。",
        "card_mismatch" => "请先核实：签购单显示的是另一张卡，却记入了本账户。如果您用自己的另一张卡付过款，可能被两张卡各扣了一次。",
        _ => "只有在您不认识这笔消费时才需要：请先排查网购订单、订阅或您允许他人使用的消费。",
    }
}

pub fn steps(kind: &str) -> Vec<&'static str> {
    let first = match kind {
        "duplicate_charge" => "核对两笔扣款的日期、金额和商户，确认只消费了一次。",
        "tip_changed" => "找出签购单上的小计和您填写的小费，与入账金额对比。",
        "refund_missing" => "找出退货凭证，确认退款日期和金额，并计算已等待的天数。",
        "charged_after_void" => "找出撤销签购单（撤销凭证号），确认与原消费对应。",
        "charged_after_decline" => "找出显示失败的签购单和应答码，查看之后有没有冲正。",
        _ => "核对签购单与账单记录的日期、金额和商户。",
    };
    vec![
        first,
        "先联系商户，说明情况并要求更正，记下日期、联系人和处理编号。",
        "如商户未解决，在期限前联系发卡行提出差错处理（争议）申请，附上申诉信和证据材料。",
        "保存所有往来记录，跟进银行的处理结果；在调查期间，争议金额一般无需还款。",
    ]
}

pub fn reassurance(kind: &str) -> &'static str {
    match kind {
        "pending_tip_posted" => "待入账金额后来加上小费正式入账：这是正常的。",
        "hold_posted" => "预授权已转为正式扣款：不是重复扣款。",
        "same_day_void" => "当日撤销的交易没有入账：没有问题。",
        "refund_posted" => "退款已入账。",
        "second_identical_purchase" => "两笔相同金额的消费各有自己的签购单：不是重复扣款。",
        "partial_approval" => "部分金额批准：其余部分用其他方式支付了。",
        "dcc_disclosed" => "动态货币转换的金额与签购单披露的一致。",
        "network_fx" => "卡组织的正常货币换算，不属于差错。",
        "transfer_pair" => "账户间转账的一进一出，不是消费。",
        "fresh_pending" => "刚发生的待入账交易，通常几天内正式入账。",
        "refund_not_yet_due" => "退款还在正常等待期内，请再等等。",
        "timeout_reversed" => "超时交易已冲正：没有扣款。",
        "decline_then_approved" => "先被拒后重试成功：只扣了一次。",
        "declined_not_charged" => "被拒的交易没有扣款。",
        _ => "看似异常，其实没问题。",
    }
}

/// Evidence to gather, by finding kind (the core's `advice::checklist`, in Chinese).
pub fn checklist(kind: &str) -> Vec<&'static str> {
    let mut v = vec!["显示该笔记录的账单（含账单日）"];
    v.extend_from_slice(match kind {
        "duplicate_charge" => &["这次消费唯一的签购单或订单确认", "两笔账单记录（日期、金额、商户名称）"][..],
        "amount_mismatch" => &["写明约定金额的签购单", "明细账单或订单页面"],
        "tip_changed" => &["您签字的签购单，显示小计和您填写的小费（或空白的小费栏）"],
        "charged_after_decline" => &["显示失败的签购单或订单页面及其应答码", "如已改用其他方式付款，付款凭证"],
        "charged_after_void" => &["原消费签购单", "撤销签购单（含原凭证号）"],
        "refund_missing" => &["退货凭证或退款确认（含日期）", "已退货或已取消的证明"],
        "refund_amount_mismatch" => &["退货凭证或退款确认", "退款金额偏少的账单记录"],
        "stale_hold" => &["预授权记录及其日期", "消费已完成、已取消或从未发生的证明（结账单、加油小票）"],
        "currency_conversion" => &["签购单上的货币转换信息（金额、汇率、加价、同意字样）", "当天的参考汇率（欧元看欧洲央行）"],
        "card_mismatch" => &["显示另一张卡尾号的签购单", "您实际使用的是哪张卡（钱包截图）"],
        _ => &["证明这笔消费不是您本人所为的记录", "与之相关的邮件或短信"],
    });
    v.push("银行或钱包关于这笔付款的短信、App 通知");
    v.push("与商户和银行每次通话或在线沟通的记录（日期、对方姓名、工单号）");
    v
}

/// A reason code's title in Chinese: UnionPay's own words where the table
/// has them, else what the finding is (one source: the core's Chinese label).
pub fn reason_title(c: &slipcheck_core::reconcile::ReasonCode) -> String {
    let cjk: String = c.title.split_whitespace().filter(|w| w.chars().any(|ch| ('\u{4e00}'..='\u{9fff}').contains(&ch))).collect::<Vec<_>>().join(" ");
    if !cjk.is_empty() {
        return cjk;
    }
    let label = slipcheck_core::reconcile::advice::label_zh(&c.kind);
    format!("{label}（{}）", network_zh(&c.network))
}

pub fn network_zh(n: &str) -> &str {
    match n {
        "visa" => "维萨 Visa",
        "mastercard" => "万事达 Mastercard",
        "amex" => "美国运通 Amex",
        "discover" => "发现卡 Discover",
        "jcb" => "JCB",
        "unionpay" => "银联",
        other => other,
    }
}

/// What a deadline counts from ("statement date 2026-02-16").
pub fn basis(b: &str) -> String {
    if let Some(d) = b.strip_prefix("statement date ") {
        format!("自账单日 {d} 起算")
    } else if let Some(d) = b.strip_prefix("transaction date ") {
        format!("自交易日 {d} 起算")
    } else {
        String::new()
    }
}

/// The evidence of a finding in Chinese, from the records it names (the
/// core's evidence sentences are English).
pub fn evidence(r: &slipcheck_core::reconcile::CheckReport, f: &slipcheck_core::reconcile::Finding) -> Vec<String> {
    let mut v = vec![];
    for t in r.transactions.iter().filter(|t| f.transactions.contains(&t.id)) {
        let date = t.effective_date().map(|d| d.to_string()).unwrap_or_default();
        let status = match t.status {
            slipcheck_core::statement::TxStatus::Pending => "（待入账）",
            _ => "",
        };
        v.push(format!("账单记录 {date}：{}，{} {}{status}", crate::mask::mask_pans(&t.description), t.amount, t.currency.code()));
    }
    for c in r.receipts.iter().filter(|c| f.receipts.contains(&c.id)) {
        let x = &c.receipt;
        let mut parts = vec![format!("凭证 {}", c.id)];
        if let Some(m) = &x.merchant {
            parts.push(format!("商户 {}", crate::mask::mask_pans(m)));
        }
        if let Some(d) = x.date {
            parts.push(format!("日期 {d}"));
        }
        let cur = x.currency.map(|c| c.code().to_string()).unwrap_or_default();
        if let Some(s) = x.subtotal {
            parts.push(format!("小计 {s} {cur}").trim().to_string());
        }
        if let Some(tip) = x.tip {
            parts.push(format!("小费 {tip} {cur}").trim().to_string());
        }
        if let Some(tot) = x.total {
            parts.push(format!("合计 {tot} {cur}").trim().to_string());
        }
        if let Some(l4) = &x.card_last4 {
            parts.push(format!("卡号尾号 {l4}"));
        }
        v.push(parts.join("，"));
    }
    v
}

/// A pairing signal in Chinese, from its stable name and value (the core's
/// words are English).
pub fn signal(s: &slipcheck_core::reconcile::Signal) -> String {
    let v = s.value.as_str();
    match s.name.as_str() {
        "amount" => match v {
            "exact" => "金额：与签购单完全一致。".into(),
            "tip_explained" => "金额：签购单小计加小费，在小费容差内。".into(),
            "partial" => "金额：部分批准（应答码 10）。".into(),
            "dcc_home_amount" => "金额：与签购单上的动态货币转换金额一致。".into(),
            "dcc_differs" => "金额：与签购单披露的货币转换金额不符。".into(),
            "fx_explained" => "金额：按原币金额换算后一致。".into(),
            "fx_original_differs" => "金额：原币金额与签购单不符。".into(),
            "fx_rate_band" => "金额：在正常汇率范围内。".into(),
            _ => "金额：与签购单不符。".into(),
        },
        "date" => match v.strip_prefix("gap_").and_then(|g| g.strip_suffix("_days")).and_then(|g| g.parse::<i64>().ok()) {
            Some(0) => "日期：与签购单同一天。".into(),
            Some(g) if g > 0 => format!("日期：比签购单晚 {g} 天。"),
            Some(g) => format!("日期：比签购单早 {} 天。", -g),
            None => "日期：签购单上没有日期。".into(),
        },
        "time" => "时间：两边一致。".into(),
        "descriptor" => {
            let pct = v.parse::<f64>().map(|x| (x * 100.0).round() as i64).unwrap_or(0);
            format!("商户：账单摘要与签购单商户名相似度 {pct}%。")
        }
        "card" => if v == "agree" { "卡号：两边尾号相同。".into() } else { "卡号：尾号不同。".into() },
        "identifier" => "单号：订单号或参考号两边相同。".into(),
        "status" => "状态：签购单显示交易未成功。".into(),
        "shape" => match v {
            "pinned" => "由您手动配对。".into(),
            "split" => "一笔订单分几次扣款。".into(),
            _ => "配对方式特殊。".into(),
        },
        _ => "其他依据。".into(),
    }
}
