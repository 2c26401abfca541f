package dev.gantry.notification.bot;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A command typed to a Gantry robot in a chat: {@code my tasks} (我的任务), {@code task PAY-12} (任务 PAY-12),
 * {@code approve <release> <stage>} (审批 ...), anything else gets the help text. A leading @mention of the robot
 * is ignored. Release names with spaces are quoted: {@code approve "Payments 2.3" 灰度发布}.
 */
public sealed interface BotCommand {

    record MyTasks() implements BotCommand {
    }

    record ShowTask(String key) implements BotCommand {
    }

    record Approve(String release, String stage) implements BotCommand {
    }

    record Help(String text) implements BotCommand {
    }

    Pattern TASK = Pattern.compile("(?i)(?:task|任务)\\s+([A-Za-z][A-Za-z0-9]{0,9}-\\d{1,9})");
    Pattern APPROVE = Pattern.compile("(?i)(?:approve|审批|批准)\\s+(\"[^\"]{1,200}\"|\\S{1,200})\\s+(\"[^\"]{1,200}\"|\\S{1,200})");

    static BotCommand parse(String text) {
        String command = text == null ? "" : text.strip().replaceFirst("^@\\S+\\s+", "").strip();
        if (command.length() > 500) {
            return new Help(command.substring(0, 50));
        }
        String lower = command.toLowerCase(Locale.ROOT);
        if (lower.equals("my tasks") || command.equals("我的任务")) {
            return new MyTasks();
        }
        Matcher task = TASK.matcher(command);
        if (task.matches()) {
            return new ShowTask(task.group(1).toUpperCase(Locale.ROOT));
        }
        Matcher approve = APPROVE.matcher(command);
        if (approve.matches()) {
            return new Approve(unquote(approve.group(1)), unquote(approve.group(2)));
        }
        return new Help(command);
    }

    private static String unquote(String text) {
        return text.startsWith("\"") && text.endsWith("\"") ? text.substring(1, text.length() - 1) : text;
    }
}
