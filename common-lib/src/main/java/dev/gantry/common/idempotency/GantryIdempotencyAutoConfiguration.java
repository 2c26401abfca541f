package dev.gantry.common.idempotency;

import java.time.Clock;
import java.time.Duration;

import javax.sql.DataSource;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.gantry.common.tenant.GantryTenantAutoConfiguration;
import dev.gantry.common.web.GantryWebAutoConfiguration;
import dev.gantry.common.web.ProblemResponses;

/**
 * {@code Idempotency-Key} support on every POST of a servlet service with a database (see {@link IdempotencyFilter});
 * its table comes with the shared migrations ({@code db/common}).
 */
@AutoConfiguration(after = {DataSourceAutoConfiguration.class, JdbcClientAutoConfiguration.class,
        GantryTenantAutoConfiguration.class, GantryWebAutoConfiguration.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({JdbcClient.class, DataSource.class})
@ConditionalOnBean({JdbcClient.class, PlatformTransactionManager.class, ProblemResponses.class})
@ConditionalOnProperty(prefix = "gantry.idempotency", name = "enabled", havingValue = "true", matchIfMissing = true)
public class GantryIdempotencyAutoConfiguration {

    /** How long a response is kept for retries. */
    static final Duration RETENTION = Duration.ofHours(24);
    /** After this long, a claim whose request never finished is taken to be abandoned (its process died). */
    static final Duration ABANDON_AFTER = Duration.ofMinutes(2);

    @Bean
    FilterRegistrationBean<IdempotencyFilter> idempotencyFilter(JdbcClient jdbc,
            PlatformTransactionManager transactionManager, ProblemResponses problems, Clock clock) {
        IdempotentRequests requests = new IdempotentRequests(jdbc, new TransactionTemplate(transactionManager),
                RETENTION);
        var registration = new FilterRegistrationBean<>(new IdempotencyFilter(requests, problems, clock,
                ABANDON_AFTER));
        // after Spring Security's filter chain (order -100): the caller's tenant and subject scope the keys
        registration.setOrder(0);
        return registration;
    }
}
