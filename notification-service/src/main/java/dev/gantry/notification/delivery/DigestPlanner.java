package dev.gantry.notification.delivery;

import java.util.ArrayList;
import java.util.List;

/**
 * How the notices waiting for one robot are sent within its per-minute budget: one message each while the budget
 * is comfortably larger than the queue; otherwise everything waiting goes out as digests of up to {@code maxItems}
 * notices, as many as the budget allows. What does not fit waits for the next minute: nothing is dropped.
 */
public final class DigestPlanner {

    private DigestPlanner() {
    }

    /**
     * @param waiting  notices waiting, oldest first
     * @param budget   messages the robot still accepts in the current minute
     * @return the messages to send now, each a list of notices (one notice: a single message; more: a digest)
     */
    public static <T> List<List<T>> plan(List<T> waiting, int budget, int maxItems) {
        List<List<T>> messages = new ArrayList<>();
        if (waiting.isEmpty() || budget <= 0) {
            return messages;
        }
        // keep one message in reserve while sending singly, so a burst right after still fits into a digest
        if (waiting.size() < budget) {
            waiting.forEach(notice -> messages.add(List.of(notice)));
            return messages;
        }
        for (int from = 0; from < waiting.size() && messages.size() < budget; from += maxItems) {
            messages.add(List.copyOf(waiting.subList(from, Math.min(from + maxItems, waiting.size()))));
        }
        return messages;
    }
}
