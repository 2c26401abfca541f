package dev.gantry.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Progress lines a person watches while the platform starts and stops. */
final class Console {

    private static final int NAME_WIDTH = 22;

    private Console() {
    }

    static synchronized void line(String text) {
        System.out.println(text);
        System.out.flush();
    }

    static void step(String component, String text) {
        line("  " + pad(component) + text);
    }

    static void failed(String component, String reason, Path log) {
        step(component, "FAILED: " + reason);
        if (log != null) {
            line("  " + pad("") + "log: " + log);
            for (String tail : tail(log, 15)) {
                line("  " + pad("") + "| " + tail);
            }
        }
    }

    static String seconds(long startNanos) {
        return String.format("%.1f s", (System.nanoTime() - startNanos) / 1e9);
    }

    static List<String> tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return all.subList(Math.max(0, all.size() - lines), all.size());
        } catch (IOException e) {
            return List.of();
        }
    }

    private static String pad(String name) {
        return name.length() >= NAME_WIDTH ? name + " " : name + " ".repeat(NAME_WIDTH - name.length());
    }
}
