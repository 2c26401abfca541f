package dev.gantry.notification;

import java.time.Clock;
import java.util.Base64;

import javax.sql.DataSource;

import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import net.javacrumbs.shedlock.spring.annotation.EnableSchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;

import dev.gantry.notification.bot.BotProperties;
import dev.gantry.notification.delivery.DeliveryProperties;
import dev.gantry.notification.delivery.NotificationMailProperties;
import dev.gantry.notification.integration.SecretBox;
import dev.gantry.notification.integration.WebhookUrlGuard;
import dev.gantry.notification.notice.MessageTemplates;
import dev.gantry.notification.reminder.ReminderProperties;

/** The service's own beans: clock, templates, secret encryption, SSRF guard, and the scheduler with its lock. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableSchedulerLock(defaultLockAtMostFor = "PT10M")
@EnableConfigurationProperties({DeliveryProperties.class, NotificationMailProperties.class, ReminderProperties.class,
        BotProperties.class})
class NotificationConfiguration {

    private static final Logger log = LoggerFactory.getLogger(NotificationConfiguration.class);

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    MessageTemplates messageTemplates(@Value("${gantry.notifications.web-base-url:http://localhost:8080}") String web) {
        return new MessageTemplates(web);
    }

    /**
     * The key that encrypts integration URLs and secrets: {@code gantry.notifications.secret-key} (base64 of 32
     * random bytes, from the environment or a secret store, never the repository). Without one, a development
     * instance makes a random key at startup and says so: integrations saved with it cannot be read after a restart.
     */
    @Bean
    SecretBox secretBox(@Value("${gantry.notifications.secret-key:}") String key) {
        if (key.isBlank()) {
            log.warn("gantry.notifications.secret-key is not set: using a random key for this run only; integration "
                    + "secrets saved now cannot be read after a restart. Set GANTRY_NOTIFICATIONS_SECRET_KEY "
                    + "(openssl rand -base64 32) anywhere but a throw-away development instance.");
            return new SecretBox(SecretBox.randomKey());
        }
        return new SecretBox(Base64.getDecoder().decode(key.strip()));
    }

    @Bean
    WebhookUrlGuard webhookUrlGuard(
            @Value("${gantry.notifications.allow-private-addresses:false}") boolean allowPrivate) {
        if (allowPrivate) {
            log.warn("gantry.notifications.allow-private-addresses=true: webhooks may call private and loopback "
                    + "addresses. For local development and tests only.");
        }
        return new WebhookUrlGuard(allowPrivate);
    }

    /** ShedLock over the service's own database: a scheduled job runs on one instance at a time. */
    @Bean
    LockProvider lockProvider(DataSource dataSource) {
        return new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder()
                .withJdbcTemplate(new JdbcTemplate(dataSource))
                .withTableName("shedlock")
                .usingDbTime()
                .build());
    }
}
