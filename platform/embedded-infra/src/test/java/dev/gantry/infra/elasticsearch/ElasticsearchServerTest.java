package dev.gantry.infra.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.gantry.infra.RepoLayout;

class ElasticsearchServerTest {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final String INDEX = "gantry-es-server-test";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void chinesePhraseSearchWorksAndDataSurvivesRestart() throws Exception {
        Path nodeHome = RepoLayout.locate().elasticsearchNodeHome();
        int port = freePort();
        Path dataDir = tmp.resolve("es");
        Path logFile = tmp.resolve("es.log");

        long pid;
        long t0 = System.nanoTime();
        try (ElasticsearchServer es = ElasticsearchServer.start(nodeHome, dataDir, port, logFile, START_TIMEOUT)) {
            report("start", t0, es);
            pid = es.pid();
            assertThat(es.url()).isEqualTo("http://127.0.0.1:" + port);
            assertThat(es.httpPort()).isEqualTo(port);
            assertThat(es.isRunning()).isTrue();

            HttpResponse<String> root = send(es, "GET", "/", null);
            assertThat(root.statusCode()).isEqualTo(200);
            assertThat(root.body()).contains("\"cluster_name\":\"gantry-local\"").contains("\"number\":\"9.2.2\"")
                    .contains("You Know, for Search");
            assertThat(send(es, "HEAD", "/", null).statusCode()).isEqualTo(200);

            assertOk(send(es, "PUT", "/" + INDEX, """
                    {"settings": {"number_of_shards": 1, "number_of_replicas": 0},
                     "mappings": {"properties": {"title": {"type": "text", "fields": {"raw": {"type": "keyword"}}}}}}
                    """));
            assertOk(send(es, "PUT", "/" + INDEX + "/_doc/zh", "{\"title\": \"上线审批流程\"}"));
            assertOk(send(es, "PUT", "/" + INDEX + "/_doc/en", "{\"title\": \"Go-live approval process\"}"));
            assertOk(send(es, "POST", "/" + INDEX + "/_refresh", null));

            HttpResponse<String> hits = send(es, "POST", "/" + INDEX + "/_search", """
                    {"query": {"match_phrase": {"title": "上线审批"}}}
                    """);
            assertOk(hits);
            assertThat(hits.body()).contains("\"total\":{\"value\":1,").contains("\"_id\":\"zh\"").doesNotContain("\"_id\":\"en\"");

            HttpResponse<String> exact = send(es, "POST", "/" + INDEX + "/_search", """
                    {"query": {"term": {"title.raw": "上线审批流程"}}}
                    """);
            assertThat(exact.body()).contains("\"total\":{\"value\":1,").contains("\"_id\":\"zh\"");

            printRss(es);
            long stop0 = System.nanoTime();
            es.stop();
            System.out.printf("Elasticsearch stop: %d ms%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stop0));
            assertThat(es.isRunning()).isFalse();
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        }

        t0 = System.nanoTime();
        try (ElasticsearchServer es = ElasticsearchServer.start(nodeHome, dataDir, port, logFile, START_TIMEOUT)) {
            report("restart", t0, es);
            assertThat(es.pid()).isNotEqualTo(pid);
            HttpResponse<String> count = send(es, "GET", "/" + INDEX + "/_count", null);
            assertOk(count);
            assertThat(count.body()).contains("\"count\":2");
        }

        String log = Files.readString(logFile, StandardCharsets.UTF_8);
        assertThat(log).contains("ElasticsearchServer starting").contains("] closed");
        assertThat(log).doesNotContain("libzstd");
    }

    @Test
    void missingNodeHomeFailsWithBuildHint() {
        assertThatThrownBy(() -> ElasticsearchServer.start(tmp.resolve("nowhere"), tmp.resolve("data"), freePort(),
                tmp.resolve("es.log"), Duration.ofSeconds(5)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("run ./mvnw -pl platform/elasticsearch-node package");
    }

    private HttpResponse<String> send(ElasticsearchServer es, String method, String path, String json)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(es.url() + path)).timeout(Duration.ofSeconds(30));
        if (json != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static void assertOk(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.request().method() + " " + response.uri() + ": " + response.body())
                .isBetween(200, 201);
    }

    private static void report(String what, long t0, ElasticsearchServer es) {
        System.out.printf("Elasticsearch %s: %d ms (pid %d, %s)%n", what,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), es.pid(), es.url());
    }

    private static void printRss(ElasticsearchServer es) {
        try {
            String status = Files.readString(Path.of("/proc/" + es.pid() + "/status"));
            status.lines().filter(l -> l.startsWith("VmRSS")).forEach(l -> System.out.println("Elasticsearch " + l));
        } catch (IOException e) {
            // not Linux: nothing to report
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            return socket.getLocalPort();
        }
    }
}
