package dev.lalala.chat.live;

import dev.lalala.chat.room.Playback;
import dev.lalala.chat.room.RoomState;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.json.JsonMapper;

/** The server's frames, written once per event (a broadcast serialises a frame once for every socket). */
final class Frames {

    private final JsonMapper json;

    Frames(JsonMapper json) {
        this.json = json;
    }

    String write(Map<String, Object> frame) {
        return json.writeValueAsString(frame);
    }

    static Map<String, Object> frame(String type) {
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("type", type);
        return frame;
    }

    String hello(String instance, UUID user, long serverTime) {
        Map<String, Object> f = frame("hello");
        f.put("service", "chat-service");
        f.put("protocol", ChatSocketHandler.PROTOCOL);
        f.put("instance", instance);
        f.put("user", user);
        f.put("serverTime", serverTime);
        return write(f);
    }

    String state(UUID roomId, RoomState state, int listeners, long serverTime) {
        Playback p = state.playback(serverTime);
        Map<String, Object> f = frame("state");
        f.put("roomId", roomId);
        f.put("hostId", state.hostId());
        f.put("trackId", p.trackId());
        f.put("positionMs", p.positionMs());
        f.put("startedAt", p.startedAt());
        f.put("paused", p.paused());
        f.put("queue", p.queue());
        f.put("listeners", listeners);
        f.put("serverTime", serverTime);
        return write(f);
    }

    String chat(UUID roomId, UUID id, String text, UUID from, long sentAt, UUID trackId, Long positionMs) {
        Map<String, Object> f = frame("chat");
        f.put("roomId", roomId);
        f.put("id", id);
        f.put("text", text);
        f.put("from", from);
        f.put("sentAt", sentAt);
        f.put("trackId", trackId);
        f.put("positionMs", positionMs);
        return write(f);
    }

    String reaction(UUID roomId, String kind, UUID from, UUID trackId, long positionMs, long sentAt) {
        Map<String, Object> f = frame("reaction");
        f.put("roomId", roomId);
        f.put("kind", kind);
        f.put("from", from);
        f.put("trackId", trackId);
        f.put("positionMs", positionMs);
        f.put("sentAt", sentAt);
        return write(f);
    }

    String presence(UUID roomId, boolean joined, UUID user, int listeners) {
        Map<String, Object> f = frame("presence");
        f.put("roomId", roomId);
        f.put(joined ? "joined" : "left", user);
        f.put("user", user);
        f.put("listeners", listeners);
        return write(f);
    }

    String moderation(UUID roomId, String action, UUID user, UUID by) {
        Map<String, Object> f = frame("moderation");
        f.put("roomId", roomId);
        f.put("action", action);
        f.put("user", user);
        f.put("by", by);
        return write(f);
    }

    String time(long clientSentAt, long serverTime) {
        Map<String, Object> f = frame("time");
        f.put("clientSentAt", clientSentAt);
        f.put("serverTime", serverTime);
        return write(f);
    }

    String error(String code, String message, UUID roomId) {
        Map<String, Object> f = frame("error");
        f.put("code", code);
        f.put("message", message);
        if (roomId != null) {
            f.put("roomId", roomId);
        }
        return write(f);
    }
}
