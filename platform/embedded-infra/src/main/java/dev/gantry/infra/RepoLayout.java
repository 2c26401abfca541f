package dev.gantry.infra;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the built pieces of the repository are: found from GANTRY_REPO_ROOT, or by walking up from here. */
public final class RepoLayout {

    private final Path root;

    private RepoLayout(Path root) {
        this.root = root;
    }

    public static RepoLayout locate() {
        String configured = System.getenv("GANTRY_REPO_ROOT");
        if (configured != null && !configured.isBlank() && isRoot(Path.of(configured))) {
            return new RepoLayout(Path.of(configured).toAbsolutePath().normalize());
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (isRoot(dir)) {
                return new RepoLayout(dir);
            }
        }
        throw new IllegalStateException("Cannot find the Gantry repository (set GANTRY_REPO_ROOT): looked for "
                + "platform/kafka-node above " + Path.of("").toAbsolutePath());
    }

    private static boolean isRoot(Path dir) {
        return Files.isDirectory(dir.resolve("platform/kafka-node")) && Files.isRegularFile(dir.resolve("pom.xml"));
    }

    public Path root() {
        return root;
    }

    public Path kafkaNodeHome() {
        return root.resolve("platform/kafka-node/target/node");
    }

    public Path elasticsearchNodeHome() {
        return root.resolve("platform/elasticsearch-node/target/node");
    }

    public Path serviceJar(String service) {
        return root.resolve(service).resolve("target").resolve(service + ".jar");
    }
}
