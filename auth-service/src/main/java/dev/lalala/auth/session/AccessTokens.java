package dev.lalala.auth.session;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.lalala.auth.AuthProperties;
import dev.lalala.auth.account.Credential;
import dev.lalala.auth.keys.SigningKey;
import dev.lalala.auth.keys.SigningKeys;
import dev.lalala.defaults.security.JwtValidation;
import dev.lalala.defaults.security.SecurityProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Signs access tokens: RS256 with the active key ({@code kid} in the header, nothing else: no {@code jku}, no
 * {@code x5u}), claims {@code iss}, {@code aud}, {@code sub} (user id), {@code iat}, {@code exp}, {@code jti},
 * {@code email_verified}, {@code handle} and {@code sid} (the session: the refresh-token family).
 */
@Component
public class AccessTokens {

    public static final String HANDLE_CLAIM = "handle";
    public static final String SESSION_CLAIM = "sid";
    public static final String OPERATOR_ROLE = "OPERATOR";

    private final SigningKeys keys;
    private final Clock clock;
    private final Duration lifetime;
    private final String issuer;
    private final String audience;
    private final java.util.Set<String> operators;

    public AccessTokens(SigningKeys keys, Clock clock, AuthProperties auth, SecurityProperties security) {
        this.keys = keys;
        this.clock = clock;
        this.lifetime = auth.getAccessTokenLifetime();
        this.issuer = security.getIssuer();
        this.audience = security.getAudience();
        this.operators = auth.getOperators().stream().map(e -> e.trim().toLowerCase(java.util.Locale.ROOT))
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    public Duration lifetime() {
        return lifetime;
    }

    public String issue(Credential credential, UUID sessionId) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        SigningKey key = keys.signingKey();
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(audience)
                .subject(credential.userId().toString())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(lifetime)))
                .jwtID(UUID.randomUUID().toString())
                .claim(JwtValidation.EMAIL_VERIFIED_CLAIM, credential.emailVerified())
                .claim(HANDLE_CLAIM, credential.handle())
                .claim(SESSION_CLAIM, sessionId.toString());
        if (credential.emailVerified() && credential.email() != null
                && operators.contains(credential.email().toLowerCase(java.util.Locale.ROOT))) {
            // Operators (lalala.auth.operators) see health details in every service.
            builder.claim(JwtValidation.ROLES_CLAIM, java.util.List.of(OPERATOR_ROLE));
        }
        JWTClaimsSet claims = builder.build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT)
                .keyID(key.kid()).build(), claims);
        try {
            jwt.sign(new RSASSASigner(key.privateKey()));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign an access token", e);
        }
        return jwt.serialize();
    }
}
