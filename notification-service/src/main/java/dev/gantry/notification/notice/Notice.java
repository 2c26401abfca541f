package dev.gantry.notification.notice;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One thing worth telling, before it is put into words: its kind, the project and object it concerns, the path of
 * the page that shows it, and the values its message templates fill in. Rendered per recipient's language.
 */
public record Notice(NoticeKind kind, UUID projectId, UUID subjectId, String path, Map<String, String> params) {

    /** The param prefix of the chat accounts a team robot @-mentions ({@code mention.DINGTALK} = ids, comma-separated). */
    public static final String MENTION = "mention.";

    public Notice {
        Objects.requireNonNull(kind, "kind");
        params = params == null ? Map.of() : Map.copyOf(withoutNulls(params));
    }

    private static Map<String, String> withoutNulls(Map<String, String> params) {
        Map<String, String> copy = new LinkedHashMap<>();
        params.forEach((k, v) -> copy.put(k, v == null ? "" : v));
        return copy;
    }

    public String param(String name) {
        return params.getOrDefault(name, "");
    }
}
