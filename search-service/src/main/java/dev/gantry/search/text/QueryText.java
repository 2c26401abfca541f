package dev.gantry.search.text;

import java.util.ArrayList;
import java.util.List;

/**
 * What a user typed into the search box, split for the analyzers this Elasticsearch has: the standard analyzer
 * indexes Chinese (and Japanese, Korean) one character per token, so a CJK run must match as a phrase (its characters
 * next to each other), while other words match as terms. "支付回调 timeout" is the phrase 支付回调 and the term
 * timeout; "支付 回调" are two phrases that may appear apart. A "quoted part" is one phrase whatever its script.
 *
 * @param phrases CJK runs and quoted parts, each to match as a phrase
 * @param terms   the other words, each to match as a term
 */
public record QueryText(List<String> phrases, List<String> terms) {

    public QueryText {
        phrases = List.copyOf(phrases);
        terms = List.copyOf(terms);
    }

    public boolean isEmpty() {
        return phrases.isEmpty() && terms.isEmpty();
    }

    public static QueryText parse(String text) {
        List<String> phrases = new ArrayList<>();
        List<String> terms = new ArrayList<>();
        if (text == null) {
            return new QueryText(phrases, terms);
        }
        StringBuilder word = new StringBuilder();
        StringBuilder cjk = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            if (c == '"') {
                flush(word, terms);
                flush(cjk, phrases);
                int end = text.indexOf('"', i);
                String quoted = (end < 0 ? text.substring(i) : text.substring(i, end)).strip();
                if (!quoted.isEmpty()) {
                    phrases.add(quoted);
                }
                i = end < 0 ? text.length() : end + 1;
            } else if (isCjk(c)) {
                flush(word, terms);
                cjk.appendCodePoint(c);
            } else if (Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.') {
                flush(cjk, phrases);
                word.appendCodePoint(c);
            } else {
                flush(word, terms);
                flush(cjk, phrases);
            }
        }
        flush(word, terms);
        flush(cjk, phrases);
        return new QueryText(phrases, terms);
    }

    /** Han ideographs, kana and hangul: scripts the standard analyzer splits into single characters. */
    static boolean isCjk(int codePoint) {
        Character.UnicodeScript script = Character.UnicodeScript.of(codePoint);
        return script == Character.UnicodeScript.HAN || script == Character.UnicodeScript.HIRAGANA
                || script == Character.UnicodeScript.KATAKANA || script == Character.UnicodeScript.HANGUL;
    }

    private static void flush(StringBuilder buffer, List<String> into) {
        String value = buffer.toString().replaceAll("^[-_.]+|[-_.]+$", "");
        if (!value.isEmpty()) {
            into.add(value);
        }
        buffer.setLength(0);
    }
}
