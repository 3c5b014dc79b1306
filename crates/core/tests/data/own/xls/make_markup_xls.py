"""Writes the "Excel" statements of this folder that are really markup, as
web banking sites serve them under an .xls name. Run: python3
make_markup_xls.py (standard library only; values are invented).

html_gbk_zh.xls         HTML in GB2312/GBK declared by <meta http-equiv>, the
                        Microsoft flavour (xmlns:x, x:str / x:num cells,
                        mso-number-format styles), title and account lines
                        as colspan rows inside the table, a full card number
                        in the preamble (must come out masked), ICBC-style
                        columns with income/expense in two columns.
html_utf8_en.xls        Plain UTF-8 HTML (<meta charset>), preamble as <h2>/<p>
                        outside the table, a two-row header (Date, Description,
                        Balance merged down; Amount merged across Debit |
                        Credit), DD/MM/YYYY dates, &nbsp; and &amp; in cells.
spreadsheetml_zh.xls    SpreadsheetML 2003 XML, Chinese: a MergeAcross title,
                        a two-row header (MergeDown / MergeAcross, ss:Index
                        skipping the merged-down cells), DateTime and Number
                        cells, <B> formatting inside a <Data>.
spreadsheetml_en.xls    SpreadsheetML 2003 XML, English: one signed amount
                        column, dates as String cells, ss:Index gaps between
                        rows, two worksheets (a summary sheet first).
"""

ZH_ROWS = [
    # 交易日期, 摘要, 交易场所, 收入, 支出, 余额, 对方户名
    ("2025-04-01", "消费", "美团外卖", "", "36.80", "5,163.20", "北京三快科技有限公司"),
    ("2025-04-03", "代发工资", "", "8,500.00", "", "13,663.20", "示例科技有限公司"),
    ("2025-04-07", "消费", "盒马鲜生", "", "256.40", "13,406.80", "盒马网络科技"),
    ("2025-04-12", "退货", "盒马鲜生", "56.40", "", "13,463.20", "盒马网络科技"),
    ("2025-04-20", "跨行转出", "", "", "2,000.00", "11,463.20", "赵六"),
    ("2025-04-30", "利息", "", "3.21", "", "11,466.41", ""),
]


def html_gbk_zh():
    out = ['<html xmlns:o="urn:schemas-microsoft-com:office:office" '
           'xmlns:x="urn:schemas-microsoft-com:office:excel" xmlns="http://www.w3.org/TR/REC-html40">',
           '<head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">',
           '<meta name=ProgId content=Excel.Sheet>',
           '<style>.xl24{mso-number-format:"\\@";} .xl25{mso-number-format:"\\#\\,\\#\\#0\\.00";}</style>',
           '<!--[if gte mso 9]><xml><x:ExcelWorkbook><x:ExcelWorksheets><x:ExcelWorksheet>'
           '<x:Name>明细</x:Name></x:ExcelWorksheet></x:ExcelWorksheets></x:ExcelWorkbook></xml><![endif]-->',
           '</head><body>', '<table border=1 cellpadding=0 cellspacing=0>',
           '<tr><td colspan=7 align=center><b>中国示例银行 借记卡账户历史明细</b></td></tr>',
           '<tr><td colspan=7 x:str>卡号：6222021234567890123　户名：王五　币种：人民币</td></tr>',
           '<tr><td colspan=7>起止日期：2025-04-01 至 2025-04-30</td></tr>',
           '<tr>' + ''.join(f'<td class=xl24 x:str>{h}</td>' for h in
                            ["交易日期", "摘要", "交易场所", "记账金额(收入)", "记账金额(支出)", "余额", "对方户名"]) + '</tr>']
    for d, s, place, inc, exp, bal, cp in ZH_ROWS:
        cells = [f'<td class=xl24 x:str="\'{d}">{d}</td>', f'<td x:str>{s}</td>', f'<td x:str>{place}</td>']
        for v in (inc, exp, bal):
            num = v.replace(",", "")
            cells.append(f'<td class=xl25 x:num="{num}">{v}</td>' if v else '<td></td>')
        cells.append(f'<td x:str>{cp}</td>')
        out.append('<tr>' + ''.join(cells) + '</tr>')
    out.append('<tr><td colspan=3>合计</td><td class=xl25 x:num>8,559.61</td><td class=xl25 x:num>2,293.20</td><td></td><td></td></tr>')
    out.append('</table></body></html>')
    open("html_gbk_zh.xls", "wb").write("\r\n".join(out).encode("gbk"))


EN_ROWS = [
    ("03/04/2025", "CARD PAYMENT TO PRET A MANGER&nbsp;LONDON", "8.45", "", "2,991.55"),
    ("05/04/2025", "SALARY ACME LTD", "", "2,750.00", "5,741.55"),
    ("09/04/2025", "DIRECT DEBIT THAMES WATER", "42.10", "", "5,699.45"),
    ("15/04/2025", "CARD REFUND M&amp;S SIMPLY FOOD", "", "12.00", "5,711.45"),
    ("28/04/2025", "CASH WITHDRAWAL HSBC 28APR", "100.00", "", "5,611.45"),
]


def html_utf8_en():
    out = ['<!DOCTYPE html>', '<html><head><meta charset="utf-8"><title>Statement</title></head><body>',
           '<h2>Example Bank plc</h2>', '<p>Account: Current Account ****5566<br>Currency: GBP</p>',
           '<p>Period: 01/04/2025 to 30/04/2025</p>', '<table>',
           '<thead><tr><th rowspan="2">Date</th><th rowspan="2">Description</th>'
           '<th colspan="2">Amount</th><th rowspan="2">Balance</th></tr>',
           '<tr><th>Debit</th><th>Credit</th></tr></thead><tbody>']
    for d, desc, debit, credit, bal in EN_ROWS:
        out.append(f'<tr><td>{d}</td><td>{desc}</td><td>{debit}</td><td>{credit}</td><td>{bal}</td></tr>')
    out.append('</tbody></table><p>Closing balance: 5,611.45</p></body></html>')
    open("html_utf8_en.xls", "w", encoding="utf-8").write("\n".join(out) + "\n")


def ss_header():
    return ['<?xml version="1.0" encoding="UTF-8"?>', '<?mso-application progid="Excel.Sheet"?>',
            '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
            'xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel" '
            'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet" xmlns:html="http://www.w3.org/TR/REC-html40">']


def s(v):
    return f'<Cell><Data ss:Type="String">{v}</Data></Cell>'


def n(v, idx=None):
    i = f' ss:Index="{idx}"' if idx else ''
    return f'<Cell{i}><Data ss:Type="Number">{v}</Data></Cell>'


def spreadsheetml_zh():
    out = ss_header() + ['<Worksheet ss:Name="账户明细"><Table>',
                         '<Row><Cell ss:MergeAcross="5"><Data ss:Type="String">示例银行 账户交易明细</Data></Cell></Row>',
                         '<Row><Cell><Data ss:Type="String">账号：6217 **** **** 8899</Data></Cell>'
                         '<Cell ss:Index="4"><Data ss:Type="String">币种：人民币</Data></Cell></Row>',
                         '<Row ss:Index="4">'
                         '<Cell ss:MergeDown="1"><Data ss:Type="String">交易时间</Data></Cell>'
                         '<Cell ss:MergeDown="1"><Data ss:Type="String">交易摘要</Data></Cell>'
                         '<Cell ss:MergeAcross="1"><Data ss:Type="String">发生额</Data></Cell>'
                         '<Cell ss:MergeDown="1"><Data ss:Type="String">账户余额</Data></Cell>'
                         '<Cell ss:MergeDown="1"><Data ss:Type="String">对方户名</Data></Cell></Row>',
                         '<Row><Cell ss:Index="3"><Data ss:Type="String">借方发生额</Data></Cell>'
                         '<Cell><Data ss:Type="String">贷方发生额</Data></Cell></Row>']
    rows = [
        ("2025-05-02T08:15:30.000", "网上快捷支付", "58.9", None, "1941.1", "拼多多"),
        ("2025-05-06T00:00:00.000", "<B>工资</B>", None, "6200", "8141.1", "示例集团有限公司"),
        ("2025-05-10T19:42:07.000", "消费", "1288", None, "6853.1", "苹果电子产品商贸（北京）有限公司"),
        ("2025-05-18T12:00:00.000", "退款", None, "299", "7152.1", "京东商城"),
    ]
    for dt, desc, debit, credit, bal, cp in rows:
        cells = [f'<Cell><Data ss:Type="DateTime">{dt}</Data></Cell>',
                 f'<Cell><Data ss:Type="String" xmlns="http://www.w3.org/TR/REC-html40">{desc}</Data></Cell>']
        cells.append(n(debit) if debit else '<Cell/>')
        cells.append(n(credit) if credit else '<Cell/>')
        cells.append(n(bal))
        cells.append(s(cp))
        out.append('<Row>' + ''.join(cells) + '</Row>')
    out += ['</Table></Worksheet></Workbook>']
    open("spreadsheetml_zh.xls", "w", encoding="utf-8").write("\n".join(out) + "\n")


def spreadsheetml_en():
    out = ss_header() + ['<Worksheet ss:Name="Summary"><Table>',
                         '<Row>' + s("Statement summary") + '</Row>',
                         '<Row>' + s("Total spent") + n("-131.67") + '</Row>',
                         '</Table></Worksheet>',
                         '<Worksheet ss:Name="Transactions"><Table>',
                         '<Row>' + s("Card ending 3344") + '</Row>',
                         '<Row ss:Index="3">' + s("Transaction Date") + s("Merchant") + s("Amount") + s("Currency") + '</Row>']
    rows = [("2025-06-01", "SPOTIFY P1234ABC", "-10.99"), ("2025-06-04", "UBER *TRIP HELP.UBER.COM", "-23.50"),
            ("2025-06-04", "UBER *TRIP HELP.UBER.COM", "23.50"), ("2025-06-11", "AMAZON MKTPLACE PMTS", "-120.68")]
    for i, (d, m, a) in enumerate(rows):
        idx = f' ss:Index="{5 + 2 * i}"'  # a blank row between lines
        out.append(f'<Row{idx}>' + s(d) + s(m) + n(a) + s("USD") + '</Row>')
    out += ['</Table></Worksheet></Workbook>']
    open("spreadsheetml_en.xls", "w", encoding="utf-8").write("\n".join(out) + "\n")


if __name__ == "__main__":
    html_gbk_zh()
    html_utf8_en()
    spreadsheetml_zh()
    spreadsheetml_en()
