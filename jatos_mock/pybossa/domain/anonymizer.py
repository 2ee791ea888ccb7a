"""PyBossa's IP anonymizer: Crypto-PAn (prefix-preserving, AES-128) with the default CRYPTOPAN_KEY
(pybossa/default_settings.py; pybossa/util.py get_user_id_or_ip). 127.0.0.1 becomes 124.252.3.233."""

import functools
import ipaddress

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

DEFAULT_KEY = b"32-char-str-for-AES-key-and-pad."


@functools.lru_cache(maxsize=1024)
def anonymize(ip: str, key: bytes = DEFAULT_KEY) -> str:
    """The Crypto-PAn image of an IPv4 address: bit i of the output flips by the first bit of AES(first i bits of
    the address, padded with the key's pad); anything that is not IPv4 passes through unchanged."""
    try:
        address = int(ipaddress.IPv4Address(ip))
    except ValueError:
        return ip
    encryptor = Cipher(algorithms.AES(key[:16]), modes.ECB()).encryptor()
    pad = encryptor.update(key[16:])
    pad_word = int.from_bytes(pad[:4], "big")
    flips = 0
    for position in range(32):
        keep = (0xFFFFFFFF << (32 - position)) & 0xFFFFFFFF  # the address's first `position` bits
        block = ((address & keep) | (pad_word & ~keep & 0xFFFFFFFF)).to_bytes(4, "big") + pad[4:]
        flips |= (encryptor.update(block)[0] >> 7) << (31 - position)
    return str(ipaddress.IPv4Address(address ^ flips))
