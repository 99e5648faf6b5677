package dev.lalala.fleet.tests;

import dev.lalala.fleet.Fleet;
import java.util.UUID;

/**
 * Accounts for journeys: a user signed up, verified by the link in the real verification mail, and logged in,
 * all through the gateway, as the apps do it.
 */
final class Accounts {

    /** A logged-in user. */
    record SignedIn(UUID userId, String email, String password, String accessToken, String refreshToken) {

        String bearer() {
            return "Bearer " + accessToken;
        }
    }

    private Accounts() {
    }

    /** Signs up a new user with a unique email, verifies the email through the mail it receives, and logs in. */
    static SignedIn signUpVerified(Fleet fleet, Gateway gateway, String displayName) {
        throw new UnsupportedOperationException("written with the accounts issue (#3)");
    }
}
