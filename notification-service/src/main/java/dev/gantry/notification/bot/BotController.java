package dev.gantry.notification.bot;

import java.time.Clock;
import java.util.Map;
import java.util.UUID;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.gantry.common.tenant.TenantContext;
import dev.gantry.common.web.ProblemException;
import dev.gantry.common.web.Problems;
import dev.gantry.events.users.ChatPlatform;
import dev.gantry.notification.delivery.FeishuBot;
import dev.gantry.notification.integration.IntegrationSecrets;
import dev.gantry.notification.integration.Integrations;
import dev.gantry.notification.notice.Channel;
import dev.gantry.notification.recipient.Recipients;

/**
 * Signed bot callbacks (public at the gateway: the signature is the authentication). The path names the
 * integration whose inbound secret signs the callback; a bad or missing signature, a stale timestamp or an unknown
 * integration all get the same 401 problem and change nothing.
 */
@RestController
@RequestMapping("/api/v1/bots")
class BotController {

    static final java.net.URI BAD_SIGNATURE = Problems.type("bot-signature-invalid");

    private final Integrations integrations;
    private final Recipients recipients;
    private final BotCommands commands;
    private final BotProperties properties;
    private final JsonMapper json;
    private final Clock clock;
    private final StringRedisTemplate redis;
    private final FeishuBot feishuBot;

    BotController(Integrations integrations, Recipients recipients, BotCommands commands, BotProperties properties,
            JsonMapper json, Clock clock, StringRedisTemplate redis, FeishuBot feishuBot) {
        this.redis = redis;
        this.feishuBot = feishuBot;
        this.integrations = integrations;
        this.recipients = recipients;
        this.commands = commands;
        this.properties = properties;
        this.json = json;
        this.clock = clock;
    }

    /**
     * DingTalk outgoing robot: headers {@code timestamp} and {@code sign}, JSON body with {@code senderStaffId} and
     * {@code text.content}; the answer is a markdown message DingTalk posts into the conversation.
     */
    @PostMapping(path = "/dingtalk/{integrationId}", consumes = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> dingTalk(@PathVariable UUID integrationId, @RequestBody String body,
            @RequestHeader(name = "timestamp", required = false) String timestamp,
            @RequestHeader(name = "sign", required = false) String sign) {
        return within(integrationId, Channel.DINGTALK, robot -> {
            if (!CallbackSignatures.dingTalk(timestamp, sign, robot.inboundSecret(), clock.instant(),
                    properties.maxClockSkew())) {
                throw badSignature();
            }
            JsonNode message = read(body);
            firstTime(integrationId, sign);
            String sender = text(message, "senderStaffId");
            String content = message.path("text").path("content").asString("");
            BotReply reply = recipients.linkedUser(ChatPlatform.DINGTALK, sender)
                    .map(user -> commands.handle(robot.tenantId(), user, content, "DingTalk"))
                    .orElseGet(() -> commands.notLinked("钉钉 DingTalk"));
            return Map.of("msgtype", "markdown", "markdown", Map.of("title", reply.title(), "text", reply.markdown()));
        });
    }

    /**
     * Feishu event subscription for the app behind a Feishu integration (its {@code inboundSecret} is the app's
     * Encrypt Key): the {@code url_verification} challenge, and {@code im.message.receive_v1} text messages as
     * commands. Feishu expects only a quick 200 here; the answer is posted into the group through the integration's
     * custom bot webhook.
     */
    @PostMapping(path = "/feishu/{integrationId}", consumes = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> feishu(@PathVariable UUID integrationId, @RequestBody String body,
            @RequestHeader(name = "X-Lark-Request-Timestamp", required = false) String timestamp,
            @RequestHeader(name = "X-Lark-Request-Nonce", required = false) String nonce,
            @RequestHeader(name = "X-Lark-Signature", required = false) String signature) {
        return within(integrationId, Channel.FEISHU, bot -> {
            String encryptKey = bot.inboundSecret();
            JsonNode outer = read(body);
            JsonNode event = encryptKey == null || !outer.hasNonNull("encrypt") ? null
                    : FeishuCallbacks.decrypt(outer.get("encrypt").asString(), encryptKey).map(this::read)
                            .orElse(null);
            if (event == null) {
                throw badSignature();
            }
            if ("url_verification".equals(text(event, "type"))) {
                // decrypting it proved the sender knows the Encrypt Key; Feishu sends no signature with it
                return Map.of("challenge", text(event, "challenge"));
            }
            if (!FeishuCallbacks.signed(timestamp, nonce, signature, encryptKey, body, clock.instant(),
                    properties.maxClockSkew())) {
                throw badSignature();
            }
            firstTime(integrationId, signature);
            JsonNode message = event.path("event").path("message");
            if (!"im.message.receive_v1".equals(event.path("header").path("event_type").asString(""))
                    || !"text".equals(message.path("message_type").asString(""))) {
                return Map.of();
            }
            String openId = event.path("event").path("sender").path("sender_id").path("open_id").asString("");
            String content = read(message.path("content").asString("{}")).path("text").asString("")
                    .replaceAll("@_user_\\d+", "").strip();
            BotReply reply = recipients.linkedUser(ChatPlatform.FEISHU, openId)
                    .map(user -> commands.handle(bot.tenantId(), user, content, "Feishu"))
                    .orElseGet(() -> commands.notLinked("飞书 Feishu"));
            feishuBot.reply(bot, reply.title(), reply.markdown());
            return Map.of();
        });
    }

    /**
     * Gantry's generic signed callback, for chat tools without a native protocol here: headers {@code
     * X-Gantry-Timestamp} and {@code X-Gantry-Signature} (as on outgoing webhooks), JSON body {@code {"userId",
     * "text"}}; the answer is {@code {"title", "text"}} in Markdown.
     */
    @PostMapping(path = "/generic/{integrationId}", consumes = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> generic(@PathVariable UUID integrationId, @RequestBody String body,
            @RequestHeader(name = "X-Gantry-Timestamp", required = false) String timestamp,
            @RequestHeader(name = "X-Gantry-Signature", required = false) String signature) {
        return within(integrationId, Channel.WEBHOOK, hook -> {
            String secret = hook.inboundSecret() != null ? hook.inboundSecret() : hook.secret();
            if (!CallbackSignatures.gantry(timestamp, signature, body, secret, clock.instant(),
                    properties.maxClockSkew())) {
                throw badSignature();
            }
            JsonNode message = read(body);
            firstTime(integrationId, signature);
            UUID user;
            try {
                user = UUID.fromString(text(message, "userId"));
            } catch (IllegalArgumentException e) {
                throw new ProblemException(HttpStatus.BAD_REQUEST, Problems.VALIDATION, "Invalid callback",
                        "userId must be the id of a Gantry user.");
            }
            BotReply reply = recipients.find(user).filter(r -> r.active())
                    .map(r -> commands.handle(hook.tenantId(), r.userId(), text(message, "text"), "webhook"))
                    .orElseGet(() -> commands.notLinked("webhook"));
            return Map.of("title", reply.title(), "text", reply.markdown());
        });
    }

    private Map<String, Object> within(UUID integrationId, Channel platform,
            java.util.function.Function<IntegrationSecrets, Map<String, Object>> work) {
        UUID tenant = integrations.tenantOf(integrationId).orElseThrow(BotController::badSignature);
        return TenantContext.callAs(tenant, () -> {
            IntegrationSecrets integration = integrations.secretsOf(integrationId)
                    .filter(i -> i.platform() == platform).orElseThrow(BotController::badSignature);
            return work.apply(integration);
        });
    }

    /**
     * Refuses a signed callback seen before (a captured request replayed within the signature's time window): its
     * signature is remembered in Redis for twice that window.
     */
    private void firstTime(UUID integrationId, String signature) {
        Boolean first = redis.opsForValue().setIfAbsent("gantry:bots:seen:" + integrationId + ":" + signature, "1",
                properties.maxClockSkew().multipliedBy(2));
        if (!Boolean.TRUE.equals(first)) {
            throw new ProblemException(HttpStatus.CONFLICT, Problems.type("bot-callback-replayed"),
                    "Callback already received", "This signed callback was received before; it is not run twice.");
        }
    }

    private JsonNode read(String body) {
        if (body.length() > 64 * 1024) {
            throw new ProblemException(HttpStatus.CONTENT_TOO_LARGE, Problems.PAYLOAD_TOO_LARGE, "Too large",
                    "A bot callback is at most 64 KB.");
        }
        try {
            return json.readTree(body);
        } catch (RuntimeException e) {
            throw new ProblemException(HttpStatus.BAD_REQUEST, Problems.MALFORMED_REQUEST, "Malformed callback",
                    "The callback body is not JSON.");
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? "" : value.asString();
    }

    private static ProblemException badSignature() {
        return new ProblemException(HttpStatus.UNAUTHORIZED, BAD_SIGNATURE, "Invalid signature",
                "The callback's signature or timestamp is missing, wrong or too old.");
    }
}
