package dev.lalala.user.events;

import dev.lalala.defaults.subscription.ProcessedEventStore;
import dev.lalala.events.EventJson;
import dev.lalala.events.Topics;
import dev.lalala.events.track.TrackUploaded;
import dev.lalala.events.user.EmailVerified;
import dev.lalala.events.user.UserDeleted;
import dev.lalala.events.user.UserRegistered;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * user-service's Kafka consumers (group {@code user-service}): accounts from {@code user.events}, first uploads from
 * {@code track.events}. Types this service does not act on (its own ProfileUpdated, for one) are skipped; unreadable
 * events go to the dead-letter topic at once (service-defaults' error handler), failing handlers after retries.
 */
@Component
public class ProfileEventConsumers {

    public static final String GROUP = "user-service";

    private final ProcessedEventStore processed;
    private final ProfileLifecycle lifecycle;

    ProfileEventConsumers(ProcessedEventStore processed, ProfileLifecycle lifecycle) {
        this.processed = processed;
        this.lifecycle = lifecycle;
    }

    @KafkaListener(id = "user-service.user-events", topics = Topics.USER_EVENTS, groupId = GROUP)
    public void onUserEvent(String json) {
        EventJson.readIfKnown(json).ifPresent(event -> {
            switch (event.payload()) {
                case UserRegistered registered ->
                        processed.applyOnce("profile.user-registered", event.id(), () -> lifecycle.registered(registered));
                case EmailVerified verified ->
                        processed.applyOnce("profile.email-verified", event.id(), () -> lifecycle.emailVerified(verified));
                case UserDeleted deleted ->
                        processed.applyOnce("profile.user-deleted", event.id(), () -> lifecycle.deleted(deleted));
                default -> {
                }
            }
        });
    }

    @KafkaListener(id = "user-service.track-events", topics = Topics.TRACK_EVENTS, groupId = GROUP)
    public void onTrackEvent(String json) {
        EventJson.readIfKnown(json).ifPresent(event -> {
            if (event.payload() instanceof TrackUploaded uploaded) {
                processed.applyOnce("profile.track-uploaded", event.id(), () -> lifecycle.uploaded(uploaded));
            }
        });
    }

}
