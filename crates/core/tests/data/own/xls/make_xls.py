"""Writes the binary Excel 97-2003 (BIFF8) fixtures of this folder with xlwt
(PyPI, BSD licence), a real BIFF writer, so the .xls path is tested on the
bytes Excel-era tools produce rather than on text renamed .xls.

    pip install --target /tmp/py xlwt && PYTHONPATH=/tmp/py python3 make_xls.py

Values are invented. What each file exercises:

bank_statement_biff8.xls  (1900 date system, sheet named 交易明细)
  - a title merged across all columns, account/currency/period preamble lines;
  - a two-row header: 交易日期/记账日期/交易摘要/余额/对方户名 merged down over two
    rows, 金额 merged across 支出 (out) and 收入 (in) on the row below;
  - 交易日期 as real date-time cells (one row as text, as real exports mix),
    记账日期 as text "2025/03/02"; amounts as number cells; a 合计 footer.
card_statement_1904.xls  (1904 date system, as Excel for Mac wrote it)
  - an English card export, a merged title, dates only as date cells with a
    DD/MM/YYYY display format, one signed amount column.
"""
import datetime as dt
import xlwt

D = dt.datetime


def bank():
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("交易明细")
    dtf = xlwt.easyxf(num_format_str="YYYY-MM-DD HH:MM:SS")
    datef = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    money = xlwt.easyxf(num_format_str="#,##0.00")
    ws.write_merge(0, 0, 0, 6, "示例银行 个人账户交易明细")
    ws.write(1, 0, "户名：张三")
    ws.write(1, 3, "账号：6214 **** **** 4321")
    ws.write(2, 0, "币种：人民币")
    ws.write(2, 3, "查询期间：2025-03-01 至 2025-03-31")
    ws.write(3, 0, "期初余额：12,000.00")
    # Two-row header.
    for c, name in [(0, "交易日期"), (1, "记账日期"), (2, "交易摘要"), (5, "余额"), (6, "对方户名")]:
        ws.write_merge(5, 6, c, c, name)
    ws.write_merge(5, 5, 3, 4, "金额")
    ws.write(6, 3, "支出")
    ws.write(6, 4, "收入")
    rows = [
        (D(2025, 3, 2, 12, 31, 5), "2025/03/02", "消费", 88.50, None, 11911.50, "星巴克(国贸店)"),
        (D(2025, 3, 5, 9, 15, 0), "2025/03/05", "工资", None, 15000.00, 26911.50, "示例科技有限公司"),
        ("2025-03-08", "2025/03/09", "网上支付", 1024.80, None, 25886.70, "京东商城"),
        (D(2025, 3, 12, 20, 45, 33), "2025/03/12", "退款", None, 199.00, 26085.70, "京东商城"),
        (D(2025, 3, 15, 10, 0, 0), "2025/03/15", "ATM取现", 2000, None, 24085.70, ""),
        (D(2025, 3, 15, 10, 0, 0), "2025/03/15", "跨行取现手续费", 4, None, 24081.70, ""),
        (D(2025, 3, 20, 18, 22, 10), "2025/03/21", "转账", 3000, None, 21081.70, "李四"),
        (D(2025, 3, 31), "2025/03/31", "结息", None, 12.34, 21094.04, ""),
    ]
    r = 7
    for when, posted, desc, out, inn, bal, cp in rows:
        if isinstance(when, str):
            ws.write(r, 0, when)
        elif when.hour or when.minute or when.second:
            ws.write(r, 0, when, dtf)
        else:
            ws.write(r, 0, when, datef)
        ws.write(r, 1, posted)
        ws.write(r, 2, desc)
        if out is not None:
            ws.write(r, 3, out, money)
        if inn is not None:
            ws.write(r, 4, inn, money)
        ws.write(r, 5, bal, money)
        if cp:
            ws.write(r, 6, cp)
        r += 1
    ws.write(r, 0, "合计")
    ws.write(r, 3, 6117.30, money)
    ws.write(r, 4, 15211.34, money)
    wb.save("bank_statement_biff8.xls")


def card_1904():
    wb = xlwt.Workbook(encoding="utf-8")
    wb.dates_1904 = True
    ws = wb.add_sheet("Transactions")
    datef = xlwt.easyxf(num_format_str="DD/MM/YYYY")
    ws.write_merge(0, 0, 0, 3, "Example Card Services - Statement")
    ws.write(1, 0, "Card number: XXXX XXXX XXXX 9012")
    ws.write(2, 0, "Currency: GBP")
    for c, h in enumerate(["Date", "Description", "Reference", "Amount"]):
        ws.write(4, c, h)
    rows = [
        (D(2024, 11, 3), "TESCO STORES 2041 LONDON", "RX1001", -23.45),
        (D(2024, 11, 9), "AMAZON.CO.UK REFUND", "RX1002", 15.99),
        (D(2024, 11, 21), "TFL TRAVEL CH", "RX1003", -7.8),
        (D(2024, 12, 1), "PAYMENT RECEIVED - THANK YOU", "RX1004", 150),
    ]
    for i, (d, desc, ref, amt) in enumerate(rows, 5):
        ws.write(i, 0, d, datef)
        ws.write(i, 1, desc)
        ws.write(i, 2, ref)
        ws.write(i, 3, amt)
    wb.save("card_statement_1904.xls")


if __name__ == "__main__":
    bank()
    card_1904()
