#!/usr/bin/env python3
"""One run of the streaming bench as markdown: Gatling's statistics per request, and the processes' CPU and memory.

    report.py LABEL GATLING_LOG SAMPLES_CSV RAMP_SECONDS LISTEN_SECONDS

Gatling's numbers come from the statistics table of its HTML report (the log names the report). Steady state, for
CPU and memory: from the end of the ramp (everybody connected) until the first listeners finish.
"""
import csv, datetime, html, re, sys


def gatling_stats(log_text):
    match = re.search(r"file://(\S+/index\.html)", log_text)
    if not match:
        raise SystemExit("no Gatling report in the log: did the simulation run? (see the log)")
    page = open(match.group(1), encoding="utf-8").read()
    stats = {}
    for row in re.finditer(r'<tr id="req_[^"]*".*?</tr>', page, re.S):
        name = html.unescape(re.search(r'class="ellipsed-name">([^<]*)<', row.group(0)).group(1))
        cols = {int(c): v for c, v in re.findall(r'class="value [a-z]+ col-(\d+)">([^<]*)<', row.group(0))}
        stats[name] = {"total": int(cols[2]), "ok": int(cols[3]), "ko": int(cols[4]), "min": cols[7],
                       "p50": cols[8], "p75": cols[9], "p95": cols[10], "p99": cols[11], "max": cols[12]}
    errors = re.findall(r'<td class="error-col-1 total ko">([^<]*)<.*?<td class="value error-col-2 total ko">(\d+)',
                        page, re.S)
    return match.group(1), stats, [(html.unescape(m), int(n)) for m, n in errors]


def simulation_start(log_text):
    # Gatling's console prints "2026-12-01 07:58:22 GMT   14s elapsed": start = that time - elapsed.
    match = re.search(r"(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) GMT\s+(\d+)s elapsed", log_text)
    stamp = datetime.datetime.strptime(match.group(1), "%Y-%m-%d %H:%M:%S").replace(tzinfo=datetime.timezone.utc)
    return stamp.timestamp() - int(match.group(2))


def resources(samples_csv, start, end):
    series = {}
    for t, name, cpu, rss in csv.reader(open(samples_csv)):
        series.setdefault(name, []).append((float(t), float(cpu), float(rss)))
    out = {}
    for name, points in series.items():
        window = [p for p in points if start <= p[0] <= end]
        if len(window) < 2:
            continue
        cpu = (window[-1][1] - window[0][1]) / (window[-1][0] - window[0][0]) * 100
        out[name] = (cpu, sum(p[2] for p in window) / len(window), max(p[2] for p in window))
    return out, end - start


def driver_report(label, result_json, samples, ramp, listen, load_before, load_after):
    import json
    r = json.load(open(result_json))
    f, h = r["firstSegment"], r["handshake"]
    start = r["start"]
    steady_from, steady_to = start + ramp + 2, start + max(listen, ramp + 10) - 2
    usage, seconds = resources(samples, steady_from, steady_to)
    print(f"\n### {label}\n")
    print(f"load average before / after: {load_before} / {load_after}\n")
    print(f"**{label}: {r['listeners']} listeners, time to first segment p50 {f['p50']:.1f} / p95 {f['p95']:.1f} / "
          f"p99 {f['p99']:.1f} / max {f['max']:.1f} ms ({f['count']} measured); handshake p50 {h['p50']:.1f} / "
          f"p99 {h['p99']:.1f} ms; stalls {r['stalls']}; errors {r['errors']}**; {r['segments']} segments, "
          f"{r['bytes'] / 1e9:.1f} GB, at most {r['maxOpen']} sockets open at once\n")
    for message, count in list(r["errorKinds"].items())[:10]:
        print(f"- error x{count}: {message}")
    print(f"\nSteady state ({seconds:.0f} s, everybody connected): CPU in % of one core, resident memory average / max:\n")
    print("| process | CPU | RSS avg | RSS max |")
    print("|---|---|---|---|")
    for name, (cpu, rss, peak) in usage.items():
        print(f"| {name} | {cpu:.0f} % | {rss:.0f} MB | {peak:.0f} MB |")


def main():
    label, log, samples, ramp, listen = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
    if log.endswith(".json"):
        driver_report(label, log, samples, ramp, listen, sys.argv[6], sys.argv[7])
        return
    text = open(log, encoding="utf-8", errors="replace").read()
    report, stats, errors = gatling_stats(text)
    start = simulation_start(text)
    steady_from, steady_to = start + ramp + 2, start + max(listen, ramp + 10) - 2
    usage, seconds = resources(samples, steady_from, steady_to)

    print(f"\n### {label}\n\nGatling report: `{report}`\n")
    print("| request | count | KO | min | p50 | p75 | p95 | p99 | max (ms) |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name, s in stats.items():
        print(f"| {name} | {s['total']} | {s['ko']} | {s['min']} | {s['p50']} | {s['p75']} | {s['p95']} | {s['p99']} | {s['max']} |")
    stalls = stats.get("segment on time", {}).get("ko", 0)
    failed = sum(s["ko"] for n, s in stats.items() if n != "segment on time")
    first = stats.get("first segment", {})
    print(f"\n**{label}: time to first segment p50 {first.get('p50')} ms, p99 {first.get('p99')} ms; "
          f"stalls {stalls}; errors {failed}**\n")
    for message, count in errors[:10]:
        print(f"- error x{count}: {message}")
    if listen < ramp + 10:
        print(f"\n(No real steady state: each listener plays {listen} s, shorter than the {ramp}-s ramp + 10 s; the "
              f"window below is the {seconds:.0f} s after the ramp, while listeners are already leaving.)")
    print(f"\nSteady state ({seconds:.0f} s, everybody connected): CPU in % of one core, resident memory average / max:\n")
    print("| process | CPU | RSS avg | RSS max |")
    print("|---|---|---|---|")
    for name, (cpu, rss, peak) in usage.items():
        print(f"| {name} | {cpu:.0f} % | {rss:.0f} MB | {peak:.0f} MB |")


if __name__ == "__main__":
    main()
