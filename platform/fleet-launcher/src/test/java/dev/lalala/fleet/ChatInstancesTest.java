package dev.lalala.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How many chat-service instances the fleet runs, where the extra ones listen and how they are named. */
class ChatInstancesTest {

    @TempDir
    Path home;

    @AfterEach
    void clear() {
        System.clearProperty(FleetSettings.CHAT_INSTANCES_PROPERTY);
    }

    @Test
    void oneUnlessMoreAreAskedForAndNeverAnAbsurdNumber() {
        FleetSettings settings = FleetSettings.forTests(home);
        if (System.getenv("LALALA_CHAT_INSTANCES") == null) {
            assertThat(settings.chatInstances()).isEqualTo(1);
        }
        System.setProperty(FleetSettings.CHAT_INSTANCES_PROPERTY, "2");
        assertThat(settings.chatInstances()).isEqualTo(2);
        System.setProperty(FleetSettings.CHAT_INSTANCES_PROPERTY, "0");
        assertThatThrownBy(settings::chatInstances).isInstanceOf(FleetException.class);
        System.setProperty(FleetSettings.CHAT_INSTANCES_PROPERTY, "17");
        assertThatThrownBy(settings::chatInstances).isInstanceOf(FleetException.class);
    }

    @Test
    void extraInstancesHaveTheirOwnNameAndPort() {
        assertThat(Fleet.replicaId(2)).isEqualTo("chat-service-2");
        Fleet local = Fleet.create(FleetSettings.local());
        assertThat(local.chatUrl(1)).isEqualTo(local.url(FleetService.CHAT));
        assertThat(local.replicaPort(2)).isEqualTo(local.port(FleetService.CHAT) + 100);
        Fleet tests = Fleet.create(FleetSettings.forTests(home));
        assertThat(tests.replicaPort(2)).isNotEqualTo(tests.port(FleetService.CHAT)).isPositive();
    }
}
