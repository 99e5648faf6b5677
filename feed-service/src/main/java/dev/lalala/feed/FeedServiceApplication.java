package dev.lalala.feed;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The follow graph, follow suggestions and the activity feed, kept in Neo4j. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class FeedServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(FeedServiceApplication.class, args);
    }
}
