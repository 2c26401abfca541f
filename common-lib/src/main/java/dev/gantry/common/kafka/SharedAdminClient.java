package dev.gantry.common.kafka;

import java.time.Duration;

import org.apache.kafka.clients.admin.AdminClient;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * The one Kafka admin connection of a service, opened on first use, for the checks that ask the cluster about
 * itself (readiness, dead-letter sizes). Spring's {@link KafkaAdmin} opens a client per call instead.
 */
public class SharedAdminClient implements DisposableBean {

    private final KafkaAdmin kafkaAdmin;
    private AdminClient client;

    public SharedAdminClient(KafkaAdmin kafkaAdmin) {
        this.kafkaAdmin = kafkaAdmin;
    }

    public synchronized AdminClient get() {
        if (client == null) {
            client = AdminClient.create(kafkaAdmin.getConfigurationProperties());
        }
        return client;
    }

    @Override
    public synchronized void destroy() {
        if (client != null) {
            client.close(Duration.ofSeconds(2));
            client = null;
        }
    }
}
