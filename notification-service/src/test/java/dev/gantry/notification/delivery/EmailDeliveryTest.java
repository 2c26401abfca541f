package dev.gantry.notification.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import dev.gantry.events.tasks.TaskEvents;
import dev.gantry.events.tasks.UsersMentioned;
import dev.gantry.notification.support.NotificationScenario;
import dev.gantry.test.TestEvents;

/**
 * E-mail through a real SMTP server (GreenMail): language by the recipient's locale, a plain-text alternative, HTML
 * with nothing a user wrote turned into markup; and the recipient's preferences and quiet hours respected.
 */
class EmailDeliveryTest extends NotificationScenario {

    private static final String EVIL = "see <script>alert('x')</script><img src=x onerror=alert(1)> **now**";

    @Test
    void aMentionIsMailedInEachRecipientsLanguageWithATextAlternativeAndSanitizedHtml() throws Exception {
        UUID author = user("Author", "en", "UTC");
        UUID chinese = user("Zhang San", "zh-CN", "Asia/Shanghai");
        UUID english = user("Jane Roe", "en", "Europe/London");
        UUID project = project("MAIL", List.of(author), List.of(chinese, english));

        TestEvents.publish(TaskEvents.MENTIONED, tenant.tenantId(), UUID.randomUUID(), 1, new UsersMentioned(
                UUID.randomUUID(), UUID.randomUUID(), project, "MAIL-3", "支付回调 <b>timeout</b>", author,
                List.of(chinese, english, author), EVIL));

        MimeMessage zh = await().atMost(WAIT).until(() -> mailTo(chinese), m -> m != null);
        MimeMessage en = await().atMost(WAIT).until(() -> mailTo(english), m -> m != null);
        assertThat(mailTo(author)).isNull();

        assertThat(zh.getSubject()).isEqualTo("[Gantry] Author 在 MAIL-3 中提到了你");
        assertThat(en.getSubject()).isEqualTo("[Gantry] Author mentioned you on MAIL-3");
        assertThat(en.getHeader("X-Gantry-Delivery")).hasSize(1);
        for (MimeMessage message : List.of(zh, en)) {
            Multipart alternative = alternative(message);
            String text = part(alternative, "text/plain");
            String html = part(alternative, "text/html");
            assertThat(text).contains("MAIL-3").contains("<script>alert('x')</script>");
            assertThat(html).contains("MAIL-3").doesNotContain("<script").doesNotContain("<img")
                    .doesNotContain("onerror=alert").doesNotContain("<b>").contains("&lt;script&gt;");
        }
        assertThat(part(alternative(zh), "text/plain")).contains("在 Gantry 中打开");
        assertThat(part(alternative(en), "text/plain")).contains("Open in Gantry: http://localhost:8080/projects/"
                + project + "/tasks/MAIL-3");
    }

    @Test
    void preferencesSwitchOffAChannelAndQuietHoursDeferMailToTheirEndInTheUsersTimeZone() {
        UUID author = user("Author", "en", "UTC");
        UUID muted = user("Muted Mail", "en", "UTC");
        UUID sleeper = user("Night Owl", "zh-CN", "Asia/Tokyo");
        UUID project = project("PRF", List.of(author), List.of(muted, sleeper));
        String mutedToken = bearer(muted, "MEMBER");
        http.get().uri("/api/v1/notification-preferences").header(HttpHeaders.AUTHORIZATION, mutedToken).exchange()
                .expectStatus().isOk().expectHeader().valueEquals(HttpHeaders.ETAG, "\"0\"");
        put(mutedToken, null, """
                {"settings": [{"kind": "MENTIONED", "channel": "EMAIL", "enabled": false}]}
                """).expectStatus().isEqualTo(428);
        put(mutedToken, "\"0\"", """
                {"settings": [{"kind": "MENTIONED", "channel": "EMAIL", "enabled": false}]}
                """).expectStatus().isOk().expectHeader().valueEquals(HttpHeaders.ETAG, "\"1\"");
        put(mutedToken, "\"0\"", """
                {"settings": []}
                """).expectStatus().isEqualTo(412);
        put(mutedToken, "\"1\"", """
                {"settings": [{"kind": "MENTIONED", "channel": "WEBHOOK", "enabled": false}]}
                """).expectStatus().isBadRequest();
        http.get().uri("/api/v1/notification-preferences").header(HttpHeaders.AUTHORIZATION, mutedToken).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.settings[?(@.kind == 'MENTIONED' && @.channel == 'EMAIL')].enabled").isEqualTo(false)
                .jsonPath("$.settings[?(@.kind == 'MENTIONED' && @.channel == 'IN_APP')].enabled").isEqualTo(true);

        // quiet from an hour ago to an hour from now, in Tokyo
        ZoneId tokyo = ZoneId.of("Asia/Tokyo");
        LocalTime start = Instant.now().minusSeconds(3600).atZone(tokyo).toLocalTime().withSecond(0).withNano(0);
        LocalTime end = Instant.now().plusSeconds(3600).atZone(tokyo).toLocalTime().withSecond(0).withNano(0);
        put(bearer(sleeper, "MEMBER"), "\"0\"", """
                {"settings": [], "quietHours": {"start": "%s", "end": "%s"}}
                """.formatted(start, end)).expectStatus().isOk().expectBody()
                .jsonPath("$.quietHours.start").isEqualTo(start.toString());

        UUID eventId = TestEvents.publish(TaskEvents.MENTIONED, tenant.tenantId(), UUID.randomUUID(), 1,
                new UsersMentioned(UUID.randomUUID(), UUID.randomUUID(), project, "PRF-1", "Quiet", author,
                        List.of(muted, sleeper), "ping"));

        await().atMost(WAIT).until(() -> count(tenant, "notifications where event_id = '" + eventId + "'") == 2);
        assertThat(count(tenant, "deliveries where event_id = '" + eventId + "' and user_id = '" + muted + "'"))
                .isZero();
        Instant deferredTo = as(tenant, () -> jdbc.sql("""
                select next_attempt_at from deliveries where event_id = :event and user_id = :user and status = 'PENDING'
                """).param("event", eventId).param("user", sleeper).query(java.sql.Timestamp.class).single())
                .toInstant();
        assertThat(deferredTo.atZone(tokyo).toLocalTime()).isEqualTo(end);
        assertThat(deferredTo).isAfter(Instant.now());
    }

    private org.springframework.test.web.servlet.client.RestTestClient.ResponseSpec put(String token, String ifMatch,
            String body) {
        var request = http.put().uri("/api/v1/notification-preferences").header(HttpHeaders.AUTHORIZATION, token)
                .contentType(MediaType.APPLICATION_JSON);
        if (ifMatch != null) {
            request = request.header(HttpHeaders.IF_MATCH, ifMatch);
        }
        return request.body(body).exchange();
    }

    private MimeMessage mailTo(UUID user) throws Exception {
        String address = as(tenant, () -> jdbc.sql("select email from recipients where user_id = :id")
                .param("id", user).query(String.class).single());
        return Arrays.stream(servers.mail().getReceivedMessages()).filter(m -> {
            try {
                return m.getAllRecipients()[0].toString().equals(address);
            } catch (jakarta.mail.MessagingException e) {
                return false;
            }
        }).findFirst().orElse(null);
    }

    /** The multipart/alternative inside the message (Spring nests it in mixed and related parts). */
    private static Multipart alternative(MimeMessage message) throws Exception {
        Multipart found = findAlternative((Multipart) message.getContent());
        assertThat(found).as("a multipart/alternative part").isNotNull();
        return found;
    }

    private static Multipart findAlternative(Multipart multipart) throws Exception {
        if (multipart.getContentType().toLowerCase().startsWith("multipart/alternative")) {
            return multipart;
        }
        for (int i = 0; i < multipart.getCount(); i++) {
            if (multipart.getBodyPart(i).getContent() instanceof Multipart inner) {
                Multipart found = findAlternative(inner);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static String part(Multipart multipart, String type) throws Exception {
        for (int i = 0; i < multipart.getCount(); i++) {
            BodyPart part = multipart.getBodyPart(i);
            if (part.isMimeType(type)) {
                return part.getContent().toString();
            }
        }
        throw new AssertionError("No " + type + " part");
    }
}
