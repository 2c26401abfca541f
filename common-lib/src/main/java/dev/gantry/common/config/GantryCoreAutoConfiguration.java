package dev.gantry.common.config;

import java.time.Clock;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** Beans every service's domain code may ask for. */
@AutoConfiguration
public class GantryCoreAutoConfiguration {

    /** The time source of domain code; tests replace it to control time. */
    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }
}
