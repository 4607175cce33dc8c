"""BIP 173 / BIP 350 bech32 checksums, shared by age keys and Bitcoin segwit addresses."""

from __future__ import annotations

CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
BECH32_CONST, BECH32M_CONST = 1, 0x2BC830A3
_GENERATORS = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)


def polymod(values: list[int]) -> int:
    check = 1
    for value in values:
        top = check >> 25
        check = (check & 0x1FFFFFF) << 5 ^ value
        for i, generator in enumerate(_GENERATORS):
            if (top >> i) & 1:
                check ^= generator
    return check


def checksum_constant(hrp: str, data: list[int]) -> int:
    """The polymod of ``hrp`` + ``data``: 1 for bech32, BECH32M_CONST for bech32m."""
    expanded = [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]
    return polymod(expanded + data)
