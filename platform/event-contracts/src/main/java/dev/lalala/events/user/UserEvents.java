package dev.lalala.events.user;

import dev.lalala.events.EventType;
import dev.lalala.events.Topics;
import java.util.List;

/** Events of auth-service and user-service, on {@value Topics#USER_EVENTS}, keyed by user id. */
public final class UserEvents {

    public static final String TOPIC = Topics.USER_EVENTS;

    public static final EventType<UserRegistered> USER_REGISTERED = EventType.of(TOPIC, UserRegistered.class);
    public static final EventType<EmailVerified> EMAIL_VERIFIED = EventType.of(TOPIC, EmailVerified.class);
    public static final EventType<ProfileUpdated> PROFILE_UPDATED = EventType.of(TOPIC, ProfileUpdated.class);
    public static final EventType<UserDeleted> USER_DELETED = EventType.of(TOPIC, UserDeleted.class);

    public static final List<EventType<?>> ALL =
            List.of(USER_REGISTERED, EMAIL_VERIFIED, PROFILE_UPDATED, USER_DELETED);

    private UserEvents() {
    }
}
