package dev.gantry.bench;

import java.util.Arrays;
import java.util.Locale;

/** Percentiles, medians and the number formats of the report. */
final class Stats {

    private Stats() {
    }

    /** Nearest-rank percentile of sorted values; -1 when there are none. */
    static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return -1;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
    }

    static double median(double[] values) {
        double[] copy = values.clone();
        Arrays.sort(copy);
        int n = copy.length;
        return n % 2 == 1 ? copy[n / 2] : (copy[n / 2 - 1] + copy[n / 2]) / 2;
    }

    /** Nanoseconds as milliseconds: one decimal below 10 ms, whole above. */
    static String ms(long nanos) {
        if (nanos < 0) {
            return "n/a";
        }
        double ms = nanos / 1e6;
        return ms < 10 ? String.format(Locale.ROOT, "%.1f ms", ms) : String.format(Locale.ROOT, "%,d ms",
                Math.round(ms));
    }

    static String whole(double value) {
        return String.format(Locale.ROOT, "%,d", Math.round(value));
    }

    /** System-wide CPU time from /proc/stat: {busy, iowait, total} jiffies; zeros where there is none. */
    static long[] cpu() {
        try {
            String[] f = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/stat")).get(0).trim()
                    .split("\\s+");
            long total = 0;
            for (int i = 1; i < Math.min(f.length, 9); i++) { // user nice system idle iowait irq softirq steal
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]);
            long iowait = Long.parseLong(f[5]);
            return new long[] {total - idle - iowait, iowait, total};
        } catch (Exception e) {
            return new long[3];
        }
    }

    /** CPU use between two {@link #cpu()} readings, e.g. "busy 87%, iowait 3%". */
    static String cpuBetween(long[] before, long[] after) {
        long total = after[2] - before[2];
        if (total <= 0) {
            return "CPU n/a";
        }
        return String.format(Locale.ROOT, "CPU busy %d%%, iowait %d%%", Math.round(100.0 * (after[0] - before[0]) / total),
                Math.round(100.0 * (after[1] - before[1]) / total));
    }

    static String ratio(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
