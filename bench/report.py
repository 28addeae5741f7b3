#!/usr/bin/env python3
"""Summarises one bench/run.sh run: parses the raw wrk and ab output, writes the CSV, prints the table.

Usage: report.py RAW_DIR RESULTS_DIR STAMP

RAW_DIR holds index.tsv (one line per measurement: load, file, concurrency, server, round, output
file), meta.txt, and per Java server <server>.startup_ms, <server>.rss_after_start_kb and
<server>.rss_keepalive_kb (one VmRSS sample per line). Writes RESULTS_DIR/STAMP.csv, STAMP.md and
copies them to latest.csv and latest.md. When a measurement was repeated (ROUNDS > 1), the round with
the median req/s is kept and the failures of all rounds are added up.

Exits 1 when a tool's output cannot be read (the tool failed), after printing what it could.
Standard library only.
"""

import csv
import re
import shutil
import sys
from pathlib import Path

LOADS = {"wrk": "wrk-keepalive", "wrkz": "wrk-keepalive-compressed", "ab": "ab-no-keepalive"}
LOAD_LABELS = {"wrk-keepalive": "keep-alive (wrk)",
               "wrk-keepalive-compressed": "keep-alive, Accept-Encoding: gzip, br, zstd (wrk)",
               "ab-no-keepalive": "no keep-alive (ab)"}
COMPRESSED = ("wrk-keepalive-compressed", "app.js", 100)
# The servers in the table's column order; staticflux-nocache gets its own row instead of a column.
COLUMN_ORDER = ["nginx", "staticflux", "spring-builtin"]
NOCACHE = "staticflux-nocache"
PLAIN_JAR = "staticflux-plain-jar"  # started once with `java -jar`, for its start-up time only
CSV_FIELDS = ["load", "file", "concurrency", "server", "req_per_s", "mib_per_s", "p99_ms", "failed",
              "non_2xx", "ratio_to_nginx", "rounds", "startup_ms", "rss_after_start_mb",
              "rss_peak_keepalive_mb"]

WRK_TIME_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}
WRK_SIZE_UNITS = {"B": 1, "KB": 1024, "MB": 1024 ** 2, "GB": 1024 ** 3, "TB": 1024 ** 4}


class UnreadableOutput(Exception):
    pass


def search(pattern, text, default=None):
    match = re.search(pattern, text, re.MULTILINE)
    return match.groups() if match else default


def required(pattern, text):
    """Like search, but a tool output without the pattern is a failed measurement (its last line says why)."""
    found = search(pattern, text)
    if found is None:
        raise UnreadableOutput(text.strip().splitlines()[-1] if text.strip() else "no output")
    return found


def parse_wrk(text):
    rps = required(r"^Requests/sec:\s+([\d.]+)", text)
    p99 = search(r"^\s+99%\s+([\d.]+)(us|ms|s|m)\s*$", text)
    transfer = search(r"^Transfer/sec:\s+([\d.]+)(B|KB|MB|GB|TB)", text)
    socket = search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text, ("0",) * 4)
    non_2xx = search(r"Non-2xx or 3xx responses: (\d+)", text, ("0",))
    return {
        "req_per_s": float(rps[0]),
        "mib_per_s": float(transfer[0]) * WRK_SIZE_UNITS[transfer[1]] / 1024 ** 2 if transfer else None,
        "p99_ms": float(p99[0]) * WRK_TIME_UNITS[p99[1]] if p99 else None,
        "failed": sum(int(n) for n in socket),
        "non_2xx": int(non_2xx[0]),
    }


def parse_ab(text):
    rps = required(r"^Requests per second:\s+([\d.]+)", text)
    p99 = search(r"^\s+99%\s+(\d+)\s*$", text)
    transfer = search(r"^Transfer rate:\s+([\d.]+) \[Kbytes/sec\]", text)
    return {
        "req_per_s": float(rps[0]),
        "mib_per_s": float(transfer[0]) / 1024 if transfer else None,
        "p99_ms": float(p99[0]) if p99 else None,
        "failed": int(search(r"^Failed requests:\s+(\d+)", text, ("0",))[0]),
        "non_2xx": int(search(r"^Non-2xx responses:\s+(\d+)", text, ("0",))[0]),
    }


def read_number(path):
    try:
        text = path.read_text().split()
    except FileNotFoundError:
        return None
    return int(text[0]) if text else None


def read_peak(path):
    try:
        samples = [int(line) for line in path.read_text().split()]
    except FileNotFoundError:
        return None
    return max(samples) if samples else None


def mb(kb):
    return None if kb is None else round(kb / 1024, 1)


def load_measurements(raw):
    """Returns {(load, file, concurrency, server): result} and the list of unreadable outputs."""
    rounds, problems = {}, []
    with open(raw / "index.tsv", newline="") as index:
        for row in csv.DictReader(index, delimiter="\t"):
            load = LOADS[row["load"]]
            text = Path(row["output"]).read_text(errors="replace")
            try:
                result = parse_wrk(text) if row["load"] in ("wrk", "wrkz") else parse_ab(text)
            except UnreadableOutput as e:
                problems.append(f"{row['load']} {row['file']} c={row['concurrency']} {row['server']}: {e}")
                continue
            key = (load, row["file"], int(row["concurrency"]), row["server"])
            rounds.setdefault(key, []).append(result)
    summary = {}
    for key, results in rounds.items():
        ordered = sorted(results, key=lambda r: r["req_per_s"])
        kept = dict(ordered[(len(ordered) - 1) // 2])
        kept["failed"] = sum(r["failed"] for r in results)
        kept["non_2xx"] = sum(r["non_2xx"] for r in results)
        kept["rounds"] = len(results)
        summary[key] = kept
    return summary, problems


def case_order(key):
    load, file, concurrency, _ = key
    size = {"1k.bin": 0, "50k.bin": 1, "200k.bin": 2, "10m.bin": 3}.get(file, 9)
    return ({"wrk-keepalive": 0, "wrk-keepalive-compressed": 1}.get(load, 2), size, concurrency)


def ratio(summary, key, server):
    nginx = summary.get(key[:3] + ("nginx",))
    mine = summary.get(key[:3] + (server,))
    if not nginx or not mine or nginx["req_per_s"] == 0:
        return None
    return mine["req_per_s"] / nginx["req_per_s"]


def write_csv(path, summary, processes):
    with open(path, "w", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=CSV_FIELDS)
        writer.writeheader()
        for key in sorted(summary, key=lambda k: case_order(k) + (k[3],)):
            r = summary[key]
            share = ratio(summary, key, key[3])
            writer.writerow({
                "load": key[0], "file": key[1], "concurrency": key[2], "server": key[3],
                "req_per_s": round(r["req_per_s"], 1),
                "mib_per_s": None if r["mib_per_s"] is None else round(r["mib_per_s"], 1),
                "p99_ms": None if r["p99_ms"] is None else round(r["p99_ms"], 2),
                "failed": r["failed"], "non_2xx": r["non_2xx"],
                "ratio_to_nginx": None if share is None else round(share, 3),
                "rounds": r["rounds"],
            })
        for server, p in processes.items():
            writer.writerow({"load": "process", "server": server, "startup_ms": p["startup_ms"],
                             "rss_after_start_mb": mb(p["rss_after_start_kb"]),
                             "rss_peak_keepalive_mb": mb(p["rss_peak_keepalive_kb"])})


def fmt_int(value):
    return "-" if value is None else f"{value:,.0f}"


def fmt_ms(value):
    if value is None:
        return "-"
    return f"{value:.0f}" if value >= 100 else f"{value:.2f}" if value < 10 else f"{value:.1f}"


def fmt_ratio(value):
    return "-" if value is None else f"{value:.2f}"


def markdown_table(header, rows):
    widths = [max(len(str(c)) for c in column) for column in zip(header, *rows)]
    line = lambda cells: "| " + " | ".join(str(c).ljust(w) for c, w in zip(cells, widths)) + " |"
    return "\n".join([line(header), "|" + "|".join("-" * (w + 2) for w in widths) + "|"] + [line(r) for r in rows])


def results_table(summary):
    servers = [s for s in COLUMN_ORDER if any(k[3] == s for k in summary)]
    header = ["load", "file", "conc."]
    for s in servers:
        header += [f"{s} req/s"] + (["× nginx"] if s != "nginx" else []) + ["p99 ms", "errors"]
    cases = sorted({k[:3] for k in summary}, key=lambda c: case_order(c + ("",)))
    rows = []

    def cells(case, server, column_server):
        r = summary.get(case + (server,))
        if r is None:
            return ["-"] * (4 if column_server != "nginx" else 3)
        out = [fmt_int(r["req_per_s"])]
        if column_server != "nginx":
            out.append(fmt_ratio(ratio(summary, case, server)))
        return out + [fmt_ms(r["p99_ms"]), f"{r['failed'] + r['non_2xx']:,}"]

    for case in cases:
        row = [LOAD_LABELS[case[0]], case[1], str(case[2])]
        for s in servers:
            row += cells(case, s, s)
        rows.append(row)
        if case + (NOCACHE,) in summary:
            row = [LOAD_LABELS[case[0]], f"{case[1]}, staticflux cache off", str(case[2])]
            for s in servers:
                row += cells(case, NOCACHE if s == "staticflux" else s, s) if s in ("nginx", "staticflux") \
                    else ["", "", "", ""]
            rows.append(row)
    return markdown_table(header, rows)


def process_table(processes):
    rows = [[s, fmt_int(p["startup_ms"]), fmt_int(mb(p["rss_after_start_kb"])),
             fmt_int(mb(p["rss_peak_keepalive_kb"]))] for s, p in processes.items()]
    return markdown_table(["server", "start-up to first response, ms", "RSS after start, MB",
                           "peak RSS in keep-alive runs, MB"], rows)


def compressed_table(summary, raw):
    """The compressed case: each server's coding and body bytes (from curl), req/s and bytes on the wire per
    response (wrk's transfer rate over its request rate: headers included)."""
    rows = []
    for server in COLUMN_ORDER:
        r = summary.get(COMPRESSED + (server,))
        try:
            coding, body = (raw / f"{server}.compressed").read_text().split()
        except FileNotFoundError:
            continue
        wire = r["mib_per_s"] * 1024 ** 2 / r["req_per_s"] if r and r["mib_per_s"] and r["req_per_s"] else None
        rows.append([server, coding, fmt_int(int(body)), fmt_int(wire), fmt_int(r["req_per_s"]) if r else "-",
                     fmt_ratio(ratio(summary, COMPRESSED, server)) if r else "-"])
    if not rows:
        return None
    return markdown_table(["server", "Content-Encoding", "body bytes", "bytes on the wire per response", "req/s",
                           "× nginx"], rows)


def compressed_bytes(raw, server):
    try:
        return int((raw / f"{server}.compressed").read_text().split()[1])
    except (FileNotFoundError, IndexError, ValueError):
        return None


def targets_table(summary, processes, raw):
    """Issue 7's targets (and issue 3's cache ratio), each with what this run measured.

    A ratio target counts as met only when staticflux also answered every request of that row
    with 2xx and without a socket error; the 10 MB target compares throughput (MiB/s).
    """
    rows = []

    def ratio_target(label, case, minimum, metric="req_per_s"):
        """Met when staticflux reaches `minimum` times nginx on `metric` with no failed or non-2xx answer."""
        nginx, mine = summary.get(case + ("nginx",)), summary.get(case + ("staticflux",))
        if not nginx or not mine or not nginx[metric] or mine[metric] is None:
            rows.append([label, "not measured", "-"])
            return
        share = mine[metric] / nginx[metric]
        errors = mine["failed"] + mine["non_2xx"]
        met = share >= minimum and errors == 0
        rows.append([label, f"{share:.2f} × nginx, {errors:,} errors", "met" if met else "NOT MET"])

    c = 100
    ratio_target("1 KB keep-alive ≥ 0.45 × nginx", ("wrk-keepalive", "1k.bin", c), 0.45)
    ratio_target("50 KB keep-alive ≥ 0.6 × nginx", ("wrk-keepalive", "50k.bin", c), 0.6)
    ratio_target("200 KB keep-alive ≥ 0.8 × nginx", ("wrk-keepalive", "200k.bin", c), 0.8)
    ratio_target("10 MB keep-alive throughput ≥ 0.8 × nginx", ("wrk-keepalive", "10m.bin", c), 0.8, "mib_per_s")
    ratio_target("no keep-alive c=100 ≥ 0.8 × nginx, 0 failed", ("ab-no-keepalive", "1k.bin", 100), 0.8)
    ratio_target("no keep-alive c=1000 ≥ 0.8 × nginx, 0 failed", ("ab-no-keepalive", "1k.bin", 1000), 0.8)
    ratio_target("issue 17: 100 KB JS compressed ≥ 2 × nginx gzip on", COMPRESSED, 2.0)
    mine, nginx = compressed_bytes(raw, "staticflux"), compressed_bytes(raw, "nginx")
    rows.append(["issue 17: fewer body bytes per compressed response than nginx",
                 "not measured" if mine is None or nginx is None else f"{mine:,} vs {nginx:,} bytes",
                 "-" if mine is None or nginx is None else "met" if mine < nginx else "NOT MET"])
    sf = processes.get("staticflux", {})
    peak = mb(sf.get("rss_peak_keepalive_kb"))
    rows.append(["peak RSS in keep-alive runs ≤ 350 MB (64 MB cache)",
                 "not measured" if peak is None else f"{peak:.0f} MB",
                 "-" if peak is None else "met" if peak <= 350 else "NOT MET"])
    startup = sf.get("startup_ms")
    rows.append(["start-up to first served request ≤ 3 s",
                 "not measured" if startup is None else f"{startup / 1000:.2f} s",
                 "-" if startup is None else "met" if startup <= 3000 else "NOT MET"])
    on = summary.get(("wrk-keepalive", "1k.bin", c, "staticflux"))
    off = summary.get(("wrk-keepalive", "1k.bin", c, NOCACHE))
    if on and off and off["req_per_s"]:
        share = on["req_per_s"] / off["req_per_s"]
        errors = sum(r["failed"] + r["non_2xx"] for r in (on, off))
        rows.append(["issue 3: 1 KB keep-alive, cache on ≥ 1.3 × cache off", f"{share:.2f} ×, {errors:,} errors",
                     "met" if share >= 1.3 and errors == 0 else "NOT MET"])
    else:
        rows.append(["issue 3: 1 KB keep-alive, cache on ≥ 1.3 × cache off", "not measured", "-"])
    return markdown_table(["target", "measured", ""], rows)


def main(raw_dir, results_dir, stamp):
    raw, results = Path(raw_dir), Path(results_dir)
    results.mkdir(parents=True, exist_ok=True)
    summary, problems = load_measurements(raw)
    processes = {}
    for server in COLUMN_ORDER[1:2] + [NOCACHE, PLAIN_JAR] + COLUMN_ORDER[2:]:
        startup = read_number(raw / f"{server}.startup_ms")
        if startup is None:
            continue
        processes[server] = {
            "startup_ms": startup,
            "rss_after_start_kb": read_number(raw / f"{server}.rss_after_start_kb"),
            "rss_peak_keepalive_kb": read_peak(raw / f"{server}.rss_keepalive_kb"),
        }
    meta = [line.split("=", 1) for line in (raw / "meta.txt").read_text().splitlines() if "=" in line]

    lines = [f"## Run {stamp}", ""]
    lines += [f"- {k}: {v}" for k, v in meta if v]
    lines += ["", results_table(summary), "",
              "errors: failed requests (socket errors, timeouts, wrong length) plus non-2xx responses, "
              "all rounds. p99: wrk's latency distribution, ab's percentile table.", "",
              process_table(processes), ""]
    compressed = compressed_table(summary, raw)
    if compressed:
        lines += [compressed, ""]
    lines += [targets_table(summary, processes, raw)]
    if problems:
        lines += ["", "Measurements whose output could not be read (the tool failed):"]
        lines += [f"- {p}" for p in problems]
    text = "\n".join(lines) + "\n"
    print(text)

    write_csv(results / f"{stamp}.csv", summary, processes)
    (results / f"{stamp}.md").write_text(text)
    shutil.copyfile(results / f"{stamp}.csv", results / "latest.csv")
    shutil.copyfile(results / f"{stamp}.md", results / "latest.md")
    return 1 if problems else 0


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    sys.exit(main(*sys.argv[1:]))
