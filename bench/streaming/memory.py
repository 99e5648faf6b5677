#!/usr/bin/env python3
"""The memory curve of a long run: resident memory of each process per minute (from sample.py's CSV) and the
gateway's heap after each GC, per minute (from its -Xlog:gc log next to the CSV).

    memory.py SAMPLES.csv
"""
import csv, os, re, sys


def main():
    samples = sys.argv[1]
    series = {}
    for t, name, cpu, rss in csv.reader(open(samples)):
        series.setdefault(name, []).append((float(t), float(rss)))
    start = min(p[0] for points in series.values() for p in points)
    names = sorted(series)
    minutes = {}
    for name, points in series.items():
        for t, rss in points:
            minutes.setdefault(int((t - start) // 60), {}).setdefault(name, []).append(rss)
    heap = {}
    gc_log = os.path.join(os.path.dirname(samples), "gateway-gc.log")
    if os.path.exists(gc_log):
        # [12.345s][info][gc] GC(7) Pause Young (Normal) (G1 Evacuation Pause) 120M->35M(512M) 3.2ms
        for line in open(gc_log):
            m = re.match(r"\[(\d+\.\d+)s\].*GC\(\d+\) Pause.*->(\d+)M\(", line)
            if m:
                heap.setdefault(float(m.group(1)), int(m.group(2)))
    print("\n#### Memory per minute (RSS max in MB; gateway heap after GC, last of the minute)\n")
    print("| minute | " + " | ".join(names) + " | gateway heap after GC (uptime) |")
    print("|---" * (len(names) + 2) + "|")
    heap_points = sorted(heap.items())
    for minute in sorted(minutes):
        row = [f"{max(minutes[minute].get(n, [0])):.0f}" for n in names]
        print(f"| {minute} | " + " | ".join(row) + " | |")
    if heap_points:
        print("\nGateway heap after GC, one line per minute of gateway uptime (MB): "
              + ", ".join(f"{int(t // 60)}m {mb}" for t, mb in
                          {int(t // 60): (t, mb) for t, mb in heap_points}.values()))


if __name__ == "__main__":
    main()
