package dev.gantry.notification.delivery;

import java.util.Map;

import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import dev.gantry.notification.integration.IntegrationSecrets;

/**
 * WeCom group robot (企业微信群机器人): POST to its webhook URL (the key is in the URL; WeCom signs nothing), markdown
 * msgtype with {@code content} up to 4,096 bytes. Success is {@code errcode} 0; 45009 means rate limited.
 */
@Component
public class WeComRobot {

    private final WebhookClient client;
    private final JsonMapper json;

    WeComRobot(WebhookClient client, JsonMapper json) {
        this.client = client;
        this.json = json;
    }

    public void send(IntegrationSecrets robot, RobotMessage message) throws SendFailure {
        String body = json.writeValueAsString(Map.of("msgtype", "markdown",
                "markdown", Map.of("content", message.markdown())));
        RobotAnswers.check("WeCom", client.post(robot.url(), body, Map.of()), json, "errcode", "errmsg");
    }
}
