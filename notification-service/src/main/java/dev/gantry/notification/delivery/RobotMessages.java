package dev.gantry.notification.delivery;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Component;

import dev.gantry.notification.notice.Channel;
import dev.gantry.notification.notice.MessageTemplates;
import dev.gantry.notification.notice.Notice;
import dev.gantry.notification.notice.RenderedMessage;

/**
 * Puts notices into robot Markdown within each platform's documented size limit (DingTalk markdown 20,000 bytes,
 * WeCom markdown content 4,096 bytes, Feishu request body 20 KB — see docs/notifications.md). A single notice is its
 * title and text; several are a digest with one line per notice.
 */
@Component
public class RobotMessages {

    private static final int LINE_BYTES = 240;

    private final MessageTemplates templates;

    RobotMessages(MessageTemplates templates) {
        this.templates = templates;
    }

    /** Bytes of Markdown the platform accepts in one message, with room left for the JSON around it. */
    public static int limitBytes(Channel platform) {
        return switch (platform) {
            case WECOM -> 4_000;
            case DINGTALK -> 18_000;
            case FEISHU -> 16_000;
            default -> 16_000;
        };
    }

    /** Notices per digest that surely fit the platform's limit. */
    public static int maxItems(Channel platform, int configured) {
        return Math.max(1, Math.min(configured, (limitBytes(platform) - 200) / (LINE_BYTES + 8)));
    }

    public RobotMessage single(Notice notice, String locale, Channel platform) {
        RenderedMessage message = templates.renderForTeam(notice, locale);
        String text = "#### " + plain(message.title()) + "\n\n" + plain(message.body())
                + (message.link() == null ? "" : "\n\n[" + templates.label("mail.open", locale) + "](" + message.link()
                        + ")");
        List<String> mentions = mentions(List.of(notice), platform);
        return new RobotMessage(message.title(), cut(text, limitBytes(platform) - 400) + mentionText(mentions, platform),
                1, List.of(message.title()), mentions);
    }

    public RobotMessage digest(List<Notice> notices, String locale, Channel platform) {
        String title = templates.label("digest.title", locale, notices.size());
        StringBuilder text = new StringBuilder("#### ").append(title).append("\n\n");
        List<String> lines = new ArrayList<>();
        for (Notice notice : notices) {
            RenderedMessage message = templates.renderForTeam(notice, locale);
            String line = cut(plain(message.body()), LINE_BYTES);
            lines.add(line);
            text.append("- ").append(line);
            if (message.link() != null) {
                text.append(" [»](").append(message.link()).append(")");
            }
            text.append("\n");
        }
        List<String> mentions = mentions(notices, platform);
        return new RobotMessage(title, cut(text.toString(), limitBytes(platform) - 400)
                + mentionText(mentions, platform), notices.size(), lines, mentions);
    }

    /** The accounts to @-mention on this platform (at most 20, the limit of the @ list). */
    private static List<String> mentions(List<Notice> notices, Channel platform) {
        return notices.stream().flatMap(n -> java.util.Arrays.stream(n.param(Notice.MENTION + platform.name())
                .split(","))).map(String::strip).filter(id -> id.matches("[A-Za-z0-9_\\-.:$@]{1,64}"))
                .distinct().limit(20).toList();
    }

    /**
     * How each platform's Markdown mentions someone: DingTalk "@userId" in the text (with the ids in {@code
     * at.atUserIds}), WeCom "<@userid>", Feishu "<at id=open_id></at>".
     */
    private static String mentionText(List<String> mentions, Channel platform) {
        if (mentions.isEmpty()) {
            return "";
        }
        return "\n\n" + String.join(" ", mentions.stream().map(id -> switch (platform) {
            case WECOM -> "<@" + id + ">";
            case FEISHU -> "<at id=" + id + "></at>";
            default -> "@" + id;
        }).toList());
    }

    /** User text as robot Markdown: one paragraph, no headings or HTML that the text did not mean. */
    private static String plain(String text) {
        return text.replace('\r', ' ').replace('\n', ' ').replace("<", "&lt;").replace(">", "&gt;")
                .replace("#", "＃");
    }

    static String cut(String text, int maxBytes) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= maxBytes) {
            return text;
        }
        int end = text.length();
        while (end > 0 && text.substring(0, end).getBytes(StandardCharsets.UTF_8).length > maxBytes - 3) {
            end -= Math.max(1, (end / 20));
        }
        return text.substring(0, end) + "…";
    }
}
