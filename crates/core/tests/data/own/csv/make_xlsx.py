"""Writes the small XLSX fixtures of this folder with nothing but zipfile:
a WeChat Pay bill saved as a workbook, and a bank export with typed dates and
numbers. Run: python3 make_xlsx.py (values are invented)."""
import zipfile
from xml.sax.saxutils import escape

def col(i):
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s

def sheet_xml(rows):
    out = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
           '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>']
    for r, row in enumerate(rows, 1):
        out.append(f'<row r="{r}">')
        for c, v in enumerate(row):
            ref = f"{col(c)}{r}"
            if v is None or v == "":
                continue
            if isinstance(v, tuple) and v[0] == "date":  # Excel serial with a date style
                out.append(f'<c r="{ref}" s="1"><v>{v[1]}</v></c>')
            elif isinstance(v, (int, float)):
                out.append(f'<c r="{ref}"><v>{v}</v></c>')
            else:
                out.append(f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(v)}</t></is></c>')
        out.append('</row>')
    out.append('</sheetData></worksheet>')
    return "".join(out)

STYLES = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
          '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
          '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm:ss"/></numFmts>'
          '<fonts count="1"><font/></fonts><fills count="1"><fill/></fills><borders count="1"><border/></borders>'
          '<cellStyleXfs count="1"><xf/></cellStyleXfs>'
          '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/></cellXfs></styleSheet>')

def write(path, sheet_name, rows):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            '</Types>')
        z.writestr("_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            '</Relationships>')
        z.writestr("xl/workbook.xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            f'<sheets><sheet name="{escape(sheet_name)}" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
            '</Relationships>')
        z.writestr("xl/styles.xml", STYLES)
        z.writestr("xl/worksheets/sheet1.xml", sheet_xml(rows))

# WeChat Pay bill as a workbook: the CSV's preamble and columns, dates as text.
W = [["微信支付账单明细"], ["微信昵称：[橙子]"], ["起始时间：[2025-07-01 00:00:00] 终止时间：[2025-07-31 23:59:59]"],
     ["导出类型：[全部]"], ["导出时间：[2025-08-01 09:00:00]"], [], ["共4笔记录"], ["收入：1笔 199.00元"], ["支出：2笔 147.50元"],
     ["中性交易：1笔 3.60元"], [], ["----------------------微信支付账单明细列表--------------------"],
     ["交易时间", "交易类型", "交易对方", "商品", "收/支", "金额(元)", "支付方式", "当前状态", "交易单号", "商户单号", "备注"],
     ["2025-07-26 18:58:22", "商户消费", "优衣库", "优衣库-商品购买", "支出", "¥153.00", "招商银行信用卡(1206)", "支付成功", "2025072699340755284670651521\t", "250A0000DF0F522F06\t", "/"],
     ["2025-07-23 15:45:00", "网易严选-退款", "网易严选", "退款-网易严选-商品订单", "收入", "¥199.00", "招商银行信用卡(0709)", "已退款", "2025071536310565829808286486_577722853408\t", "61387ED2EBD4B115DDR1\t", "/"],
     ["2025-07-08 18:42:16", "零钱通", "零钱通", "零钱通-收益", "/", "¥3.60", "零钱通", "已到账", "2025070864053814297106797806\t", "/", "/"],
     ["2025-07-02 08:19:29", "扫二维码付款", "瑞幸咖啡", "瑞幸咖啡-门店消费", "支出", "¥-5.50", "招商银行信用卡(1206)", "支付成功", "2025070222732643922188875426\t", "8D19A28B7B02C77CE8\t", "/"]]
# The last row's "¥-5.50" is deliberately odd (a sign inside a 支出 row): the direction column decides.
write("wechat_bill_202507.xlsx", "Sheet1", W)

# A bank export: title row, typed Excel dates (with a date style) and numbers.
B = [["Account statement  Current account ****7788"], [],
     ["Date", "Description", "Debit", "Credit", "Balance"],
     [("date", 45839.0), "TESCO STORES 3297", 45.19, None, 1954.81],
     [("date", 45840.5), "SALARY ACME LTD", None, 2500.0, 4454.81],
     [("date", 45842.0), "CAFE NERO", 3.4, None, 4451.41]]
write("bank_typed_cells.xlsx", "Transactions", B)
