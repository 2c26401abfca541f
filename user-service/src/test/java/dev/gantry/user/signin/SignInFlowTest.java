package dev.gantry.user.signin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.test.web.servlet.client.RestTestClient;

import dev.gantry.common.security.GantryJwtProperties;
import dev.gantry.common.security.GantryJwtValidators;
import dev.gantry.test.GantryIntegrationTest;
import dev.gantry.user.Organisation;

/**
 * A person signs in through the authorization server as a browser would: authorization request, sign-in page with
 * CSRF, optional second factor, code, token exchange with PKCE, userinfo.
 */
@GantryIntegrationTest
class SignInFlowTest {

    static final String CLIENT = "gantry-test-app";
    static final String REDIRECT = "http://127.0.0.1:9/callback";
    static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    @LocalServerPort
    int port;

    @Autowired
    GantryJwtProperties jwtProperties;

    RestTestClient http;

    @BeforeEach
    void connect() {
        http = RestTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
    }

    @Test
    void aUserSignsInAndTheAppGetsTokensAndTheProfile() throws Exception {
        Organisation org = Organisation.signUp(http);
        Browser browser = new Browser();
        String verifier = "verifier-" + UUID.randomUUID() + UUID.randomUUID();
        String authorize = authorizeUrl(verifier, "state-1");

        HttpResponse<String> start = browser.get(authorize, "zh-CN,zh;q=0.9");
        assertThat(start.statusCode()).isEqualTo(302);
        assertThat(location(start)).endsWith("/login");

        HttpResponse<String> page = browser.get(location(start), "zh-CN,zh;q=0.9");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("登录 Gantry", "<html lang=\"zh-CN\">");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
                assertThat(csp).contains("default-src 'none'").contains("frame-ancestors 'none'"));
        String csrf = csrf(page.body());

        // without the CSRF token the form is refused
        assertThat(browser.post("/login", Map.of("username", org.ownerEmail(), "password", Organisation.PASSWORD))
                .statusCode()).isEqualTo(403);

        HttpResponse<String> signedIn = browser.post("/login", Map.of("username", org.ownerEmail().toUpperCase(),
                "password", Organisation.PASSWORD, "_csrf", csrf));
        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(location(signedIn)).contains("/oauth2/authorize");

        HttpResponse<String> code = browser.get(location(signedIn), "en");
        assertThat(code.statusCode()).isEqualTo(302);
        assertThat(location(code)).startsWith(REDIRECT + "?code=").contains("state=state-1");

        DocumentContext tokens = exchange(browser, query(location(code)).get("code"), verifier);
        Jwt access = decoder().decode(tokens.read("$.access_token"));
        assertThat(access.getSubject()).isEqualTo(org.ownerId().toString());
        assertThat(access.getClaimAsString("tid")).isEqualTo(org.tenantId().toString());
        assertThat(access.getClaimAsStringList("roles")).containsExactly("OWNER");
        assertThat(access.getAudience()).containsExactly(jwtProperties.audience());
        assertThat(access.getClaimAsString("scope")).isEqualTo("email openid profile read");
        Jwt id = decoder(false).decode(tokens.read("$.id_token"));
        assertThat(id.getSubject()).isEqualTo(org.ownerId().toString());
        assertThat(id.getClaimAsString("tid")).isEqualTo(org.tenantId().toString());

        var userinfo = http.get().uri("/userinfo").header(HttpHeaders.AUTHORIZATION, "Bearer " + tokens.read("$.access_token"))
                .exchange();
        userinfo.expectStatus().value(status -> assertThat(status).as(userinfo.returnResult(String.class).getResponseBody()).isEqualTo(200));
        userinfo.expectBody()
                .jsonPath("$.sub").isEqualTo(org.ownerId().toString())
                .jsonPath("$.email").isEqualTo(org.ownerEmail())
                .jsonPath("$.name").isEqualTo("Owner")
                .jsonPath("$.locale").isEqualTo("en")
                .jsonPath("$.zoneinfo").isEqualTo("Europe/Berlin")
                .jsonPath("$.tid").isEqualTo(org.tenantId().toString())
                .jsonPath("$.roles[0]").isEqualTo("OWNER");

        String audit = http.get().uri("/api/v1/audit-events?type=login.succeeded")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + org.ownerToken())
                .exchange().expectStatus().isOk().returnResult(String.class).getResponseBody();
        assertThat(JsonPath.<List<String>>read(audit, "$.items[*].details.factors")).containsExactly("password");
    }

    @Test
    void publishesOpenIdConnectDiscovery() {
        http.get().uri("/.well-known/openid-configuration").exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.issuer").isEqualTo(jwtProperties.issuer())
                .jsonPath("$.userinfo_endpoint").isEqualTo(jwtProperties.issuer() + "/userinfo")
                .jsonPath("$.authorization_endpoint").isEqualTo(jwtProperties.issuer() + "/oauth2/authorize");
    }

    @Test
    void wrongPasswordsAreRefusedWithoutTellingWhyAndLockTheAccount() throws Exception {
        Organisation org = Organisation.signUp(http);
        Browser browser = new Browser();
        browser.get(authorizeUrl("v".repeat(50), "s"), "en");
        String csrf = csrf(browser.get("/login", "en").body());

        HttpResponse<String> unknown = browser.post("/login", Map.of("username", "nobody-" + UUID.randomUUID()
                + "@example.com", "password", "whatever it is", "_csrf", csrf));
        assertThat(location(unknown)).endsWith("/login?error=credentials");
        for (int attempt = 1; attempt <= 4; attempt++) {
            HttpResponse<String> wrong = browser.post("/login", Map.of("username", org.ownerEmail(),
                    "password", "wrong password " + attempt, "_csrf", csrf));
            assertThat(location(wrong)).endsWith("/login?error=credentials");
        }
        HttpResponse<String> fifth = browser.post("/login", Map.of("username", org.ownerEmail(),
                "password", "wrong password 5", "_csrf", csrf));
        assertThat(location(fifth)).endsWith("/login?error=locked");
        HttpResponse<String> right = browser.post("/login", Map.of("username", org.ownerEmail(),
                "password", Organisation.PASSWORD, "_csrf", csrf));
        assertThat(location(right)).endsWith("/login?error=locked");
        assertThat(browser.get("/login?error=locked", "en").body()).contains("Too many failed attempts");
    }

    @Test
    void aUserWithTwoFactorAuthenticationNeedsACodeAfterThePassword() throws Exception {
        Organisation org = Organisation.signUp(http);
        byte[] secret = enrollTotp(org);
        Browser browser = new Browser();
        String verifier = "verifier-" + UUID.randomUUID() + UUID.randomUUID();
        browser.get(authorizeUrl(verifier, "state-2"), "en");
        String csrf = csrf(browser.get("/login", "en").body());

        HttpResponse<String> password = browser.post("/login", Map.of("username", org.ownerEmail(),
                "password", Organisation.PASSWORD, "_csrf", csrf));
        assertThat(location(password)).endsWith("/login/mfa");
        // not signed in yet: the authorization request still goes to the sign-in page
        assertThat(location(browser.get(authorizeUrl(verifier, "state-2"), "en"))).endsWith("/login");

        HttpResponse<String> mfaPage = browser.get("/login/mfa", "en");
        assertThat(mfaPage.body()).contains("Two-factor authentication");
        String mfaCsrf = csrf(mfaPage.body());
        HttpResponse<String> wrong = browser.post("/login/mfa", Map.of("code", "12345", "_csrf", mfaCsrf));
        assertThat(location(wrong)).endsWith("/login/mfa?error=code");

        String code = dev.gantry.user.mfa.TotpCodes.current(secret, Instant.now());
        HttpResponse<String> verified = browser.post("/login/mfa", Map.of("code", code, "_csrf", mfaCsrf));
        assertThat(location(verified)).contains("/oauth2/authorize");
        HttpResponse<String> authorized = browser.get(location(verified), "en");
        assertThat(location(authorized)).startsWith(REDIRECT + "?code=");
        DocumentContext tokens = exchange(browser, query(location(authorized)).get("code"), verifier);
        assertThat(decoder().decode(tokens.read("$.access_token")).getSubject()).isEqualTo(org.ownerId().toString());
    }

    @Test
    void aDisabledUserCannotSignIn() throws Exception {
        Organisation org = Organisation.signUp(http);
        String email = "leaver-" + UUID.randomUUID() + "@example.com";
        String body = http.post().uri("/api/v1/users").header(HttpHeaders.AUTHORIZATION, "Bearer " + org.ownerToken())
                .contentType(MediaType.APPLICATION_JSON)
                .body("{\"email\":\"" + email + "\",\"displayName\":\"Leaver\",\"roles\":[\"MEMBER\"],\"password\":\""
                        + Organisation.PASSWORD + "\"}")
                .exchange().expectStatus().isCreated().returnResult(String.class).getResponseBody();
        String userId = JsonPath.read(body, "$.id");
        http.post().uri("/api/v1/users/" + userId + "/disable").header(HttpHeaders.AUTHORIZATION, "Bearer " + org.ownerToken())
                .header(HttpHeaders.IF_MATCH, "\"1\"").exchange().expectStatus().isOk();

        Browser browser = new Browser();
        browser.get(authorizeUrl("w".repeat(50), "s"), "en");
        String csrf = csrf(browser.get("/login", "en").body());
        HttpResponse<String> refused = browser.post("/login", Map.of("username", email,
                "password", Organisation.PASSWORD, "_csrf", csrf));
        assertThat(location(refused)).endsWith("/login?error=credentials");
    }

    @Test
    void aUserDisabledAfterSigningInGetsNoTokens() throws Exception {
        Organisation org = Organisation.signUp(http);
        String email = "short-lived-" + UUID.randomUUID() + "@example.com";
        String body = http.post().uri("/api/v1/users").header(HttpHeaders.AUTHORIZATION, "Bearer " + org.ownerToken())
                .contentType(MediaType.APPLICATION_JSON)
                .body("{\"email\":\"" + email + "\",\"displayName\":\"Brief\",\"roles\":[\"MEMBER\"],\"password\":\""
                        + Organisation.PASSWORD + "\"}")
                .exchange().expectStatus().isCreated().returnResult(String.class).getResponseBody();
        String userId = JsonPath.read(body, "$.id");
        Browser browser = new Browser();
        String verifier = "verifier-" + UUID.randomUUID() + UUID.randomUUID();
        browser.get(authorizeUrl(verifier, "s"), "en");
        String csrf = csrf(browser.get("/login", "en").body());
        HttpResponse<String> signedIn = browser.post("/login", Map.of("username", email,
                "password", Organisation.PASSWORD, "_csrf", csrf));
        HttpResponse<String> code = browser.get(location(signedIn), "en");
        assertThat(location(code)).startsWith(REDIRECT + "?code=");

        http.post().uri("/api/v1/users/" + userId + "/disable").header(HttpHeaders.AUTHORIZATION, "Bearer " + org.ownerToken())
                .header(HttpHeaders.IF_MATCH, "\"1\"").exchange().expectStatus().isOk();
        HttpResponse<String> refused = browser.post("/oauth2/token", Map.of("grant_type", "authorization_code",
                "code", query(location(code)).get("code"), "redirect_uri", REDIRECT, "client_id", CLIENT,
                "code_verifier", verifier));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(JsonPath.<String>read(refused.body(), "$.error")).isEqualTo("invalid_grant");
    }

    @Test
    void aPublicClientsRefreshTokensRotateAndAReplayRevokesTheFamily() throws Exception {
        Organisation org = Organisation.signUp(http);
        Browser browser = new Browser();
        String verifier = "verifier-" + UUID.randomUUID() + UUID.randomUUID();
        browser.get(authorizeUrl(verifier, "s"), "en");
        String csrf = csrf(browser.get("/login", "en").body());
        HttpResponse<String> signedIn = browser.post("/login", Map.of("username", org.ownerEmail(),
                "password", Organisation.PASSWORD, "_csrf", csrf));
        HttpResponse<String> code = browser.get(location(signedIn), "en");
        DocumentContext first = exchange(browser, query(location(code)).get("code"), verifier);
        String refresh1 = first.read("$.refresh_token");
        assertThat(refresh1).isNotBlank();

        HttpResponse<String> rotated = refresh(browser, refresh1);
        assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
        String refresh2 = JsonPath.read(rotated.body(), "$.refresh_token");
        assertThat(refresh2).isNotEqualTo(refresh1);
        Jwt access = decoder().decode(JsonPath.read(rotated.body(), "$.access_token"));
        assertThat(access.getSubject()).isEqualTo(org.ownerId().toString());
        assertThat(access.getClaimAsStringList("roles")).containsExactly("OWNER");

        // the old token again: a replay, so the whole family goes, the newest refresh token included
        HttpResponse<String> replay = refresh(browser, refresh1);
        assertThat(replay.statusCode()).isEqualTo(400);
        assertThat(JsonPath.<String>read(replay.body(), "$.error")).isEqualTo("invalid_grant");
        assertThat(refresh(browser, refresh2).statusCode()).isEqualTo(400);

        String audit = http.get().uri("/api/v1/audit-events?type=token.replay-detected")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + org.ownerToken())
                .exchange().expectStatus().isOk().returnResult(String.class).getResponseBody();
        assertThat(JsonPath.<List<String>>read(audit, "$.items[*].subjectId")).containsExactly(org.ownerId().toString());

        // a refresh that names no client is refused
        HttpResponse<String> anonymous = browser.post("/oauth2/token", Map.of("grant_type", "refresh_token",
                "refresh_token", refresh2));
        assertThat(anonymous.statusCode()).isEqualTo(400);
        assertThat(JsonPath.<String>read(anonymous.body(), "$.error")).isEqualTo("invalid_client");
    }

    @Test
    void anAddressInSeveralOrganisationsSignsInWhereThePasswordMatches() throws Exception {
        Organisation first = Organisation.signUp(http);
        Organisation second = Organisation.signUp(http);
        String email = "two-hats-" + UUID.randomUUID() + "@example.com";
        String firstId = createUser(first, email, "First organisation passphrase");
        createUser(second, email, "Second organisation passphrase");

        Browser browser = new Browser();
        String verifier = "verifier-" + UUID.randomUUID() + UUID.randomUUID();
        browser.get(authorizeUrl(verifier, "s"), "en");
        String csrf = csrf(browser.get("/login", "en").body());
        HttpResponse<String> signedIn = browser.post("/login", Map.of("username", email,
                "password", "First organisation passphrase", "_csrf", csrf));
        HttpResponse<String> code = browser.get(location(signedIn), "en");
        Jwt access = decoder().decode(exchange(browser, query(location(code)).get("code"), verifier)
                .read("$.access_token"));
        assertThat(access.getSubject()).isEqualTo(firstId);
        assertThat(access.getClaimAsString("tid")).isEqualTo(first.tenantId().toString());
        assertThat(access.getClaimAsStringList("roles")).containsExactly("MEMBER");

        // the same password in both organisations cannot tell them apart
        Organisation third = Organisation.signUp(http);
        createUser(third, email, "First organisation passphrase");
        Browser another = new Browser();
        another.get(authorizeUrl(verifier, "s"), "en");
        String csrf2 = csrf(another.get("/login", "en").body());
        HttpResponse<String> ambiguous = another.post("/login", Map.of("username", email,
                "password", "First organisation passphrase", "_csrf", csrf2));
        assertThat(location(ambiguous)).endsWith("/login?error=ambiguous");
    }

    @Test
    void signingOutEndsTheSession() throws Exception {
        Organisation org = Organisation.signUp(http);
        Browser browser = new Browser();
        String verifier = "verifier-" + UUID.randomUUID() + UUID.randomUUID();
        browser.get(authorizeUrl(verifier, "s"), "en");
        String csrf = csrf(browser.get("/login", "en").body());
        HttpResponse<String> signedIn = browser.post("/login", Map.of("username", org.ownerEmail(),
                "password", Organisation.PASSWORD, "_csrf", csrf));
        assertThat(location(browser.get(location(signedIn), "en"))).startsWith(REDIRECT);

        String freshCsrf = csrf(browser.get("/login", "en").body());
        HttpResponse<String> out = browser.post("/logout", Map.of("_csrf", freshCsrf));
        assertThat(out.statusCode()).isEqualTo(302);
        assertThat(location(browser.get(authorizeUrl(verifier, "s"), "en"))).endsWith("/login");
    }

    private String createUser(Organisation org, String email, String password) {
        String body = http.post().uri("/api/v1/users").header(HttpHeaders.AUTHORIZATION, "Bearer " + org.ownerToken())
                .contentType(MediaType.APPLICATION_JSON)
                .body("{\"email\":\"" + email + "\",\"displayName\":\"Two hats\",\"roles\":[\"MEMBER\"],"
                        + "\"password\":\"" + password + "\"}")
                .exchange().expectStatus().isCreated().returnResult(String.class).getResponseBody();
        return JsonPath.read(body, "$.id");
    }

    private HttpResponse<String> refresh(Browser browser, String refreshToken) throws Exception {
        return browser.post("/oauth2/token", Map.of("grant_type", "refresh_token", "refresh_token", refreshToken,
                "client_id", CLIENT));
    }

    private byte[] enrollTotp(Organisation org) {
        String begun = http.post().uri("/api/v1/me/mfa/totp").header(HttpHeaders.AUTHORIZATION, "Bearer " + org.ownerToken())
                .exchange().expectStatus().isCreated().returnResult(String.class).getResponseBody();
        byte[] secret = dev.gantry.user.mfa.TotpCodes.decode(JsonPath.read(begun, "$.secret"));
        http.post().uri("/api/v1/me/mfa/totp/confirm").header(HttpHeaders.AUTHORIZATION, "Bearer " + org.ownerToken())
                .contentType(MediaType.APPLICATION_JSON)
                .body("{\"code\":\"" + dev.gantry.user.mfa.TotpCodes.current(secret, Instant.now().minusSeconds(30))
                        + "\"}")
                .exchange().expectStatus().isOk();
        return secret;
    }

    private DocumentContext exchange(Browser browser, String code, String verifier) throws Exception {
        HttpResponse<String> response = browser.post("/oauth2/token", Map.of("grant_type", "authorization_code",
                "code", code, "redirect_uri", REDIRECT, "client_id", CLIENT, "code_verifier", verifier));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JsonPath.parse(response.body());
    }

    private NimbusJwtDecoder decoder() {
        return decoder(true);
    }

    private NimbusJwtDecoder decoder(boolean accessToken) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri("http://127.0.0.1:" + port + "/oauth2/jwks")
                .jwsAlgorithm(SignatureAlgorithm.RS256).build();
        if (accessToken) {
            decoder.setJwtValidator(GantryJwtValidators.of(jwtProperties));
        }
        return decoder;
    }

    private String authorizeUrl(String verifier, String state) throws Exception {
        String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        return "/oauth2/authorize?response_type=code&client_id=" + CLIENT + "&redirect_uri="
                + URLEncoder.encode(REDIRECT, StandardCharsets.UTF_8) + "&scope=openid%20profile%20email%20read"
                + "&state=" + state + "&code_challenge=" + challenge + "&code_challenge_method=S256";
    }

    private static String csrf(String html) {
        Matcher matcher = CSRF.matcher(html);
        assertThat(matcher.find()).as("a CSRF field in " + html).isTrue();
        return matcher.group(1);
    }

    private static String location(HttpResponse<?> response) {
        return response.headers().firstValue("Location").orElseThrow(() ->
                new AssertionError("No redirect: " + response.statusCode() + " " + response.body()));
    }

    private static Map<String, String> query(String url) {
        return java.util.Arrays.stream(URI.create(url).getRawQuery().split("&")).map(p -> p.split("=", 2))
                .collect(Collectors.toMap(p -> p[0], p -> java.net.URLDecoder.decode(p[1], StandardCharsets.UTF_8)));
    }

    /** A browser: keeps cookies, follows no redirects, sends HTML Accept headers. */
    final class Browser {
        final HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();

        HttpResponse<String> get(String pathOrUrl, String language) throws Exception {
            return client.send(HttpRequest.newBuilder(uri(pathOrUrl)).header("Accept", "text/html")
                    .header("Accept-Language", language).GET().build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> post(String path, Map<String, String> form) throws Exception {
            String body = new LinkedHashMap<>(form).entrySet().stream()
                    .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&"));
            return client.send(HttpRequest.newBuilder(uri(path)).header("Accept", "text/html")
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        }

        private URI uri(String pathOrUrl) {
            return URI.create(pathOrUrl.startsWith("http") ? pathOrUrl : "http://127.0.0.1:" + port + pathOrUrl);
        }
    }
}
