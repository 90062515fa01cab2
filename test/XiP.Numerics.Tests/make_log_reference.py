#!/usr/bin/python3
"""Writes log-reference.csv: ln(a/b), ln x and e^x at 256-bit precision (Debian python3-mpmath)."""
import random

import mpmath

mpmath.mp.prec = 256
random.seed(17)
rows = []
pairs = [(1.0, 1.0), (100.0, 100.0), (3.0, 1.5), (1.5, 3.0), (1e-200, 1e200), (1e200, 1e-200), (2.2250738585072014e-308, 1.0)]
for _ in range(400):
    b = random.uniform(1, 500) * 10.0 ** random.randint(-3, 3)
    pairs.append((b * random.uniform(0.3, 3.0), b))
for _ in range(200):
    # near the money, where ln(a/b) is small and its relative accuracy matters
    b = random.uniform(50, 150)
    pairs.append((b * (1 + random.choice([-1, 1]) * 10.0 ** random.uniform(-15, -1)), b))
for _ in range(100):
    pairs.append((10.0 ** random.uniform(-300, 300), 10.0 ** random.uniform(-300, 300)))
for a, b in pairs:
    exact = mpmath.log(mpmath.mpf(a) / mpmath.mpf(b))
    rows.append(f"logratio,{a!r},{b!r},{mpmath.nstr(exact, 25)}")
for x in [random.uniform(0.5, 2) for _ in range(200)] + [10.0 ** random.uniform(-300, 300) for _ in range(200)]:
    rows.append(f"log,{x!r},,{mpmath.nstr(mpmath.log(mpmath.mpf(x)), 25)}")
for x in [random.uniform(-1, 1) for _ in range(200)] + [random.uniform(-700, 700) for _ in range(200)]:
    rows.append(f"exp,{x!r},,{mpmath.nstr(mpmath.exp(mpmath.mpf(x)), 25)}")
header = "# function,a,b,value (mpmath, 256-bit precision; regenerate with test/XiP.Numerics.Tests/make_log_reference.py)\n"
with open("log-reference.csv", "w") as f:
    f.write(header + "\n".join(rows) + "\n")
