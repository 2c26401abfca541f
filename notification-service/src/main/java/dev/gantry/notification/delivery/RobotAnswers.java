package dev.gantry.notification.delivery;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads a robot's answer: robots say 200 even when they refuse, with an error code in the body. */
final class RobotAnswers {

    private RobotAnswers() {
    }

    static void check(String platform, WebhookClient.Response response, JsonMapper json, String codeField,
            String messageField) throws SendFailure {
        if (!response.ok()) {
            throw new SendFailure(platform + " answered HTTP " + response.status(),
                    response.status() >= 500 || response.status() == 429 || response.status() == 408);
        }
        JsonNode answer;
        try {
            answer = json.readTree(response.body());
        } catch (RuntimeException e) {
            throw new SendFailure(platform + " answered something that is not JSON", true);
        }
        JsonNode code = answer.get(codeField);
        if (code != null && code.asInt() != 0) {
            throw new SendFailure(platform + " refused the message: " + code.asInt() + " "
                    + (answer.get(messageField) == null ? "" : answer.get(messageField).asString()), true);
        }
    }
}
