package dev.gantry.common.health;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.kafka.core.KafkaAdmin;

/** Kafka is up when the cluster answers a describe within the timeout; Spring Boot has no indicator of its own. */
public class KafkaHealthIndicator extends AbstractHealthIndicator implements DisposableBean {

    private final KafkaAdmin kafkaAdmin;
    private final Duration timeout;
    private volatile AdminClient client;

    public KafkaHealthIndicator(KafkaAdmin kafkaAdmin, Duration timeout) {
        super("Kafka health check failed");
        this.kafkaAdmin = kafkaAdmin;
        this.timeout = timeout;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        int millis = (int) timeout.toMillis();
        DescribeClusterResult cluster = client().describeCluster(new DescribeClusterOptions().timeoutMs(millis));
        String clusterId = cluster.clusterId().get(millis, TimeUnit.MILLISECONDS);
        int nodes = cluster.nodes().get(millis, TimeUnit.MILLISECONDS).size();
        builder.up().withDetail("clusterId", clusterId).withDetail("nodes", nodes);
    }

    private AdminClient client() {
        AdminClient current = client;
        if (current == null) {
            synchronized (this) {
                if (client == null) {
                    client = AdminClient.create(kafkaAdmin.getConfigurationProperties());
                }
                current = client;
            }
        }
        return current;
    }

    @Override
    public void destroy() {
        AdminClient current = client;
        if (current != null) {
            current.close(Duration.ofSeconds(2));
        }
    }
}
