package dev.gantry.user.web;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.gantry.common.web.ProblemResponses;

@Configuration(proxyBeanMethods = false)
class WebConfiguration {

    /** After Spring Security (order -100), so only authenticated calls get this far; before idempotency (order 0). */
    @Bean
    FilterRegistrationBean<SecretResponses> secretResponses(ProblemResponses problems) {
        FilterRegistrationBean<SecretResponses> registration = new FilterRegistrationBean<>(
                new SecretResponses(problems));
        registration.setOrder(-50);
        return registration;
    }
}
