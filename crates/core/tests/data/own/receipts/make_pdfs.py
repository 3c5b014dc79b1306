"""Writes the small test PDFs by hand (no PDF library): an English e-receipt
with a compressed content stream and a standard font, and a Chinese slip with
a Type0 font whose ToUnicode CMap maps two-byte codes to the characters."""
import zlib

def pdf(objs):
    out = b"%PDF-1.4\n"
    offs = []
    for i, o in enumerate(objs, 1):
        offs.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    x = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for o in offs:
        out += b"%010d 00000 n \n" % o
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, x)
    return out

def esc(s):
    return s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

def stream(content, compress):
    if compress:
        data = zlib.compress(content)
        return b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream"
    return b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"

en = [
    "Blue Bottle Coffee",
    "Your receipt",
    "Order #BB-20250314-7781",
    "Date: March 14, 2025 08:12",
    "1 x Latte                 $5.75",
    "1 x Croissant             $4.25",
    "Subtotal                 $10.00",
    "Tax                       $0.89",
    "Tip                       $2.00",
    "Total                    $12.89",
    "Paid with Visa ending in 6252",
]
content = b"BT /F1 11 Tf 14 TL 40 780 Td\n"
for i, l in enumerate(en):
    content += b"(" + esc(l).encode("latin-1") + b") Tj T*\n"
content += b"ET"
objs = [
    b"<< /Type /Catalog /Pages 2 0 R >>",
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
    b"<< /Type /Font /Subtype /Type1 /BaseFont /Courier /Encoding /WinAnsiEncoding >>",
    stream(content, True),
]
open("ereceipt_en.pdf", "wb").write(pdf(objs))

zh = [
    "中国银联 POS签购单",
    "商户名称:全家便利店",
    "卡号:6222 **** **** 1234",
    "交易类型:退货",
    "日期/时间:2025/07/20 15:30:00",
    "金额:RMB 35.50",
    "原参考号:519208107532",
    "原交易日期:2025/07/18",
]
chars = sorted(set("".join(zh)))
code = {c: i + 1 for i, c in enumerate(chars)}
cmap = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
cmap += b"%d beginbfchar\n" % len(chars)
for c in chars:
    cmap += b"<%04X> <%s>\n" % (code[c], c.encode("utf-16-be").hex().upper().encode())
cmap += b"endbfchar\nendcmap CMapName currentdict /CMap defineresource pop end end"
content = b"BT /F2 10 Tf\n"
y = 800
for l in zh:
    content += b"1 0 0 1 40 %d Tm <%s> Tj\n" % (y, "".join("%04X" % code[c] for c in l).encode())
    y -= 16
content += b"ET"
objs = [
    b"<< /Type /Catalog /Pages 2 0 R >>",
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F2 4 0 R >> >> /Contents 5 0 R >>",
    b"<< /Type /Font /Subtype /Type0 /BaseFont /NotoSansSC /Encoding /Identity-H /DescendantFonts [] /ToUnicode 6 0 R >>",
    stream(content, True),
    stream(cmap, False),
]
open("slip_refund_zh.pdf", "wb").write(pdf(objs))
