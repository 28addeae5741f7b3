#!/usr/bin/env python3
"""Summarises one bench/run.sh run: parses the raw wrk, ab and h2load output, writes the CSV, prints the tables.

Usage: report.py RAW_DIR RESULTS_DIR STAMP

RAW_DIR holds index.tsv (one line per measurement: load, file, concurrency, server, round, output
file; for h2load also <output>.p99_us, the p99 from its per-request log), meta.txt, and per server process
but nginx <server>.startup_ms, <server>.rss_after_start_kb and <server>.rss_kb (one "PHASE KB" VmRSS
sample per line, PHASE keep-alive or no-keep-alive). Writes RESULTS_DIR/STAMP.csv, STAMP.md and
copies them to latest.csv and latest.md. When a measurement was repeated (ROUNDS > 1), the round with
the median req/s is kept and the failures of all rounds are added up.

Exits 1 when a tool's output cannot be read (the tool failed) or h2load counted a failed request, after
printing what it could. Standard library only.
"""

import csv
import re
import shutil
import sys
from pathlib import Path

LOADS = {"wrk": "wrk-keepalive", "wrkz": "wrk-keepalive-compressed", "h2": "h2load-tls", "ab": "ab-no-keepalive"}
LOAD_LABELS = {"wrk-keepalive": "keep-alive (wrk)",
               "wrk-keepalive-compressed": "keep-alive, Accept-Encoding: gzip, br, zstd (wrk)",
               "h2load-tls": "HTTP/2 over TLS (h2load)",
               "ab-no-keepalive": "no keep-alive (ab)"}
KEEP_ALIVE_LOADS = ("wrk-keepalive", "wrk-keepalive-compressed", "h2load-tls")
COMPRESSED = ("wrk-keepalive-compressed", "app.js", 100)
# The servers in the table's column order; staticflux-nocache gets its own row instead of a column.
COLUMN_ORDER = ["nginx", "staticflux", "spring-builtin", "caddy"]
NOCACHE = "staticflux-nocache"
PLAIN_JAR = "staticflux-plain-jar"  # started once with `java -jar`, for its start-up time only
CONTAINER = "staticflux-container"  # started once as the container image runs it, for its start-up time only
# The JVMs behind the HTTP/2 rows of the Java columns (a JVM's one port is either cleartext or TLS).
TLS_PROCESSES = {"staticflux": "staticflux-tls", "spring-builtin": "spring-builtin-tls"}
# The process table's rows, in this order, as far as they ran (nginx is several processes: not sampled).
PROCESS_ORDER = ["staticflux", NOCACHE, PLAIN_JAR, CONTAINER, "staticflux-tls", "spring-builtin", "spring-builtin-tls",
                 "caddy"]
CSV_FIELDS = ["load", "file", "concurrency", "server", "req_per_s", "mib_per_s", "p99_ms", "failed",
              "non_2xx", "ratio_to_nginx", "p99_ratio_to_nginx", "rounds", "startup_ms", "rss_after_start_mb",
              "rss_peak_keepalive_mb", "rss_peak_mb"]

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


def parse_h2load(text, p99_path):
    """h2load's summary; the p99 comes from its per-request log (bench/run.sh keeps the percentile only), since
    h2load itself prints no percentiles, only min, max, mean and sd of the request times."""
    rps = required(r"^finished in \S+, ([\d.]+) req/s, ([\d.]+)(B|KB|MB|GB|TB)/s", text)
    counts = required(r"^requests: \d+ total, \d+ started, \d+ done, \d+ succeeded, (\d+) failed, (\d+) errored, "
                      r"(\d+) timeout", text)
    codes = search(r"^status codes: (\d+) 2xx, (\d+) 3xx, (\d+) 4xx, (\d+) 5xx", text, ("0",) * 4)
    failed, errored, timeout = (int(n) for n in counts)
    p99_us = read_number(p99_path)
    return {
        "req_per_s": float(rps[0]),
        "mib_per_s": float(rps[1]) * WRK_SIZE_UNITS[rps[2]] / 1024 ** 2,
        "p99_ms": None if p99_us is None else p99_us / 1000,
        # h2load's "errored" requests are among its "failed" ones.
        "failed": failed + timeout,
        "non_2xx": sum(int(n) for n in codes[1:]),
        "h2load_errors": failed + errored + timeout,
        "tls": {"protocol": (search(r"^TLS Protocol: (\S+)", text) or ("-",))[0],
                "cipher": (search(r"^Cipher: (\S+)", text) or ("-",))[0],
                "alpn": (search(r"^Application protocol: (\S+)", text) or ("-",))[0]},
    }


def read_number(path):
    try:
        text = path.read_text().split()
    except FileNotFoundError:
        return None
    return int(text[0]) if text else None


def read_peaks(path):
    """The highest VmRSS sample in the keep-alive loads and in the whole run (kB), None where there is none."""
    try:
        samples = [line.split() for line in path.read_text().splitlines()]
    except FileNotFoundError:
        return None, None
    samples = [(phase, int(kb)) for phase, kb in (s for s in samples if len(s) == 2)]
    keep_alive = [kb for phase, kb in samples if phase == "keep-alive"]
    return max(keep_alive, default=None), max((kb for _, kb in samples), default=None)


def mb(kb):
    return None if kb is None else round(kb / 1024, 1)


def load_measurements(raw):
    """Returns {(load, file, concurrency, server): result} and the list of unreadable outputs."""
    rounds, problems = {}, []
    with open(raw / "index.tsv", newline="") as index:
        for row in csv.DictReader(index, delimiter="\t"):
            load = LOADS[row["load"]]
            text = Path(row["output"]).read_text(errors="replace")
            name = f"{row['load']} {row['file']} c={row['concurrency']} {row['server']}"
            try:
                if row["load"] == "h2":
                    result = parse_h2load(text, Path(row["output"] + ".p99_us"))
                else:
                    result = parse_wrk(text) if row["load"] in ("wrk", "wrkz") else parse_ab(text)
            except UnreadableOutput as e:
                problems.append(f"{name}: {e}")
                continue
            # An HTTP/2 row with a failed, errored or timed-out request, or a non-2xx answer, fails (issue 16).
            result["failed_row"] = row["load"] == "h2" and bool(result["h2load_errors"] or result["non_2xx"])
            if result["failed_row"]:
                problems.append(f"{name}, round {row['round']}: h2load counted a failure: "
                                + (search(r"^(requests: .*)$", text) or ("?",))[0])
            key = (load, row["file"], int(row["concurrency"]), row["server"])
            rounds.setdefault(key, []).append(result)
    summary = {}
    for key, results in rounds.items():
        ordered = sorted(results, key=lambda r: r["req_per_s"])
        kept = dict(ordered[(len(ordered) - 1) // 2])
        kept["failed"] = sum(r["failed"] for r in results)
        kept["non_2xx"] = sum(r["non_2xx"] for r in results)
        kept["failed_row"] = any(r["failed_row"] for r in results)
        kept["rounds"] = len(results)
        summary[key] = kept
    return summary, problems


def case_order(key):
    load, file, concurrency, _ = key
    size = {"1k.bin": 0, "50k.bin": 1, "200k.bin": 2, "10m.bin": 3}.get(file, 9)
    return ({"wrk-keepalive": 0, "wrk-keepalive-compressed": 1, "h2load-tls": 2}.get(load, 3), size, concurrency)


def ratio(summary, key, server, metric="req_per_s", against="nginx"):
    """server's `metric` over that of `against` (nginx) in the same case; None where either is missing."""
    theirs = summary.get(key[:3] + (against,))
    mine = summary.get(key[:3] + (server,))
    if not theirs or not mine or not theirs[metric] or mine[metric] is None:
        return None
    return mine[metric] / theirs[metric]


def write_csv(path, summary, processes):
    with open(path, "w", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=CSV_FIELDS)
        writer.writeheader()
        for key in sorted(summary, key=lambda k: case_order(k) + (k[3],)):
            r = summary[key]
            share, latency = ratio(summary, key, key[3]), ratio(summary, key, key[3], "p99_ms")
            writer.writerow({
                "load": key[0], "file": key[1], "concurrency": key[2], "server": key[3],
                "req_per_s": round(r["req_per_s"], 1),
                "mib_per_s": None if r["mib_per_s"] is None else round(r["mib_per_s"], 1),
                "p99_ms": None if r["p99_ms"] is None else round(r["p99_ms"], 2),
                "failed": r["failed"], "non_2xx": r["non_2xx"],
                "ratio_to_nginx": None if share is None else round(share, 3),
                "p99_ratio_to_nginx": None if latency is None else round(latency, 3),
                "rounds": r["rounds"],
            })
        for server, p in processes.items():
            writer.writerow({"load": "process", "server": server, "startup_ms": p["startup_ms"],
                             "rss_after_start_mb": mb(p["rss_after_start_kb"]),
                             "rss_peak_keepalive_mb": mb(p["rss_peak_keepalive_kb"]),
                             "rss_peak_mb": mb(p["rss_peak_kb"])})


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
            out.append("FAILED" if r["failed_row"] else fmt_ratio(ratio(summary, case, server)))
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


def latency_table(summary):
    """p99 latency of every keep-alive case (issue 16: at most 1.5 times nginx's), each server beside nginx."""
    servers = [s for s in COLUMN_ORDER if any(k[3] == s for k in summary)]
    header = ["load", "file", "conc.", "nginx p99 ms"]
    for s in servers[1:]:
        header += [f"{s} p99 ms", "× nginx"]
    rows = []
    for case in sorted({k[:3] for k in summary if k[0] in KEEP_ALIVE_LOADS}, key=lambda c: case_order(c + ("",))):
        variants = [(case[1], {s: s for s in servers})]
        if case + (NOCACHE,) in summary:
            variants.append((f"{case[1]}, staticflux cache off", {"nginx": "nginx", "staticflux": NOCACHE}))
        for file_label, shown in variants:
            nginx = summary.get(case + ("nginx",))
            row = [LOAD_LABELS[case[0]], file_label, str(case[2]), fmt_ms(nginx["p99_ms"]) if nginx else "-"]
            for s in servers[1:]:
                r = summary.get(case + (shown[s],)) if s in shown else None
                row += [fmt_ms(r["p99_ms"]), fmt_ratio(ratio(summary, case, shown[s], "p99_ms"))] if r else ["-", "-"]
            rows.append(row)
    return markdown_table(header, rows) if rows else None


def tls_table(summary):
    """What h2load negotiated with each server in the HTTP/2 rows (the cipher is the server's choice)."""
    rows = []
    for server in COLUMN_ORDER:
        found = [r for k, r in sorted(summary.items()) if k[0] == "h2load-tls" and k[3] == server]
        if found:
            tls = found[0]["tls"]
            rows.append([server, tls["protocol"], tls["cipher"], tls["alpn"]])
    return markdown_table(["server (HTTP/2 rows)", "TLS", "cipher", "ALPN"], rows) if rows else None


def process_table(processes):
    rows = [[s, fmt_int(p["startup_ms"]), fmt_int(mb(p["rss_after_start_kb"])),
             fmt_int(mb(p["rss_peak_keepalive_kb"])), fmt_int(mb(p["rss_peak_kb"]))] for s, p in processes.items()]
    return markdown_table(["server", "start-up to first response, ms", "RSS after start, MB",
                           "peak RSS in keep-alive runs, MB", "peak RSS in the whole run, MB"], rows)


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


def targets_table(summary, processes, raw, cds):
    """Issue 16's targets (above issue 7's on the same loads, which they replace), issue 17's and issue 3's, each
    with what this run measured.

    A ratio target counts as met only when staticflux also answered every request of that row
    with 2xx and without a socket error; the 10 MB target compares throughput (MiB/s).
    """
    rows = []

    def case(load, file):
        """The measured case of that load and file (at whatever concurrency the run used), else the default one."""
        found = sorted(k[:3] for k in summary if k[:2] == (load, file))
        return found[0] if found else (load, file, 100)

    def ratio_target(label, key, minimum, metric="req_per_s", server="staticflux", against="nginx"):
        """Met when `server` reaches `minimum` times `against` on `metric` with no failed or non-2xx answer."""
        share, mine = ratio(summary, key, server, metric, against), summary.get(key + (server,))
        if share is None:
            rows.append([label, "not measured", "-"])
            return
        errors = mine["failed"] + mine["non_2xx"]
        met = share >= minimum and errors == 0 and not mine["failed_row"]
        rows.append([label, f"{share:.2f} × {against}, {errors:,} errors", "met" if met else "NOT MET"])

    def p99_target(label, key, maximum=1.5):
        share = ratio(summary, key, "staticflux", "p99_ms")
        rows.append([label, "not measured" if share is None else f"{share:.2f} × nginx's p99",
                     "-" if share is None else "met" if share <= maximum else "NOT MET"])

    files = (("1 KB", "1k.bin", 1.0), ("50 KB", "50k.bin", 0.9), ("200 KB", "200k.bin", 0.9))
    for name, file, minimum in files:
        ratio_target(f"{name} keep-alive ≥ {minimum} × nginx", case("wrk-keepalive", file), minimum)
    big = case("wrk-keepalive", "10m.bin")
    ratio_target("10 MB keep-alive throughput ≥ 0.95 × nginx", big, 0.95, "mib_per_s")
    ratio_target("10 MB keep-alive throughput not below Spring built-in", big, 1.0, "mib_per_s",
                 against="spring-builtin")
    ab_cases = sorted({k[:3] for k in summary if k[0] == "ab-no-keepalive"}, key=lambda k: k[2])
    for key in ab_cases or [("ab-no-keepalive", "1k.bin", 100)]:
        ratio_target(f"no keep-alive c={key[2]} ≥ 0.9 × nginx, 0 failed", key, 0.9)
    ratio_target("1 KB keep-alive, cache off ≥ 0.5 × nginx", case("wrk-keepalive", "1k.bin"), 0.5, server=NOCACHE)
    for name, file in (("1 KB", "1k.bin"), ("50 KB", "50k.bin")):
        ratio_target(f"HTTP/2 over TLS {name} ≥ 0.8 × nginx, 0 failed", case("h2load-tls", file), 0.8)
    for load, file in [("wrk-keepalive", f) for f in ("1k.bin", "50k.bin", "200k.bin", "10m.bin")] + \
            [(COMPRESSED[0], COMPRESSED[1])] + [("h2load-tls", f) for f in ("1k.bin", "50k.bin")]:
        p99_target(f"p99 ≤ 1.5 × nginx's: {LOAD_LABELS[load]}, {file}", case(load, file))
    container = processes.get(CONTAINER, {}).get("startup_ms")
    if container is not None:
        rows.append(["start-up to first served request ≤ 1.0 s (container layout: Java 25, AOT cache)",
                     f"{container / 1000:.2f} s", "met" if container <= 1000 else "NOT MET"])
    else:
        startup = processes.get("staticflux", {}).get("startup_ms")
        rows.append(["start-up to first served request ≤ 1.0 s (container layout: CDS)",
                     "not measured" if startup is None else f"{startup / 1000:.2f} s" + ("" if cds else " (CDS=0: plain jar)"),
                     "-" if startup is None or not cds else "met" if startup <= 1000 else "NOT MET"])
    for server in ("staticflux", "staticflux-tls"):
        peak = mb(processes.get(server, {}).get("rss_peak_kb"))
        rows.append([f"peak RSS ≤ 256 MB, {server} (64 MB cache, whole run)",
                     "not measured" if peak is None else f"{peak:.0f} MB",
                     "-" if peak is None else "met" if peak <= 256 else "NOT MET"])
    ratio_target("issue 17: 100 KB JS compressed ≥ 2 × nginx gzip on", COMPRESSED, 2.0)
    mine, nginx = compressed_bytes(raw, "staticflux"), compressed_bytes(raw, "nginx")
    rows.append(["issue 17: fewer body bytes per compressed response than nginx",
                 "not measured" if mine is None or nginx is None else f"{mine:,} vs {nginx:,} bytes",
                 "-" if mine is None or nginx is None else "met" if mine < nginx else "NOT MET"])
    key = case("wrk-keepalive", "1k.bin")
    on, off = summary.get(key + ("staticflux",)), summary.get(key + (NOCACHE,))
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
    for server in PROCESS_ORDER:
        startup = read_number(raw / f"{server}.startup_ms")
        if startup is None:
            continue
        keep_alive, whole = read_peaks(raw / f"{server}.rss_kb")
        processes[server] = {
            "startup_ms": startup,
            "rss_after_start_kb": read_number(raw / f"{server}.rss_after_start_kb"),
            "rss_peak_keepalive_kb": keep_alive,
            "rss_peak_kb": whole,
        }
    meta = [line.split("=", 1) for line in (raw / "meta.txt").read_text().splitlines() if "=" in line]
    cds = any(k == "staticflux launch" and "(CDS=1)" in v for k, v in meta)

    lines = [f"## Run {stamp}", ""]
    lines += [f"- {k}: {v}" for k, v in meta if v]
    lines += ["", results_table(summary), "",
              "errors: failed requests (socket errors, timeouts, wrong length; for h2load its failed and timed-out "
              "requests) plus non-2xx responses, all rounds; FAILED: an HTTP/2 row in which h2load counted a "
              "failure. p99: wrk's latency distribution, ab's percentile table, the nearest rank in h2load's "
              "per-request log. The HTTP/2 rows of staticflux and Spring built-in are served by a second JVM with "
              "TLS (staticflux-tls, spring-builtin-tls below).", ""]
    for table in (latency_table(summary), tls_table(summary), process_table(processes),
                  compressed_table(summary, raw)):
        if table:
            lines += [table, ""]
    lines += [targets_table(summary, processes, raw, cds)]
    if problems:
        lines += ["", "Measurements that failed (the tool's output could not be read, or h2load counted a failure):"]
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
