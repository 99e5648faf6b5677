package dev.lalala.defaults.security;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;

/** The token rules both web stacks share. The algorithm and key source are pinned where the decoders are built. */
public final class JwtValidation {

    /** Claim naming the user's roles, e.g. ["ARTIST"]. */
    public static final String ROLES_CLAIM = "roles";
    /** Claim saying the user's email address is verified; until then a user may listen but not publish. */
    public static final String EMAIL_VERIFIED_CLAIM = "email_verified";
    public static final String VERIFIED_AUTHORITY = "ROLE_VERIFIED";

    private JwtValidation() {
    }

    public static OAuth2TokenValidator<Jwt> validator(SecurityProperties properties) {
        return validator(properties, null);
    }

    /** The rules, and when {@code revoked} is given, that the token's account was not deleted. */
    public static OAuth2TokenValidator<Jwt> validator(SecurityProperties properties,
            OAuth2TokenValidator<Jwt> revoked) {
        List<OAuth2TokenValidator<Jwt>> rules = new ArrayList<>(List.of(
                new JwtClaimValidator<Instant>(JwtClaimNames.EXP, Objects::nonNull),
                new JwtTimestampValidator(properties.getClockSkew()),
                new JwtIssuerValidator(properties.getIssuer()),
                new JwtClaimValidator<Collection<String>>(JwtClaimNames.AUD,
                        aud -> aud != null && aud.contains(properties.getAudience())),
                new JwtClaimValidator<String>(JwtClaimNames.SUB, sub -> sub != null && !sub.isBlank())));
        if (revoked != null) {
            rules.add(revoked);
        }
        return new DelegatingOAuth2TokenValidator<>(rules);
    }

    public static JwtAuthenticationConverter authenticationConverter() {
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(JwtValidation::authorities);
        converter.setPrincipalClaimName(JwtClaimNames.SUB);
        return converter;
    }

    static Collection<GrantedAuthority> authorities(Jwt jwt) {
        List<GrantedAuthority> authorities = new ArrayList<>();
        List<String> roles = jwt.getClaimAsStringList(ROLES_CLAIM);
        if (roles != null) {
            roles.forEach(role -> authorities.add(new SimpleGrantedAuthority("ROLE_" + role)));
        }
        if (Boolean.TRUE.equals(jwt.getClaimAsBoolean(EMAIL_VERIFIED_CLAIM))) {
            authorities.add(new SimpleGrantedAuthority(VERIFIED_AUTHORITY));
        }
        return authorities;
    }

    /** Adapts the converter for the reactive stack. */
    public static Converter<Jwt, Collection<GrantedAuthority>> authoritiesConverter() {
        return JwtValidation::authorities;
    }
}
