package dev.lalala.playlist;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.openfeign.EnableFeignClients;

/** Playlists and their items, with a read model of songs fed by track.events. */
@SpringBootApplication
@EnableFeignClients
@EnableConfigurationProperties(PlaylistProperties.class)
public class PlaylistServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(PlaylistServiceApplication.class, args);
    }
}
