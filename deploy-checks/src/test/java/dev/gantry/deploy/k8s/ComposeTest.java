package dev.gantry.deploy.k8s;

import dev.gantry.deploy.Tool;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docker-compose.yml with the real docker-compose: it accepts deploy/compose/.env.example, and refuses to produce a
 * configuration while any secret is unset, naming it (secrets are {@code ${VAR:?...}} interpolations, never
 * defaults). The variables of .env.example are removed from the environment the command sees, so neither run
 * borrows a value from the machine.
 */
class ComposeTest {

    private static final Path ENV_EXAMPLE = Path.of("deploy/compose/.env.example");
    private static final Pattern SECRET = Pattern.compile("[A-Z0-9_]*(PASSWORD|SECRET|TOKEN)[A-Z0-9_]*");

    @Test
    void theExampleEnvironmentGivesAValidConfiguration() throws IOException {
        Tool.Result result = config(ENV_EXAMPLE.toString());
        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    @Test
    void withoutTheEnvironmentFileComposeRefusesAndNamesAMissingSecret(@TempDir Path dir) throws IOException {
        Path empty = Files.writeString(dir.resolve("empty.env"), "");
        Tool.Result result = config(empty.toString());
        assertThat(result.exitCode()).as(result.output()).isNotZero();
        assertThat(result.output()).containsPattern("set " + SECRET.pattern() + " in \\.env");
    }

    /**
     * Compose stops at the first missing variable, so one run proves the mechanism; that it covers every secret is
     * read from the file: each secret of .env.example is used, and only as {@code ${VAR:?message}}.
     */
    @Test
    void everySecretOfTheExampleIsRequiredWhereverItIsUsed() throws IOException {
        Set<String> secrets = secrets(Files.readAllLines(Tool.root().resolve(ENV_EXAMPLE)));
        assertThat(secrets).as("secret variables in .env.example").isNotEmpty();
        String compose = Files.readString(Tool.root().resolve("docker-compose.yml"));
        SoftAssertions softly = new SoftAssertions();
        for (String secret : secrets) {
            // $$ is compose's escape for a literal $ (a variable of the container's shell), not a use.
            Matcher use = Pattern.compile("(?<!\\$)\\$(\\{" + secret + "[^}]*}|" + secret + "\\b)").matcher(compose);
            int uses = 0;
            while (use.find()) {
                uses++;
                softly.assertThat(use.group()).as("a use of %s in docker-compose.yml", secret)
                        .startsWith("${" + secret + ":?");
            }
            softly.assertThat(uses).as("uses of %s in docker-compose.yml", secret).isPositive();
        }
        softly.assertAll();
    }

    private static Tool.Result config(String envFile) throws IOException {
        Set<String> unset = variables(Files.readAllLines(Tool.root().resolve(ENV_EXAMPLE)));
        return Tool.run(Duration.ofSeconds(60), Map.of(), unset,
                List.of("docker-compose", "-f", "docker-compose.yml", "--env-file", envFile, "config", "-q"));
    }

    private static Set<String> variables(List<String> lines) {
        Set<String> names = new LinkedHashSet<>();
        for (String line : lines) {
            int equals = line.indexOf('=');
            if (!line.startsWith("#") && equals > 0) {
                names.add(line.substring(0, equals).trim());
            }
        }
        return names;
    }

    private static Set<String> secrets(List<String> lines) {
        Set<String> secrets = new LinkedHashSet<>(variables(lines));
        secrets.removeIf(name -> !SECRET.matcher(name).matches());
        return secrets;
    }
}
