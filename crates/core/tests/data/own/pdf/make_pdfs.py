"""Writes the PDF e-receipts of this folder with real PDF tools: reportlab
(BSD licence) draws the page, pikepdf (MPL-2.0, on qpdf) rewrites it in the
PDF 1.5+ layouts and encryptions the reader must handle. Values are invented.

    pip install --target /tmp/py reportlab pikepdf && PYTHONPATH=/tmp/py python3 make_pdfs.py

objstm.pdf        a Chinese receipt in object streams (/Type /ObjStm) with a
                  cross-reference stream (qpdf writes it with /DecodeParms
                  /Predictor 12): the font dictionary naming the ToUnicode
                  CMap lives only inside the object stream.
predictor.pdf     the page's content stream deflated after a PNG "Up"
                  predictor (/Predictor 12 /Columns 16).
rc4_40.pdf        standard security handler R2 (RC4 40-bit), empty user password.
rc4_128.pdf       R3 (RC4 128-bit), empty user password.
aes128.pdf        R4 with AES-128 crypt filters (AESV2), empty user password,
                  the Chinese receipt in object streams as well.
aes256.pdf        R6 (AES-256, PDF 2.0 / ISO 32000-2), empty user password.
password.pdf      R6 with the user password "1234": cannot be opened without it.
password_rc4.pdf  R3 (RC4 128-bit) with the user password "1234".

Each receipt has its own order number so a test knows which file it read.
"""
import io
import zlib
import pikepdf
from reportlab.pdfgen import canvas
from reportlab.lib.pagesizes import A5
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

# A subset of WenQuanYi Micro Hei (Apache-2.0) is embedded in the Chinese
# receipts, with the ToUnicode CMap reportlab writes for it.
pdfmetrics.registerFont(TTFont("WQY", "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", subfontIndex=0))

ZH = [
    "示例书店",
    "电子小票",
    "订单号：{order}",
    "交易时间：2025-09-14 16:42",
    "Rust程序设计语言 x1        ¥89.00",
    "帆布袋 x1                  ¥15.00",
    "合计                      ¥104.00",
    "实付金额                  ¥104.00",
    "支付方式：招商银行信用卡(尾号4417)",
]


def receipt(order, zh=False):
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A5, pageCompression=1)
    lines = [l.format(order=order) for l in ZH] if zh else [
        "Northwind Books",
        "Order confirmation",
        f"Order number: {order}",
        "Date: 2025-09-14 16:42",
        "1 x The Rust Programming Language     EUR 39.90",
        "1 x Tote bag                           EUR 4.50",
        "Subtotal                               EUR 44.40",
        "Shipping                               EUR 3.95",
        "Total                                  EUR 48.35",
        "Paid with Mastercard ending in 4417",
    ]
    y = 540
    for l in lines:
        c.setFont("WQY" if zh else "Helvetica", 10)
        c.drawString(30, y, l)
        y -= 16
    c.showPage()
    c.save()
    return pikepdf.open(io.BytesIO(buf.getvalue()))


def save(pdf, name, **kw):
    # A fixed /ID (qpdf cannot derive a deterministic one for an encrypted
    # file); AES initialisation vectors still differ from run to run.
    pdf.save(name, static_id=True, **kw)


save(receipt("NW-1001", zh=True), "objstm.pdf", object_stream_mode=pikepdf.ObjectStreamMode.generate)

# PNG "Up" predictor on the content stream: each 16-byte row is prefixed by
# filter type 2 and holds the byte-wise difference to the row above.
pdf = receipt("NW-1002")
page = pdf.pages[0]
raw = page.Contents.read_bytes()
cols = 16
raw += b" " * (-len(raw) % cols)
prev = bytes(cols)
out = bytearray()
for i in range(0, len(raw), cols):
    row = raw[i:i + cols]
    out.append(2)
    out += bytes((a - b) & 0xFF for a, b in zip(row, prev))
    prev = row
page.Contents.write(zlib.compress(bytes(out)), filter=pikepdf.Name.FlateDecode,
                    decode_parms=pikepdf.Dictionary(Predictor=12, Columns=cols))
save(pdf, "predictor.pdf")

save(receipt("NW-1003"), "rc4_40.pdf", encryption=pikepdf.Encryption(owner="owner", user="", R=2, aes=False, metadata=False))
save(receipt("NW-1004"), "rc4_128.pdf", encryption=pikepdf.Encryption(owner="owner", user="", R=3, aes=False, metadata=False))
save(receipt("NW-1005", zh=True), "aes128.pdf", encryption=pikepdf.Encryption(owner="owner", user="", R=4, aes=True),
     object_stream_mode=pikepdf.ObjectStreamMode.generate)
save(receipt("NW-1006"), "aes256.pdf", encryption=pikepdf.Encryption(owner="owner", user="", R=6))
save(receipt("NW-1007"), "password.pdf", encryption=pikepdf.Encryption(owner="owner", user="1234", R=6))
save(receipt("NW-1008"), "password_rc4.pdf", encryption=pikepdf.Encryption(owner="owner", user="1234", R=3, aes=False, metadata=False))
