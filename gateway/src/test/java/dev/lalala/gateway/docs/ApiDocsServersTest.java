package dev.lalala.gateway.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ApiDocsServersTest {

    @Test
    void pointsTheServersAtTheGateway() {
        String doc = "{\"openapi\":\"3.1.0\",\"info\":{\"title\":\"t\"},\"servers\":[{\"url\":\"http://track-service:8084\"}],"
                + "\"paths\":{}}";
        String rewritten = new String(ApiDocsServers.rewrite(doc.getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8);
        assertThat(rewritten).contains("\"servers\":[{\"url\":\"/\",\"description\":\"LALALA gateway\"}]")
                .contains("\"info\":{\"title\":\"t\"}")
                .doesNotContain("track-service:8084");
    }

    @Test
    void leavesAnythingElseAlone() {
        byte[] notJson = "<html>".getBytes(StandardCharsets.UTF_8);
        assertThat(ApiDocsServers.rewrite(notJson)).isSameAs(notJson);
        byte[] notOpenApi = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(ApiDocsServers.rewrite(notOpenApi)).isSameAs(notOpenApi);
    }
}
