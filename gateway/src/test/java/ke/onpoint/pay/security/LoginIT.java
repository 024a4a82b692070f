package ke.onpoint.pay.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import ke.onpoint.pay.support.GatewayTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Registration, login, throttling, access-token expiry, refresh rotation and reuse, logout, removed users. */
class LoginIT extends GatewayTest {

    @Autowired
    SecurityProperties security;

    @Test
    void registerAnswersTheSeedShapeAndTheAccessTokenOpensTheMerchantApis() {
        String unique = UUID.randomUUID().toString().substring(0, 8);
        Reply reply = post("/api/v1/auth/register", null, """
                {"business_name":"Duka %s","email":"Owner-%s@Duka.test","password":"%s","phone":"0712345678"}""".formatted(unique, unique, PASSWORD), Map.of());

        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        assertThat(reply.json().at("/tokens/access").asText()).startsWith("eyJ");
        assertThat(reply.json().at("/tokens/refresh").asText()).startsWith("eyJ");
        assertThat(reply.json().at("/merchant/business_name").asText()).isEqualTo("Duka " + unique);
        assertThat(reply.json().at("/merchant/phone").asText()).isEqualTo("254712345678");
        assertThat(reply.json().at("/merchant/kyc_status").asText()).isEqualTo("not_submitted");
        assertThat(reply.json().at("/user/role").asText()).isEqualTo("owner");
        String stored = jdbc.queryForObject(
                "SELECT password_hash FROM users WHERE lower(email) = lower(?)",
                String.class,
                "owner-" + unique + "@duka.test");
        assertThat(stored).startsWith("{argon2}$argon2id$").doesNotContain(PASSWORD);

        Reply me = get("/api/v1/merchants/me", reply.json().at("/tokens/access").asText());
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().path("id").asText())
                .isEqualTo(reply.json().at("/merchant/id").asText());
        // login is case-insensitive on the email
        assertThat(login("OWNER-" + unique + "@duka.TEST", PASSWORD).access()).startsWith("eyJ");
    }

    @Test
    void registrationRefusesBadInputNamingTheFieldsAndWritesNothing() {
        long merchantsBefore = count("SELECT count(*) FROM merchants");
        assertProblem(post("/api/v1/auth/register", null, """
                {"business_name":"","email":"not-an-email","password":"short","phone":"12345"}""", Map.of()), 422, "email");
        Reply weak = post("/api/v1/auth/register", null, """
                {"business_name":"X","email":"x@y.test","password":"aaaaaaaaaaaa","phone":"0712345678"}""", Map.of());
        assertProblem(weak, 422, "password");
        assertProblem(post("/api/v1/auth/register", null, "{\"business_name\":", Map.of()), 400, "body");
        Session taken = register();
        assertProblem(
                post("/api/v1/auth/register", null, """
                {"business_name":"Again","email":"%s","password":"%s","phone":"0712345678"}""".formatted(taken.email(), PASSWORD), Map.of()), 409, "email");
        assertThat(count("SELECT count(*) FROM merchants")).isEqualTo(merchantsBefore + 1);
    }

    @Test
    void aWrongPasswordAndAnUnknownEmailGetTheSameAnswer() {
        Session owner = register();
        Reply wrong = post(
                "/api/v1/auth/login",
                null,
                "{\"email\":\"" + owner.email() + "\",\"password\":\"nope nope nope\"}",
                Map.of("X-Forwarded-For", "198.51.100.7"));
        Reply unknown = post(
                "/api/v1/auth/login",
                null,
                "{\"email\":\"nobody-" + UUID.randomUUID() + "@x.test\"," + "\"password\":\"nope nope nope\"}",
                Map.of("X-Forwarded-For", "198.51.100.7"));
        assertProblem(wrong, 401, null);
        assertProblem(unknown, 401, null);
        assertThat(wrong.json().path("detail").asText())
                .isEqualTo(unknown.json().path("detail").asText());
    }

    @Test
    void guessingOneAccountsPasswordLocksItEvenForTheRightPassword() {
        Session owner = register();
        int limit = security.login().maxAccountFailures();
        for (int i = 0; i < limit; i++) {
            // each guess from another address: the account's own count is what locks it
            assertProblem(
                    post(
                            "/api/v1/auth/login",
                            null,
                            "{\"email\":\"" + owner.email() + "\",\"password\":\"guess " + i + " wrong\"}",
                            Map.of("X-Forwarded-For", "203.0.113." + (i + 1))),
                    401,
                    null);
        }
        Reply locked = post(
                "/api/v1/auth/login",
                null,
                "{\"email\":\"" + owner.email() + "\",\"password\":\"" + PASSWORD + "\"}",
                Map.of("X-Forwarded-For", "203.0.113.99"));

        assertProblem(locked, 429, null);
        assertThat(locked.json().path("limit").asText()).isEqualTo("login_failures");
        assertThat(Long.parseLong(locked.header("Retry-After")))
                .isBetween(1L, security.login().lockout().toSeconds() + 1);
        assertThat(count(
                        "SELECT count(*) FROM audit_logs WHERE action = 'auth.login_failed' AND actor = ?",
                        owner.email()))
                .isEqualTo(limit);
    }

    @Test
    void guessingFromOneAddressLocksThatAddressForEveryAccount() {
        String address = "192.0.2." + (10 + new java.util.Random().nextInt(200));
        Session victim = register();
        for (int i = 0; i < security.login().maxIpFailures(); i++) {
            post(
                    "/api/v1/auth/login",
                    null,
                    "{\"email\":\"spray-" + i + "@x.test\",\"password\":\"Summer2024!!\"}",
                    Map.of("X-Forwarded-For", address));
        }
        Reply fromThere = post(
                "/api/v1/auth/login",
                null,
                "{\"email\":\"" + victim.email() + "\",\"password\":\"" + PASSWORD + "\"}",
                Map.of("X-Forwarded-For", address));
        assertProblem(fromThere, 429, null);
        // the account itself is not locked: its owner logs in from elsewhere
        assertThat(post(
                                "/api/v1/auth/login",
                                null,
                                "{\"email\":\"" + victim.email() + "\",\"password\":\"" + PASSWORD + "\"}",
                                Map.of("X-Forwarded-For", "192.0.2.250"))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void anExpiredTamperedOrWrongTypeTokenIsRefused() {
        Session owner = register();
        SessionTokens anHourAgo = new SessionTokens(security, Clock.offset(Clock.systemUTC(), Duration.ofHours(-1)));
        String expired = anHourAgo.access(owner.userId());
        assertProblem(get("/api/v1/merchants/me", expired), 401, null);

        String[] parts = owner.access().split("\\.");
        String tampered = parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse();
        assertProblem(get("/api/v1/merchants/me", tampered), 401, null);
        // "alg":"none" with the same claims
        String unsigned =
                java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes()) + "."
                        + parts[1] + ".";
        assertProblem(get("/api/v1/merchants/me", unsigned), 401, null);
        // a refresh token is not an access token
        assertProblem(get("/api/v1/merchants/me", owner.refresh()), 401, null);
        // signed with another secret
        SessionTokens otherSecret = new SessionTokens(new SecurityProperties(
                "another-secret-key-of-at-least-32-characters!",
                security.accessTokenTtl(),
                security.refreshTokenTtl(),
                security.inviteTtl(),
                security.masterKey(),
                null,
                null,
                null,
                null,
                false,
                security.login(),
                security.rateLimit()));
        assertProblem(get("/api/v1/merchants/me", otherSecret.access(owner.userId())), 401, null);
        assertThat(get("/api/v1/merchants/me", owner.access()).status()).isEqualTo(200);
    }

    @Test
    void refreshRotatesAndAReusedRefreshTokenEndsTheWholeFamily() {
        Session owner = register();
        Reply first = post("/api/v1/auth/refresh", null, "{\"refresh\":\"" + owner.refresh() + "\"}", Map.of());
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        String access = first.json().path("access").asText();
        String next = first.json().path("refresh").asText();
        assertThat(next).isNotEqualTo(owner.refresh());
        assertThat(get("/api/v1/merchants/me", access).status()).isEqualTo(200);

        // the spent token comes back (stolen copy): refused, and the family's newest token dies with it
        assertProblem(
                post("/api/v1/auth/refresh", null, "{\"refresh\":\"" + owner.refresh() + "\"}", Map.of()), 401, null);
        assertProblem(post("/api/v1/auth/refresh", null, "{\"refresh\":\"" + next + "\"}", Map.of()), 401, null);
        assertThat(count("SELECT count(*) FROM audit_logs WHERE action = 'auth.refresh_reused'"))
                .isGreaterThan(0);

        // another session of the same user is untouched
        Session other = login(owner.email(), PASSWORD);
        assertThat(post("/api/v1/auth/refresh", null, "{\"refresh\":\"" + other.refresh() + "\"}", Map.of())
                        .status())
                .isEqualTo(200);
    }

    @Test
    void logoutEndsTheSession() {
        Session owner = register();
        Reply out = post("/api/v1/auth/logout", null, "{\"refresh\":\"" + owner.refresh() + "\"}", Map.of());
        assertThat(out.status()).isEqualTo(200);
        assertThat(out.json().path("logged_out").asBoolean()).isTrue();
        assertProblem(
                post("/api/v1/auth/refresh", null, "{\"refresh\":\"" + owner.refresh() + "\"}", Map.of()), 401, null);
    }

    @Test
    void aRemovedUserLosesAccessAtOnceAndTheLastOwnerStays() {
        Session owner = register();
        Session developer = member(owner, "developer");
        assertThat(get("/api/v1/merchants/me", developer.access()).status()).isEqualTo(200);

        Reply removed = call("DELETE", "/api/v1/merchants/me/users/" + developer.userId(), owner.access(), null);
        assertThat(removed.status()).as(removed.body()).isEqualTo(200);
        assertProblem(get("/api/v1/merchants/me", developer.access()), 401, null);
        assertProblem(
                post("/api/v1/auth/refresh", null, "{\"refresh\":\"" + developer.refresh() + "\"}", Map.of()),
                401,
                null);
        assertProblem(
                post(
                        "/api/v1/auth/login",
                        null,
                        "{\"email\":\"" + developer.email() + "\",\"password\":\"" + PASSWORD + "\"}",
                        Map.of()),
                401,
                null);

        assertProblem(call("DELETE", "/api/v1/merchants/me/users/" + owner.userId(), owner.access(), null), 409, "id");
        Reply users = get("/api/v1/merchants/me/users", owner.access());
        assertThat(users.json().path("data").findValuesAsText("email")).containsExactly(owner.email());
    }

    @Test
    void anInvitationIsUsedOnce() {
        Session owner = register();
        Reply invited = post(
                "/api/v1/merchants/me/users",
                owner.access(),
                "{\"email\":\"dev-" + UUID.randomUUID() + "@shop.test\",\"role\":\"developer\"}",
                Map.of());
        String token = invited.json().path("invite_token").asText();
        assertThat(post(
                                "/api/v1/auth/accept-invite",
                                null,
                                "{\"token\":\"" + token + "\",\"password\":\"" + PASSWORD + "\"}",
                                Map.of())
                        .status())
                .isEqualTo(200);
        assertProblem(
                post(
                        "/api/v1/auth/accept-invite",
                        null,
                        "{\"token\":\"" + token + "\",\"password\":\"" + PASSWORD + "\"}",
                        Map.of()),
                422,
                "token");
        assertProblem(
                post(
                        "/api/v1/merchants/me/users",
                        owner.access(),
                        "{\"email\":\"x@y.test\",\"role\":\"admin\"}",
                        Map.of()),
                422,
                "role");
    }
}
