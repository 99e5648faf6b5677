package dev.lalala.defaults.testapp.takeover;

import dev.lalala.defaults.subscription.Subscriptions;
import dev.lalala.events.track.TrackUpdated;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/** A service with one group-wide subscription, run as its own process by TakeoverIT (so it can be killed -9). */
@SpringBootApplication
public class TakeoverTestApp {

    public static void main(String[] args) {
        SpringApplication.run(TakeoverTestApp.class, args);
        System.out.println("TAKEOVER-APP READY");
    }

    @Bean
    Subscriptions takeoverSubscriptions() {
        return Subscriptions.create().onIdempotent(TrackUpdated.class,
                updated -> System.out.println("HANDLED " + updated.trackId()));
    }
}
