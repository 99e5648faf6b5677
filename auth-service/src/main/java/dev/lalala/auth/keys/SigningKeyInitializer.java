package dev.lalala.auth.keys;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/** Makes sure a signing key exists before the service reports ready. */
@Component
class SigningKeyInitializer implements ApplicationRunner {

    private final SigningKeys keys;

    SigningKeyInitializer(SigningKeys keys) {
        this.keys = keys;
    }

    @Override
    public void run(ApplicationArguments args) {
        keys.ensureActiveKey();
    }
}
