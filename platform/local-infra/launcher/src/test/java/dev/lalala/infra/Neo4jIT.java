package dev.lalala.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.lalala.infra.test.LocalInfra;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;

@LocalInfra(Component.NEO4J)
class Neo4jIT {

    @Test
    void createsAndReadsANodeOverBolt(Infrastructure infra) {
        String id = UUID.randomUUID().toString();
        try (Driver driver = GraphDatabase.driver(infra.neo4jBoltUri(), AuthTokens.basic(infra.neo4jUser(), infra.neo4jPassword()))) {
            driver.verifyConnectivity();
            try (Session session = driver.session()) {
                session.executeWrite(tx -> tx.run("CREATE (:Artist {id: $id, name: $name})-[:FOLLOWS]->(:Artist {id: $id2})",
                        Map.of("id", id, "name", "아이유 🎤", "id2", id + "-2")).consume());
                Record r = session.executeRead(tx -> tx.run(
                        "MATCH (a:Artist {id: $id})-[:FOLLOWS]->(b) RETURN a.name AS name, b.id AS other", Map.of("id", id)).single());
                assertThat(r.get("name").asString()).isEqualTo("아이유 🎤");
                assertThat(r.get("other").asString()).isEqualTo(id + "-2");
            }
        }
    }

    @Test
    void authenticationIsDisabledSoAnyCredentialsWork(Infrastructure infra) {
        try (Driver driver = GraphDatabase.driver(infra.neo4jBoltUri(), AuthTokens.none())) {
            driver.verifyConnectivity();
        }
        assertThat(infra.springProperties(List.of(Component.NEO4J), List.of()))
                .containsEntry("spring.neo4j.uri", infra.neo4jBoltUri())
                .containsEntry("spring.neo4j.authentication.username", "neo4j");
    }
}
