package dev.gantry.common.health;

import java.time.Duration;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaAdmin;

import dev.gantry.common.kafka.GantryKafkaAutoConfiguration;
import dev.gantry.common.kafka.SharedAdminClient;

/** Health indicators Spring Boot lacks, so that readiness reflects every dependency a service needs. */
@AutoConfiguration(after = GantryKafkaAutoConfiguration.class)
@ConditionalOnClass({HealthIndicator.class, KafkaAdmin.class})
public class GantryHealthAutoConfiguration {

    @Bean
    @ConditionalOnBean(SharedAdminClient.class)
    @ConditionalOnMissingBean(name = "kafkaHealthIndicator")
    KafkaHealthIndicator kafkaHealthIndicator(SharedAdminClient admin,
            @Value("${gantry.health.kafka.timeout:3s}") Duration timeout) {
        return new KafkaHealthIndicator(admin, timeout);
    }
}
