package dev.gantry.task.comment;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * @-mentions in a comment: {@code @<user id>}, which is what the web app inserts when someone picks a person (user
 * ids never change, display names do).
 */
final class Mentions {

    private static final Pattern MENTION = Pattern.compile(
            "(?<![\\w@])@([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\\b");
    static final int MAX_MENTIONS = 50;

    private Mentions() {
    }

    /** The users mentioned, in order of first mention, at most {@value #MAX_MENTIONS}. */
    static List<UUID> in(String body) {
        Set<UUID> users = new LinkedHashSet<>();
        Matcher matcher = MENTION.matcher(body);
        while (matcher.find() && users.size() < MAX_MENTIONS) {
            users.add(UUID.fromString(matcher.group(1)));
        }
        return List.copyOf(users);
    }
}
