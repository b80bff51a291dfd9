"""QR codes as the API returns them: a PNG data URL and printable block characters."""

from __future__ import annotations

import base64
import io

import qrcode


def qr_data_url(code: str) -> str:
    image = qrcode.make(code, box_size=6, border=2)
    buf = io.BytesIO()
    image.save(buf)
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode()


def qr_terminal(code: str) -> str:
    qr = qrcode.QRCode(border=2)
    qr.add_data(code)
    out = io.StringIO()
    qr.print_ascii(out=out, invert=True)
    return out.getvalue()
