package org.crowdfund.platform.identity;

import com.nimbusds.jose.jwk.ECKey;
import io.grpc.Status;
import org.crowdfund.platform.grpc.Principal;
import org.crowdfund.platform.grpc.ServiceException;
import org.crowdfund.platform.time.AdjustableClock;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Signing and verifying identity tokens, without a network: claims, keys, times and the allow-list. */
class IdentityTokensTest {
    private static final String AUDIENCE = "crowdfund.reservation.v1.ReservationService";
    private final ECKey gateway = IdentityKeys.generate("gateway");
    private final ECKey pledge = IdentityKeys.generate("pledge-service/2026-11");
    private final AdjustableClock clock = new AdjustableClock(Clock.fixed(Instant.parse("2026-11-30T05:00:00Z"), ZoneOffset.UTC));
    private final IdentityVerifier verifier = new IdentityVerifier(List.of(gateway.toPublicJWK(), pledge.toPublicJWK()),
            Set.of("pledge-service"), clock);

    @Test
    void aUserSignedByTheGatewayArrivesWithAllItsClaims() {
        IdentitySigner signer = new IdentitySigner("gateway", List.of(gateway), Duration.ofSeconds(60), clock);
        Principal backer = new Principal("backer-1", Set.of("backer", "creator"), "b@example.org", "Ada");

        assertThat(verifier.verify(signer.sign(backer, AUDIENCE), AUDIENCE)).isEqualTo(backer);
    }

    @Test
    void aServiceSignsItsOwnServiceIdentityWithItsRotatedKey() {
        IdentitySigner signer = new IdentitySigner("pledge-service", List.of(pledge), Duration.ofSeconds(30), clock);

        assertThat(verifier.verify(signer.sign(Principal.service("pledge-service"), AUDIENCE), AUDIENCE))
                .isEqualTo(Principal.service("pledge-service"));
    }

    @Test
    void aProcessCannotSignAsAnotherService() {
        IdentitySigner signer = new IdentitySigner("gateway", List.of(gateway), Duration.ofSeconds(60), clock);

        assertThatThrownBy(() -> signer.sign(Principal.service("pledge-service"), AUDIENCE))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("calls as itself only");
    }

    @Test
    void aTokenIsReusedWhileMoreThanHalfItsLifeIsLeftAndRefusedOnceExpired() {
        IdentitySigner signer = new IdentitySigner("gateway", List.of(gateway), Duration.ofSeconds(60), clock);
        Principal backer = Principal.of("backer-2", "backer");
        String first = signer.sign(backer, AUDIENCE);
        clock.advance(Duration.ofSeconds(20));
        assertThat(signer.sign(backer, AUDIENCE)).isEqualTo(first);
        clock.advance(Duration.ofSeconds(15));
        assertThat(signer.sign(backer, AUDIENCE)).isNotEqualTo(first);

        clock.advance(Duration.ofSeconds(30));
        ServiceException expired = catchThrowableOfType(() -> verifier.verify(first, AUDIENCE), ServiceException.class);
        assertThat(expired.code()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(expired.reason()).isEqualTo(IdentityRefusals.IDENTITY_EXPIRED);
    }

    @Test
    void signersRefuseLifetimesAboveSixtySeconds() {
        assertThatThrownBy(() -> new IdentitySigner("gateway", List.of(gateway), Duration.ofSeconds(61), clock))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theKeyToolWritesEachPrivateKeyOnceAndTheTrustedSetOfAll(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        IdentityKeys.main(new String[]{dir.toString(), "gateway", "pledge-service"});
        String gatewayKey = Files.readString(dir.resolve("gateway.jwk"));
        IdentityKeys.main(new String[]{dir.toString(), "gateway", "pledge-service"});

        assertThat(Files.readString(dir.resolve("gateway.jwk"))).isEqualTo(gatewayKey);
        List<ECKey> trusted = IdentityKeys.parsePublic(Files.readString(dir.resolve("trusted.jwks")), "trusted.jwks");
        assertThat(trusted).extracting(ECKey::getKeyID).containsExactly("gateway", "pledge-service");
        assertThat(trusted).noneMatch(ECKey::isPrivate);
    }
}
