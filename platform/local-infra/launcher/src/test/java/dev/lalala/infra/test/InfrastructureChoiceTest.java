package dev.lalala.infra.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lalala.infra.Infrastructure;
import dev.lalala.infra.LocalInfrastructure;
import dev.lalala.infra.test.InfrastructureChoice.Backend;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Which backend serves @LocalInfra: containers when Docker answers, the launcher otherwise, or what is forced. */
class InfrastructureChoiceTest {

    /** A provider whose Docker answers as told, counting how often it was asked. */
    static final class Provider implements ContainerInfrastructureProvider {
        final boolean docker;
        final AtomicInteger asked = new AtomicInteger();

        Provider(boolean docker) {
            this.docker = docker;
        }

        @Override
        public boolean dockerAvailable() {
            asked.incrementAndGet();
            return docker;
        }

        @Override
        public Infrastructure create(Supplier<LocalInfrastructure> launcher) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void automaticallyContainersWhenDockerAnswersAndTheLauncherWhenNot() {
        for (String auto : new String[] {null, "", "  ", "auto", "AUTO"}) {
            assertThat(InfrastructureChoice.choose(auto, Optional.of(new Provider(true)))).isEqualTo(Backend.CONTAINERS);
            assertThat(InfrastructureChoice.choose(auto, Optional.of(new Provider(false)))).isEqualTo(Backend.LOCAL);
            assertThat(InfrastructureChoice.choose(auto, Optional.empty())).as("no provider on the classpath")
                    .isEqualTo(Backend.LOCAL);
        }
    }

    @Test
    void localIsForcedWithoutAskingDocker() {
        Provider provider = new Provider(true);
        assertThat(InfrastructureChoice.choose("local", Optional.of(provider))).isEqualTo(Backend.LOCAL);
        assertThat(provider.asked).hasValue(0);
    }

    @Test
    void containersForcedFailsLoudlyRatherThanTestingSomethingElse() {
        assertThat(InfrastructureChoice.choose("containers", Optional.of(new Provider(true))))
                .isEqualTo(Backend.CONTAINERS);
        assertThatThrownBy(() -> InfrastructureChoice.choose("containers", Optional.of(new Provider(false))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no Docker engine");
        assertThatThrownBy(() -> InfrastructureChoice.choose("containers", Optional.empty()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("test-support");
        assertThatThrownBy(() -> InfrastructureChoice.choose("kubernetes", Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("auto, local or containers");
    }

    @Test
    void thisModuleAloneHasNoContainerProvider() {
        // platform/test-support brings the Testcontainers one; local-infra itself needs no Docker library.
        assertThat(InfrastructureChoice.provider()).isEmpty();
    }
}
