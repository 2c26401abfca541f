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

    /**
     * CPU time in jiffies: {busy, iowait, total} system-wide from /proc/stat, and {own}: this JVM and its descendants
     * (the Kafka child JVM, PostgreSQL and its backends); zeros where /proc is not there.
     */
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
            java.util.Set<Long> pids = new java.util.HashSet<>();
            pids.add(ProcessHandle.current().pid());
            ProcessHandle.current().descendants().forEach(p -> pids.add(p.pid()));
            if (ownMarker != null) { // PostgreSQL daemonizes away from us: found by its data directory
                ProcessHandle.allProcesses()
                        .filter(p -> p.info().commandLine().map(c -> c.contains(ownMarker)).orElse(false))
                        .forEach(p -> {
                            pids.add(p.pid());
                            p.descendants().forEach(d -> pids.add(d.pid()));
                        });
            }
            long own = 0;
            for (long pid : pids) {
                own += processJiffies(pid);
            }
            return new long[] {total - idle - iowait, iowait, total, own};
        } catch (Exception e) {
            return new long[4];
        }
    }

    private static volatile String ownMarker;

    /** Processes whose command line contains this (e.g. the benchmark's work directory) count as the benchmark's. */
    static void countAsOwn(String commandLineMarker) {
        ownMarker = commandLineMarker;
    }

    private static long processJiffies(long pid) {
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // utime stime cutime cstime: fields 14-17 of /proc/pid/stat, 11-14 after the command name
            return Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
        } catch (Exception e) {
            return 0; // exited meanwhile
        }
    }

    /** CPU use between two {@link #cpu()} readings, e.g. "CPU busy 87% (benchmark 80%, other processes 7%), iowait 3%". */
    static String cpuBetween(long[] before, long[] after) {
        long total = after[2] - before[2];
        if (total <= 0) {
            return "CPU n/a";
        }
        long busy = Math.round(100.0 * (after[0] - before[0]) / total);
        long own = Math.min(busy, Math.max(0, Math.round(100.0 * (after[3] - before[3]) / total)));
        return String.format(Locale.ROOT, "CPU busy %d%% (benchmark %d%%, other processes %d%%), iowait %d%%", busy,
                own, busy - own, Math.round(100.0 * (after[1] - before[1]) / total));
    }

    static String ratio(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
