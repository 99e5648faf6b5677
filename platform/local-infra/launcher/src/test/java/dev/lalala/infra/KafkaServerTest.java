package dev.lalala.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;

import org.junit.jupiter.api.RepeatedTest;

class KafkaServerTest {

    @RepeatedTest(20)
    void clusterIdsAreSixteenBytesOfUrlSafeBase64() {
        String id = KafkaServer.newClusterId();
        assertThat(id).hasSize(22).matches("[A-Za-z0-9_][A-Za-z0-9_-]{21}");
        assertThat(Base64.getUrlDecoder().decode(id)).hasSize(16);
    }
}
