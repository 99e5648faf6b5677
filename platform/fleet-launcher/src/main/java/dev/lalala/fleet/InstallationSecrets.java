package dev.lalala.fleet;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Properties;

/**
 * Secrets made once per installation and kept in {@code <base>/secrets/installation.properties} (mode 600): the
 * gateway's secret that auth-service checks before it believes X-Forwarded-For, and the key auth-service encrypts
 * its JWT signing keys with. An environment variable ({@code LALALA_GATEWAY_SECRET},
 * {@code LALALA_AUTH_SIGNING_KEY_SECRET}) wins over the file. Losing the file means the stored signing keys cannot be
 * read: auth-service then refuses to start until the file is back (or the auth database is reset).
 */
public record InstallationSecrets(String gatewaySecret, String signingKeySecret) {

    static final String GATEWAY = "gateway-secret";
    static final String SIGNING_KEY = "auth-signing-key-secret";

    public static synchronized InstallationSecrets load(Path baseDir) {
        Path file = baseDir.resolve("secrets").resolve("installation.properties");
        try {
            Properties stored = new Properties();
            if (Files.isRegularFile(file)) {
                try (Reader in = Files.newBufferedReader(file)) {
                    stored.load(in);
                }
            }
            boolean changed = false;
            for (String name : new String[] {GATEWAY, SIGNING_KEY}) {
                if (stored.getProperty(name, "").isBlank()) {
                    stored.setProperty(name, random32());
                    changed = true;
                }
            }
            if (changed) {
                Files.createDirectories(file.getParent());
                try {
                    Files.setPosixFilePermissions(file.getParent(), PosixFilePermissions.fromString("rwx------"));
                } catch (UnsupportedOperationException ignored) {
                    // Not a POSIX file system: its own ACLs apply.
                }
                Path temp = file.resolveSibling("installation.properties.tmp");
                Files.deleteIfExists(temp);
                try {
                    Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                } catch (UnsupportedOperationException e) {
                    Files.createFile(temp);
                }
                try (Writer out = Files.newBufferedWriter(temp, StandardOpenOption.TRUNCATE_EXISTING)) {
                    stored.store(out, "LALALA installation secrets: keep private, keep with the data (see docs/security.md)");
                }
                Files.move(temp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
            return new InstallationSecrets(
                    fromEnvironment("LALALA_GATEWAY_SECRET", stored.getProperty(GATEWAY)),
                    fromEnvironment("LALALA_AUTH_SIGNING_KEY_SECRET", stored.getProperty(SIGNING_KEY)));
        } catch (IOException e) {
            throw new FleetException("cannot read or create " + file, e);
        }
    }

    private static String fromEnvironment(String name, String otherwise) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? otherwise : value.strip();
    }

    private static String random32() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }
}
