package dev.gantry.notification.delivery;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;

import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import dev.gantry.notification.integration.IntegrationSecrets;

/**
 * DingTalk custom robot (钉钉自定义机器人): POST to its webhook URL, with {@code timestamp} (ms) and {@code sign}
 * (URL-encoded Base64 HmacSHA256 of timestamp + "\n" + secret) appended when it has a signing secret; markdown
 * msgtype. It answers 200 with {@code errcode} 0 on success; 130101 means it is rate limited (retry later).
 */
@Component
public class DingTalkRobot {

    private final WebhookClient client;
    private final JsonMapper json;
    private final Clock clock;

    DingTalkRobot(WebhookClient client, JsonMapper json, Clock clock) {
        this.client = client;
        this.json = json;
        this.clock = clock;
    }

    public void send(IntegrationSecrets robot, RobotMessage message) throws SendFailure {
        String url = robot.url();
        if (robot.secret() != null) {
            long timestamp = clock.millis();
            url += (url.contains("?") ? "&" : "?") + "timestamp=" + timestamp + "&sign="
                    + URLEncoder.encode(Signatures.dingTalk(timestamp, robot.secret()), StandardCharsets.UTF_8);
        }
        String body = json.writeValueAsString(Map.of("msgtype", "markdown",
                "markdown", Map.of("title", message.title(), "text", message.markdown()),
                "at", Map.of("atUserIds", message.mentions(), "isAtAll", false)));
        WebhookClient.Response response = client.post(url, body, Map.of());
        RobotAnswers.check("DingTalk", response, json, "errcode", "errmsg");
    }
}
