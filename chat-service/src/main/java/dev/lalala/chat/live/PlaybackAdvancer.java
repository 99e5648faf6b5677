package dev.lalala.chat.live;

import dev.lalala.chat.ChatProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Auto-advance: every {@code lalala.chat.advance-interval} each instance asks the database for rooms whose song has
 * ended and moves them on (LiveRooms#advanceDue). All instances poll; the room row's playback version decides which
 * one advances a room, so it happens once and listeners on every instance get one {@code state} through room.events.
 */
@Component
class PlaybackAdvancer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PlaybackAdvancer.class);

    private final LiveRooms live;
    private final ChatProperties properties;
    private volatile Disposable ticker;

    PlaybackAdvancer(LiveRooms live, ChatProperties properties) {
        this.live = live;
        this.properties = properties;
    }

    @Override
    public void start() {
        // One pass at a time (concatMap), on the bounded scheduler (JDBC); ticks that come while a pass runs are dropped.
        ticker = Flux.interval(properties.getAdvanceInterval(), Schedulers.boundedElastic())
                .onBackpressureDrop()
                .concatMap(tick -> Mono.fromRunnable(this::advance).subscribeOn(Schedulers.boundedElastic()), 1)
                .subscribe();
    }

    private void advance() {
        try {
            live.advanceDue();
        } catch (RuntimeException e) {
            log.warn("Could not move rooms on to their next song: {}", e.toString());
        }
    }

    @Override
    public void stop() {
        if (ticker != null) {
            ticker.dispose();
        }
    }

    @Override
    public boolean isRunning() {
        return ticker != null && !ticker.isDisposed();
    }
}
