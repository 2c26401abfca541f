package dev.gantry.notification.notice;

import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The words of every notice in zh-CN and English, from {@code notifications/messages*.properties}: {@code
 * <KIND>.title} and {@code <KIND>.body} with {@code {name}} placeholders filled from the notice's params.
 */
public final class MessageTemplates {

    public static final String ZH_CN = "zh-CN";
    public static final String EN = "en";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-zA-Z]+)}");

    private final String webBaseUrl;

    public MessageTemplates(String webBaseUrl) {
        this.webBaseUrl = webBaseUrl.endsWith("/") ? webBaseUrl.substring(0, webBaseUrl.length() - 1) : webBaseUrl;
    }

    /** zh-CN for Chinese locales, English otherwise. */
    public static String language(String locale) {
        return locale != null && locale.toLowerCase(Locale.ROOT).startsWith("zh") ? ZH_CN : EN;
    }

    /** The notice as told to the person it concerns ("... was assigned to you"). */
    public RenderedMessage render(Notice notice, String locale) {
        return render(notice, locale, "");
    }

    /**
     * The notice as posted to a team's channel (a robot, a webhook): the {@code <KIND>.team.*} wording where the
     * personal one would address "you", else the same.
     */
    public RenderedMessage renderForTeam(Notice notice, String locale) {
        return render(notice, locale, ".team");
    }

    private RenderedMessage render(Notice notice, String locale, String variant) {
        ResourceBundle bundle = bundle(language(locale));
        String prefix = notice.kind().name() + (bundle.containsKey(notice.kind().name() + variant + ".title")
                ? variant : "");
        String title = fill(text(bundle, prefix + ".title"), notice, bundle);
        String body = fill(text(bundle, prefix + ".body"), notice, bundle);
        return new RenderedMessage(title, body, notice.path() == null ? null : webBaseUrl + notice.path());
    }

    /** A label in the recipient's language, e.g. the heading of a digest. */
    public String label(String key, String locale, Object... values) {
        String text = text(bundle(language(locale)), key);
        for (int i = 0; i < values.length; i++) {
            text = text.replace("{" + i + "}", String.valueOf(values[i]));
        }
        return text;
    }

    private static ResourceBundle bundle(String language) {
        return ResourceBundle.getBundle("notifications.messages",
                ZH_CN.equals(language) ? Locale.SIMPLIFIED_CHINESE : Locale.ENGLISH, ResourceBundle.Control
                        .getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    private static String text(ResourceBundle bundle, String key) {
        try {
            return bundle.getString(key);
        } catch (MissingResourceException e) {
            throw new IllegalStateException("No message template " + key, e);
        }
    }

    /**
     * A param value {@code #key|arg0|arg1} is itself a label, said in the recipient's language; several labels are
     * separated by {@code ;}.
     */
    public static String labelRef(String key, Object... args) {
        StringBuilder ref = new StringBuilder(LABEL).append(key);
        for (Object arg : args) {
            ref.append('|').append(String.valueOf(arg).replace("|", "/").replace(";", ","));
        }
        return ref.toString();
    }

    private static final String LABEL = "#";

    private static String fill(String template, Notice notice, ResourceBundle bundle) {
        Matcher matcher = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = notice.param(matcher.group(1));
            if (value.startsWith(LABEL)) {
                StringBuilder said = new StringBuilder();
                for (String ref : value.split(";")) {
                    String[] parts = ref.substring(ref.startsWith(LABEL) ? 1 : 0).split("\\|");
                    String text = text(bundle, parts[0]);
                    for (int i = 1; i < parts.length; i++) {
                        text = text.replace("{" + (i - 1) + "}", parts[i]);
                    }
                    said.append(said.isEmpty() ? "" : "; ").append(text);
                }
                value = said.toString();
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
