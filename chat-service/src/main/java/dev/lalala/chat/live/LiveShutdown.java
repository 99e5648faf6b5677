package dev.lalala.chat.live;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.web.reactive.socket.CloseStatus;

/**
 * At startup, forgets the listeners an earlier life of this instance left in the database (their sockets died with
 * it). At shutdown, before the web server and the Kafka consumers stop (the highest phase stops first), closes every
 * socket with 1012 "service restart", so clients reconnect (through the gateway, to another instance or to this
 * one once it is back) instead of seeing an abnormal 1006, and removes this instance's listeners.
 */
public class LiveShutdown implements SmartLifecycle {

    static final CloseStatus RESTART = new CloseStatus(1012, "chat-service is restarting: reconnect in a few seconds");

    private static final Logger log = LoggerFactory.getLogger(LiveShutdown.class);

    private final RoomFanOut fanOut;
    private final LiveRooms live;
    private volatile boolean running;

    LiveShutdown(RoomFanOut fanOut, LiveRooms live) {
        this.fanOut = fanOut;
        this.live = live;
    }

    @Override
    public void start() {
        try {
            int forgotten = live.forgetOwnListeners();
            if (forgotten > 0) {
                log.info("Forgot {} listeners of this instance's previous run", forgotten);
            }
        } catch (RuntimeException e) {
            log.warn("Could not forget this instance's old listeners: {}", e.toString());
        }
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        fanOut.closeAll(RESTART);
        try {
            live.forgetOwnListeners();
        } catch (RuntimeException e) {
            log.warn("Could not remove this instance's listeners: {}", e.toString());
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }
}
