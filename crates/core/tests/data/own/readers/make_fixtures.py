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


# A two-row header as Chinese bank exports draw it: 交易日期, 摘要, 对方户名 and 余额
# merged down over both rows, 金额 merged across 支出 | 收入 on the row below, a
# title merged across the sheet above. Repeated empty columns and rows as
# LibreOffice writes them.
ODS_ROWS = [
    # (cells) where a cell is (text, cols_spanned, rows_spanned, value_type) or None for covered
    [("示例银行 借记卡交易明细", 6, 1, "string"), None, None, None, None, None],
    [("账号: 6217 **** **** 4321", 1, 1, "string")],
    [("交易日期", 1, 2, "string"), ("摘要", 1, 2, "string"), ("金额", 2, 1, "string"), None,
     ("对方户名", 1, 2, "string"), ("余额", 1, 2, "string")],
    [None, None, ("支出", 1, 1, "string"), ("收入", 1, 1, "string"), None, None],
    [("2026-02-03", 1, 1, "date"), ("消费", 1, 1, "string"), ("58.00", 1, 1, "float"), ("", 1, 1, ""),
     ("瑞幸咖啡", 1, 1, "string"), ("1942.00", 1, 1, "float")],
    [("2026-02-05", 1, 1, "date"), ("工资", 1, 1, "string"), ("", 1, 1, ""), ("9000.00", 1, 1, "float"),
     ("上海云杉科技有限公司", 1, 1, "string"), ("10942.00", 1, 1, "float")],
    [("2026-02-09", 1, 1, "date"), ("消费", 1, 1, "string"), ("326.50", 1, 1, "float"), ("", 1, 1, ""),
     ("盒马鲜生", 1, 1, "string"), ("10615.50", 1, 1, "float")],
]


def ods_cell(c):
    if c is None:
        return "<table:covered-table-cell/>"
    text, cs, rs, vt = c
    attrs = ""
    if cs > 1:
        attrs += ' table:number-columns-spanned="%d"' % cs
    if rs > 1:
        attrs += ' table:number-rows-spanned="%d"' % rs
    if vt == "":
        return "<table:table-cell%s/>" % attrs
    if vt == "float":
        attrs += ' office:value-type="float" office:value="%s"' % text
    elif vt == "date":
        attrs += ' office:value-type="date" office:date-value="%s"' % text
    else:
        attrs += ' office:value-type="string"'
    return "<table:table-cell%s><text:p>%s</text:p></table:table-cell>" % (attrs, text)


def ods_bytes():
    rows = "".join(
        "<table:table-row>%s<table:table-cell table:number-columns-repeated=\"1018\"/></table:table-row>"
        % "".join(ods_cell(c) for c in r)
        for r in ODS_ROWS
    )
    rows += '<table:table-row table:number-rows-repeated="1048569"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        "<office:body><office:spreadsheet>"
        '<table:table table:name="明细"><table:table-column table:number-columns-repeated="1024"/>%s</table:table>'
        "</office:spreadsheet></office:body></office:document-content>" % rows
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    import io
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        # The mimetype entry comes first and is stored uncompressed (ODF 1.2 §3.3).
        z.writestr(zipfile.ZipInfo("mimetype", date_time=(2026, 2, 10, 0, 0, 0)), "application/vnd.oasis.opendocument.spreadsheet", compress_type=zipfile.ZIP_STORED)
        for name, data in (("content.xml", content), ("META-INF/manifest.xml", manifest)):
            z.writestr(zipfile.ZipInfo(name, date_time=(2026, 2, 10, 0, 0, 0)), data.encode("utf-8"), compress_type=zipfile.ZIP_DEFLATED)
    return buf.getvalue()


def main():
    with open("icbc_debit_gbk.csv", "wb") as f:
        f.write(ICBC.replace("\n", "\r\n").encode("gbk"))
    with open("card_full_number.csv", "w", encoding="utf-8") as f:
        f.write(EN)
    with open("merged_header.ods", "wb") as f:
        f.write(ods_bytes())


if __name__ == "__main__":
    main()
