#!/usr/bin/env python3
"""Where a JVM's CPU went, from a JFR recording: the top frames of jdk.ExecutionSample.

    jfr-top.py PATH_TO_jfr RECORDING.jfr [N]

Prints two markdown tables: the top N leaf frames (the method on CPU, "self") and the top N methods found anywhere
in the sampled stacks ("total", each counted once per sample), in % of all execution samples.
"""
import collections, json, subprocess, sys


def main():
    jfr, recording = sys.argv[1], sys.argv[2]
    top = int(sys.argv[3]) if len(sys.argv) > 3 else 15
    out = subprocess.run([jfr, "print", "--json", "--stack-depth", "64", "--events", "jdk.ExecutionSample", recording],
                         capture_output=True, text=True, check=True).stdout
    events = json.loads(out)["recording"]["events"]
    leaf, total = collections.Counter(), collections.Counter()
    for event in events:
        frames = (event["values"].get("stackTrace") or {}).get("frames") or []
        names = [f["method"]["type"]["name"].split(".")[-1] + "." + f["method"]["name"] for f in frames]
        if not names:
            continue
        leaf[names[0]] += 1
        for name in set(names):
            total[name] += 1
    n = len(events)
    print(f"\n#### JFR: {n} execution samples of the gateway\n")
    print("| self % | top frame (on CPU) |\n|---|---|")
    for name, count in leaf.most_common(top):
        print(f"| {100 * count / n:.1f} | `{name}` |")
    print("\n| total % | method anywhere in the stack |\n|---|---|")
    for name, count in total.most_common(top + 10):
        print(f"| {100 * count / n:.1f} | `{name}` |")


if __name__ == "__main__":
    main()
