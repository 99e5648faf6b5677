package dev.lalala.defaults.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lalala.defaults.testapp.outbox.OutboxTestApp;
import dev.lalala.infra.Component;
import dev.lalala.infra.test.LocalInfra;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** The JDBC processed-event store against a real MariaDB: applied once, and only with the work's commit. */
@LocalInfra(value = {Component.MARIADB, Component.KAFKA}, databases = "outbox_it")
@SpringBootTest(classes = OutboxTestApp.class, properties = {
    "spring.main.web-application-type=none",
    "spring.application.name=outbox-it",
    "lalala.outbox.poll-interval=200ms"
})
class JdbcProcessedEventStoreIT {

    @Autowired JdbcProcessedEventStore processed;

    @Test
    void anEventAppliedTwiceTakesEffectOnce() {
        UUID event = UUID.randomUUID();
        AtomicInteger effects = new AtomicInteger();

        assertThat(processed.applyOnce("counter", event, effects::incrementAndGet)).isTrue();
        assertThat(processed.applyOnce("counter", event, effects::incrementAndGet)).isFalse();

        assertThat(effects).hasValue(1);
        assertThat(processed.applyOnce("another-consumer", event, effects::incrementAndGet)).isTrue();
    }

    @Test
    void aHandlerThatFailsLeavesNoTraceSoTheRetryApplies() {
        UUID event = UUID.randomUUID();

        assertThatThrownBy(() -> processed.applyOnce("counter", event, () -> {
            throw new IllegalStateException("crashed halfway");
        })).isInstanceOf(IllegalStateException.class);

        assertThat(processed.alreadyApplied("counter", event)).isFalse();
        assertThat(processed.applyOnce("counter", event, () -> { })).isTrue();
    }

    @Test
    void concurrentRedeliveriesApplyOnce() throws Exception {
        UUID event = UUID.randomUUID();
        AtomicInteger effects = new AtomicInteger();
        Callable<Boolean> apply = () -> processed.applyOnce("counter", event, () -> {
            effects.incrementAndGet();
            sleep(200);
        });
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Boolean> results = pool.invokeAll(List.of(apply, apply, apply, apply)).stream()
                    .map(f -> {
                        try {
                            return f.get();
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }).toList();
            assertThat(results).containsOnlyOnce(true);
        }
        assertThat(effects).hasValue(1);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
