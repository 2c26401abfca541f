package dev.gantry.notification.delivery;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import dev.gantry.notification.integration.IntegrationSecrets;

/**
 * Feishu custom bot (飞书自定义机器人): POST to its webhook URL an interactive card (header title, one lark_md
 * block), with {@code timestamp} (seconds) and {@code sign} (Base64 HmacSHA256 keyed by timestamp + "\n" + secret
 * over an empty message) in the body when it has a signing secret. Success is {@code code} 0.
 */
@Component
public class FeishuBot {

    private final WebhookClient client;
    private final JsonMapper json;
    private final Clock clock;

    FeishuBot(WebhookClient client, JsonMapper json, Clock clock) {
        this.client = client;
        this.json = json;
        this.clock = clock;
    }

    /** Answers a chat command in the group, right away (a lost answer is not retried: the user asks again). */
    public void reply(IntegrationSecrets bot, String title, String markdown) {
        try {
            send(bot, new RobotMessage(title, markdown, 1, List.of(title), List.of()));
        } catch (SendFailure e) {
            org.slf4j.LoggerFactory.getLogger(FeishuBot.class).warn("Could not answer in Feishu: {}",
                    e.getMessage());
        }
    }

    public void send(IntegrationSecrets bot, RobotMessage message) throws SendFailure {
        Map<String, Object> body = new LinkedHashMap<>();
        if (bot.secret() != null) {
            long timestamp = clock.instant().getEpochSecond();
            body.put("timestamp", Long.toString(timestamp));
            body.put("sign", Signatures.feishu(timestamp, bot.secret()));
        }
        body.put("msg_type", "interactive");
        body.put("card", Map.of(
                "config", Map.of("wide_screen_mode", true),
                "header", Map.of("title", Map.of("tag", "plain_text", "content", message.title()),
                        "template", "blue"),
                "elements", List.of(Map.of("tag", "div",
                        "text", Map.of("tag", "lark_md", "content", message.markdown())))));
        RobotAnswers.check("Feishu", client.post(bot.url(), json.writeValueAsString(body), Map.of()), json, "code",
                "msg");
    }
}
