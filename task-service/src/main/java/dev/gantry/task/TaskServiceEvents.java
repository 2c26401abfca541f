package dev.gantry.task;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.gantry.common.events.EventSubscriptions;
import dev.gantry.common.membership.ProjectMembership;

/** Everything task-service reacts to, in one place. */
@Configuration(proxyBeanMethods = false)
class TaskServiceEvents {

    @Bean
    EventSubscriptions eventSubscriptions(ProjectMembership membership) {
        return EventSubscriptions.builder()
                .include(membership.subscriptions())
                .build();
    }
}
