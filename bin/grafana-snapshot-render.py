#!/usr/bin/env python3
"""Draws a Grafana board's panels from its own PromQL, evaluated by a Prometheus over a time range, as one HTML page
(inline SVG, no script, nothing fetched): bin/grafana-snapshot's renderer. Each panel keeps the board's title, grid
position, unit and legend format; timeseries are drawn as lines, stats as their last value. Standard library only."""
import argparse
import html
import json
import math
import re
import urllib.parse
import urllib.request
from datetime import datetime, timedelta, timezone

EAT = timezone(timedelta(hours=3), "EAT")
COLOURS = ["#73bf69", "#f2cc0c", "#5794f2", "#ff780a", "#f2495c", "#b877d9", "#8ab8ff", "#fade2a", "#96d98d", "#ca95e5"]
CELL_W, CELL_H, PAGE_W = 1600 / 24, 34, 1600


def query_range(prometheus, expr, start, end, step, rate_window):
    expr = expr.replace("$__rate_interval", rate_window).replace("${__rate_interval}", rate_window)
    url = prometheus + "/api/v1/query_range?" + urllib.parse.urlencode(
        {"query": expr, "start": start, "end": end, "step": step})
    with urllib.request.urlopen(url, timeout=30) as answer:
        body = json.load(answer)
    if body.get("status") != "success":
        raise SystemExit("Prometheus refused %r: %s" % (expr, body))
    return body["data"]["result"]


def legend(fmt, labels):
    if not fmt:
        return ",".join("%s=%s" % kv for kv in sorted(labels.items())) or "value"
    return re.sub(r"\{\{\s*(\w+)\s*}}", lambda m: labels.get(m.group(1), ""), fmt)


def fmt(value, unit):
    if value is None or math.isnan(value):
        return "–"
    if unit == "percentunit":
        return "%.1f%%" % (value * 100)
    if unit == "bytes":
        for size, name in ((1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")):
            if abs(value) >= size:
                return "%.1f %s" % (value / size, name)
        return "%.0f B" % value
    if unit == "s":
        if abs(value) >= 60:
            return "%.1f min" % (value / 60)
        if abs(value) >= 1 or value == 0:
            return "%.2f s" % value
        return "%.0f ms" % (value * 1000)
    suffix = " /s" if unit == "reqps" else ""
    if abs(value) >= 1000:
        return "%.1fk%s" % (value / 1000, suffix)
    if value == int(value):
        return "%d%s" % (value, suffix)
    return "%.2f%s" % (value, suffix)


def series_of(prometheus, panel, start, end, step, window):
    series = []
    for target in panel.get("targets", []):
        for result in query_range(prometheus, target["expr"], start, end, step, window):
            points = [(float(t), float(v)) for t, v in result["values"] if v not in ("NaN", "+Inf", "-Inf")]
            series.append((legend(target.get("legendFormat"), result["metric"]), points))
    return series


def timeseries_svg(series, unit, width, height, start, end, defaults):
    left, right, top, bottom = 64, 30, 8, 22
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [v for _, pts in series for _, v in pts]
    lo = min([0.0] + values) if defaults.get("min") is None else defaults["min"]
    hi = max(values) if values else 1.0
    if defaults.get("max") is not None:
        hi = max(hi, defaults["max"])
    if hi <= lo:
        hi = lo + 1
    x = lambda t: left + (t - start) / max(1, end - start) * plot_w
    y = lambda v: top + plot_h - (v - lo) / (hi - lo) * plot_h
    out = ['<svg width="%d" height="%d" xmlns="http://www.w3.org/2000/svg">' % (width, height)]
    for i in range(5):
        v = lo + (hi - lo) * i / 4
        out.append('<line x1="%d" x2="%d" y1="%.1f" y2="%.1f" stroke="#2c3235"/>' % (left, width - right, y(v), y(v)))
        out.append('<text x="%d" y="%.1f" fill="#9fa7b3" font-size="11" text-anchor="end">%s</text>'
                   % (left - 6, y(v) + 4, html.escape(fmt(v, unit))))
    for i in range(6):
        t = start + (end - start) * i / 5
        out.append('<text x="%.1f" y="%d" fill="#9fa7b3" font-size="11" text-anchor="middle">%s</text>'
                   % (x(t), height - 6, datetime.fromtimestamp(t, EAT).strftime("%H:%M:%S")))
    for n, (_, pts) in enumerate(series):
        if not pts:
            continue
        colour = COLOURS[n % len(COLOURS)]
        path = " ".join("%s%.1f,%.1f" % ("M" if i == 0 or pts[i][0] - pts[i - 1][0] > 3 * (end - start) / 300 + 5
                                         else "L", x(t), y(v)) for i, (t, v) in enumerate(pts))
        area = "M%.1f,%.1f " % (x(pts[0][0]), y(lo)) + path.replace("M", "L") + " L%.1f,%.1f Z" % (x(pts[-1][0]), y(lo))
        out.append('<path d="%s" fill="%s" fill-opacity="0.08" stroke="none"/>' % (area, colour))
        out.append('<path d="%s" fill="none" stroke="%s" stroke-width="2"/>' % (path, colour))
    out.append("</svg>")
    return "".join(out)


def render(args):
    board = json.load(open(args.board))
    start, end = args.start, args.end
    step = max(2, (end - start) // 300)
    window = "%ds" % max(20, 4 * step)  # Grafana's $__rate_interval is 4 scrapes or more; 2 s scrapes
    cards, bottom_edge = [], 0
    panels = []
    for p in board["panels"]:
        panels.append(p)
        panels.extend(p.get("panels", []))
    for p in panels:
        g = p["gridPos"]
        px, py, pw, ph = g["x"] * CELL_W, g["y"] * CELL_H + 70, g["w"] * CELL_W, g["h"] * CELL_H
        bottom_edge = max(bottom_edge, py + ph)
        style = "left:%.0fpx;top:%.0fpx;width:%.0fpx;height:%.0fpx" % (px + 4, py + 4, pw - 8, ph - 8)
        if p["type"] == "row":
            cards.append('<div class="row" style="%s">%s</div>' % (style, html.escape(p["title"])))
            continue
        defaults = p.get("fieldConfig", {}).get("defaults", {})
        unit = defaults.get("unit", "short")
        series = series_of(args.prometheus, p, start, end, step, window)
        if p["type"] == "stat":
            last = [pts[-1][1] for _, pts in series if pts]
            body = '<div class="stat">%s</div><div class="legend">%s</div>' % (
                html.escape(fmt(last[0] if last else None, unit)),
                html.escape(", ".join(name for name, _ in series)))
            body += timeseries_svg(series, unit, int(pw - 30), int(ph - 150), start, end, defaults)
        else:
            body = timeseries_svg(series, unit, int(pw - 30), int(ph - 70), start, end, defaults)
            items = []
            for n, (name, pts) in enumerate(series):
                last = pts[-1][1] if pts else None
                mapped = defaults.get("mappings", [{}])[0].get("options", {}).get(
                    str(int(last)) if last is not None and last == int(last) else "", {}).get("text")
                items.append('<span><i style="background:%s"></i>%s <b>%s</b></span>' % (
                    COLOURS[n % len(COLOURS)], html.escape(name or "value"),
                    html.escape(mapped or fmt(last, unit))))
            body += '<div class="legend">%s</div>' % ("".join(items) or "no series in this range")
        cards.append('<div class="panel" style="%s"><div class="title">%s</div>%s</div>' % (
            style, html.escape(p["title"]), body))
    span = "%s – %s EAT" % (datetime.fromtimestamp(start, EAT).strftime("%Y-%m-%d %H:%M:%S"),
                            datetime.fromtimestamp(end, EAT).strftime("%H:%M:%S"))
    page = """<!doctype html><html><head><meta charset="utf-8"><style>
body{margin:0;background:#111217;color:#ccccdc;font-family:Inter,Helvetica,Arial,sans-serif;width:%dpx}
.head{position:absolute;left:12px;top:10px;right:12px;height:50px}
.head h1{font-size:20px;margin:0 0 4px 0;color:#fff;font-weight:500}.head p{margin:0;font-size:12px;color:#9fa7b3}
.panel{position:absolute;box-sizing:border-box;background:#181b1f;border:1px solid #2c3235;border-radius:3px;padding:8px 12px;overflow:hidden}
.title{font-size:13px;font-weight:500;color:#fff;margin-bottom:4px}
.row{position:absolute;font-size:15px;color:#fff;font-weight:500;padding-top:6px}
.legend{font-size:11px;color:#ccccdc;line-height:16px}.legend span{margin-right:12px;white-space:nowrap}
.legend i{display:inline-block;width:12px;height:3px;margin-right:4px;vertical-align:middle}
.stat{font-size:44px;color:#73bf69;font-weight:500;margin:6px 0 0 0}
</style></head><body><div class="head"><h1>%s</h1><p>%s · %s · rendered from the board's own PromQL by
bin/grafana-snapshot (Prometheus query_range, step %ds, rate window %s), not by Grafana</p></div>%s</body></html>""" % (
        PAGE_W, html.escape(board["title"]), html.escape(span), html.escape(args.note), step, window, "".join(cards))
    open(args.html, "w").write(page)
    open(args.html + ".height", "w").write(str(int(bottom_edge + 10)))


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--prometheus", required=True)
    parser.add_argument("--board", required=True)
    parser.add_argument("--start", type=int, required=True)
    parser.add_argument("--end", type=int, required=True)
    parser.add_argument("--html", required=True)
    parser.add_argument("--note", default="")
    render(parser.parse_args())
