package dev.gantry.notification.delivery;

import java.util.List;

/**
 * A message for a team robot: a title and Markdown text within the platform's size limit; {@code items} notices
 * (more than one: a digest); {@code mentions} the platform account ids it @-mentions.
 */
public record RobotMessage(String title, String markdown, int items, List<String> lines, List<String> mentions) {

    public RobotMessage {
        mentions = mentions == null ? List.of() : List.copyOf(mentions);
    }
}
