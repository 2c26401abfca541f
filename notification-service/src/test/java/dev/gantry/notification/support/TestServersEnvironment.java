package dev.gantry.notification.support;

import java.util.HashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Points notification-service at the test JVM's SMTP server, token endpoint and stand-ins of task- and
 * project-service, for every test context alike (so all integration tests share one Spring context), and sets what
 * tests need: private addresses allowed (receivers are on 127.0.0.1), quick retries, no scheduled reminder runs
 * (tests run the jobs as of an instant of their choosing).
 */
public class TestServersEnvironment implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        TestServers servers = TestServers.get();
        Map<String, Object> properties = new HashMap<>();
        properties.put("spring.mail.host", "127.0.0.1");
        properties.put("spring.mail.port", servers.smtpPort());
        properties.put("gantry.notifications.allow-private-addresses", "true");
        properties.put("gantry.notifications.secret-key", TestServers.SECRET_KEY);
        properties.put("gantry.notifications.delivery.initial-backoff", "100ms");
        properties.put("gantry.notifications.delivery.max-backoff", "400ms");
        properties.put("gantry.notifications.delivery.max-attempts", "3");
        properties.put("gantry.notifications.delivery.poll-interval", "200ms");
        properties.put("gantry.notifications.reminders.cron", "-");
        properties.put("gantry.notifications.reminders.zone", "UTC");
        properties.put("gantry.notifications.bots.token-uri", servers.url("/oauth2/token"));
        properties.put("gantry.notifications.bots.client-id", TestServers.CLIENT_ID);
        properties.put("gantry.notifications.bots.client-secret", TestServers.CLIENT_SECRET);
        properties.put("gantry.notifications.bots.task-service-url", servers.url("/task-service"));
        properties.put("gantry.notifications.bots.project-service-url", servers.url("/project-service"));
        environment.getPropertySources().addFirst(new MapPropertySource("notificationTestServers", properties));
    }
}
