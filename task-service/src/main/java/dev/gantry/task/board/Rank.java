package dev.gantry.task.board;

import java.util.ArrayList;
import java.util.List;

/**
 * Lexicographic ranks of cards (compared byte-wise, the column's {@code collate "C"}): a card moved between two others
 * gets a rank strictly between theirs, so a move writes one row instead of renumbering the column. Digits are base 62
 * ({@code 0-9A-Za-z}); no rank ends in {@code 0}, so there is always room before any rank.
 */
public final class Rank {

    private static final String DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final int BASE = DIGITS.length();
    /** Ranks longer than this are a sign of many moves into one gap; the column is then spread out again. */
    public static final int REBALANCE_LENGTH = 48;
    /** Places of a rank that {@link #after} counts in: 62^6 appends before it needs a longer rank. */
    static final int APPEND_WIDTH = 6;

    private Rank() {
    }

    /** A rank strictly after {@code lo} and strictly before {@code hi}; null means the start or the end. */
    public static String between(String lo, String hi) {
        String low = lo == null ? "" : lo;
        if (hi != null && low.compareTo(hi) >= 0) {
            throw new IllegalArgumentException("No rank between " + lo + " and " + hi);
        }
        StringBuilder rank = new StringBuilder();
        String high = hi;
        for (int i = 0; ; i++) {
            int l = i < low.length() ? digit(low.charAt(i)) : 0;
            int h = high != null && i < high.length() ? digit(high.charAt(i)) : BASE;
            if (l == h) {
                rank.append(DIGITS.charAt(l));
                continue;
            }
            int mid = (l + h) / 2;
            if (mid > l) {
                return rank.append(DIGITS.charAt(mid)).toString();
            }
            // adjacent digits: keep the lower one; what follows only has to exceed the rest of lo
            rank.append(DIGITS.charAt(l));
            high = null;
        }
    }

    /**
     * A rank after {@code lo} that stays short however often it is applied (new tasks go to the bottom one after
     * another): {@code lo}'s first {@value #APPEND_WIDTH} digits plus one in the last place, instead of halving the
     * gap to the end, which would grow the rank by a digit every few tasks.
     */
    public static String after(String lo) {
        if (lo == null || lo.isEmpty()) {
            return between(null, null);
        }
        StringBuilder padded = new StringBuilder(lo.length() >= APPEND_WIDTH ? lo.substring(0, APPEND_WIDTH) : lo);
        while (padded.length() < APPEND_WIDTH) {
            padded.append(DIGITS.charAt(0));
        }
        for (int i = APPEND_WIDTH - 1; i >= 0; i--) {
            int digit = digit(padded.charAt(i));
            if (digit < BASE - 1) {
                // the same prefix with a larger digit sorts after lo whatever followed in lo
                return padded.substring(0, i) + DIGITS.charAt(digit + 1);
            }
        }
        return between(lo, null);
    }

    /** {@code count} ranks evenly spread over the whole space, in order: for a fresh column or a rebalance. */
    public static List<String> spread(int count) {
        List<String> ranks = new ArrayList<>(count);
        int width = 1;
        long space = BASE;
        while (space <= count) {
            width++;
            space *= BASE;
        }
        long step = space / (count + 1);
        for (int i = 1; i <= count; i++) {
            ranks.add(encode(step * i, width));
        }
        return ranks;
    }

    private static String encode(long value, int width) {
        char[] chars = new char[width];
        for (int i = width - 1; i >= 0; i--) {
            chars[i] = DIGITS.charAt((int) (value % BASE));
            value /= BASE;
        }
        int end = width;
        while (end > 1 && chars[end - 1] == '0') {
            end--;
        }
        return new String(chars, 0, end);
    }

    private static int digit(char c) {
        int digit = DIGITS.indexOf(c);
        if (digit < 0) {
            throw new IllegalArgumentException("Not a rank digit: " + c);
        }
        return digit;
    }
}
