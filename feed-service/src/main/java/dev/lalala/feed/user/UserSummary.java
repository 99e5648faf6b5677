package dev.lalala.feed.user;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Map;
import java.util.UUID;
import org.neo4j.driver.Value;

@Schema(description = "A user as lists show them: id, handle, display name and avatar (absent until the profile "
        + "reached this service).")
public record UserSummary(UUID id, String handle, String displayName, String avatarUrl) {

    /** From a Cypher map projection {@code u{.id, .handle, .displayName, .avatarUrl}}; null for a null value. */
    public static UserSummary of(Value value) {
        if (value == null || value.isNull()) {
            return null;
        }
        Map<String, Object> m = value.asMap();
        return new UserSummary(UUID.fromString((String) m.get("id")), (String) m.get("handle"),
                (String) m.get("displayName"), (String) m.get("avatarUrl"));
    }
}
