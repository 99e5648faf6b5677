package dev.lalala.auth;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** auth-service's own settings ({@code lalala.auth.*}). */
@ConfigurationProperties("lalala.auth")
public class AuthProperties {

    /**
     * How long an access token is valid. A retired signing key is still published this long (plus the clock skew
     * every service tolerates), so the tokens it signed stay verifiable until they expire.
     */
    private Duration accessTokenLifetime = Duration.ofMinutes(15);

    /** How long a refresh token may be used; each refresh hands out a new one with a fresh lifetime. */
    private Duration refreshTokenLifetime = Duration.ofDays(30);

    /** How long the link in the verification mail works. */
    private Duration verificationTokenLifetime = Duration.ofHours(24);

    /** How long the link in the password-reset mail works. */
    private Duration resetTokenLifetime = Duration.ofHours(1);

    /** At most one verification (or reset) mail per address in this interval; more get 429. */
    private Duration mailInterval = Duration.ofSeconds(60);

    /** A signing key older than this is rotated (checked every minute); the old key stays published a token lifetime. */
    private Duration signingKeyMaxAge = Duration.ofDays(30);

    /** The longest wait between two attempts to send a mail while SMTP refuses it (mails are kept until their link expires). */
    private Duration mailRetryMaxDelay = Duration.ofMinutes(1);

    /** The sender of the mails. */
    private String mailFrom = "LALALA <no-reply@lalala.dev>";

    /**
     * Addresses whose X-Forwarded-For header is believed: the gateway's. A request from anywhere else is accounted
     * to its own remote address, whatever header it sends.
     */
    private List<String> trustedProxies = new ArrayList<>(List.of("127.0.0.1", "0:0:0:0:0:0:0:1", "::1"));

    /**
     * The gateway's per-installation secret ({@code LALALA_GATEWAY_SECRET}): X-Forwarded-For is believed only on a
     * request from a trusted proxy address that also carries this secret in {@code X-Lalala-Gateway}. Empty: the
     * header is never believed and every request is accounted to its remote address.
     */
    private String gatewaySecret = "";

    /**
     * Base64 of 32 bytes ({@code LALALA_AUTH_SIGNING_KEY_SECRET}): the AES-256-GCM key the JWT signing keys are
     * encrypted with in the database. Required; generated per installation by the fleet launcher.
     */
    private String signingKeySecret = "";

    /** Verified accounts (by email) whose access tokens carry the role OPERATOR: they see health details. */
    private List<String> operators = new ArrayList<>();

    private final Throttle throttle = new Throttle();

    /** Failed-login throttling, per account and per client address. */
    public static class Throttle {
        /** Failures per account before each further one costs a growing delay. */
        private int accountFreeFailures = 3;
        /** Failures per account that lock it for {@link #lockDuration}. */
        private int accountLockFailures = 10;
        /** The same for one client address (one address may try many accounts; it may also be a shared NAT). */
        private int addressFreeFailures = 10;
        private int addressLockFailures = 50;
        /** The first delay after the free failures; each further failure doubles it. */
        private Duration baseDelay = Duration.ofSeconds(1);
        /** The longest growing delay; past it the delay stays here until the lock. */
        private Duration maxDelay = Duration.ofMinutes(1);
        /** How long a lock lasts; failures older than this are forgotten. */
        private Duration lockDuration = Duration.ofMinutes(15);

        public int getAccountFreeFailures() { return accountFreeFailures; }
        public void setAccountFreeFailures(int v) { accountFreeFailures = v; }
        public int getAccountLockFailures() { return accountLockFailures; }
        public void setAccountLockFailures(int v) { accountLockFailures = v; }
        public int getAddressFreeFailures() { return addressFreeFailures; }
        public void setAddressFreeFailures(int v) { addressFreeFailures = v; }
        public int getAddressLockFailures() { return addressLockFailures; }
        public void setAddressLockFailures(int v) { addressLockFailures = v; }
        public Duration getBaseDelay() { return baseDelay; }
        public void setBaseDelay(Duration v) { baseDelay = v; }
        public Duration getMaxDelay() { return maxDelay; }
        public void setMaxDelay(Duration v) { maxDelay = v; }
        public Duration getLockDuration() { return lockDuration; }
        public void setLockDuration(Duration v) { lockDuration = v; }
    }

    public Duration getAccessTokenLifetime() { return accessTokenLifetime; }
    public void setAccessTokenLifetime(Duration v) { accessTokenLifetime = v; }
    public Duration getRefreshTokenLifetime() { return refreshTokenLifetime; }
    public void setRefreshTokenLifetime(Duration v) { refreshTokenLifetime = v; }
    public Duration getVerificationTokenLifetime() { return verificationTokenLifetime; }
    public void setVerificationTokenLifetime(Duration v) { verificationTokenLifetime = v; }
    public Duration getResetTokenLifetime() { return resetTokenLifetime; }
    public void setResetTokenLifetime(Duration v) { resetTokenLifetime = v; }
    public Duration getMailInterval() { return mailInterval; }
    public void setMailInterval(Duration v) { mailInterval = v; }
    public Duration getSigningKeyMaxAge() { return signingKeyMaxAge; }
    public void setSigningKeyMaxAge(Duration v) { signingKeyMaxAge = v; }
    public Duration getMailRetryMaxDelay() { return mailRetryMaxDelay; }
    public void setMailRetryMaxDelay(Duration v) { mailRetryMaxDelay = v; }
    public String getMailFrom() { return mailFrom; }
    public void setMailFrom(String v) { mailFrom = v; }
    public List<String> getTrustedProxies() { return trustedProxies; }
    public void setTrustedProxies(List<String> v) { trustedProxies = v; }
    public Throttle getThrottle() { return throttle; }
    public String getGatewaySecret() { return gatewaySecret; }
    public void setGatewaySecret(String v) { gatewaySecret = v; }
    public String getSigningKeySecret() { return signingKeySecret; }
    public void setSigningKeySecret(String v) { signingKeySecret = v; }
    public List<String> getOperators() { return operators; }
    public void setOperators(List<String> v) { operators = v; }
}
