"""F32: an f32 value that keeps its exact bits.

A Python float holds every f32 value exactly except the bits of a NaN: converting an
f32 NaN to a float (or back) quiets a signalling NaN and may lose its payload. So f32
values travel as floats, except that an f32 NaN coming out of wasm (a result, a host
function's parameter, a global's value) is an F32, a float that also carries `.bits`,
and an F32 going in (an argument, a host function's result, a global's value) goes in
bit for bit."""
from __future__ import annotations

import struct
from typing import Any

_F = struct.Struct("<f")
_I = struct.Struct("<I")


class F32(float):
    """A float that is an f32 with exact bits: `F32(1.5)` (rounded to f32) or
    `F32.from_bits(0x7fa00001)`; `.bits`, `.is_nan`. As a float it compares and computes
    like any float (a NaN is not equal to itself); compare `.bits` for identity."""

    __slots__ = ("_bits",)
    _bits: int

    def __new__(cls, value: float = 0.0) -> "F32":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise TypeError("F32() needs a float, got %s" % type(value).__name__)
        if isinstance(value, F32):
            return value
        return cls.from_bits(_I.unpack(_F.pack(float(value)))[0])

    @classmethod
    def from_bits(cls, bits: int) -> "F32":
        if isinstance(bits, bool) or not isinstance(bits, int) or not 0 <= bits <= 0xFFFFFFFF:
            raise ValueError("F32.from_bits() needs an int in 0..0xFFFFFFFF, got %r" % (bits,))
        f = float.__new__(cls, _F.unpack(_I.pack(bits))[0])
        f._bits = bits
        return f

    @property
    def bits(self) -> int:
        return self._bits

    @property
    def is_nan(self) -> bool:
        return is_nan_bits(self._bits)

    def __repr__(self) -> str:
        return "F32.from_bits(0x%08x)" % self._bits

    def __reduce__(self) -> Any:
        return (F32.from_bits, (self._bits,))


def is_nan_bits(bits: int) -> bool:
    return (bits & 0x7F800000) == 0x7F800000 and (bits & 0x007FFFFF) != 0


def from_f32_bits(bits: int) -> float:
    """What an f32 with these bits is in Python: a float, or an F32 for a NaN."""
    if is_nan_bits(bits):
        return F32.from_bits(bits)
    return float(_F.unpack(_I.pack(bits))[0])
