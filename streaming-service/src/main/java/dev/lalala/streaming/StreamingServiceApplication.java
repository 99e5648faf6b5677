package dev.lalala.streaming;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Delivers songs as the FLAC segments track-service made, over WebSocket and plain HTTP. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class StreamingServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(StreamingServiceApplication.class, args);
    }
}
