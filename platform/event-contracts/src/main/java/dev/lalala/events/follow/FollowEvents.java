package dev.lalala.events.follow;

import dev.lalala.events.EventType;
import dev.lalala.events.Topics;
import java.util.List;

/** Events of feed-service, on {@value Topics#FOLLOW_EVENTS}, keyed by follower id. */
public final class FollowEvents {

    public static final String TOPIC = Topics.FOLLOW_EVENTS;

    public static final EventType<UserFollowed> USER_FOLLOWED = EventType.of(TOPIC, UserFollowed.class);
    public static final EventType<UserUnfollowed> USER_UNFOLLOWED = EventType.of(TOPIC, UserUnfollowed.class);

    public static final List<EventType<?>> ALL = List.of(USER_FOLLOWED, USER_UNFOLLOWED);

    private FollowEvents() {
    }
}
