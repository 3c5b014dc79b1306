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
