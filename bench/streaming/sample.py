#!/usr/bin/env python3
"""CPU and resident memory of a few processes, once a second, until stopped.

    sample.py OUT.csv name=pid ... [driver=pgrep:PATTERN]

Each line: unix time, name, CPU seconds used so far (user + system, from /proc/PID/stat), VmRSS in MB. A name given
as pgrep:PATTERN is looked up again every second (the Gatling JVM is forked by Maven after the sampler starts).
"""
import os, subprocess, sys, time

TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def resolve(target):
    if not target.startswith("pgrep:"):
        return target
    found = subprocess.run(["pgrep", "-f", target[6:]], capture_output=True, text=True).stdout.split()
    return found[0] if found else None


def main():
    out = open(sys.argv[1], "w", buffering=1)
    targets = [arg.split("=", 1) for arg in sys.argv[2:]]
    while True:
        now = time.time()
        for name, target in targets:
            pid = resolve(target)
            if pid:
                try:
                    out.write(f"{now:.3f},{name},{cpu_seconds(pid):.2f},{rss_mb(pid):.1f}\n")
                except OSError:
                    pass
        time.sleep(1 - (time.time() - now) % 1)


if __name__ == "__main__":
    main()
