package dev.lalala.auth.account;

import java.util.UUID;

/** An account's credentials. The hash never leaves the service: no response or log line carries it. */
public record Credential(UUID userId, String email, String handle, String passwordHash, boolean emailVerified) {

    @Override
    public String toString() {
        return "Credential[userId=" + userId + ", handle=" + handle + ", emailVerified=" + emailVerified + "]";
    }
}
