package dev.lalala.track.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lalala.defaults.outbox.JdbcProcessedEventStore;
import dev.lalala.events.EventEnvelope;
import dev.lalala.events.audio.AudioLayout;
import dev.lalala.events.user.UserDeleted;
import dev.lalala.events.user.UserEvents;
import dev.lalala.infra.Component;
import dev.lalala.infra.test.LocalInfra;
import dev.lalala.testsupport.TestTokens;
import dev.lalala.track.blob.BlobStore;
import dev.lalala.track.like.Likes;
import dev.lalala.track.track.TrackEditing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;

/** A deleted user's songs: rows and events in the transaction, files only once it committed. */
@LocalInfra(value = {Component.MARIADB, Component.KAFKA}, databases = "tracks")
@SpringBootTest(properties = "lalala.tracks.worker.enabled=false")
class UserDeletedHandlerIT {

    static final TestTokens TOKENS = new TestTokens();
    static final Path BLOBS = Path.of("target", "it-blobs-users-" + UUID.randomUUID()).toAbsolutePath();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("lalala.security.jwk-set-uri", TOKENS::jwkSetUri);
        registry.add("lalala.blobs.root", BLOBS::toString);
    }

    @AfterAll
    static void stopTokens() {
        TOKENS.close();
    }

    @Autowired JdbcProcessedEventStore processed;
    @Autowired TrackEditing editing;
    @Autowired Likes likes;
    @Autowired BlobStore blobs;
    @Autowired JdbcTemplate jdbc;
    @Autowired PlatformTransactionManager transactionManager;
    @Autowired Clock clock;

    @Test
    void aRolledBackDeletionLeavesWholeSongsAndACommittedOneRemovesTheFiles() throws Exception {
        UUID leaving = UUID.randomUUID();
        UUID theirs = readySong(leaving);
        UUID liked = readySong(UUID.randomUUID());
        likes.like(leaving, liked);
        EventEnvelope<UserDeleted> event =
                EventEnvelope.of(UserEvents.USER_DELETED, new UserDeleted(leaving, Instant.now()));
        UserDeletedHandler handler = new UserDeletedHandler(editing, likes);

        // The work is done, then the transaction fails (as a failed commit would).
        JdbcProcessedEventStore failing = new JdbcProcessedEventStore(jdbc, transactionManager, clock) {
            @Override
            public boolean applyOnce(String consumer, UUID eventId, Runnable work) {
                return super.applyOnce(consumer, eventId, () -> {
                    work.run();
                    throw new IllegalStateException("commit failed");
                });
            }
        };
        assertThatThrownBy(() -> failing.applyOnce(UserDeletedHandler.HANDLER, event.id(),
                () -> handler.userDeleted(event.payload()))).hasMessage("commit failed");
        assertThat(rows(theirs)).isEqualTo(1);
        assertThat(blobs.exists(AudioLayout.segmentKey(theirs, 0))).as("the files of a song still READY").isTrue();
        assertThat(blobs.exists(AudioLayout.manifestKey(theirs))).isTrue();
        assertThat(likeCount(liked)).isEqualTo(1);

        assertThat(processed.applyOnce(UserDeletedHandler.HANDLER, event.id(),
                () -> handler.userDeleted(event.payload()))).isTrue();
        assertThat(rows(theirs)).isZero();
        assertThat(Files.exists(BLOBS.resolve(AudioLayout.trackPrefix(theirs)))).isFalse();
        assertThat(likeCount(liked)).isZero();
        assertThat(blobs.exists(AudioLayout.segmentKey(liked, 0))).as("other songs keep their files").isTrue();

        assertThat(processed.applyOnce(UserDeletedHandler.HANDLER, event.id(),
                () -> handler.userDeleted(event.payload()))).as("a redelivery").isFalse();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM outbox_event WHERE event_key = ? AND event_type = ?",
                Integer.class, theirs.toString(), "TrackDeleted")).isEqualTo(1);
    }

    private UUID readySong(UUID owner) throws Exception {
        UUID id = UUID.randomUUID();
        LocalDateTime now = LocalDateTime.ofInstant(Instant.now(), ZoneOffset.UTC);
        jdbc.update("""
                INSERT INTO track (id, owner_id, title, genre, visibility, status, processing_stage,
                    processing_percent, created_at, updated_at, published_at)
                VALUES (?, ?, 'Song', 'pop', 'PUBLIC', 'READY', 'DONE', 100, ?, ?, ?)""",
                id.toString(), owner.toString(), now, now, now);
        blobs.put(AudioLayout.segmentKey(id, 0), new byte[] {1, 2, 3});
        blobs.put(AudioLayout.manifestKey(id), "{}".getBytes());
        return id;
    }

    private int rows(UUID id) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM track WHERE id = ?", Integer.class, id.toString());
    }

    private long likeCount(UUID id) {
        return jdbc.queryForObject("SELECT like_count FROM track WHERE id = ?", Long.class, id.toString());
    }
}
