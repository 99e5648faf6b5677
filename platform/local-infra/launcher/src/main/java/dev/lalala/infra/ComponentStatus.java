package dev.lalala.infra;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What {@code status} reports for one component.
 *
 * @param component     the component
 * @param running       whether its process is alive
 * @param healthy       whether it answers on its protocol
 * @param pid           the process id (0 when down)
 * @param port          its main port
 * @param secondaryPort its second port, 0 if none
 * @param rssKib        resident memory of its process tree in KiB (VmRSS summed)
 * @param startDuration how long its last start took, null if unknown
 * @param log           its log file
 */
public record ComponentStatus(Component component, boolean running, boolean healthy, long pid, int port, int secondaryPort,
                              long rssKib, Duration startDuration, Path log) {
}
