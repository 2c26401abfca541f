package dev.gantry.notification.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How the notices waiting for one robot are sent within its per-minute limit. While less than half of the minute's
 * budget is used, each notice is its own message. Beyond that the robot is paced: at most one send every
 * (minute / limit), and what waits by then goes out together as a digest (split into digests of at most {@code
 * maxItems} notices). A burst therefore costs a few digests instead of exhausting the limit, the limit is never
 * exceeded, and nothing is dropped: what does not fit now waits for a later round.
 */
public final class DigestPlanner {

    private DigestPlanner() {
    }

    /**
     * @param waiting          notices waiting, oldest first
     * @param usedThisMinute   messages sent to the robot in the last minute
     * @param limit            messages the robot accepts per minute
     * @param sinceLastMessage time since the last message to the robot, or null if none in the last minute
     * @return the messages to send now, each a list of notices (one notice: a single message; more: a digest)
     */
    public static <T> List<List<T>> plan(List<T> waiting, int usedThisMinute, int limit, Duration sinceLastMessage,
            int maxItems) {
        List<List<T>> messages = new ArrayList<>();
        int budget = limit - usedThisMinute;
        if (waiting.isEmpty() || budget <= 0) {
            return messages;
        }
        int freeSingles = limit / 2 - usedThisMinute;
        if (waiting.size() <= freeSingles) {
            waiting.forEach(notice -> messages.add(List.of(notice)));
            return messages;
        }
        Duration spacing = Duration.ofMinutes(1).dividedBy(Math.max(1, limit));
        if (sinceLastMessage != null && sinceLastMessage.compareTo(spacing) < 0) {
            return messages;
        }
        for (int from = 0; from < waiting.size() && messages.size() < budget; from += maxItems) {
            messages.add(List.copyOf(waiting.subList(from, Math.min(from + maxItems, waiting.size()))));
        }
        return messages;
    }
}
