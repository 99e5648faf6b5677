package dev.lalala.infra;

import java.time.Duration;

/**
 * One running component process: its pid and start time (to tell it from a recycled pid), its ports, how long it
 * took to become ready (null while starting or when unknown) and, in TEST mode, the watchdog that stops it should
 * this JVM be killed.
 */
record RunningProcess(Component component, long pid, long processStartMillis, int port, int secondaryPort,
                      Duration startDuration, Process watchdog) {

    boolean isAlive() {
        return Processes.isSameProcess(pid, processStartMillis);
    }

    RunningProcess ready(Duration took) {
        return new RunningProcess(component, pid, processStartMillis, port, secondaryPort, took, watchdog);
    }
}
