package dev.gantry.common.web;

import java.util.function.Supplier;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.DispatcherServlet;
import tools.jackson.databind.json.JsonMapper;

/** Request correlation, body limits and problem+json errors for servlet services. */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(DispatcherServlet.class)
@EnableConfigurationProperties(GantryWebProperties.class)
public class GantryWebAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ProblemResponses problemResponses(JsonMapper jsonMapper) {
        return new ProblemResponses(jsonMapper);
    }

    @Bean
    @ConditionalOnMissingBean
    ProblemDetailsHandler problemDetailsHandler() {
        return new ProblemDetailsHandler();
    }

    /** With Micrometer Tracing present: the request's trace id is its span's. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.micrometer.tracing.Tracer")
    static class TracedCorrelation {

        @Bean
        FilterRegistrationBean<RequestCorrelationFilter> requestCorrelationFilter(ObjectProvider<Tracer> tracer) {
            Supplier<String> currentTraceId = () -> {
                Tracer current = tracer.getIfAvailable();
                Span span = current == null ? null : current.currentSpan();
                return span == null ? null : span.context().traceId();
            };
            return correlation(new RequestCorrelationFilter(currentTraceId));
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingClass("io.micrometer.tracing.Tracer")
    static class UntracedCorrelation {

        @Bean
        FilterRegistrationBean<RequestCorrelationFilter> requestCorrelationFilter() {
            return correlation(new RequestCorrelationFilter());
        }
    }

    private static FilterRegistrationBean<RequestCorrelationFilter> correlation(RequestCorrelationFilter filter) {
        var registration = new FilterRegistrationBean<>(filter);
        // after Spring's observation filter (HIGHEST_PRECEDENCE + 1), which opens the request's span
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
        return registration;
    }

    @Bean
    FilterRegistrationBean<RequestBodyLimitFilter> requestBodyLimitFilter(GantryWebProperties properties,
            ProblemResponses problems) {
        var filter = new RequestBodyLimitFilter(properties.maxRequestBody().toBytes(), problems);
        var registration = new FilterRegistrationBean<>(filter);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 3);
        return registration;
    }
}
