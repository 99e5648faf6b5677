package dev.lalala.auth.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lalala.auth.AuthProperties;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

class ClientAddressTest {

    final AuthProperties properties = new AuthProperties();

    ClientAddress addresses(String... trusted) {
        properties.setTrustedProxies(List.of(trusted));
        properties.setGatewaySecret("s3cret");
        return new ClientAddress(properties);
    }

    @Test
    void theGatewaysHeaderIsBelievedItsLastEntry() {
        MockHttpServletRequest request = request("10.0.0.5", "6.6.6.6, 203.0.113.9");
        assertThat(addresses("10.0.0.5").of(request)).isEqualTo("203.0.113.9");
    }

    @Test
    void fromATrustedAddressWithoutTheGatewaysSecretTheHeaderIsIgnored() {
        MockHttpServletRequest wrong = request("10.0.0.5", "203.0.113.9", "guess");
        assertThat(addresses("10.0.0.5").of(wrong)).isEqualTo("10.0.0.5");
        assertThat(addresses("10.0.0.5").of(request("10.0.0.5", "203.0.113.9", null))).isEqualTo("10.0.0.5");
        properties.setTrustedProxies(List.of("10.0.0.5"));
        properties.setGatewaySecret("");
        MockHttpServletRequest empty = request("10.0.0.5", "203.0.113.9", "");
        assertThat(new ClientAddress(properties).of(empty)).as("no secret configured").isEqualTo("10.0.0.5");
    }

    @Test
    void anyoneElsesHeaderIsIgnored() {
        MockHttpServletRequest request = request("198.51.100.20", "6.6.6.6");
        assertThat(addresses("10.0.0.5").of(request)).isEqualTo("198.51.100.20");
    }

    @Test
    void withoutAHeaderTheRemoteAddressCounts() {
        assertThat(addresses("10.0.0.5").of(request("10.0.0.5", null))).isEqualTo("10.0.0.5");
        assertThat(addresses("10.0.0.5").of(request("10.0.0.5", " "))).isEqualTo("10.0.0.5");
    }

    private static MockHttpServletRequest request(String remote, String forwarded) {
        return request(remote, forwarded, "s3cret");
    }

    private static MockHttpServletRequest request(String remote, String forwarded, String secret) {
        MockHttpServletRequest request = new MockHttpServletRequest();
        if (secret != null) {
            request.addHeader("X-Lalala-Gateway", secret);
        }
        request.setRemoteAddr(remote);
        if (forwarded != null) {
            request.addHeader("X-Forwarded-For", forwarded);
        }
        return request;
    }
}
