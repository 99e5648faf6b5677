package dev.lalala.streaming;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/** Limits and timings of streaming-service ({@code lalala.streaming.*}); see README.md for what each protects. */
@ConfigurationProperties("lalala.streaming")
public class StreamingProperties {

    /** Bytes of hot segments kept in (direct) memory, shared by every listener. */
    private DataSize segmentCacheSize = DataSize.ofMegabytes(128);

    /** How long a manifest is trusted before it is read again (track.events evict it sooner). */
    private Duration manifestTtl = Duration.ofSeconds(10);

    private final Ws ws = new Ws();

    private final Play play = new Play();

    public DataSize getSegmentCacheSize() {
        return segmentCacheSize;
    }

    public void setSegmentCacheSize(DataSize segmentCacheSize) {
        this.segmentCacheSize = segmentCacheSize;
    }

    public Duration getManifestTtl() {
        return manifestTtl;
    }

    public void setManifestTtl(Duration manifestTtl) {
        this.manifestTtl = manifestTtl;
    }

    public Ws getWs() {
        return ws;
    }

    public Play getPlay() {
        return play;
    }

    public static class Ws {

        /** Largest frame a client may send (its commands are small JSON objects). */
        private int maxFrameBytes = 8192;

        /** Open sockets per user; one more is refused with a {@code too-many-connections} error and a close. */
        private int maxConnectionsPerUser = 4;

        /** The most credit a client may hold: segments granted and not yet sent. */
        private int maxCredit = 16;

        /** Text frames (replies, headers) queued for a client that does not read; one more drops it. */
        private int maxQueuedFrames = 64;

        /** A client whose socket has bytes waiting and drains none of them for this long is dropped. */
        private Duration stallTimeout = Duration.ofSeconds(30);

        /** How often each connection checks for a stall and for a play to verify. */
        private Duration tick = Duration.ofSeconds(1);

        public int getMaxFrameBytes() {
            return maxFrameBytes;
        }

        public void setMaxFrameBytes(int maxFrameBytes) {
            this.maxFrameBytes = maxFrameBytes;
        }

        public int getMaxConnectionsPerUser() {
            return maxConnectionsPerUser;
        }

        public void setMaxConnectionsPerUser(int maxConnectionsPerUser) {
            this.maxConnectionsPerUser = maxConnectionsPerUser;
        }

        public int getMaxCredit() {
            return maxCredit;
        }

        public void setMaxCredit(int maxCredit) {
            this.maxCredit = maxCredit;
        }

        public int getMaxQueuedFrames() {
            return maxQueuedFrames;
        }

        public void setMaxQueuedFrames(int maxQueuedFrames) {
            this.maxQueuedFrames = maxQueuedFrames;
        }

        public Duration getStallTimeout() {
            return stallTimeout;
        }

        public void setStallTimeout(Duration stallTimeout) {
            this.stallTimeout = stallTimeout;
        }

        public Duration getTick() {
            return tick;
        }

        public void setTick(Duration tick) {
            this.tick = tick;
        }
    }

    public static class Play {

        /**
         * How long after its last activity a listen can still be resumed (a reconnect, a second tab) without
         * counting again.
         */
        private Duration resumeWindow = Duration.ofMinutes(2);

        public Duration getResumeWindow() {
            return resumeWindow;
        }

        public void setResumeWindow(Duration resumeWindow) {
            this.resumeWindow = resumeWindow;
        }
    }
}
