package dev.lalala.chat.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.lalala.chat.ChatProperties;
import dev.lalala.chat.room.RoomState;
import dev.lalala.chat.room.RoomVisibility;
import dev.lalala.events.EventEnvelope;
import dev.lalala.events.room.RoomEvents;
import dev.lalala.events.room.RoomMessagePosted;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.socket.WebSocketSession;
import tools.jackson.databind.json.JsonMapper;

/** lalala.chat.fanout: there from the start for every frame kind, and timed from the event's creation. */
class RoomFanOutTest {

    static final Instant NOW = Instant.parse("2026-12-07T03:00:00Z");

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final RoomHub hub = new RoomHub(new ChatProperties());
    final RoomFanOut fanOut = new RoomFanOut(hub, new Frames(JsonMapper.builder().build()), new ChatProperties(),
            Clock.fixed(NOW, ZoneOffset.UTC), meters);

    @Test
    void everyFrameKindHasItsTimerBeforeAnyEvent() {
        assertThat(meters.find(RoomFanOut.FANOUT_METRIC).timers()).extracting(t -> t.getId().getTag("frame"))
                .containsExactlyInAnyOrder("chat", "reaction", "state", "presence", "moderation");
        assertThat(meters.find(RoomFanOut.FANOUT_METRIC).timers()).allSatisfy(t -> assertThat(t.count()).isZero());
    }

    @Test
    void anEventIsTimedFromItsCreationToItsFrameQueuedHere() {
        UUID room = UUID.randomUUID();
        LiveSession listener = listenerIn(room);
        EventEnvelope<RoomMessagePosted> made40msAgo = message(room, NOW.minusMillis(40));
        EventEnvelope<RoomMessagePosted> elsewhere = message(UUID.randomUUID(), NOW.minusMillis(500));

        fanOut.message(made40msAgo);
        fanOut.message(elsewhere);

        assertThat(listener.queued()).isEqualTo(1);
        Timer chat = meters.get(RoomFanOut.FANOUT_METRIC).tag("frame", "chat").timer();
        assertThat(chat.count()).as("a room without sockets here is not timed").isEqualTo(1);
        assertThat(chat.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(40);
    }

    private LiveSession listenerIn(UUID room) {
        WebSocketSession socket = mock(WebSocketSession.class);
        when(socket.isOpen()).thenReturn(true);
        long now = System.nanoTime();
        LiveSession session = new LiveSession(socket, UUID.randomUUID(), 16, new TokenBucket(5, 5, now),
                new TokenBucket(5, 5, now), new TokenBucket(5, 5, now), new TokenBucket(5, 5, now));
        hub.enter(session, new RoomState(room, UUID.randomUUID(), RoomVisibility.PUBLIC, null, false, null, 0, 0,
                true, List.of()), List.of(), 1);
        return session;
    }

    private static EventEnvelope<RoomMessagePosted> message(UUID room, Instant at) {
        return EventEnvelope.of(RoomEvents.ROOM_MESSAGE_POSTED, new RoomMessagePosted(room, UUID.randomUUID(),
                UUID.randomUUID(), "hi", null, -1, at), Clock.fixed(at, ZoneOffset.UTC));
    }
}
