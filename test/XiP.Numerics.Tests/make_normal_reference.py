#!/usr/bin/python3
"""Writes normal-reference.csv: erfc, the normal CDF and density at 256-bit precision (Debian python3-mpmath)."""
import random

import mpmath

mpmath.mp.prec = 256
random.seed(11)
rows = []
for x in [i / 8 for i in range(-48, 213)] + [random.uniform(-6, 26.5) for _ in range(400)]:
    rows.append(f"erfc,{x!r},{mpmath.nstr(mpmath.erfc(mpmath.mpf(x)), 25)}")
for x in [i / 4 for i in range(-148, 33)] + [random.uniform(-37.5, 8.5) for _ in range(400)]:
    rows.append(f"ncdf,{x!r},{mpmath.nstr(mpmath.ncdf(mpmath.mpf(x)), 25)}")
for x in [i / 4 for i in range(-152, 153)] + [random.uniform(-38.5, 38.5) for _ in range(300)]:
    rows.append(f"npdf,{x!r},{mpmath.nstr(mpmath.npdf(mpmath.mpf(x)), 25)}")
# dense where the CDF switches from its polynomial near zero to Cody's rationals (|x| = 1)
for x in [random.uniform(-1.25, 1.25) for _ in range(400)] + [-1.0, 1.0, -0.9999999999999999, 0.9999999999999999, -1.0000000000000002, 1.0000000000000002]:
    rows.append(f"ncdf,{x!r},{mpmath.nstr(mpmath.ncdf(mpmath.mpf(x)), 25)}")
header = "# function,x,value (mpmath, 256-bit precision; regenerate with test/XiP.Numerics.Tests/make_normal_reference.py)\n"
with open("normal-reference.csv", "w") as f:
    f.write(header + "\n".join(rows) + "\n")
