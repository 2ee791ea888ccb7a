"""The Content-Disposition of JATOS's downloads, as Play writes it."""

# play.core.utils.HttpHeaderParameterEncoding (RFC 5987/6266), which JATOS and Play's sendPath/sendFile use for every
# download: the quoted name keeps a conservative ASCII subset and puts '?' for anything else (one per code point); if
# anything was replaced, `filename*=utf-8''` follows with the UTF-8 bytes, attr-chars kept, the rest %-escaped in
# lower-case hex. So the header is always ASCII, whatever the name (CR/LF included).
_ATTR_CHARS = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$&+-.^_`|~")
_QUOTABLE = frozenset(chr(b) for b in _ATTR_CHARS) | frozenset("()<>@,;:/[]?={} *'")


def content_disposition(disposition: str, filename: str) -> str:
    quoted = "".join(ch if ch in _QUOTABLE else "?" for ch in filename)
    header = f'{disposition}; filename="{quoted}"'
    if any(ch not in _QUOTABLE for ch in filename):
        raw = filename.encode("utf-8", errors="surrogatepass")
        header += "; filename*=utf-8''" + "".join(chr(b) if b in _ATTR_CHARS else f"%{b:02x}" for b in raw)
    return header
