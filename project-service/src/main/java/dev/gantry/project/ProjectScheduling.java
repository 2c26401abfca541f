package dev.gantry.project;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The retention purge and the metric refresh run on Spring's scheduler. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class ProjectScheduling {
}
