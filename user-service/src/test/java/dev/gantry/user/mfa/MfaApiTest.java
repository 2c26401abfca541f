package dev.gantry.user.mfa;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import dev.gantry.test.GantryIntegrationTest;
import dev.gantry.user.Organisation;

@GantryIntegrationTest
class MfaApiTest {

    @LocalServerPort
    int port;

    RestTestClient http;

    @BeforeEach
    void connect() {
        http = RestTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
    }

    @Test
    void aUserEnrollsAnAuthenticatorAndGetsRecoveryCodes() {
        Organisation org = Organisation.signUp(http);
        String token = org.ownerToken();
        byte[] secret = begin(token);

        post(token, "/api/v1/me/mfa/totp/confirm", "000000".equals(currentCode(secret)) ? "111111" : "000000")
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("code");
        String confirmed = post(token, "/api/v1/me/mfa/totp/confirm", currentCode(secret))
                .expectStatus().isOk().returnResult(String.class).getResponseBody();
        List<String> codes = JsonPath.read(confirmed, "$.recoveryCodes");
        assertThat(codes).hasSize(10);

        http.get().uri("/api/v1/me/mfa").header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.totpEnabled").isEqualTo(true)
                .jsonPath("$.recoveryCodesLeft").isEqualTo(10)
                .jsonPath("$.requiredByOrganisation").isEqualTo(false);
        http.post().uri("/api/v1/me/mfa/totp").header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .exchange().expectStatus().isEqualTo(409);
    }

    @Test
    void aUsedCodeCannotBeReplayedButARecoveryCodeDisablesOnce() {
        Organisation org = Organisation.signUp(http);
        String token = org.ownerToken();
        byte[] secret = begin(token);
        String code = currentCode(secret);
        List<String> recovery = JsonPath.read(post(token, "/api/v1/me/mfa/totp/confirm", code)
                .expectStatus().isOk().returnResult(String.class).getResponseBody(), "$.recoveryCodes");

        post(token, "/api/v1/me/mfa/totp/disable", code).expectStatus().isBadRequest();
        post(token, "/api/v1/me/mfa/recovery-codes", recovery.get(0)).expectStatus().isOk();
        // regenerating replaced every old code
        post(token, "/api/v1/me/mfa/totp/disable", recovery.get(1)).expectStatus().isBadRequest();

        String audit = http.get().uri("/api/v1/audit-events?subjectId=" + org.ownerId())
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .exchange().expectStatus().isOk().returnResult(String.class).getResponseBody();
        assertThat(JsonPath.<List<String>>read(audit, "$.items[*].type"))
                .contains("mfa.enabled", "mfa.recovery-code-used");
    }

    @Test
    void disablingNeedsASecondFactorAndIsRefusedWhenTheOrganisationRequiresIt() {
        Organisation org = Organisation.signUp(http);
        String token = org.ownerToken();
        byte[] secret = begin(token);
        List<String> recovery = JsonPath.read(post(token, "/api/v1/me/mfa/totp/confirm", currentCode(secret))
                .expectStatus().isOk().returnResult(String.class).getResponseBody(), "$.recoveryCodes");

        http.patch().uri("/api/v1/tenants/current").header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .header(HttpHeaders.IF_MATCH, "\"1\"").contentType(MediaType.APPLICATION_JSON)
                .body("{\"mfaRequired\":true}")
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.mfaRequired").isEqualTo(true);
        post(token, "/api/v1/me/mfa/totp/disable", recovery.get(0)).expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.type").isEqualTo("https://gantry.dev/problems/mfa-required");

        http.patch().uri("/api/v1/tenants/current").header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .header(HttpHeaders.IF_MATCH, "\"2\"").contentType(MediaType.APPLICATION_JSON)
                .body("{\"mfaRequired\":false}").exchange().expectStatus().isOk();
        post(token, "/api/v1/me/mfa/totp/disable", "ZZZZZ-ZZZZZ").expectStatus().isBadRequest();
        post(token, "/api/v1/me/mfa/totp/disable", recovery.get(0)).expectStatus().isNoContent();
        http.get().uri("/api/v1/me/mfa").header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.totpEnabled").isEqualTo(false);

        String audit = http.get().uri("/api/v1/audit-events").header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .exchange().expectStatus().isOk().returnResult(String.class).getResponseBody();
        assertThat(JsonPath.<List<String>>read(audit, "$.items[*].type")).containsSubsequence("mfa.disabled",
                "tenant.mfa-requirement-changed", "tenant.mfa-requirement-changed", "mfa.enabled");
    }

    @Test
    void repeatedWrongCodesLockTheSecondFactor() {
        Organisation org = Organisation.signUp(http);
        String token = org.ownerToken();
        byte[] secret = begin(token);
        List<String> recovery = JsonPath.read(post(token, "/api/v1/me/mfa/totp/confirm", currentCode(secret))
                .expectStatus().isOk().returnResult(String.class).getResponseBody(), "$.recoveryCodes");

        for (int attempt = 1; attempt <= 4; attempt++) {
            post(token, "/api/v1/me/mfa/totp/disable", "ABCDE-FGHJ" + attempt).expectStatus().isBadRequest();
        }
        post(token, "/api/v1/me/mfa/totp/disable", "ABCDE-FGHJ5").expectStatus().isEqualTo(429)
                .expectHeader().exists(HttpHeaders.RETRY_AFTER)
                .expectBody().jsonPath("$.type").isEqualTo("https://gantry.dev/problems/account-locked");
        // locked: a valid recovery code is refused too and stays unused
        post(token, "/api/v1/me/mfa/totp/disable", recovery.get(0)).expectStatus().isEqualTo(429);
        http.get().uri("/api/v1/me/mfa").header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.totpEnabled").isEqualTo(true).jsonPath("$.recoveryCodesLeft").isEqualTo(10);

        String audit = http.get().uri("/api/v1/audit-events?type=account.locked")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .exchange().expectStatus().isOk().returnResult(String.class).getResponseBody();
        assertThat(JsonPath.<List<String>>read(audit, "$.items[*].details.factor")).containsExactly("totp");
    }

    private byte[] begin(String token) {
        String body = new String(http.post().uri("/api/v1/me/mfa/totp").header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .exchange().expectStatus().isCreated().expectBody().returnResult().getResponseBody(),
                StandardCharsets.UTF_8);
        String secret = JsonPath.read(body, "$.secret");
        assertThat((String) JsonPath.read(body, "$.otpauthUri"))
                .startsWith("otpauth://totp/Gantry%3Aowner-").contains("secret=" + secret).contains("issuer=Gantry");
        return Base32.decode(secret);
    }

    private static String currentCode(byte[] secret) {
        return Totp.code(secret, Totp.step(Instant.now()));
    }

    private RestTestClient.ResponseSpec post(String token, String uri, String code) {
        return http.post().uri(uri).header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON).body("{\"code\":\"" + code + "\"}").exchange();
    }
}
