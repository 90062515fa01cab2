#!/usr/bin/python3
"""Fits the polynomial of LaneMath.NormalCdfNearZero (Debian python3-mpmath) and checks it in double arithmetic.

For |x| <= 1, N(x) = 1/2 + x*(c0 + t*Q(t)) with t = x*x and c0 = 1/sqrt(2*pi); Q is the degree-9 Chebyshev
fit below (its error, 3e-19, is far below an ulp of N). Prints the coefficients, highest power first, and the
largest error of the double-precision evaluation against mpmath over random and edge arguments, in ulps.
"""
import random
import struct

import mpmath

mpmath.mp.dps = 60
C0 = 1 / mpmath.sqrt(2 * mpmath.pi)


def q_exact(t):
    if t == 0:
        return -C0 / 6
    x = mpmath.sqrt(t)
    return ((mpmath.ncdf(x) - mpmath.mpf(1) / 2) / x - C0) / t


poly, error = mpmath.chebyfit(q_exact, [0, 1], 10, error=True)
q = [float(c) for c in poly]
c0_high = float(C0)
c0_low = float(C0 - mpmath.mpf(c0_high))


def fma(a, b, c):
    return float(mpmath.mpf(a) * mpmath.mpf(b) + mpmath.mpf(c))


def near_zero(x):
    """The arithmetic of LaneMath.NormalCdfNearZero, operation for operation."""
    t = x * x
    t2 = t * t
    odd = q[0]
    for c in q[2:9:2]:
        odd = fma(odd, t2, c)
    even = q[1]
    for c in q[3:10:2]:
        even = fma(even, t2, c)
    tail = fma(x * t, fma(odd, t, even), x * c0_low)
    return fma(x, c0_high, 0.5) + tail


def ulp(v):
    bits = struct.unpack("<q", struct.pack("<d", abs(v)))[0]
    return struct.unpack("<d", struct.pack("<q", bits + 1))[0] - abs(v)


random.seed(5)
worst, at = 0, None
for x in [random.uniform(-1, 1) for _ in range(20000)] + [-1.0, 1.0, 0.5, -0.5, 1e-300, -1e-10]:
    exact = mpmath.ncdf(x)
    e = abs(mpmath.mpf(near_zero(x)) - exact) / ulp(float(exact))
    if e > worst:
        worst, at = e, x

print(f"fit error {mpmath.nstr(error, 3)}; c0 = {c0_high!r} + {c0_low!r}")
print("Q, highest power first:", ", ".join(repr(c) for c in q))
print(f"largest error of the double evaluation: {mpmath.nstr(worst, 3)} ulp at x = {at!r}")
