package dev.gantry.notification.bot;

/** What the robot answers in the chat: a title and Markdown text. */
public record BotReply(String title, String markdown) {
}
