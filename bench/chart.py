#!/usr/bin/env python3
"""Draws req/s against concurrency (the ApacheBench rows, no keep-alive) from a bench/run.sh CSV as SVG.

Usage: chart.py RESULTS_CSV OUTPUT_SVG

One line per server, concurrency on a logarithmic axis. Standard library only.
"""

import csv
import math
import sys
from xml.sax.saxutils import escape

LOAD = "ab-no-keepalive"
# Also the legend's order.
COLOURS = {"nginx": "#2ca02c", "staticflux": "#1f77b4", "staticflux-nocache": "#9467bd",
           "spring-builtin": "#ff7f0e", "caddy": "#17becf"}
WIDTH, HEIGHT = 760, 440
LEFT, RIGHT, TOP, BOTTOM = 80, 170, 50, 60


def nice_step(maximum, ticks=5):
    """A round tick step (1, 2 or 5 times a power of ten) giving about `ticks` ticks up to `maximum`."""
    raw = maximum / ticks
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw)


def read_series(path):
    series, meta = {}, {}
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            if row["load"] != LOAD or not row["req_per_s"]:
                continue
            series.setdefault(row["server"], []).append((int(row["concurrency"]), float(row["req_per_s"])))
            meta["file"] = row["file"]
    return {s: sorted(points) for s, points in series.items()}, meta


def draw(series, meta):
    xs = sorted({c for points in series.values() for c, _ in points})
    top = max(r for points in series.values() for _, r in points)
    step = nice_step(top)
    y_max = step * math.ceil(top * 1.05 / step)
    lo, hi = math.log10(xs[0]), math.log10(xs[-1])
    span = (hi - lo) or 1.0
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def px(c):
        return LEFT + 20 + (math.log10(c) - lo) / span * (plot_w - 40)

    def py(r):
        return TOP + plot_h - r / y_max * plot_h

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
           f'viewBox="0 0 {WIDTH} {HEIGHT}" font-family="sans-serif" font-size="12">',
           f'<rect width="{WIDTH}" height="{HEIGHT}" fill="white"/>',
           f'<text x="{LEFT}" y="28" font-size="15" font-weight="bold">'
           f'Requests per second against concurrency, no keep-alive (ab, {escape(meta.get("file", ""))})</text>']
    y = 0
    while y <= y_max:
        out.append(f'<line x1="{LEFT}" y1="{py(y):.1f}" x2="{LEFT + plot_w}" y2="{py(y):.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{LEFT - 8}" y="{py(y) + 4:.1f}" text-anchor="end">{y:,.0f}</text>')
        y += step
    for c in xs:
        out.append(f'<line x1="{px(c):.1f}" y1="{TOP + plot_h}" x2="{px(c):.1f}" y2="{TOP + plot_h + 5}" stroke="#333"/>')
        out.append(f'<text x="{px(c):.1f}" y="{TOP + plot_h + 20}" text-anchor="middle">{c}</text>')
    out.append(f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{LEFT + plot_w}" y2="{TOP + plot_h}" stroke="#333"/>')
    out.append(f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{TOP + plot_h}" stroke="#333"/>')
    out.append(f'<text x="{LEFT + plot_w / 2:.1f}" y="{HEIGHT - 15}" text-anchor="middle">'
               'concurrent connections (log scale)</text>')
    out.append(f'<text transform="translate(18 {TOP + plot_h / 2:.1f}) rotate(-90)" text-anchor="middle">'
               'requests per second</text>')
    for i, (server, points) in enumerate(sorted(series.items(), key=lambda s: (list(COLOURS).index(s[0]) if s[0] in COLOURS else 99, s[0]))):
        colour = COLOURS.get(server, "#555")
        path = " ".join(f"{px(c):.1f},{py(r):.1f}" for c, r in points)
        out.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2.5"/>')
        for c, r in points:
            out.append(f'<circle cx="{px(c):.1f}" cy="{py(r):.1f}" r="4" fill="{colour}">'
                       f'<title>{escape(server)}, c={c}: {r:,.0f} req/s</title></circle>')
        ly = TOP + 10 + i * 22
        out.append(f'<line x1="{LEFT + plot_w + 20}" y1="{ly}" x2="{LEFT + plot_w + 45}" y2="{ly}" '
                   f'stroke="{colour}" stroke-width="2.5"/>')
        out.append(f'<text x="{LEFT + plot_w + 52}" y="{ly + 4}">{escape(server)}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def main(csv_path, svg_path):
    series, meta = read_series(csv_path)
    if not series:
        sys.exit(f"chart.py: no {LOAD} rows in {csv_path}")
    with open(svg_path, "w") as f:
        f.write(draw(series, meta))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(*sys.argv[1:])
