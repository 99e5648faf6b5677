package dev.lalala.auth.keys;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Before the service reports ready: encrypts private keys an older version stored in plaintext, and makes sure a
 * signing key exists.
 */
@Component
class SigningKeyInitializer implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(SigningKeyInitializer.class);

    private final SigningKeys keys;
    private final SigningKeyRepository repository;

    SigningKeyInitializer(SigningKeys keys, SigningKeyRepository repository) {
        this.keys = keys;
        this.repository = repository;
    }

    @Override
    public void run(ApplicationArguments args) {
        int encrypted = repository.encryptPlaintextKeys();
        if (encrypted > 0) {
            log.info("Encrypted {} signing key(s) stored in plaintext by an earlier version", encrypted);
        }
        keys.ensureActiveKey();
    }
}
